"""Every keyboard shortcut of the menus, pressed on the shown window, does what its menu says."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from lstm_gui.resources import bundled_model_path

RUN_TIMEOUT_MS = 90_000
KEYS = QKeySequence.StandardKey

# Every shortcut this file presses; a menu shortcut missing here fails the first test.
TESTED = [
    KEYS.Open,
    KEYS.Save,
    KEYS.Quit,
    "Ctrl+E",
    "Ctrl+Shift+E",
    "Ctrl+Return",
    "Ctrl+P",
    "Ctrl+.",
    "Ctrl+Shift+Return",
    "Ctrl+Shift+R",
    "Ctrl+1",
    "Ctrl+2",
    "Ctrl+L",
    # Open and save a lesson (pressed in test_lessons_gui.py).
    "Ctrl+Shift+O",
    "Ctrl+Shift+S",
    # Presentation mode (pressed in test_presentation.py).
    "Ctrl++",
    "Ctrl+=",
    "Ctrl+-",
    "Ctrl+0",
    "F11",
]


def portable(shortcut: QKeySequence | QKeySequence.StandardKey | str) -> str:
    """The shortcut as text, standard keys mapped to this platform's keys ("Ctrl+O")."""
    sequence = QKeySequence(shortcut)
    return sequence.toString(QKeySequence.SequenceFormat.PortableText)


def menu_shortcuts(window: Any) -> dict[str, str]:
    """Every shortcut of the menu bar's actions, to the action's text."""
    found = {}
    for title in window.menuBar().actions():
        menu = title.menu()
        assert isinstance(menu, QMenu), title.text()
        for action in menu.actions():
            for sequence in action.shortcuts():
                found[sequence.toString(QKeySequence.SequenceFormat.PortableText)] = action.text()
    return found


def press(qtbot: Any, window: Any, shortcut: QKeySequence | QKeySequence.StandardKey | str) -> None:
    """Press a shortcut (its platform keys) on the active window, as a person would."""
    sequence = QKeySequence(shortcut)
    assert sequence.count() == 1, portable(shortcut)
    combination = sequence[0]
    qtbot.keyClick(window, combination.key(), combination.keyboardModifiers())


@pytest.fixture
def shown(window: Any, qtbot: Any) -> Any:
    """The main window shown and active: QAction shortcuts only fire in the active window."""
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    return window


def quick_settings(window: Any, *, epochs: int) -> None:
    panel = window.train_tab.training_panel
    panel.epochs.setValue(epochs)
    panel.train_limit.setValue(560)
    panel.test_limit.setValue(200)


def test_every_menu_shortcut_is_pressed_here(shown: Any) -> None:
    found = menu_shortcuts(shown)
    # A standard key the platform does not bind (Quit, offscreen) gives the action no shortcut.
    expected = {portable(shortcut) for shortcut in TESTED} - {""}
    assert sorted(found) == sorted(expected), found
    assert found[portable(KEYS.Open)] == "&Open model…"


def test_ctrl_1_and_ctrl_2_switch_tabs(shown: Any, qtbot: Any) -> None:
    press(qtbot, shown, "Ctrl+2")
    assert shown.tabs.currentWidget() is shown.draw_tab
    press(qtbot, shown, "Ctrl+1")
    assert shown.tabs.currentIndex() == 0
    assert shown.tabs.tabText(shown.tabs.currentIndex()) == "Train"


def test_ctrl_l_toggles_the_log_scale_of_the_loss(shown: Any, qtbot: Any) -> None:
    assert not shown.train_tab.metrics.log_loss.isChecked()
    press(qtbot, shown, "Ctrl+L")
    assert shown.train_tab.metrics.log_loss.isChecked()
    assert shown.menus.log_loss_action.isChecked()  # the menu's tick follows
    press(qtbot, shown, "Ctrl+L")
    assert not shown.train_tab.metrics.log_loss.isChecked()


