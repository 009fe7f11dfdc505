"""Fine-tuning a saved model on the personal set, mixed with MNIST, and what it gained and lost.

`fine_tune` is a generator: `FineTuneBefore` (accuracy before, on the personal set and on the
MNIST test images), one `FineTuneStep` per update, then `FineTuneResult` with the figures after
and the new weights. Each batch mixes personal digits (drawn with replacement, with the
augmentation training uses, so a few dozen drawings are not simply memorised) with MNIST
training digits, which hold off forgetting. `save_fine_tuned` writes the result as a new run
(`fine_tune_and_save` does it all, for the GUI's background task); the original checkpoint is
never touched.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import torch
from torch import nn

from lstm_gui.core.config import TrainConfig
from lstm_gui.core.errors import ConfigError, DataError
from lstm_gui.core.numerics import flush_denormals
from lstm_gui.core.run.augment import augment_batch
from lstm_gui.core.run.checkpoint import Checkpoint, load_checkpoint, save_checkpoint
from lstm_gui.core.run.control import TrainingControl, make_optimizer, select_device
from lstm_gui.core.run.data import ImageSet, load_dataset
from lstm_gui.core.run.model import SequenceClassifier
from lstm_gui.core.run.progress import EvalResult
from lstm_gui.core.run.runs import new_run_paths
from lstm_gui.core.run.sequences import SequenceEncoder, to_unit
from lstm_gui.core.run.training import evaluate

# The datasets whose classes are the digits 0-9, which a person's drawings can be mixed with.
DIGIT_DATASETS = ("mnist",)


@dataclass(frozen=True)
class FineTuneSettings:
    """How long and how to fine-tune.

    `personal_share` is the fraction of each batch drawn from the personal set (the rest are
    MNIST training digits); `lr` None means a third of the run's own rate, gentle enough to
    keep most of what the model knew.
    """

    steps: int = 60
    batch_size: int = 32
    personal_share: float = 0.5
    lr: float | None = None
    seed: int = 0
    augment: bool = True

    def __post_init__(self) -> None:
        if not 1 <= self.steps <= 100_000:
            raise ConfigError(f"Fine-tuning takes 1 to 100000 steps, not {self.steps}.")
        if not 2 <= self.batch_size <= 4096:
            raise ConfigError(f"A fine-tuning batch holds 2 to 4096 digits, not {self.batch_size}.")
        if not 0.0 < self.personal_share <= 1.0:
            raise ConfigError(
                f"The share of your digits per batch must be above 0 and at most 1, "
                f"not {self.personal_share}."
            )
        if self.lr is not None and not (math.isfinite(self.lr) and 0 < self.lr <= 1):
            raise ConfigError(f"The learning rate must be above 0 and at most 1, not {self.lr}.")


@dataclass(frozen=True)
class FineTuneBefore:
    """The model's accuracy before fine-tuning."""

    personal: EvalResult
    mnist: EvalResult


@dataclass(frozen=True)
class FineTuneStep:
    """One update done: its number, of how many, and the batch's mean cross-entropy."""

    step: int
    steps: int
    loss: float


@dataclass(frozen=True)
class FineTuneResult:
    """Before and after, on the personal set and the MNIST test images, and the new weights."""

    before: FineTuneBefore
    personal: EvalResult  # after
    mnist: EvalResult  # after
    steps_done: int
    stopped: bool
    state_dict: dict[str, torch.Tensor]

    @property
    def mnist_is_full_test_set(self) -> bool:
        """Whether forgetting was measured on all of MNIST's test set, not its first digits."""
        return self.mnist.samples >= MNIST_TEST_SIZE


def _require_digit_model(config: TrainConfig) -> None:
    """Refuse a model that reads something else than handwritten digits (a DataError)."""
    if config.dataset not in DIGIT_DATASETS:
        raise DataError(
            f"Fine-tuning on your digits needs a model trained on MNIST's digits; "
            f"this one reads {config.dataset}."
        )


def evaluate_on(checkpoint: Checkpoint, images: ImageSet) -> EvalResult:
    """A checkpoint's accuracy and 10x10 confusion on a labelled set (the personal set)."""
    model = checkpoint.build_model()
    encoder = SequenceEncoder.for_config(checkpoint.train_config)
    return evaluate(model, images, encoder, torch.device("cpu"))


def personal_image_set(images: np.ndarray, labels: np.ndarray) -> ImageSet:
    """The personal set's arrays (PersonalListing.arrays()) as the trainer's ImageSet."""
    return ImageSet(
        torch.from_numpy(np.ascontiguousarray(images, dtype=np.uint8)),
        torch.from_numpy(np.asarray(labels, dtype=np.int64)),
    )


