"""AppState: each change is announced once; busy work is counted by name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lstm_gui.gui.app_state import AppState


def test_changes_are_announced_once_and_repeats_are_silent(qtbot: Any, tmp_path: Path) -> None:
    state = AppState(runs_dir=tmp_path / "runs")
    heard: list[tuple[str, object]] = []
    state.data_dir_changed.connect(lambda folder: heard.append(("data", folder)))
    state.model_changed.connect(lambda path, name: heard.append(("model", (path, name))))
    state.notice.connect(lambda text: heard.append(("notice", text)))
    state.precision_changed.connect(lambda precision: heard.append(("precision", precision)))
    state.set_data_dir(tmp_path)
    state.set_data_dir(tmp_path)
    state.set_model(tmp_path / "m.safetensors", "LSTM-128")
    state.set_model(tmp_path / "m.safetensors", "LSTM-128")
    state.set_precision("fp32", "bf16 is not available on this CPU; training in fp32.")
    assert heard == [
        ("data", tmp_path),
        ("model", (tmp_path / "m.safetensors", "LSTM-128")),
        ("precision", "fp32"),
        ("notice", "bf16 is not available on this CPU; training in fp32."),
    ]
    assert state.runs_dir == tmp_path / "runs" and state.data_dir == tmp_path
    assert state.model_name == "LSTM-128" and state.precision == "fp32"


def test_busy_is_true_while_any_named_work_goes_on(qtbot: Any) -> None:
    state = AppState()
    changes: list[bool] = []
    state.busy_changed.connect(changes.append)
    state.set_busy("training", True)
    state.set_busy("experiment", True)
    state.set_busy("training", False)
    assert state.busy and state.is_busy_with("experiment")
    assert not state.is_busy_with("training")
    state.set_busy("experiment", False)
    assert changes == [True, False]
