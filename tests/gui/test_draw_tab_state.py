"""The Draw tab reads the data folder and tells the model in use through the shared AppState."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from lstm_gui.gui.draw.draw_tab import DrawTab
from lstm_gui.resources import bundled_model_path


@pytest.fixture
def tab(draw_tab: DrawTab) -> DrawTab:
    """The shown Draw tab of tests/gui/conftest.py, with a state of its own."""
    return draw_tab


def test_test_digits_come_from_the_data_folder_in_use(
    tab: DrawTab, qtbot: Any, tmp_path: Path, digits_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LSTM_GUI_DATA", raising=False)
    tab.state.set_data_dir(digits_dir)
    with qtbot.waitSignal(tab.test_digits.ready, timeout=30_000) as read:
        tab.test_digits.request("mnist")
    assert len(read.args[0]) == 200  # the drawn test digits of digits_dir
    qtbot.waitUntil(lambda: not tab.test_digits.is_loading(), timeout=10_000)
    tab.state.set_data_dir(tmp_path / "nowhere")  # not the set read from the old folder
    with qtbot.waitSignal(tab.test_digits.missing, timeout=30_000):
        tab.test_digits.request("mnist")


def test_a_folder_chosen_elsewhere_after_a_miss_draws_the_curve(
    tab: DrawTab, qtbot: Any, tmp_path: Path, digits_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LSTM_GUI_DATA", raising=False)
    tab.state.set_data_dir(tmp_path / "nowhere")
    tab.views.setCurrentWidget(tab.curve)
    qtbot.waitUntil(
        lambda: "not found" in tab.curve.status_text() and not tab.curve.is_running(),
        timeout=30_000,
    )
    with qtbot.waitSignal(tab.curve.curve_finished, timeout=30_000) as finished:
        tab.state.set_data_dir(digits_dir)  # chosen in the Train tab or the File menu
    assert finished.args[0].total == 200  # the drawn test digits of digits_dir
    assert "On 200 test digits" in tab.curve.status_text()


def test_the_model_in_use_is_the_states_none_for_the_bundled_one_by_default(
    tab: DrawTab, tmp_path: Path
) -> None:
    assert tab.predictor() is not None  # the bundled model, loaded
    assert (tab.state.model_path, tab.state.model_name) == (None, "")
    assert tab.model_path() == bundled_model_path()
    copy = Path(shutil.copy(bundled_model_path(), tmp_path / "copy.safetensors"))
    changed: list[tuple[Path | None, str]] = []
    tab.state.model_changed.connect(lambda path, name: changed.append((path, name)))
    tab.picker.model_chosen.emit(copy)  # a run picked in the Draw tab's own list
    picked = tab.predictor()
    assert picked is not None
    assert (tab.state.model_path, tab.state.model_name) == (copy, picked.name)
    tab.set_model(bundled_model_path(), "bundled")  # chosen: a lesson would include it
    assert changed == [(copy, picked.name), (bundled_model_path(), "bundled")]
    assert tab.model_path() == bundled_model_path()