def fine_tune(
    checkpoint: Checkpoint,
    personal: ImageSet,
    mnist_train: ImageSet,
    mnist_test: ImageSet,
    settings: FineTuneSettings | None = None,
    control: TrainingControl | None = None,
) -> Iterator[FineTuneBefore | FineTuneStep | FineTuneResult]:
    """Fine-tune a copy of the checkpoint's model; yields before, each step, then the result.

    `mnist_test` is the set forgetting is measured on (all of MNIST's test set, or its first
    images for speed; FineTuneResult says which). A `control` stopped from another thread
    ends the updates early; the figures after are still measured and the result yielded.
    """
    settings = settings or FineTuneSettings()
    control = control or TrainingControl()
    config = checkpoint.train_config
    _require_digit_model(config)
    if len(personal) == 0:
        raise DataError("There are no kept digits to fine-tune on; draw some and keep them.")
    if len(mnist_train) == 0 or len(mnist_test) == 0:
        raise DataError("Fine-tuning needs MNIST's training and test digits; none were read.")
    flush_denormals()  # in the thread that iterates
    device = select_device("auto")
    torch.manual_seed(settings.seed)  # dropout's masks
    generator = torch.Generator().manual_seed(settings.seed)
    model = checkpoint.build_model().to(device)
    encoder = SequenceEncoder.for_config(config)

    before = FineTuneBefore(
        evaluate(model, personal, encoder, device), evaluate(model, mnist_test, encoder, device)
    )
    yield before

    lr = settings.lr if settings.lr is not None else config.lr / 3
    optimizer = make_optimizer(model, replace(config, lr=lr))
    personal_images = to_unit(personal.images, device)
    personal_labels = personal.labels.to(device)
    mine = max(1, round(settings.batch_size * settings.personal_share))
    theirs = settings.batch_size - mine
    steps_done = 0
    model.train()
    for step in range(1, settings.steps + 1):
        if control.stopped:
            break
        pick = torch.randint(len(personal), (mine,), generator=generator).to(device)
        images = personal_images[pick]
        if settings.augment:
            images = augment_batch(images, generator)
        labels = personal_labels[pick]
        if theirs > 0:
            other = torch.randint(len(mnist_train), (theirs,), generator=generator)
            images = torch.cat([images, to_unit(mnist_train.images[other], device)])
            labels = torch.cat([labels, mnist_train.labels[other].to(device)])
        loss = _update(model, optimizer, encoder(images), labels, config.grad_clip)
        steps_done = step
        yield FineTuneStep(step, settings.steps, loss)
    model.eval()

    yield FineTuneResult(
        before=before,
        personal=evaluate(model, personal, encoder, device),
        mnist=evaluate(model, mnist_test, encoder, device),
        steps_done=steps_done,
        stopped=steps_done < settings.steps,
        state_dict={name: value.detach().cpu() for name, value in model.state_dict().items()},
    )


# MNIST's test set: 10,000 digits. Fewer means a subset was measured.
MNIST_TEST_SIZE = 10_000


def _update(
    model: SequenceClassifier,
    optimizer: torch.optim.Optimizer,
    sequences: torch.Tensor,
    labels: torch.Tensor,
    grad_clip: float | None,
) -> float:
    logits = model(sequences)
    loss = nn.functional.cross_entropy(logits, labels)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    if grad_clip is not None:
        nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
    optimizer.step()
    return float(loss.detach())


def fine_tuned_name(checkpoint: Checkpoint, digits: int) -> str:
    """The new run's name: the original's, fine-tuned on how many digits."""
    base = checkpoint.name or checkpoint.model_config.label
    return f"{base}, fine-tuned on {digits} of my digits"


def save_fine_tuned(
    checkpoint: Checkpoint,
    result: FineTuneResult,
    digits: int,
    runs_root: str | os.PathLike[str] | None = None,
) -> Path:
    """Save the fine-tuned weights as a new run folder (its `latest` checkpoint); its path.

    The original's settings are kept; its epoch history is not (those epochs trained other
    weights), and the test accuracy recorded is the MNIST accuracy after fine-tuning when
    it was measured on the whole test set, else none.
    """
    paths = new_run_paths(checkpoint.model_config, checkpoint.train_config, runs_root)
    fine_tuned = Checkpoint(
        model_config=checkpoint.model_config,
        train_config=checkpoint.train_config,
        state_dict=result.state_dict,
        epochs_done=checkpoint.epochs_done,
        history=[],
        best_val_acc=result.mnist.acc if result.mnist_is_full_test_set else None,
        status="completed",
        name=fine_tuned_name(checkpoint, digits),
    )
    return save_checkpoint(paths.latest, fine_tuned)


@dataclass(frozen=True)
class FineTuneSaved:
    """Where the fine-tuned model was saved (a new run's checkpoint) and its name."""

    path: Path
    name: str
    result: FineTuneResult


def fine_tune_and_save(
    checkpoint_path: str | os.PathLike[str],
    images: np.ndarray,
    labels: np.ndarray,
    *,
    data_dir: str | os.PathLike[str] | None = None,
    runs_root: str | os.PathLike[str] | None = None,
    settings: FineTuneSettings | None = None,
    control: TrainingControl | None = None,
    mnist_test_limit: int | None = None,
) -> Iterator[FineTuneBefore | FineTuneStep | FineTuneResult | FineTuneSaved]:
    """Read the checkpoint and MNIST, fine-tune (fine_tune's records), then save a new run.

    The last record is FineTuneSaved. MNIST is read from `data_dir` or where the app looks
    for it, never downloaded (a missing copy is a DataError saying where to put it).
    """
    checkpoint = load_checkpoint(checkpoint_path)
    _require_digit_model(checkpoint.train_config)  # before MNIST is read
    data = load_dataset(checkpoint.train_config.dataset, data_dir, download=False)
    result: FineTuneResult | None = None
    for record in fine_tune(
        checkpoint,
        personal_image_set(images, labels),
        data.train,
        data.test.head(mnist_test_limit),
        settings,
        control,
    ):
        yield record
        if isinstance(record, FineTuneResult):
            result = record
    assert result is not None  # fine_tune always ends with its result
    path = save_fine_tuned(checkpoint, result, len(labels), runs_root)
    yield FineTuneSaved(path, fine_tuned_name(checkpoint, len(labels)), result)
