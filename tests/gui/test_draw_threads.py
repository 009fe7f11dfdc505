"""The Draw tab's background work: drawings read in a thread, and no thread left behind."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication

from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.run.checkpoint import Checkpoint, save_checkpoint
from lstm_gui.core.run.model import SequenceClassifier
from lstm_gui.gui.draw import rows_needed_curve
from lstm_gui.gui.draw.draw_tab import DrawTab
from lstm_gui.gui.widgets.threads import describe_threads, running_qthreads
from lstm_gui.resources import bundled_model_path


@pytest.fixture
def tab(draw_tab: DrawTab) -> DrawTab:
    """The shown Draw tab of tests/gui/conftest.py."""
    return draw_tab


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
    # The stopped run's last items, queued before it stopped (its thread has ended), arrive
    # now and change nothing.
    QCoreApplication.processEvents()
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


def test_a_drawing_read_in_a_thread_the_latest_one_wins(tab: DrawTab, qtbot: Any) -> None:
    tab.reader.in_background = True
    shown: list[Any] = []
    tab.prediction_updated.connect(shown.append)
    tab.draw_example(3)  # read in a thread; the two next wait, and only the last is read
    assert tab.reader.is_reading() and shown == []
    tab.draw_example(7)
    tab.draw_example(1)
    qtbot.waitUntil(lambda: not tab.reader.is_reading() and bool(shown), timeout=20_000)
    QCoreApplication.processEvents()  # anything still queued by the ended threads arrives
    image = tab.pad.drawing().model_image()
    assert image is not None
    scan = shown[0]
    assert len(shown) == 1 and np.array_equal(scan.image, image)
    assert tab.prediction.digit_text() == str(scan.final)
    assert tab.row_scan.scan() is scan
    assert tab.row_scan.influence_values() is not None


def test_shutdown_mid_reading_waits_and_drops_the_result(tab: DrawTab, qtbot: Any) -> None:
    tab.reader.in_background = True
    tab.draw_example(2)
    assert tab.reader.is_reading()
    tab.shutdown()
    running = running_qthreads()
    assert running == [], describe_threads(running)
    qtbot.waitUntil(lambda: not tab.reader.is_reading(), timeout=5_000)


def test_a_long_model_is_read_in_a_thread_after_its_first_drawing(
    tab: DrawTab, qtbot: Any, tmp_path: Path
) -> None:
    config = ModelConfig(input_size=1, hidden_size=128)
    checkpoint = Checkpoint(config, TrainConfig(steps=784), SequenceClassifier(config).state_dict())
    path = save_checkpoint(tmp_path / "pixels.safetensors", checkpoint)
    tab.draw_example(6)
    assert tab.set_model(path, "pixels")  # its first reading, on the GUI thread, sizes it
    first = tab.row_scan.scan()
    assert first is not None and first.steps == 784
    tab.draw_example(8)
    assert tab.reader.is_reading() and tab.row_scan.scan() is first
    with qtbot.waitSignal(tab.prediction_updated, timeout=20_000) as updated:
        pass
    assert updated.args[0].steps == 784 and tab.row_scan.scan() is updated.args[0]
