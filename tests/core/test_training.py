"""Tests for the training generator and evaluate(), on the drawn digits (real MNIST: slow)."""

from __future__ import annotations

import math
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.errors import ConfigError
from lstm_gui.core.run import training
from lstm_gui.core.run.checkpoint import load_checkpoint
from lstm_gui.core.run.control import CheckpointPaths, TrainingControl, TrainingState
from lstm_gui.core.run.data import DatasetSplits
from lstm_gui.core.run.model import SequenceClassifier
from lstm_gui.core.run.progress import BatchProgress, EpochResult, RunFinished
from lstm_gui.core.run.sequences import SequenceEncoder
from lstm_gui.core.run.training import evaluate, train

CPU = torch.device("cpu")
SMALL = {  # all of the drawn digits (tests/conftest.py): 22 batches, the last one of 12
    "train_limit": 600,
    "test_limit": 200,
    "batch_size": 28,
    "report_every": 10,
    "device": "cpu",
}
TINY = {**SMALL, "train_limit": 560, "test_limit": 200}  # 20 batches


def new_model(seed: int = 0, **settings) -> SequenceClassifier:
    torch.manual_seed(seed)
    return SequenceClassifier(ModelConfig(**settings))


def weights(model: nn.Module) -> dict[str, torch.Tensor]:
    return {name: tensor.detach().clone() for name, tensor in model.state_dict().items()}


def same_weights(a: dict[str, torch.Tensor], b: dict[str, torch.Tensor]) -> bool:
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


def all_finite(model: nn.Module) -> bool:
    return all(bool(torch.isfinite(p).all()) for p in model.state_dict().values())


# --------------------------------------------------------------------------- a whole small run


@dataclass(frozen=True)
class Run:
    config: TrainConfig
    records: list
    initial: dict[str, torch.Tensor]
    final: dict[str, torch.Tensor]
    paths: CheckpointPaths
    after_epoch_1: Path  # the `latest` checkpoint as it was when epoch 1 ended

    @property
    def batch_records(self) -> list[BatchProgress]:
        return [r for r in self.records if isinstance(r, BatchProgress)]

    @property
    def epoch_results(self) -> list[EpochResult]:
        return [r for r in self.records if isinstance(r, EpochResult)]


