"""Tests for run folders: naming, listing from checkpoint metadata, deleting, curve files."""

from __future__ import annotations

import csv
import math
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
import torch

from lstm_gui.core.config import TrainConfig
from lstm_gui.core.errors import CheckpointError, LstmGuiError
from lstm_gui.core.run.checkpoint import Checkpoint, save_checkpoint
from lstm_gui.core.run.checkpoint_header import read_checkpoint_metadata
from lstm_gui.core.run.curve_file import CSV_COLUMNS, RunCurves, load_batch_curves, write_curves_csv
from lstm_gui.core.run.model import SequenceClassifier
from lstm_gui.core.run.progress import BATCH_COLUMNS
from lstm_gui.core.run.runs import (
    BEST,
    LATEST,
    delete_run,
    list_runs,
    new_run_paths,
    read_run,
    run_name,
    runs_dir,
)

HISTORY = [
    {"epoch": 1, "loss": 0.6, "acc": 0.8, "val_loss": 0.3, "val_acc": 0.9, "lr": 0.001},
    {"epoch": 2, "loss": 0.2, "acc": 0.93, "val_loss": 0.19, "val_acc": 0.94, "lr": 0.001},
]


def write_run(
    folder: Path,
    *,
    cell: str = "lstm",
    status: str = "completed",
    best: bool = True,
    history: list[dict[str, float]] | None = None,
    epochs: int = 2,
) -> Path:
    train = TrainConfig(epochs=epochs)
    model_config = train.model_config(cell=cell, hidden_size=8)
    torch.manual_seed(0)
    model = SequenceClassifier(model_config)
    history = HISTORY if history is None else history
    checkpoint = Checkpoint(
        model_config=model_config,
        train_config=train,
        state_dict=model.state_dict(),
        epochs_done=len(history),
        history=history,
        best_val_acc=max((h["val_acc"] for h in history), default=None),
        status=status,
        name=run_name(model_config, train),
    )
    save_checkpoint(folder / LATEST, checkpoint)
    if best:
        save_checkpoint(folder / BEST, checkpoint)
    return folder


def test_runs_dir_follows_xdg_data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert runs_dir() == tmp_path / "lstm-gui" / "runs"


def test_new_run_paths_are_unique(tmp_path: Path) -> None:
    train = TrainConfig()
    first = new_run_paths(train.model_config(), train, tmp_path)
    first.latest.parent.mkdir(parents=True)
    second = new_run_paths(train.model_config(), train, tmp_path)
    assert first.latest.parent != second.latest.parent
    assert second.best.name == BEST and second.latest.name == LATEST


def test_metadata_reader_needs_no_tensors(tmp_path: Path) -> None:
    folder = write_run(tmp_path / "run")
    metadata = read_checkpoint_metadata(folder / LATEST)
    assert metadata["epochs_done"] == 2
    assert metadata["model_config"]["hidden_size"] == 8


def test_metadata_reader_refuses_foreign_files(tmp_path: Path) -> None:
    other = tmp_path / "other.safetensors"
    other.write_bytes(b"not a checkpoint at all")
    with pytest.raises(CheckpointError):
        read_checkpoint_metadata(other)


def test_read_run_reports_settings_and_figures(tmp_path: Path) -> None:
    run = read_run(write_run(tmp_path / "20240101-000000-mnist-gru-rows", cell="gru"))
    assert run.name == "GRU-8 rows mnist"
    assert run.model_config.cell == "gru"
    assert run.epochs_done == 2
    assert run.final_val_acc == pytest.approx(0.94)
    assert run.model_path == run.folder / BEST
    assert run.resume_epochs == 3  # the planned 2 were done: continuing adds one
    assert run.started is not None and run.started.year == 2024


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        ("20241231-235958-mnist-lstm-rows", datetime(2024, 12, 31, 23, 59, 58)),
        ("20240229-120000", datetime(2024, 2, 29, 12, 0, 0)),
        ("20230229-120000-x", None),  # no 29 February in 2023
        ("20241301-000000-x", None),
        ("2024010a-000000-x", None),
        ("20240101_000000-x", None),
        ("my run", None),
    ],
)
def test_start_time_is_read_from_the_folder_name(
    tmp_path: Path, folder: str, expected: datetime | None
) -> None:
    run = read_run(write_run(tmp_path / folder))
    assert run.started == expected


