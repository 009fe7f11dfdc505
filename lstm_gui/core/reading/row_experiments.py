"""Reading one drawing quickly, row experiments on it, test digits, and the rows-needed curve."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from lstm_gui.core.config import IMAGE_SIDE
from lstm_gui.core.reading.inference import Predictor, RowScan, row_end_steps
from lstm_gui.core.run.data import (
    ImageSet,
    find_dataset_files,
    load_dataset,
    missing_data_message,
)

ERASE_ROWS = "erase_rows"
STOP_AFTER = "stop_after"
REVERSE_ROWS = "reverse_rows"
COLUMNS_AS_ROWS = "columns_as_rows"
SHUFFLE_ROWS = "shuffle_rows"
EXPERIMENT_KINDS = (ERASE_ROWS, STOP_AFTER, REVERSE_ROWS, COLUMNS_AS_ROWS, SHUFFLE_ROWS)
# The rows needed are the fewest rows after which a model reaches this share of its accuracy
# after all 28.
ROWS_NEEDED_SHARE = 0.99


@dataclass(frozen=True)
class RowExperiment:
    """A changed input: the image the model reads, row by row, and how many rows it reads."""

    kind: str
    image: np.ndarray  # (28, 28), ink high
    rows_read: int = IMAGE_SIDE
    row_order: np.ndarray | None = None  # for shuffles: original row index of each fed row

    @property
    def sequence(self) -> np.ndarray:
        """The rows the model actually reads, in order: (rows_read, 28)."""
        return self.image[: self.rows_read]


@dataclass(frozen=True)
class ExperimentOutcome:
    """The model's answer to a changed input."""

    experiment: RowExperiment
    probabilities: np.ndarray  # (classes,)

    @property
    def digit(self) -> int:
        """The best guess."""
        return int(self.probabilities.argmax())

    @property
    def confidence(self) -> float:
        """The best guess's probability."""
        return float(self.probabilities.max())


def _checked(image: np.ndarray) -> np.ndarray:
    array = np.asarray(image, dtype=np.float32)
    if array.shape != (IMAGE_SIDE, IMAGE_SIDE):
        raise ValueError(f"expected a 28x28 image, got shape {array.shape}")
    return array


def _check_row(row: int) -> None:
    if not 1 <= row <= IMAGE_SIDE:
        raise ValueError(f"rows are numbered 1 to {IMAGE_SIDE}, not {row}")


def erase_rows(image: np.ndarray, first: int, last: int | None = None) -> RowExperiment:
    """Blank rows `first`..`last` (1-based, inclusive; one row when `last` is None)."""
    last = first if last is None else last
    _check_row(first)
    _check_row(last)
    first, last = min(first, last), max(first, last)
    erased = _checked(image).copy()
    erased[first - 1 : last] = 0.0
    return RowExperiment(ERASE_ROWS, erased)


def stop_after(image: np.ndarray, rows: int) -> RowExperiment:
    """Let the model read only the first `rows` rows and answer then."""
    _check_row(rows)
    return RowExperiment(STOP_AFTER, _checked(image).copy(), rows_read=rows)


def reverse_rows(image: np.ndarray) -> RowExperiment:
    """Feed the rows bottom first (the image upside down, as the model reads it)."""
    return RowExperiment(REVERSE_ROWS, _checked(image)[::-1].copy())


def columns_as_rows(image: np.ndarray) -> RowExperiment:
    """Feed the columns, left to right, in place of the rows (the transposed image)."""
    return RowExperiment(COLUMNS_AS_ROWS, _checked(image).T.copy())


def shuffle_rows(image: np.ndarray, seed: int) -> RowExperiment:
    """Feed the rows in a random order (the same order for the same seed)."""
    order = np.random.default_rng(seed).permutation(IMAGE_SIDE)
    return RowExperiment(SHUFFLE_ROWS, _checked(image)[order].copy(), row_order=order)


def run_experiments(
    predictor: Predictor, experiments: list[RowExperiment]
) -> list[ExperimentOutcome]:
    """The model's answer to each changed input (inputs of 28 rows in one batch)."""
    probabilities: list[np.ndarray | None] = [None] * len(experiments)
    whole = [index for index, e in enumerate(experiments) if e.rows_read == IMAGE_SIDE]
    if whole:
        batch = predictor.probabilities(np.stack([experiments[i].image for i in whole]))
        for index, row in zip(whole, batch, strict=True):
            probabilities[index] = row
    for index, experiment in enumerate(experiments):
        if probabilities[index] is None:
            probabilities[index] = running_probabilities(predictor, experiment.image[None])[
                0, experiment.rows_read - 1
            ]
    return [
        ExperimentOutcome(experiment, p)
        for experiment, p in zip(experiments, probabilities, strict=True)
        if p is not None
    ]


