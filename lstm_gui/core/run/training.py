"""Training as a generator of progress records, with pause/stop/LR control; evaluation."""

from __future__ import annotations

import copy
import math
import time
import warnings
from collections.abc import Callable, Generator, Iterator
from typing import Any

import numpy as np
import torch
from torch import nn

from lstm_gui.core.config import TrainConfig
from lstm_gui.core.inside.gradients import PROBE_SAMPLES, input_gradient_norms, probe_batch
from lstm_gui.core.numerics import autocast, flush_denormals
from lstm_gui.core.run.augment import augment_batch
from lstm_gui.core.run.checkpoint import Checkpoint, save_checkpoint
from lstm_gui.core.run.control import (
    CheckpointPaths,
    TrainingControl,
    TrainingState,
    make_optimizer,
    make_scheduler,
    select_device,
)
from lstm_gui.core.run.data import DatasetSplits, ImageSet
from lstm_gui.core.run.model import SequenceClassifier
from lstm_gui.core.run.progress import (
    BatchProgress,
    EpochResult,
    EvalResult,
    EvaluationProgress,
    Progress,
    RunFinished,
    RunStatus,
)
from lstm_gui.core.run.sequences import SequenceEncoder, to_unit


def evaluation(
    model: SequenceClassifier,
    images: ImageSet,
    encoder: SequenceEncoder,
    device: torch.device,
    batch_size: int = 1000,
    final_logits: Callable[[torch.Tensor], torch.Tensor] | None = None,
) -> Generator[EvaluationProgress, None, None]:
    """Evaluate batch by batch: a record per batch, the result (loss, accuracy, confusion) last.

    `final_logits` maps a batch of encoded sequences to the logits the answer is read from
    (the model's forward when None). The model's mode is restored, even if iteration stops.
    """
    flush_denormals()
    logits_of = final_logits or model
    was_training = model.training
    model.eval()
    classes = model.config.num_classes
    confusion = torch.zeros(classes * classes, dtype=torch.int64)
    predictions = []
    total_loss, total = 0.0, len(images)
    try:
        for start in range(0, total, batch_size):
            batch = to_unit(images.images[start : start + batch_size], device)
            labels = images.labels[start : start + batch_size].to(device)
            with torch.no_grad():
                logits = logits_of(encoder(batch))
            total_loss += nn.functional.cross_entropy(logits, labels, reduction="sum").item()
            predicted = logits.argmax(dim=1)
            predictions.append(predicted.cpu())
            confusion += torch.bincount(
                (labels * classes + predicted).cpu(), minlength=classes * classes
            )
            done = min(total, start + batch_size)
            if done < total:
                yield EvaluationProgress(done, total)
    finally:
        model.train(was_training)
    count = max(1, total)
    matrix = confusion.view(classes, classes).numpy()
    predicted_classes = (
        torch.cat(predictions).numpy() if predictions else np.zeros(0, dtype=np.int64)
    )
    result = EvalResult(
        total_loss / count, float(np.trace(matrix)) / count, matrix, predicted_classes
    )
    yield EvaluationProgress(total, total, result)


def evaluate(
    model: SequenceClassifier,
    images: ImageSet,
    encoder: SequenceEncoder,
    device: torch.device,
    batch_size: int = 1000,
) -> EvalResult:
    """Mean cross-entropy, accuracy and confusion matrix; the model's mode is restored."""
    for record in evaluation(model, images, encoder, device, batch_size):
        if record.result is not None:
            return record.result
    raise AssertionError("evaluation always ends with its result")  # pragma: no cover


def _snapshot(
    model: nn.Module, optimizer: torch.optim.Optimizer
) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    """Copies of the weights and the optimizer's state, to roll back to after a divergence."""
    weights = {k: v.detach().clone() for k, v in model.state_dict().items()}
    return weights, copy.deepcopy(optimizer.state_dict())


def _all_finite(model: nn.Module) -> bool:
    return all(bool(torch.isfinite(p).all()) for p in model.parameters())


def _gradient_norm(model: nn.Module) -> torch.Tensor:
    grads = [p.grad for p in model.parameters() if p.grad is not None]
    return torch.linalg.vector_norm(torch.stack(torch._foreach_norm(grads)))