@pytest.fixture(scope="module")
def two_epochs(digits: DatasetSplits, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """Two epochs of the tutorial's model on 600 drawn digits, saving checkpoints."""
    folder = tmp_path_factory.mktemp("run")
    config = TrainConfig(epochs=2, **SMALL)
    model = new_model()
    initial = weights(model)
    paths = CheckpointPaths.beside(folder / "latest.safetensors")
    records = []
    for record in train(model, digits, config, checkpoints=paths, run_name="two epochs"):
        records.append(record)
        if isinstance(record, EpochResult) and record.epoch == 1:
            shutil.copy(paths.latest, folder / "after-epoch-1.safetensors")
    return Run(
        config, records, initial, weights(model), paths, folder / "after-epoch-1.safetensors"
    )


def test_records_come_in_order_with_consistent_numbering(two_epochs: Run) -> None:
    kinds = [type(r).__name__ for r in two_epochs.records]
    # 22 batches of 28 (the last one of 12) per epoch; a report every 10 and at the end.
    per_epoch = ["BatchProgress"] * 3 + ["EpochResult"]
    assert kinds == per_epoch * 2 + ["RunFinished"]

    for record in two_epochs.batch_records:
        assert record.epochs == 2 and record.batches == 22
        assert record.global_step == (record.epoch - 1) * 22 + record.batch
        assert record.samples_per_s > 0
        assert record.lr == 1e-3
        assert 0.0 <= record.running_acc <= 1.0
        assert math.isfinite(record.grad_norm) and record.grad_norm > 0
    assert [r.batch for r in two_epochs.batch_records[:3]] == [10, 20, 22]
    assert two_epochs.batch_records[2].epoch_fraction == 1.0
    assert [r.epoch for r in two_epochs.epoch_results] == [1, 2]
    finished = two_epochs.records[-1]
    assert (finished.status, finished.epochs_done) == ("completed", 2)


def test_interval_figures_add_up_to_the_running_ones(two_epochs: Run) -> None:
    # Each record's loss and accuracy cover the batches since the previous record; weighted
    # by their samples (the last batch of an epoch is short) they give the running figures.
    config = two_epochs.config
    train_samples = config.train_limit
    for epoch in (1, 2):
        records = [r for r in two_epochs.batch_records if r.epoch == epoch]
        seen = [min(r.batch * config.batch_size, train_samples) for r in records]
        sizes = np.diff([0, *seen])
        last = records[-1]
        assert np.dot(sizes, [r.acc for r in records]) / seen[-1] == pytest.approx(last.running_acc)
        assert np.dot(sizes, [r.loss for r in records]) / seen[-1] == pytest.approx(
            last.running_loss, rel=1e-5
        )
        assert all(0.0 <= r.acc <= 1.0 for r in records)


def test_loss_falls_and_the_model_learns(two_epochs: Run) -> None:
    reports = two_epochs.batch_records
    first, second = two_epochs.epoch_results

    # It starts at chance (cross-entropy of ten equally likely classes is ln 10 = 2.30) ...
    assert 1.9 < reports[0].loss < 2.5
    # ... and learns: the loss falls, and it reads unseen digits far better than chance.
    assert reports[-1].loss < reports[0].loss - 0.8
    assert second.loss < first.loss
    assert second.val_loss < first.val_loss
    assert second.val_acc > 0.5  # chance is 0.1; 0.655 when this was written
    assert second.acc > max(first.acc, 0.35)
    # The running figures at the end of an epoch are the epoch's figures.
    assert reports[2].running_loss == pytest.approx(first.loss)
    assert reports[2].running_acc == pytest.approx(first.acc)


def test_epoch_results_carry_consistent_figures(two_epochs: Run) -> None:
    for result in two_epochs.epoch_results:
        assert result.epochs == 2
        assert result.confusion.shape == (10, 10)
        assert result.confusion.sum() == 200  # test_limit
        assert result.val_acc == pytest.approx(np.trace(result.confusion) / 200)
        assert 0 < result.train_seconds <= result.seconds
        assert result.samples_per_s == pytest.approx(600 / result.train_seconds)
        assert result.lr == 1e-3
        assert set(result.to_dict()) >= {"epoch", "loss", "acc", "val_loss", "val_acc"}
        assert "confusion" not in result.to_dict()


def test_checkpoints_are_written_every_epoch_and_best_is_the_best(two_epochs: Run) -> None:
    latest = load_checkpoint(two_epochs.paths.latest)
    best = load_checkpoint(two_epochs.paths.best)
    val_accs = [r.val_acc for r in two_epochs.epoch_results]

    assert two_epochs.paths.best.name == "best.safetensors"
    assert latest.status == "completed" and latest.epochs_done == 2
    assert latest.name == "two epochs"
    assert latest.train_config == two_epochs.config.with_run_defaults()  # as recorded
    assert same_weights(latest.state_dict, two_epochs.final)
    assert [h["val_acc"] for h in latest.history] == val_accs
    assert [h["loss"] for h in latest.history] == [r.loss for r in two_epochs.epoch_results]
    assert latest.best_val_acc == max(val_accs)
    assert best.best_val_acc == max(val_accs)
    assert best.val_acc == max(val_accs)  # the weights in `best` are those that scored it
    assert best.epochs_done == 1 + val_accs.index(max(val_accs))
    assert latest.optimizer_state is not None and best.optimizer_state is not None
    # After epoch 1, `latest` held that epoch's training state.
    after_one = load_checkpoint(two_epochs.after_epoch_1)
    assert after_one.epochs_done == 1 and after_one.status == "training"
    assert len(after_one.history) == 1


def test_resuming_after_epoch_1_equals_training_straight_through(
    two_epochs: Run, digits: DatasetSplits
) -> None:
    checkpoint = load_checkpoint(two_epochs.after_epoch_1)
    model = checkpoint.build_model()

    records = list(
        train(model, digits, two_epochs.config, state=TrainingState.from_checkpoint(checkpoint))
    )

    resumed = [r for r in records if isinstance(r, EpochResult)]
    straight = two_epochs.epoch_results[1]
    assert [r.epoch for r in resumed] == [2]
    for name in ("loss", "acc", "val_loss", "val_acc"):
        assert getattr(resumed[0], name) == pytest.approx(getattr(straight, name), abs=1e-6), name
    assert np.array_equal(resumed[0].confusion, straight.confusion)
    # Resumed batches continue the global step count.
    assert next(r for r in records if isinstance(r, BatchProgress)).global_step == 22 + 10
    assert (records[-1].status, records[-1].epochs_done) == ("completed", 2)
    for name, expected in two_epochs.final.items():
        torch.testing.assert_close(model.state_dict()[name], expected, rtol=0, atol=1e-6)


# --------------------------------------------------------------------------- determinism


def tiny_run(digits: DatasetSplits, seed: int) -> tuple[list[float], dict[str, torch.Tensor]]:
    model = new_model()
    records = list(train(model, digits, TrainConfig(epochs=1, seed=seed, **TINY)))
    losses = [r.loss for r in records if isinstance(r, BatchProgress | EpochResult)]
    losses += [r.val_loss for r in records if isinstance(r, EpochResult)]
    return losses, weights(model)


def test_the_same_seed_trains_the_same_model(digits: DatasetSplits) -> None:
    losses, final = tiny_run(digits, seed=5)
    again_losses, again_final = tiny_run(digits, seed=5)
    other_losses, other_final = tiny_run(digits, seed=6)

    assert losses == again_losses
    assert same_weights(final, again_final)
    assert losses != other_losses  # another seed shuffles the digits differently
    assert not same_weights(final, other_final)


# --------------------------------------------------------------------------- control


class SteppingClock:
    """The trainer's `time`: its perf_counter jumps ahead on demand, as a pause of known length.

    A real pause of a known length would need the test to sleep, and a loaded machine
    stretches every sleep; a jump in the clock the trainer reads is exact.
    """

    def __init__(self) -> None:
        self.skipped = 0.0

    def perf_counter(self) -> float:
        return time.perf_counter() + self.skipped

    def __getattr__(self, name: str) -> object:
        return getattr(time, name)


class WatchedControl(TrainingControl):
    """A TrainingControl that tells when the trainer has started to wait on it."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting = threading.Event()

    def wait_while_paused(self) -> None:
        self.waiting.set()
        super().wait_while_paused()


def test_pause_blocks_between_batches_until_resumed(
    digits: DatasetSplits, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = SteppingClock()
    monkeypatch.setattr(training, "time", clock)
    control = WatchedControl()
    model = new_model()
    run = train(model, digits, TrainConfig(epochs=1, **SMALL), control=control)
    first = next(run)
    control.pause()
    at_pause = weights(model)
    received: list = []
    worker = threading.Thread(target=lambda: received.append(next(run)), daemon=True)

    started = clock.perf_counter()
    worker.start()
    # The trainer reaches the pause (however long a busy machine takes to get there) ...
    assert control.waiting.wait(timeout=60), "the trainer never waited on the pause"

    # ... and waits there: no batch was trained, nothing was reported.
    assert control.paused
    assert worker.is_alive()  # waiting, not training
    assert received == []
    assert same_weights(weights(model), at_pause)
    paused_for = 1000.0  # seconds, on the trainer's clock
    clock.skipped += paused_for
    control.resume()
    worker.join(timeout=60)
    wall = clock.perf_counter() - started
    assert not worker.is_alive()
    (record,) = received
    assert isinstance(record, BatchProgress)
    assert (record.epoch, record.batch) == (first.epoch, first.batch + 10)
    # The time paused is not counted as training time: the speed reported implies at most
    # the wall time less the pause (however slowly a busy machine trained).
    trained_seconds = 10 * 28 / record.samples_per_s
    assert trained_seconds <= wall - paused_for
    run.close()


def test_stop_ends_the_run_and_keeps_what_was_trained(
    digits: DatasetSplits, tmp_path: Path
) -> None:
    control = TrainingControl()
    model = new_model()
    initial = weights(model)
    paths = CheckpointPaths.beside(tmp_path / "latest.safetensors")
    run = train(model, digits, TrainConfig(epochs=3, **SMALL), control=control, checkpoints=paths)
    first = next(run)
    assert isinstance(first, BatchProgress)

    control.stop()
    finished = next(run)

    assert isinstance(finished, RunFinished)
    assert finished.status == "stopped" and finished.epochs_done == 0
    assert "epoch 1" in finished.message
    with pytest.raises(StopIteration):
        next(run)
    assert not same_weights(weights(model), initial)  # ten batches of training were kept
    saved = load_checkpoint(paths.latest)
    assert saved.status == "stopped" and saved.epochs_done == 0
    assert same_weights(saved.state_dict, weights(model))
    assert not paths.best.exists()  # no epoch was evaluated


def test_a_paused_run_can_be_stopped(digits: DatasetSplits) -> None:
    control = TrainingControl()
    run = train(new_model(), digits, TrainConfig(epochs=1, **TINY), control=control)
    next(run)
    control.pause()

    control.stop()  # from the GUI's thread while paused: must not hang

    assert not control.paused
    finished = next(run)
    assert isinstance(finished, RunFinished) and finished.status == "stopped"


def test_a_new_learning_rate_applies_from_the_next_batch(digits: DatasetSplits) -> None:
    control = TrainingControl()
    run = train(new_model(), digits, TrainConfig(epochs=1, **TINY), control=control)
    first = next(run)

    control.set_lr(0.0123)
    second = next(run)
    records = list(run)

    assert first.lr == 1e-3
    assert second.lr == 0.0123
    epoch = next(r for r in records if isinstance(r, EpochResult))
    assert epoch.lr == 0.0123


def test_an_out_of_range_learning_rate_is_refused() -> None:
    control = TrainingControl()

    with pytest.raises(ConfigError, match="learning rate must be between"):
        control.set_lr(50.0)
    with pytest.raises(ConfigError):
        control.set_lr(float("nan"))
    assert control.take_lr() is None


# --------------------------------------------------------------------------- divergence


def test_a_nan_loss_ends_the_run_with_the_last_good_weights(
    digits: DatasetSplits, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_loss = nn.functional.cross_entropy
    batches = 0

    def loss_turning_nan(logits, labels, **kwargs):
        nonlocal batches
        loss = real_loss(logits, labels, **kwargs)
        if kwargs.get("reduction", "mean") == "mean":  # training batches, not evaluation
            batches += 1
            if batches > 15:
                return loss * float("nan")
        return loss

    monkeypatch.setattr(nn.functional, "cross_entropy", loss_turning_nan)
    model = new_model()
    paths = CheckpointPaths.beside(tmp_path / "latest.safetensors")
    records = []
    good = None
    for record in train(model, digits, TrainConfig(epochs=1, **SMALL), checkpoints=paths):
        records.append(record)
        if isinstance(record, BatchProgress):
            good = weights(model)

    finished = records[-1]
    assert isinstance(finished, RunFinished)
    assert finished.status == "diverged"
    assert "NaN" in finished.message and "learning rate" in finished.message
    assert [r.batch for r in records[:-1]] == [10]  # the report before the NaN
    assert all_finite(model)
    assert good is not None and same_weights(weights(model), good)
    saved = load_checkpoint(paths.latest)  # the saved run stays loadable
    assert saved.status == "diverged"
    # ...and resumable: the optimizer's moments were rolled back with the weights.
    assert saved.optimizer_state is not None
    for moments in saved.optimizer_state["state"].values():
        assert all(bool(torch.isfinite(value).all()) for value in moments.values())


def test_resuming_a_scheduled_run_continues_its_schedule(
    digits: DatasetSplits, tmp_path: Path
) -> None:
    # Four epochs of StepLR halve the rate after every epoch: 1e-3, 5e-4, 2.5e-4, 1.25e-4.
    config = TrainConfig(epochs=4, lr_schedule="step", **TINY)
    paths = CheckpointPaths.beside(tmp_path / "latest.safetensors")
    control = TrainingControl()
    model = new_model()
    for record in train(model, digits, config, control=control, checkpoints=paths):
        if isinstance(record, EpochResult) and record.epoch == 2:
            control.stop()
    saved = load_checkpoint(paths.latest)
    assert saved.epochs_done == 2

    resumed = saved.build_model().train()
    state = TrainingState.from_checkpoint(saved)
    rates = {
        record.epoch: record.lr
        for record in train(resumed, digits, config, state=state)
        if isinstance(record, EpochResult)
    }
    assert rates == {3: pytest.approx(2.5e-4), 4: pytest.approx(1.25e-4)}


class InfiniteGradient(torch.autograd.Function):
    """Passes the loss through unchanged but makes its gradient infinite (an overflow)."""

    @staticmethod
    def forward(ctx, loss: torch.Tensor) -> torch.Tensor:
        return loss.clone()

    @staticmethod
    def backward(ctx, grad: torch.Tensor) -> torch.Tensor:
        return grad * float("inf")


def test_an_overflowing_gradient_never_leaves_nan_weights(
    digits: DatasetSplits, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_loss = nn.functional.cross_entropy
    batches = 0

    def loss_with_overflowing_gradient(logits, labels, **kwargs):
        nonlocal batches
        loss = real_loss(logits, labels, **kwargs)
        if kwargs.get("reduction", "mean") == "mean":
            batches += 1
            if batches == 10:  # a report batch
                return InfiniteGradient.apply(loss)
        return loss

    monkeypatch.setattr(nn.functional, "cross_entropy", loss_with_overflowing_gradient)
    model = new_model()
    paths = CheckpointPaths.beside(tmp_path / "latest.safetensors")

    records = list(train(model, digits, TrainConfig(epochs=1, **TINY), checkpoints=paths))

    assert isinstance(records[-1], RunFinished)
    assert all_finite(model)
    load_checkpoint(paths.latest)  # what was saved can be opened again


# --------------------------------------------------------------------------- evaluate


def test_evaluate_counts_every_sample_and_restores_the_mode(digits: DatasetSplits) -> None:
    model = new_model()
    images = digits.train.head(300)
    encoder = SequenceEncoder.for_run("mnist", "rows", False, 0)
    with torch.no_grad():
        logits = model.eval()(encoder(images.images.float() / 255.0))
    expected_acc = float((logits.argmax(1) == images.labels).float().mean())
    expected_loss = float(nn.functional.cross_entropy(logits, images.labels))

    model.train()
    result = evaluate(model, images, encoder, CPU, batch_size=64)  # 4 full batches and 44

    assert model.training
    assert result.samples == 300
    assert result.confusion.sum() == 300
    assert (
        result.confusion.sum(axis=1).tolist()
        == torch.bincount(images.labels, minlength=10).tolist()
    )  # rows are the true classes
    assert result.acc == pytest.approx(np.trace(result.confusion) / 300)
    assert result.acc == pytest.approx(expected_acc)
    assert result.loss == pytest.approx(expected_loss, rel=1e-5)
    # Every digit's predicted class, in order: what the confusion-matrix gallery shows.
    assert result.predictions.tolist() == logits.argmax(1).tolist()
    model.eval()
    evaluate(model, images, encoder, CPU)
    assert not model.training


# --------------------------------------------------------------------------- end to end


@pytest.mark.slow
def test_one_epoch_of_the_tutorial_reads_95_percent_of_the_test_digits(
    mnist: DatasetSplits,
) -> None:
    config = TrainConfig(epochs=1, device="cpu")
    model = new_model()

    records = list(train(model, mnist, config))

    (result,) = [r for r in records if isinstance(r, EpochResult)]
    assert result.confusion.sum() == 10000
    assert result.val_acc >= 0.95
    assert (records[-1].status, records[-1].epochs_done) == ("completed", 1)
