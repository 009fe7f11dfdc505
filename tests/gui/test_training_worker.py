"""A training run through RunController's BackgroundTask: what it reports and how it stops."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Slot

from lstm_gui.core.config import TrainConfig
from lstm_gui.core.run.curve_file import load_batch_curves
from lstm_gui.core.run.progress import BatchProgress, EpochResult, RunFinished
from lstm_gui.core.run.session import plan_new_run
from lstm_gui.gui.run_controller import RunController
from lstm_gui.gui.training_run import DataReady, TrainingJob, ValidationPredictions


class Recorder(QObject):
    """Lives in the GUI thread, so its bound slots run there (lambdas would not)."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[tuple[str, Any]] = []
        self.ended: list[str] = []

    @Slot(str)
    def on_ended(self, status: str) -> None:
        self.ended.append(status)

    @Slot(object)
    def on_data_ready(self, value: Any) -> None:
        self.events.append(("data", value))

    @Slot(object)
    def on_progressed(self, value: Any) -> None:
        self.events.append(("batch", value))

    @Slot(object)
    def on_predictions(self, value: Any) -> None:
        self.events.append(("predictions", value))

    @Slot(object)
    def on_epoch(self, value: Any) -> None:
        self.events.append(("epoch", value))

    @Slot(object)
    def on_finished(self, value: Any) -> None:
        self.events.append(("finished", value))

    @Slot(str)
    def on_failed(self, value: str) -> None:
        self.events.append(("failed", value))

    @Slot(str)
    def on_data_missing(self, value: str) -> None:
        self.events.append(("data_missing", value))


def run_worker(
    qtbot: Any, job: TrainingJob, stop_at_first_batch: bool = False
) -> list[tuple[str, Any]]:
    """Run one job through a RunController to the end; the events it reported, in order."""
    controller = RunController()
    recorder = Recorder()
    controller.data_ready.connect(recorder.on_data_ready)
    controller.progressed.connect(recorder.on_progressed)
    controller.predictions_ready.connect(recorder.on_predictions)
    controller.epoch_finished.connect(recorder.on_epoch)
    controller.run_finished.connect(recorder.on_finished)
    controller.run_failed.connect(recorder.on_failed)
    controller.data_missing.connect(recorder.on_data_missing)
    controller.ended.connect(recorder.on_ended)
    assert controller.start(job.plan, job.data_dir)
    assert controller.is_training and not controller.start(job.plan, job.data_dir)
    if stop_at_first_batch:
        qtbot.waitUntil(lambda: any(kind == "batch" for kind, _ in recorder.events), timeout=60_000)
        controller.stop()  # through the TrainingControl flags, from the GUI thread
    qtbot.waitUntil(lambda: bool(recorder.ended), timeout=60_000)
    assert not controller.is_training and controller.shutdown()
    return recorder.events


def small_job(tmp_path: Path, **overrides: Any) -> TrainingJob:
    settings = {"epochs": 2, "train_limit": 280, "test_limit": 100, "report_every": 5}
    config = TrainConfig(**{**settings, "torch_threads": 1, **overrides})
    model = config.model_config(hidden_size=16)
    return TrainingJob(plan_new_run(model, config, output=tmp_path / "run" / "latest.safetensors"))


def test_reports_in_order_and_saves(qtbot: Any, tmp_path: Path) -> None:
    events = run_worker(qtbot, small_job(tmp_path))
    kinds = [kind for kind, _ in events]
    assert kinds[0] == "data" and kinds[-1] == "finished"
    assert kinds.count("epoch") == 2 and kinds.count("batch") == 4  # batches 5 and 10, twice
    for index, kind in enumerate(kinds):
        if kind == "epoch":
            assert kinds[index - 1] == "predictions"  # the gallery's data comes first
    ready: DataReady = events[0][1]
    assert (ready.train_samples, ready.test_samples, ready.device) == (280, 100, "cpu")
    batches: list[BatchProgress] = [value for kind, value in events if kind == "batch"]
    # 280 samples in batches of 28: 10 batches an epoch, reported at batches 5 and 10.
    assert [(b.epoch, b.batch, b.batches) for b in batches] == [
        (1, 5, 10),
        (1, 10, 10),
        (2, 5, 10),
        (2, 10, 10),
    ]
    assert all(0 < b.loss < 5 and 0 <= b.acc <= 1 for b in batches)
    predictions: ValidationPredictions = next(v for k, v in events if k == "predictions")
    epoch: EpochResult = next(v for k, v in events if k == "epoch")
    assert predictions.predictions.shape == (100,)
    assert (predictions.predictions >= 0).all() and (predictions.predictions <= 9).all()
    assert epoch.confusion.sum() == 100
    # The predictions are those the confusion matrix counted.
    assert int(epoch.confusion.trace()) == int(
        (predictions.predictions == ready.data.test.labels[:100].numpy()).sum()
    )
    finished: RunFinished = events[-1][1]
    assert finished.status == "completed" and finished.epochs_done == 2
    assert (tmp_path / "run" / "latest.safetensors").is_file()
    assert (tmp_path / "run" / "best.safetensors").is_file()
    # The run's own curve file holds every batch record the worker reported, as reported.
    curves = load_batch_curves(tmp_path / "run")
    assert curves is not None
    assert curves["epoch"].tolist() == [b.epoch for b in batches]
    assert curves["step"].tolist() == [b.global_step for b in batches]
    assert curves["loss"].tolist() == pytest.approx([b.loss for b in batches], rel=1e-12)


def test_stop_from_the_gui_thread(qtbot: Any, tmp_path: Path) -> None:
    job = small_job(tmp_path, epochs=20, train_limit=600)
    events = run_worker(qtbot, job, stop_at_first_batch=True)
    finished = events[-1][1]
    assert finished.status == "stopped" and finished.epochs_done == 0
    assert (tmp_path / "run" / "latest.safetensors").is_file()


def test_missing_data_is_its_own_signal(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lstm_gui.core.errors import DataError
    from lstm_gui.core.run import data

    def offline(*args: Any, **kwargs: Any) -> None:
        raise DataError("offline")

    monkeypatch.setattr(data, "download_dataset", offline)
    monkeypatch.setenv("LSTM_GUI_DATA", str(tmp_path / "nothing"))
    events = run_worker(qtbot, small_job(tmp_path))
    assert [kind for kind, _ in events] == ["data_missing"]
    assert "MNIST was not found" in events[0][1]


def test_a_bad_resume_checkpoint_fails_with_a_sentence(qtbot: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"nonsense")
    job = small_job(tmp_path)
    job = TrainingJob(replace(job.plan, resume_from=bad, epochs_done=1))
    events = run_worker(qtbot, job)
    assert events[-1][0] == "failed"
    assert "bad.safetensors" in events[-1][1]


def test_a_failed_save_keeps_the_weights(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lstm_gui.core.errors import StorageError
    from lstm_gui.core.run import session

    records = session.PreparedRun.records

    def full_disk(self: Any, control: Any = None) -> Any:
        yield from records(self, control)
        raise StorageError("The disk is full.")

    monkeypatch.setattr(session.PreparedRun, "records", full_disk)
    job = small_job(tmp_path, epochs=1)
    controller = RunController()
    recorder = Recorder()
    controller.run_failed.connect(recorder.on_failed)
    controller.ended.connect(recorder.on_ended)
    controller.start(job.plan, None)
    qtbot.waitUntil(lambda: bool(recorder.ended), timeout=60_000)
    assert recorder.ended == ["failed"]
    assert recorder.events == [("failed", "The disk is full.")]
    assert controller.unsaved_model is not None and controller.unsaved_model.epochs_done == 1
