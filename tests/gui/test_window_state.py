"""The main window and AppState: one data folder for every tab, run notices in the status bar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from lstm_gui.core.config import TrainConfig
from lstm_gui.core.run.data import DatasetSplits


def test_a_notice_stays_in_the_status_bar(window: Any) -> None:
    window.state.notice.emit("bf16 is not fast on this CPU; training in fp32 instead.")
    assert window.notice_label.text().startswith("bf16 is not fast")
    assert window.notice_label.isVisibleTo(window.statusBar())


def test_a_run_that_falls_back_to_fp32_says_so(
    window: Any, digits: DatasetSplits, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import lstm_gui.core.numerics as numerics
    from lstm_gui.core.run.control import TrainingControl
    from lstm_gui.core.run.session import plan_new_run
    from lstm_gui.gui.training_run import DataReady, TrainingJob, training_records

    monkeypatch.setattr(numerics, "bf16_supported", lambda device: False)
    config = TrainConfig(epochs=1, train_limit=28, test_limit=28, precision="bf16", device="cpu")
    plan = plan_new_run(config.model_config(hidden_size=8), config, runs_root=tmp_path / "runs")
    # The run's own first record says what it really computes in: no second guess by the window.
    ready = next(training_records(TrainingJob(plan, data=digits), TrainingControl()))
    assert isinstance(ready, DataReady)
    assert (ready.precision, "fp32" in ready.notice) == ("fp32", True)
    window._on_run_data_ready(ready)
    assert window.state.precision == "fp32"
    assert window.notice_label.text() == ready.notice


def test_a_chosen_data_folder_reaches_every_tab_and_the_next_start(
    window: Any, settings: QSettings, tmp_path: Path
) -> None:
    folder = tmp_path / "idx"
    folder.mkdir()
    window._on_data_folder_chosen(folder)
    assert window.state.data_dir == folder
    assert window.train_tab.data_folder == folder
    assert window.draw_tab.state is window.state  # the Draw tab reads the shared folder
    assert Path(str(settings.value("data/folder"))) == folder
    assert str(folder) in window.statusBar().currentMessage()


def test_the_window_hands_out_its_tabs_not_their_parts(window: Any) -> None:
    # A part of the Train tab or of the menus is reached through its owner, never the window.
    assert window.train_tab.metrics is not None and window.menus.start_action is not None
    for part in ("metrics", "training_panel", "start_action", "log_loss_action"):
        assert not hasattr(window, part), part


def test_ready_comes_only_after_the_warm_up_thread_has_ended(
    qtbot: Any, settings: QSettings, tmp_path: Path
) -> None:
    """fc0f0e5: a thread still inside its last emit aborted a process torn down on "ready"."""
    from lstm_gui.gui.app import create_main_window
    from lstm_gui.gui.widgets.threads import running_qthreads

    window = create_main_window(settings, runs_root=tmp_path / "runs")
    qtbot.addWidget(window)
    at_ready: list[list[str]] = []
    window.startup_finished.connect(
        lambda: at_ready.append([thread.objectName() for thread in running_qthreads()])
    )
    with qtbot.waitSignal(window.startup_finished, timeout=30_000):
        window.show()
    assert at_ready == [[name for name in at_ready[0] if name != "WarmUpThread"]]
    assert window._warm_up is None
    window.shutdown()
