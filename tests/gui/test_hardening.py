"""The window when things go wrong: a full disk, damaged runs, non-ASCII paths, long sessions."""

from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from safetensors import SafetensorError

from lstm_gui.core.run import checkpoint as checkpoint_module
from lstm_gui.core.run.checkpoint import load_checkpoint
from lstm_gui.core.run.run_lock import RunFolderLock

RUN_TIMEOUT_MS = 90_000


def quick_settings(window: Any, *, epochs: int = 1, train: int = 280, test: int = 100) -> None:
    panel = window.train_tab.training_panel
    panel.epochs.setValue(epochs)
    panel.train_limit.setValue(train)
    panel.test_limit.setValue(test)
    panel.hidden.setValue(8)


def train_to_end(qtbot: Any, window: Any) -> str:
    with qtbot.waitSignal(window.run_ended, timeout=RUN_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(window.train_tab.training_panel.start_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_disk_full_offers_to_save_the_model_elsewhere(
    window: Any, qtbot: Any, dialog_log: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs_root = tmp_path / "runs"
    real_save = checkpoint_module.save_file

    def save_file(tensors: Any, filename: str, metadata: Any = None) -> None:
        if Path(filename).is_relative_to(runs_root):
            raise SafetensorError("I/O error: No space left on device (os error 28)")
        real_save(tensors, filename, metadata=metadata)

    monkeypatch.setattr(checkpoint_module, "save_file", save_file)
    elsewhere = tmp_path / "另一个盘" / "saved.safetensors"
    elsewhere.parent.mkdir()
    dialog_log.save_file = elsewhere
    quick_settings(window)

    assert train_to_end(qtbot, window) == "failed"

    (folder,) = runs_root.iterdir()
    assert dialog_log.questions == [
        f"Cannot save {folder / 'latest.safetensors'}: the disk is full; no checkpoint of this "
        "run is on disk.\n\nThe trained weights are still in memory. Save the model as…?"
    ]
    saved = load_checkpoint(elsewhere)  # the weights of the epoch that could not be saved
    assert saved.epochs_done == 1 and len(saved.history) == 1
    assert sorted(path.name for path in folder.iterdir()) == ["curves.csv"]  # no temp files
    assert f"Model saved to {elsewhere}." in window.statusBar().currentMessage()


def test_a_run_whose_folder_another_run_is_training_in_is_refused_in_one_dialog(
    window: Any, qtbot: Any, dialog_log: Any
) -> None:
    quick_settings(window)
    assert train_to_end(qtbot, window) == "completed"
    (run,) = window.train_tab.runs_panel.runs()
    window.train_tab.training_panel.epochs.setValue(2)
    window.train_tab.runs_panel.select(run.folder)
    latest = (run.folder / "latest.safetensors").read_bytes()

    with RunFolderLock(run.folder):  # e.g. `lstm-gui train --resume` in a terminal, still going
        with qtbot.waitSignal(window.run_ended, timeout=RUN_TIMEOUT_MS) as blocker:
            window.train_tab.runs_panel.resume_button.click()

    assert blocker.args == ["failed"]
    assert dialog_log.errors == [
        f"Another run is training in {run.folder} now; give this run a folder of its own, or "
        "wait until that run has ended."
    ]
    assert dialog_log.questions == []  # no offer to save weights that were never trained
    assert (run.folder / "latest.safetensors").read_bytes() == latest


def newer_checkpoint(source: Path, target: Path) -> None:
    raw = source.read_bytes()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + length])
    metadata = json.loads(header["__metadata__"]["lstm_gui"])
    metadata["format_version"] = 99
    header["__metadata__"]["lstm_gui"] = json.dumps(metadata)
    text = json.dumps(header).encode()
    target.write_bytes(struct.pack("<Q", len(text)) + text + raw[8 + length :])


def test_damaged_runs_are_listed_with_the_reason_and_can_be_deleted(
    window: Any, qtbot: Any, dialog_log: Any, tmp_path: Path
) -> None:
    quick_settings(window)
    assert train_to_end(qtbot, window) == "completed"
    runs_root = tmp_path / "runs"
    (good,) = runs_root.iterdir()
    (runs_root / "notes.txt").write_text("mine")
    (runs_root / "half-written").mkdir()
    (runs_root / "half-written" / "curves.csv").write_text("kind\n")
    (runs_root / "newer").mkdir()
    newer_checkpoint(good / "latest.safetensors", runs_root / "newer" / "latest.safetensors")
    (runs_root / "garbled").mkdir()
    (runs_root / "garbled" / "latest.safetensors").write_bytes(b"\x10" + bytes(20))

    window.train_tab.refresh_runs()
    panel = window.train_tab.runs_panel
    assert [run.folder for run in panel.runs()] == [good]
    reasons = {entry.name: entry.reason for entry in panel.damaged()}
    assert reasons == {
        "notes.txt": "notes.txt is a file, not a run folder.",
        "newer": "latest.safetensors was written by a newer lstm-gui (format 99); "
        "update lstm-gui to open it.",
        "half-written": "half-written holds no checkpoint (latest.safetensors or "
        "best.safetensors); it is not a run or was never saved.",
        "garbled": "latest.safetensors is not a safetensors checkpoint, or it is corrupt.",
    }
    rows = [panel.table.topLevelItem(i) for i in range(panel.table.topLevelItemCount())]
    shown = {row.text(0): (row.text(4), row.toolTip(4)) for row in rows[1:]}
    assert shown["newer"] == ("damaged", reasons["newer"])

    panel.select_damaged(runs_root / "notes.txt")
    assert panel.delete_button.isEnabled() and not panel.use_button.isEnabled()
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    panel.select_damaged(runs_root / "half-written")
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert sorted(p.name for p in runs_root.iterdir()) == sorted([good.name, "newer", "garbled"])
    assert dialog_log.questions[0].startswith("Delete notes.txt? It is not a usable run:")
    assert [entry.name for entry in panel.damaged()] == ["newer", "garbled"]


def test_non_ascii_paths_for_data_runs_and_checkpoints(
    qtbot: Any, tmp_path: Path, digits_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lstm_gui.gui.app import create_main_window

    data = tmp_path / "数据"
    shutil.copytree(digits_dir, data)
    monkeypatch.setenv("LSTM_GUI_DATA", str(data))
    runs_root = tmp_path / "运行记录" / "runs"
    settings = QSettings(str(tmp_path / "设置.ini"), QSettings.Format.IniFormat)
    window = create_main_window(settings, runs_root=runs_root)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.startup_finished, timeout=30_000):
        window.show()
    try:
        quick_settings(window)
        assert train_to_end(qtbot, window) == "completed"
        window.train_tab.refresh_runs()
        (run,) = window.train_tab.runs_panel.runs()
        assert run.folder.parent == runs_root and run.epochs_done == 1
        assert window.train_tab.runs_panel.damaged() == []
        assert load_checkpoint(run.model_path).epochs_done == 1
    finally:
        window.shutdown(10_000)


@pytest.mark.slow
def test_fifty_start_stop_cycles_leave_no_thread(window: Any, qtbot: Any) -> None:
    """Long sessions: start and stop 50 times in one window; the conftest fails leaked threads."""
    quick_settings(window, epochs=50, train=280, test=50)
    for _ in range(50):
        with qtbot.waitSignal(window.run_ended, timeout=RUN_TIMEOUT_MS) as blocker:
            qtbot.mouseClick(
                window.train_tab.training_panel.start_button, Qt.MouseButton.LeftButton
            )
            qtbot.waitUntil(lambda: window.is_training, timeout=10_000)
            window.train_tab.training_panel.stop_button.click()
        assert blocker.args[0] in ("stopped", "failed", "completed", "cancelled")
    assert not window.is_training
