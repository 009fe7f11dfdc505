"""The Draw tab's background work stops with a new model and leaves no thread when shut down."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from lstm_gui.gui.draw import rows_needed_curve
from lstm_gui.gui.draw.draw_tab import DrawTab
from lstm_gui.gui.widgets.threads import describe_threads, running_qthreads
from lstm_gui.resources import bundled_model_path


@pytest.fixture
def tab(qtbot: Any) -> Iterator[DrawTab]:
    widget = DrawTab()
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    qtbot.waitExposed(widget)
    assert widget.predictor() is not None
    yield widget
    widget.shutdown()


def slow_curve(predictor: Any, data_dir: Path | None) -> Iterator[Any]:
    """A curve that takes five seconds, a batch every 10 ms, instead of reading MNIST."""
    for done in range(1, 501):
        time.sleep(0.01)
        yield SimpleNamespace(accuracy=np.full(28, 0.5), done=done, total=500, finished=False)


def test_a_model_change_mid_curve_stops_it_and_no_thread_is_left(
    tab: DrawTab, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rows_needed_curve, "read_curve", slow_curve)
    tab.views.setCurrentWidget(tab.curve)
    qtbot.waitUntil(lambda: "Read " in tab.curve.status_text(), timeout=10_000)
    assert tab.curve.is_running()

    copy = shutil.copy(bundled_model_path(), tmp_path / "copy.safetensors")
    tab.views.setCurrentIndex(0)  # the curve is hidden: the new model's waits to be shown
    assert tab.set_model(Path(copy), "copy")
    assert not tab.curve.is_running()
    running = running_qthreads()
    assert running == [], describe_threads(running)
    # The stopped run's last items, queued before it stopped, change nothing.
    qtbot.wait(100)
    assert "will be computed" in tab.curve.status_text()

    tab.views.setCurrentWidget(tab.curve)  # the new model's curve starts; shutdown waits for it
    assert tab.curve.is_running()
    tab.shutdown()
    running = running_qthreads()
    assert running == [], describe_threads(running)
    qtbot.waitUntil(lambda: not tab.curve.is_running(), timeout=5_000)


def test_a_model_change_mid_curve_restarts_it_and_shutdown_leaves_no_thread(
    tab: DrawTab, qtbot: Any, tmp_path: Path, mnist_available: Path
) -> None:
    tab.set_data_dir(mnist_available)
    tab.views.setCurrentWidget(tab.curve)
    qtbot.waitUntil(lambda: "Read " in tab.curve.status_text(), timeout=60_000)
    assert tab.curve.is_running()

    copy = shutil.copy(bundled_model_path(), tmp_path / "copy.safetensors")
    assert tab.set_model(Path(copy), "copy")
    # The first model's run was stopped and waited for; the new model's curve is under way.
    assert [thread.objectName() for thread in running_qthreads()] in ([], ["RowsNeededThread"])
    assert tab.curve.result() is None

    tab.shutdown()
    running = running_qthreads()
    assert running == [], describe_threads(running)
    qtbot.waitUntil(lambda: not tab.curve.is_running(), timeout=5_000)


def test_shutdown_while_an_animation_is_written_waits_for_it(
    tab: DrawTab, qtbot: Any, tmp_path: Path
) -> None:
    tab.draw_example(4)
    tab.animation_saver.save(tmp_path / "four.gif")
    assert tab.animation_saver.is_saving()
    tab.shutdown()
    running = running_qthreads()
    assert running == [], describe_threads(running)
    qtbot.waitUntil(lambda: not tab.animation_saver.is_saving(), timeout=5_000)
    assert (tmp_path / "four.gif").stat().st_size > 0