@torch.no_grad()
def running_probabilities(predictor: Predictor, images: np.ndarray) -> np.ndarray:
    """Class probabilities after each row, (N, 28, classes), for images (N, 28, 28).

    Row t holds the guess after reading rows 1..t, as in `RowScan`. A one-way network's
    recurrent layer already returns its top hidden state after every step, so the fused
    layer does all rows at once; a bidirectional one needs the step-wise trace.

    A model of the memory task answers only after its blank steps, so row t holds its answer
    to rows 1..t followed by those blank steps: one pass per row (see _answers_after_blanks).
    """
    model = predictor.model
    array = np.asarray(images, dtype=np.float32).reshape(-1, IMAGE_SIDE, IMAGE_SIDE)
    sequences = predictor.encoder(torch.from_numpy(array).to(predictor.device))
    if predictor.blank_steps:
        return _answers_after_blanks(predictor, sequences)
    row_ends = row_end_steps(sequences.shape[1])
    if model.directions == 1:
        outputs, _ = model.rnn(sequences)
        logits = model.head(outputs[:, row_ends])
    else:
        logits = model.trace(sequences).logits[:, row_ends]
    return logits.softmax(dim=-1).cpu().numpy()


def _answers_after_blanks(predictor: Predictor, sequences: torch.Tensor) -> np.ndarray:
    """(N, 28, classes): the answer to the image's rows 1..t, then the blank steps, per row t.

    `sequences` are encoded (N, T + D, features), the blank steps last; a step that reads
    several rows is read once for all of them.
    """
    blank = predictor.blank_steps
    image_steps = sequences.shape[1] - blank
    tail = sequences[:, image_steps:]  # the encoder's own blank steps
    answers: dict[int, torch.Tensor] = {}
    row_ends = [int(end) for end in row_end_steps(image_steps)]
    for end in row_ends:
        if end not in answers:
            read = torch.cat([sequences[:, : end + 1], tail], dim=1)
            answers[end] = predictor.model(read).softmax(dim=-1)
    return torch.stack([answers[end] for end in row_ends], dim=1).cpu().numpy()


@dataclass(frozen=True)
class RowsNeededProgress:
    """The rows-needed curve so far: how many test digits were right after each row."""

    done: int  # test digits read so far
    total: int
    correct: np.ndarray  # (28,) digits right after reading rows 1..t

    @property
    def finished(self) -> bool:
        """True when every test digit has been read."""
        return self.done >= self.total

    @property
    def accuracy(self) -> np.ndarray:
        """Fraction right after each row, (28,), over the digits read so far."""
        return self.correct / max(self.done, 1)

    def rows_needed(self, share: float = ROWS_NEEDED_SHARE) -> int:
        """The fewest rows (1-based) after which accuracy reaches `share` of the final one."""
        accuracy = self.accuracy
        reached = np.flatnonzero(accuracy >= share * accuracy[-1])
        return int(reached[0]) + 1 if len(reached) else IMAGE_SIDE


def rows_needed_curve(
    predictor: Predictor, images: torch.Tensor, labels: torch.Tensor, batch_size: int = 500
) -> Iterator[RowsNeededProgress]:
    """Read test images in batches; yield the accuracy-after-each-row curve after each batch.

    `images` are uint8 (N, 28, 28) as stored, `labels` (N,). Stop by no longer iterating.
    """
    total = int(labels.shape[0])
    correct = np.zeros(IMAGE_SIDE, dtype=np.int64)
    for start in range(0, total, batch_size):
        batch = images[start : start + batch_size].to(torch.float32).div_(255.0).numpy()
        guesses = running_probabilities(predictor, batch).argmax(axis=2)  # (B, 28)
        truth = labels[start : start + batch_size].numpy()[:, None]
        correct += (guesses == truth).sum(axis=0)
        yield RowsNeededProgress(min(start + batch_size, total), total, correct.copy())


def load_test_digits(dataset: str, data_dir: Path | None) -> ImageSet:
    """A dataset's test set, read from disk, never downloaded (raises DataError if absent)."""
    return load_dataset(dataset, data_dir, download=False).test


def read_test_set(dataset: str, data_dir: Path | None) -> ImageSet | str:
    """The dataset's test set, or the sentence saying where to put its files when absent."""
    if find_dataset_files(dataset, data_dir) is None:
        return missing_data_message(dataset, data_dir)
    return load_test_digits(dataset, data_dir)


@dataclass(frozen=True)
class TestDigit:
    """One digit of a test set, ready for the pad."""

    __test__ = False  # not a pytest test class, whatever its name

    index: int
    image: np.ndarray  # (28, 28) float32 in [0, 1], ink high
    label: int


def pick_test_digit(test_set: ImageSet, rng: np.random.Generator) -> TestDigit:
    """A random digit of `test_set`."""
    index = int(rng.integers(len(test_set)))
    image = test_set.images[index].numpy().astype(np.float32) / 255.0
    return TestDigit(index, image, int(test_set.labels[index]))


@contextmanager
def one_thread() -> Iterator[None]:
    """Run torch on one thread inside the block, then restore the thread count.

    One image is too small to share out: on two busy cores a row scan takes about 2 ms on one
    thread and 12 ms on two (benchmarks/draw_latency.py). The count is restored at once
    because threads that start later take it as their default.
    """
    previous = torch.get_num_threads()
    if previous == 1:
        yield
        return
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def scan_drawing(predictor: Predictor, image: np.ndarray) -> RowScan:
    """The row-by-row story of one drawn 28x28 image, read as fast as this machine allows."""
    with one_thread():
        return predictor.row_scan(image)
