"""The run pipeline (core/run/session.py) and the curve file every run appends (runs.py)."""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import torch

from lstm_gui.core.config import (
    TrainConfig,
    default_torch_threads,
    report_interval,
)
from lstm_gui.core.errors import CheckpointError, ConfigError, OutOfMemory
from lstm_gui.core.run.control import TrainingControl
from lstm_gui.core.run.curve_file import CURVES, CurveLog, load_batch_curves
from lstm_gui.core.run.data import DatasetSplits
from lstm_gui.core.run.progress import BatchProgress, EpochResult, RunFinished, RunStatus
from lstm_gui.core.run.session import (
    RunPlan,
    is_out_of_memory,
    plan_new_run,
    plan_resume,
    prepare_run,
)

QUICK = {"epochs": 2, "train_limit": 280, "test_limit": 100, "device": "cpu", "torch_threads": 1}


def quick_plan(tmp_path: Path, **settings: object) -> RunPlan:
    train = TrainConfig(**{**QUICK, **settings})
    return plan_new_run(
        train.model_config(hidden_size=16), train, output=tmp_path / "run" / "latest.safetensors"
    )


def curve_rows(folder: Path) -> list[dict[str, str]]:
    with (folder / CURVES).open(newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def test_every_run_records_the_same_filled_in_settings(tmp_path: Path) -> None:
    train = TrainConfig(batch_size=28)
    plan = plan_new_run(train.model_config(), train, runs_root=tmp_path)
    # About one record per 400 samples, and one core left for the window.
    assert plan.train_config.report_every == round(400 / 28) == report_interval(28) == 14
    assert report_interval(1000) == 1
    assert plan.train_config.torch_threads == default_torch_threads()
    assert 1 <= default_torch_threads() <= 4
    assert plan.folder.parent == tmp_path and plan.name == "LSTM-128 rows mnist"
    # Settings given explicitly are kept.
    explicit = replace(train, report_every=3, torch_threads=2).with_run_defaults()
    assert (explicit.report_every, explicit.torch_threads) == (3, 2)


def test_the_run_is_set_up_once_in_prepare_run_and_the_trainer_leaves_it(
    tmp_path: Path, digits: DatasetSplits
) -> None:
    torch.set_flush_denormal(False)
    torch.set_num_threads(2)
    try:
        run = prepare_run(quick_plan(tmp_path, epochs=1, torch_threads=1), data=digits)
        # The thread that will train is set up: its thread count, and denormals read as zero.
        assert torch.get_num_threads() == 1
        assert torch.tensor([1e-40]).item() == 0.0
        # The trainer takes the thread as prepared and does not set its thread count again.
        torch.set_num_threads(2)
        records = list(run.records())
        assert isinstance(records[-1], RunFinished)
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(1)
        torch.set_flush_denormal(False)


def test_a_run_appends_every_record_to_its_curve_file(
    tmp_path: Path, digits: DatasetSplits
) -> None:
    plan = quick_plan(tmp_path)
    run = prepare_run(plan, data=digits)
    assert (run.train_samples, len(run.test_set)) == (280, 100)
    records = list(run.records())
    batches = [r for r in records if isinstance(r, BatchProgress)]
    epochs = [r for r in records if isinstance(r, EpochResult)]
    assert isinstance(records[-1], RunFinished) and records[-1].status == RunStatus.COMPLETED
    rows = curve_rows(plan.folder)
    assert [row["kind"] for row in rows] == [
        "epoch" if isinstance(r, EpochResult) else "batch" for r in records[:-1]
    ]
    batch_rows = [row for row in rows if row["kind"] == "batch"]
    # 280 samples, batches of 28, a record every 14 batches (report_interval) and at the 10th.
    assert [int(row["step"]) for row in batch_rows] == [b.global_step for b in batches] == [10, 20]
    for row, record in zip(batch_rows, batches, strict=True):
        assert float(row["loss"]) == record.loss and float(row["lr"]) == record.lr
    epoch_rows = [row for row in rows if row["kind"] == "epoch"]
    assert [float(row["val_acc"]) for row in epoch_rows] == [e.val_acc for e in epochs]
    # The final evaluation is of the model as trained: the last epoch's validation figures.
    final = run.evaluate()
    assert final.acc == epochs[-1].val_acc
    assert final.loss == pytest.approx(epochs[-1].val_loss, rel=1e-6)


def test_a_resumed_run_keeps_its_finished_epochs_curves(
    tmp_path: Path, digits: DatasetSplits
) -> None:
    plan = quick_plan(tmp_path, epochs=3, train_limit=560)
    control = TrainingControl()
    run = prepare_run(plan, data=digits)
    for record in run.records(control):
        # Stop in the middle of epoch 2: its partial rows must not survive the resume.
        if isinstance(record, BatchProgress) and record.epoch == 2:
            control.stop()
    assert [row["epoch"] for row in curve_rows(plan.folder)] == ["1", "1", "1", "2"]
    resumed = plan_resume(plan.paths.latest, 3)
    assert (resumed.epochs_done, resumed.paths) == (1, plan.paths)
    assert resumed.train_config == plan.train_config  # as it was started
    records = list(prepare_run(resumed, data=digits).records())
    assert records[-1].status == RunStatus.COMPLETED and records[-1].epochs_done == 3
    rows = curve_rows(plan.folder)
    epochs_of_batches = [int(row["epoch"]) for row in rows if row["kind"] == "batch"]
    assert epochs_of_batches == [1, 1, 2, 2, 3, 3]
    curves = load_batch_curves(plan.folder)
    assert curves is not None and curves["step"].tolist() == [14, 20, 34, 40, 54, 60]


def test_resume_refuses_what_it_cannot_continue(tmp_path: Path, digits: DatasetSplits) -> None:
    plan = quick_plan(tmp_path, epochs=1)
    list(prepare_run(plan, data=digits).records())
    with pytest.raises(ConfigError, match="already trained 1 epochs"):
        plan_resume(plan.paths.latest, 1)
    with pytest.raises(CheckpointError):
        plan_resume(tmp_path / "missing.safetensors", 5)
    # Threads may change (another machine); the plan records the new count.
    assert plan_resume(plan.paths.latest, 2, threads=3).train_config.torch_threads == 3


def test_out_of_memory_is_a_typed_error(
    tmp_path: Path, digits: DatasetSplits, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lstm_gui.core.run import session

    def cpu_allocator_fails(*args: object, **kwargs: object) -> Iterator[BatchProgress]:
        yield from ()
        torch.empty(1 << 62, dtype=torch.uint8)  # PyTorch's CPU allocator refuses

    monkeypatch.setattr(session, "train", cpu_allocator_fails)
    run = prepare_run(quick_plan(tmp_path), data=digits)
    with pytest.raises(OutOfMemory, match="ran out of memory"):
        list(run.records())
    assert is_out_of_memory(MemoryError())
    assert not is_out_of_memory(RuntimeError("shape mismatch"))
    assert not is_out_of_memory(ValueError("DefaultCPUAllocator"))


def test_the_curve_log_survives_a_torn_last_line(tmp_path: Path) -> None:
    record = BatchProgress(1, 1, 5, 10, 5, 1.5, 0.5, 1.5, 0.5, math.nan, 100.0, 0.001)
    with CurveLog(tmp_path) as log:
        log.append(record)
        log.append(replace(record, batch=10, global_step=10, loss=0.75))
    with (tmp_path / CURVES).open("a") as stream:
        stream.write("batch,1,15,0.5")  # a crash in the middle of a row
    curves = load_batch_curves(tmp_path)
    assert curves is not None
    assert curves["loss"].tolist() == [1.5, 0.75]
    assert math.isnan(curves["grad_norm"][0])
    # A malformed row in the middle means a hand-edited file: no curves rather than wrong ones.
    text = (tmp_path / CURVES).read_text().replace("batch,1,10", "batch,one,10")
    (tmp_path / CURVES).write_text(text)
    assert load_batch_curves(tmp_path) is None