def train(
    model: SequenceClassifier,
    data: DatasetSplits,
    config: TrainConfig,
    *,
    device: torch.device | None = None,
    control: TrainingControl | None = None,
    state: TrainingState | None = None,
    checkpoints: CheckpointPaths | None = None,
    run_name: str = "",
) -> Iterator[Progress]:
    """Train `model`, yielding BatchProgress records, an EpochResult per epoch, a RunFinished.

    The generator runs in whichever thread iterates it; that thread is set up for training
    (denormals flushed, its thread count) by `prepare_thread`, which `session.prepare_run`
    calls: iterate in the thread that prepared the run.

    Pause, stop and learning-rate changes from `control` act between batches. `state` resumes
    a run. With `checkpoints`, `latest` is saved after every epoch and when the run ends, and
    `best` whenever validation accuracy improves. A loss that turns NaN or infinite ends the
    run as "diverged" with the weights of the last good report restored.
    """
    # Settings only (no thread set-up): a checkpoint records the same filled-in settings whether
    # the run came through session.prepare_run or a caller of train() directly.
    config = config.with_run_defaults()
    report_every = config.batches_per_report
    control = control or TrainingControl()
    state = state or TrainingState()
    device = device or select_device(config.device)
    model.to(device).train()
    optimizer = make_optimizer(model, config)
    if state.optimizer_state is not None:
        optimizer.load_state_dict(state.optimizer_state)
    scheduler = make_scheduler(optimizer, config)
    if scheduler is not None:
        # The saved rate is already decayed; replaying the schedule from it would decay it
        # twice, so the replay starts from the run's initial rate.
        for group in optimizer.param_groups:
            group["lr"] = group.get("initial_lr", config.lr)
        with warnings.catch_warnings():
            # A replay of epochs already trained; torch warns because this optimizer has
            # not stepped yet, which here skips nothing.
            warnings.filterwarnings("ignore", message="Detected call of `lr_scheduler.step")
            for _ in range(state.epochs_done):
                scheduler.step()
    encoder = SequenceEncoder.for_config(config)
    train_set = data.train.head(config.train_limit)
    test_set = data.test.head(config.test_limit)
    # Gradient through time on a fixed probe batch, before training and after every epoch:
    # one forward and backward pass of PROBE_SAMPLES test images each time.
    probe = probe_batch(test_set, encoder, device, PROBE_SAMPLES)
    initial_profile = (
        tuple(input_gradient_norms(model, *probe).tolist()) if state.epochs_done == 0 else None
    )
    # The whole training set as floats on the device: one indexing op per batch, no
    # per-sample Python work.
    train_images = to_unit(train_set.images, device)
    train_labels = train_set.labels.to(device)
    samples = len(train_set)
    batches = math.ceil(samples / config.batch_size)
    global_step = state.epochs_done * batches
    last_good = _snapshot(model, optimizer)

    def finish(status: RunStatus, message: str = "") -> RunFinished:
        # Saved whatever the ending: a stopped or diverged run keeps what it learned.
        _save(checkpoints, "latest", model, config, state, optimizer, status, run_name)
        return RunFinished(status, state.epochs_done, message)

    for epoch in range(state.epochs_done + 1, config.epochs + 1):
        # Seeding per epoch makes a resumed run shuffle exactly as an uninterrupted one.
        torch.manual_seed(config.seed * 100_003 + epoch)
        generator = torch.Generator().manual_seed(config.seed * 100_003 + epoch)
        order = torch.randperm(samples, generator=generator).to(device)
        epoch_start = time.perf_counter()
        # Sums stay tensors between reports: a Python float per batch costs measurable time.
        loss_sum = torch.zeros((), device=device)
        correct = torch.zeros((), dtype=torch.int64, device=device)
        reported_loss_sum, reported_batches, reported_correct = 0.0, 0, 0
        interval_start = epoch_start
        for batch in range(1, batches + 1):
            if control.paused:
                paused_at = time.perf_counter()
                control.wait_while_paused()
                # Time spent paused is not training time.
                pause = time.perf_counter() - paused_at
                epoch_start += pause
                interval_start += pause
            if control.stopped:
                yield finish(RunStatus.STOPPED, f"Stopped by the user in epoch {epoch}.")
                return
            new_lr = control.take_lr()
            if new_lr is not None:
                for group in optimizer.param_groups:
                    group["lr"] = new_lr
            index = order[(batch - 1) * config.batch_size : batch * config.batch_size]
            images = train_images[index]
            if config.augment:
                images = augment_batch(images, generator)
            labels = train_labels[index]
            with autocast(config.precision, device):
                logits = model(encoder(images))
                loss = nn.functional.cross_entropy(logits, labels)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            report = batch % report_every == 0 or batch == batches
            grad_norm = None
            if config.grad_clip is not None:
                grad_norm = nn.utils.clip_grad_norm_(model.parameters(), config.grad_clip)
            elif report:
                grad_norm = _gradient_norm(model)
            optimizer.step()
            loss_sum += loss.detach() * len(index)
            correct += (logits.argmax(dim=1) == labels).sum()
            global_step += 1
            if report:
                seen = min(batch * config.batch_size, samples)
                total_loss = float(loss_sum)
                # Checked per report, not per batch: the weights of the last good report
                # come back, so a few wasted batches cost nothing. The weights are checked
                # too: an overflowing gradient turns them NaN while the loss is still finite.
                if not math.isfinite(total_loss) or not _all_finite(model):
                    # The optimizer's moments go back too: after a NaN step they are NaN,
                    # and a resumed run would diverge again at once.
                    model.load_state_dict(last_good[0])
                    optimizer.load_state_dict(last_good[1])
                    yield finish(
                        RunStatus.DIVERGED,
                        f"Training diverged in epoch {epoch} near batch {batch} (the loss or "
                        "the weights became infinite or NaN); it stopped and the last good "
                        "weights were kept. Try a smaller learning rate or gradient clipping.",
                    )
                    return
                last_good = _snapshot(model, optimizer)
                now = time.perf_counter()
                interval_samples = seen - min(reported_batches * config.batch_size, samples)
                correct_so_far = int(correct)
                yield BatchProgress(
                    epoch=epoch,
                    epochs=config.epochs,
                    batch=batch,
                    batches=batches,
                    global_step=global_step,
                    loss=(total_loss - reported_loss_sum) / interval_samples,
                    acc=(correct_so_far - reported_correct) / interval_samples,
                    running_loss=total_loss / seen,
                    running_acc=correct_so_far / seen,
                    grad_norm=float(grad_norm) if grad_norm is not None else float("nan"),
                    samples_per_s=interval_samples / max(now - interval_start, 1e-9),
                    lr=optimizer.param_groups[0]["lr"],
                )
                reported_loss_sum, reported_batches = total_loss, batch
                reported_correct = correct_so_far
                interval_start = time.perf_counter()
        epoch_loss = float(loss_sum)
        epoch_correct = int(correct)
        train_seconds = time.perf_counter() - epoch_start
        result = evaluate(model, test_set, encoder, device)
        lr = optimizer.param_groups[0]["lr"]
        if scheduler is not None:
            scheduler.step()
        epoch_result = EpochResult(
            epoch=epoch,
            epochs=config.epochs,
            loss=epoch_loss / samples,
            acc=epoch_correct / samples,
            val_loss=result.loss,
            val_acc=result.acc,
            train_seconds=train_seconds,
            seconds=time.perf_counter() - epoch_start,
            samples_per_s=samples / train_seconds,
            lr=lr,
            confusion=result.confusion,
            predictions=result.predictions,
            step_gradient_norms=tuple(input_gradient_norms(model, *probe).tolist()),
            initial_step_gradient_norms=initial_profile if epoch == 1 else None,
        )
        state.epochs_done = epoch
        state.history.append(epoch_result.to_dict())
        if checkpoints is not None:
            _save(
                checkpoints, "latest", model, config, state, optimizer, RunStatus.TRAINING, run_name
            )
            if state.best_val_acc is None or result.acc > state.best_val_acc:
                state.best_val_acc = result.acc
                _save(
                    checkpoints,
                    "best",
                    model,
                    config,
                    state,
                    optimizer,
                    RunStatus.TRAINING,
                    run_name,
                )
        elif state.best_val_acc is None or result.acc > state.best_val_acc:
            state.best_val_acc = result.acc
        yield epoch_result
    state.optimizer_state = optimizer.state_dict()
    yield finish(RunStatus.COMPLETED)


def _save(
    paths: CheckpointPaths | None,
    which: str,
    model: SequenceClassifier,
    config: TrainConfig,
    state: TrainingState,
    optimizer: torch.optim.Optimizer,
    status: RunStatus,
    run_name: str,
) -> None:
    if paths is None:
        return
    state.optimizer_state = optimizer.state_dict()
    checkpoint = Checkpoint(
        model_config=model.config,
        train_config=config,
        state_dict=model.state_dict(),
        epochs_done=state.epochs_done,
        history=state.history,
        best_val_acc=state.best_val_acc,
        optimizer_state=state.optimizer_state,
        status=status,
        name=run_name,
    )
    save_checkpoint(paths.latest if which == "latest" else paths.best, checkpoint)
