"""run_app and the application set-up: names, desktop id, error hook, settings kept."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from lstm_gui.gui import app as app_module
from lstm_gui.resources import APP_ID


def test_run_app_shows_the_window_and_installs_the_error_hook(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[Any] = []

    def fake_exec() -> int:
        windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        shown.extend(w for w in windows if type(w).__name__ == "MainWindow")
        for window in shown:
            window.close()
        return 0

    monkeypatch.setattr(qapp, "exec", fake_exec)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    assert app_module.run_app([]) == 0
    assert len(shown) == 1
    assert QGuiApplication.desktopFileName() == APP_ID
    assert qapp.applicationName() == "lstm-gui"
    assert sys.excepthook is app_module._report_unexpected_error


def test_unexpected_errors_become_a_dialog_and_a_log(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    try:
        raise ValueError("a bug")
    except ValueError as error:
        app_module._report_unexpected_error(ValueError, error, error.__traceback__)
    assert len(shown) == 1 and "a bug" in shown[0] and "keeps running" in shown[0]
    log = tmp_path / "data-home" / "lstm-gui" / "errors.log"
    assert "Traceback" in log.read_text(encoding="utf-8")


def test_settings_survive_a_restart(qtbot: Any, settings: QSettings, tmp_path: Path) -> None:
    from lstm_gui.gui.app import create_main_window

    first = create_main_window(settings, runs_root=tmp_path / "runs")
    qtbot.addWidget(first)
    first.show()
    panel = first.train_tab.training_panel
    panel.cell.setCurrentIndex(panel.cell.findData("gru"))
    panel.hidden.setValue(64)
    panel.learning_rate.setValue(0.002)
    first.train_tab.metrics.log_loss.setChecked(True)
    first.resize(1000, 700)
    first.close()
    second = create_main_window(settings, runs_root=tmp_path / "runs")
    qtbot.addWidget(second)
    model, train = second.train_tab.training_panel.configs()
    assert (model.cell, model.hidden_size, train.lr) == ("gru", 64, 0.002)
    assert second.menus.log_loss_action.isChecked()
    # The offscreen screen is 800 pixels wide, so only the height survives unclamped.
    assert second.height() == 700


def test_resume_an_interrupted_run_from_the_runs_list(
    window: Any, qtbot: Any, tmp_path: Path
) -> None:
    panel = window.train_tab.training_panel
    panel.epochs.setValue(3)
    panel.train_limit.setValue(560)
    panel.test_limit.setValue(200)
    with qtbot.waitSignal(window.run_ended, timeout=90_000):
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(window.train_tab.metrics.history) == 1, timeout=90_000)
        qtbot.mouseClick(panel.stop_button, Qt.MouseButton.LeftButton)
    run = window.train_tab.runs_panel.runs()[0]
    assert window.train_tab.runs_panel.table.topLevelItem(0).text(4) == "stopped"
    window.train_tab.metrics.clear()
    window.train_tab.runs_panel.select(run.folder)
    with qtbot.waitSignal(window.run_ended, timeout=90_000) as blocker:
        qtbot.mouseClick(window.train_tab.runs_panel.resume_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["completed"]
    assert [entry["epoch"] for entry in window.train_tab.metrics.history] == [1, 2, 3]
    resumed = window.train_tab.runs_panel.runs()
    assert len(resumed) == 1 and resumed[0].epochs_done == 3
    assert window.train_tab.runs_panel.table.topLevelItem(0).text(4) == "completed"


def test_a_window_is_freed_without_the_cycle_collector(
    qapp: QApplication, settings: QSettings, tmp_path: Path
) -> None:
    """No reference cycle runs through the window.

    With one, Python's collector frees the window later in whichever thread allocates, and
    deletes Qt widgets off the GUI thread (a crash seen while the warm-up thread imported).
    """
    import gc
    import weakref

    from lstm_gui.gui.app import create_main_window

    gc.collect()
    gc.disable()
    try:
        window = create_main_window(settings, runs_root=tmp_path / "runs")
        freed = weakref.ref(window)
        del window
        assert freed() is None
    finally:
        gc.enable()


def test_the_window_loads_pyqtgraph_without_cuda_python_which_stays_importable() -> None:
    # In a fresh process: this test session has long imported pyqtgraph.
    script = (
        "import importlib.util, sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from lstm_gui.gui.app import import_pyqtgraph_without_cuda\n"
        "import_pyqtgraph_without_cuda()\n"
        "print('pyqtgraph' in sys.modules, 'cuda.bindings.runtime' in sys.modules)\n"
        "if importlib.util.find_spec('cuda') is not None:\n"
        "    from cuda.bindings import runtime\n"
        "    print(runtime.__name__)\n"
        "else:\n"
        "    print('not installed')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    loaded, afterwards = result.stdout.splitlines()
    assert loaded == "True False"  # pyqtgraph loaded, cuda-python not
    # And importable afterwards wherever it is installed (PyTorch installs it here).
    expected = "not installed" if find_spec("cuda") is None else "cuda.bindings.runtime"
    assert afterwards == expected