def test_ctrl_shift_r_resets_the_tutorial_settings(shown: Any, qtbot: Any) -> None:
    panel = shown.train_tab.training_panel
    panel.hidden.setValue(32)
    panel.batch_size.setValue(64)
    press(qtbot, shown, "Ctrl+Shift+R")
    assert (panel.hidden.value(), panel.batch_size.value()) == (128, 28)


def test_ctrl_o_opens_a_model(shown: Any, qtbot: Any, tmp_path: Path, dialog_log: Any) -> None:
    model = Path(shutil.copy(bundled_model_path(), tmp_path / "bundled.safetensors"))
    dialog_log.open_file = model
    press(qtbot, shown, KEYS.Open)
    assert shown.model_path == model
    assert "validation accuracy" in shown.statusBar().currentMessage()
    assert dialog_log.errors == []


def test_start_pause_resume_and_stop_from_the_keyboard(shown: Any, qtbot: Any) -> None:
    quick_settings(shown, epochs=20)
    panel = shown.train_tab.training_panel
    with qtbot.waitSignal(shown.run_started, timeout=5000):
        press(qtbot, shown, "Ctrl+Return")
    assert shown.is_training
    qtbot.waitUntil(panel.pause_button.isEnabled, timeout=30_000)
    press(qtbot, shown, "Ctrl+P")
    assert panel.pause_button.text() == "Resume"
    assert shown.statusBar().currentMessage().startswith("Paused")
    press(qtbot, shown, "Ctrl+P")
    assert panel.pause_button.text() == "Pause"
    with qtbot.waitSignal(shown.run_ended, timeout=RUN_TIMEOUT_MS) as ended:
        press(qtbot, shown, "Ctrl+.")
    assert ended.args == ["stopped"]
    assert not shown.is_training


def test_one_more_epoch_save_and_exports_from_the_keyboard(
    shown: Any, qtbot: Any, tmp_path: Path, dialog_log: Any
) -> None:
    quick_settings(shown, epochs=1)
    with qtbot.waitSignal(shown.run_ended, timeout=RUN_TIMEOUT_MS) as first:
        press(qtbot, shown, "Ctrl+Return")
    assert first.args == ["completed"]
    with qtbot.waitSignal(shown.run_ended, timeout=RUN_TIMEOUT_MS) as second:
        press(qtbot, shown, "Ctrl+Shift+Return")
    assert second.args == ["completed"]
    assert [entry["epoch"] for entry in shown.train_tab.metrics.history] == [1, 2]

    dialog_log.save_file = tmp_path / "mine.safetensors"
    press(qtbot, shown, KEYS.Save)
    assert dialog_log.save_file.stat().st_size > 100_000  # weights of 82,186 parameters

    dialog_log.save_file = tmp_path / "curves.csv"
    press(qtbot, shown, "Ctrl+E")
    with dialog_log.save_file.open(newline="", encoding="utf-8") as stream:
        kinds = [row["kind"] for row in csv.DictReader(stream)]
    assert kinds.count("epoch") == 2

    dialog_log.save_file = tmp_path / "plots.png"
    press(qtbot, shown, "Ctrl+Shift+E")
    assert dialog_log.save_file.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert dialog_log.errors == []


def test_quit_closes_the_window(shown: Any, qtbot: Any, dialog_log: Any) -> None:
    if not portable(KEYS.Quit):
        pytest.skip("this Qt platform binds no keys to the standard Quit shortcut")
    press(qtbot, shown, KEYS.Quit)
    qtbot.waitUntil(lambda: not shown.isVisible(), timeout=5000)
    assert dialog_log.questions == []  # nothing was training: no question asked


def test_shortcuts_do_nothing_while_another_window_is_active(shown: Any, qtbot: Any) -> None:
    """The control for the tests above: a key press reaches the menus only through the window."""
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    qtbot.waitExposed(other)
    other.activateWindow()
    qtbot.waitUntil(other.isActiveWindow, timeout=5000)
    press(qtbot, other, "Ctrl+2")
    assert shown.tabs.currentIndex() == 0