def test_model_path_falls_back_to_latest(tmp_path: Path) -> None:
    run = read_run(write_run(tmp_path / "run", best=False, status="stopped", history=[], epochs=5))
    assert run.model_path == run.folder / LATEST
    assert run.final_val_acc is None
    assert run.started is None
    assert run.resume_epochs == 5


def test_list_runs_newest_first_skipping_junk(tmp_path: Path) -> None:
    write_run(tmp_path / "20240101-000000-mnist-lstm-rows")
    write_run(tmp_path / "20240202-000000-mnist-rnn-rows", cell="rnn")
    (tmp_path / "empty-folder").mkdir()
    broken = tmp_path / "20240303-000000-broken"
    broken.mkdir()
    (broken / LATEST).write_bytes(b"\x00" * 20)
    (tmp_path / "stray.txt").write_text("x")
    runs = list_runs(tmp_path)
    assert [run.model_config.cell for run in runs] == ["rnn", "lstm"]


def test_list_runs_of_missing_folder_is_empty(tmp_path: Path) -> None:
    assert list_runs(tmp_path / "nowhere") == []


def test_delete_run_only_deletes_run_folders(tmp_path: Path) -> None:
    folder = write_run(tmp_path / "runs" / "a")
    outside = write_run(tmp_path / "elsewhere" / "b")
    with pytest.raises(LstmGuiError):
        delete_run(outside, tmp_path / "runs")
    not_a_run = tmp_path / "runs" / "notes"
    not_a_run.mkdir()
    with pytest.raises(LstmGuiError):
        delete_run(not_a_run, tmp_path / "runs")
    delete_run(folder, tmp_path / "runs")
    assert not folder.exists() and outside.exists() and not_a_run.exists()


def test_legacy_batch_curves_are_still_read(tmp_path: Path) -> None:
    """Runs of earlier versions kept their per-batch curves in batches.csv."""
    header = ",".join(BATCH_COLUMNS)
    (tmp_path / "batches.csv").write_text(f"{header}\n1,10,1.5,0.25,0.25,,0.001\n")
    loaded = load_batch_curves(tmp_path)
    assert loaded is not None
    assert loaded["step"].tolist() == [10] and loaded["loss"].tolist() == [1.5]
    assert math.isnan(loaded["grad_norm"][0])


def test_missing_or_foreign_batch_curves_are_none(tmp_path: Path) -> None:
    assert load_batch_curves(tmp_path) is None
    (tmp_path / "batches.csv").write_text("a,b\n1,2\n")
    assert load_batch_curves(tmp_path) is None
    (tmp_path / "curves.csv").write_text("kind,epoch\nbatch,1\n")
    assert load_batch_curves(tmp_path) is None


def test_curves_csv_holds_batches_and_epochs(tmp_path: Path) -> None:
    batches = {
        "epoch": np.array([0.5, 1.0]),
        "step": np.array([10, 20]),
        "loss": np.array([1.25, 0.5]),
        "acc": np.array([0.5, 1.0]),
        "running_acc": np.array([0.5, 0.75]),
        "grad_norm": np.array([2.0, 1.5]),
        "lr": np.array([0.001, 0.001]),
    }
    path = write_curves_csv(
        tmp_path / "curves.csv",
        [RunCurves("LSTM", HISTORY, batches), RunCurves("RNN", HISTORY[:1])],
    )
    with path.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [(r["run"], r["kind"]) for r in rows] == [
        ("LSTM", "batch"),
        ("LSTM", "batch"),
        ("LSTM", "epoch"),
        ("LSTM", "epoch"),
        ("RNN", "epoch"),
    ]
    assert rows[0]["epoch"] == "0.5" and rows[0]["loss"] == "1.25" and rows[0]["val_acc"] == ""
    assert rows[3]["val_acc"] == "0.94" and rows[3]["epoch"] == "2"
