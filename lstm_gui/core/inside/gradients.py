"""Gradient through time: how strongly the loss depends on each step's input and hidden state.

For a batch of sequences x (N, T, F) with labels y, L is the mean cross-entropy. The profile of
a model is, for every step t, the mean over the N samples of ||dL/dx_t|| (the input gradient)
and of ||dL/dh_t|| (the hidden-state gradient of the top layer, through the recurrence: h_t
reaches L only through h_{t+1}, ..., h_T). Both are measured in evaluation mode and fp32, with
the model's weights untouched and its mode restored.

Training measures the input profile on a fixed probe batch (the first PROBE_SAMPLES images of
the run's test set) before the first epoch and after every epoch; `StepGradientLog` keeps
those profiles beside the run's curves.csv, one row per epoch, in step_gradients.csv.
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from lstm_gui.core.errors import LstmGuiError
from lstm_gui.core.run.data import ImageSet
from lstm_gui.core.run.model import SequenceClassifier, cell_step
from lstm_gui.core.run.progress import rounded_profile
from lstm_gui.core.run.sequences import SequenceEncoder, to_unit

# Images in the probe batch training measures after every epoch, and the default N of the
# `gradients` command: the same number, so the last epoch's profile is the command's.
PROBE_SAMPLES = 256
# Sequences differentiated at once: a 784-step LSTM keeps about 4 MB of activations per
# sequence for the backward pass, so the memory stays bounded whatever N is asked for.
CHUNK = 64
# The file beside curves.csv holding a run's profiles (epoch 0: before training).
STEP_GRADIENTS = "step_gradients.csv"


@dataclass(frozen=True)
class GradientProfile:
    """Per-step gradient norms of the mean loss over `samples` sequences."""

    input_norms: np.ndarray  # (T,) mean over samples of ||dL/dx_t||_2
    hidden_norms: np.ndarray | None  # (T,) mean of ||dL/dh_t||_2, top layer; None: bidirectional
    samples: int
    # (T,) mean of ||dL/dc_t||_2, the top LSTM layer's cell state; None for other cells. The
    # gradient reaching c_t through c_{t+1} (the forget gate's path) and through h_t.
    cell_norms: np.ndarray | None = None

    @property
    def steps(self) -> int:
        """The sequence length T."""
        return int(self.input_norms.shape[0])

    def to_dict(self) -> dict[str, Any]:
        """JSON-able figures: steps, samples and both profiles (full precision)."""
        return {
            "steps": self.steps,
            "samples": self.samples,
            "input_gradient_norms": [float(v) for v in self.input_norms],
            "hidden_gradient_norms": (
                None if self.hidden_norms is None else [float(v) for v in self.hidden_norms]
            ),
            "cell_gradient_norms": (
                None if self.cell_norms is None else [float(v) for v in self.cell_norms]
            ),
        }


def early_late_ratio(norms: Sequence[float] | np.ndarray) -> float:
    """Mean norm over the first quarter of the steps ÷ mean over the last quarter.

    Below 1: the loss depends less on what was read early (a vanishing gradient); a quarter is
    at least one step. NaN when the last quarter's mean is zero.
    """
    values = np.asarray(norms, dtype=np.float64)
    quarter = max(1, len(values) // 4)
    late = float(values[-quarter:].mean())
    return float(values[:quarter].mean()) / late if late > 0 else math.nan


@contextmanager
def _evaluation_mode(model: nn.Module) -> Iterator[None]:
    was_training = model.training
    model.eval()
    try:
        with torch.enable_grad():
            yield
    finally:
        model.train(was_training)


def probe_batch(
    images: ImageSet, encoder: SequenceEncoder, device: torch.device, samples: int
) -> tuple[torch.Tensor, torch.Tensor]:
    """The first `samples` images as the model reads them (÷255, the run's encoder) and labels."""
    head = images.head(samples)
    return encoder(to_unit(head.images, device)), head.labels.to(device)


def input_gradient_norms(
    model: SequenceClassifier, sequences: torch.Tensor, labels: torch.Tensor
) -> np.ndarray:
    """(T,) mean over the sequences of ||dL/dx_t||, L their mean cross-entropy.

    Uses the model's own (fused) forward pass, so it works for every network, and costs one
    forward and backward pass of the batch.
    """
    count = sequences.shape[0]
    total = torch.zeros(sequences.shape[1], dtype=torch.float64, device=sequences.device)
    with _evaluation_mode(model):
        for start in range(0, count, CHUNK):
            x = sequences[start : start + CHUNK].detach().float().requires_grad_(True)
            # Summed, then divided by the whole count: each chunk's share of the mean loss.
            loss = (
                nn.functional.cross_entropy(
                    model(x), labels[start : start + CHUNK], reduction="sum"
                )
                / count
            )
            (grad,) = torch.autograd.grad(loss, [x])
            total += torch.linalg.vector_norm(grad, dim=2).sum(dim=0).double()
    return (total / max(count, 1)).cpu().numpy()


def gradient_profile(
    model: SequenceClassifier, sequences: torch.Tensor, labels: torch.Tensor
) -> GradientProfile:
    """Input, hidden-state (and LSTM cell-state) gradient norms per step of the mean loss.

    The states are those of the top layer, run step by step so that each h_t (and c_t) is a
    node the gradient flows through on its way back. A bidirectional network's hidden states
    read in both directions; only its input profile is measured (hidden_norms is None).
    """
    if model.config.bidirectional:
        return GradientProfile(
            input_gradient_norms(model, sequences, labels), None, int(sequences.shape[0])
        )
    count = sequences.shape[0]
    steps = sequences.shape[1]
    input_total = torch.zeros(steps, dtype=torch.float64, device=sequences.device)
    hidden_total = torch.zeros(steps, dtype=torch.float64, device=sequences.device)
    cell_total = torch.zeros(steps, dtype=torch.float64, device=sequences.device)
    with _evaluation_mode(model):
        for start in range(0, count, CHUNK):
            x = sequences[start : start + CHUNK].detach().float().requires_grad_(True)
            hidden, cells = _stepwise_top_states(model, x)
            logits = model.head(hidden[-1])
            loss = (
                nn.functional.cross_entropy(logits, labels[start : start + CHUNK], reduction="sum")
                / count
            )
            # c_T reaches the loss only through h_T: its gradient may be unused (None) no more
            # than h's; allow_unused keeps a zero-gradient state from raising.
            grads = torch.autograd.grad(loss, [x, *hidden, *cells], allow_unused=True)
            input_total += torch.linalg.vector_norm(grads[0], dim=2).sum(dim=0).double()
            hidden_total += _summed_norms(grads[1 : 1 + steps], x)
            if cells:
                cell_total += _summed_norms(grads[1 + steps :], x)
    denominator = max(count, 1)
    return GradientProfile(
        (input_total / denominator).cpu().numpy(),
        (hidden_total / denominator).cpu().numpy(),
        int(count),
        (cell_total / denominator).cpu().numpy() if model.config.cell == "lstm" else None,
    )


def _summed_norms(grads: Sequence[torch.Tensor | None], like: torch.Tensor) -> torch.Tensor:
    """(T,) the sum over the chunk's sequences of each step's gradient norm (None: zero)."""
    norms = [
        torch.zeros((), dtype=torch.float64, device=like.device)
        if grad is None
        else torch.linalg.vector_norm(grad, dim=1).sum().double()
        for grad in grads
    ]
    return torch.stack(norms)


def _stepwise_top_states(
    model: SequenceClassifier, x: torch.Tensor
) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
    """The top layer's h_1..h_T (and an LSTM's c_1..c_T) as separate graph nodes.

    The same maths as nn.LSTM/GRU/RNN, one step at a time.
    """
    cell = str(model.config.cell)
    layer_input = x
    hidden: list[torch.Tensor] = []
    cells: list[torch.Tensor] = []
    for layer in range(model.config.num_layers):
        w_ih = getattr(model.rnn, f"weight_ih_l{layer}")
        w_hh = getattr(model.rnn, f"weight_hh_l{layer}")
        b_ih = getattr(model.rnn, f"bias_ih_l{layer}")
        b_hh = getattr(model.rnn, f"bias_hh_l{layer}")
        projected = layer_input @ w_ih.t() + b_ih  # every step's input projection at once
        h = x.new_zeros(x.shape[0], model.config.hidden_size)
        c = torch.zeros_like(h)
        hidden = []
        cells = []
        for t in range(x.shape[1]):
            h, c, _ = cell_step(cell, projected[:, t], h @ w_hh.t() + b_hh, h, c)
            if cell == "lstm":
                cells.append(c)
            hidden.append(h)
        # Dropout between layers is off in evaluation mode.
        layer_input = torch.stack(hidden, dim=1)
    return hidden, cells


def probe_profile(
    model: SequenceClassifier,
    images: ImageSet,
    encoder: SequenceEncoder,
    device: torch.device,
    samples: int = PROBE_SAMPLES,
) -> GradientProfile:
    """The gradient profile on the first `samples` images of a labelled set."""
    sequences, labels = probe_batch(images, encoder, device, samples)
    return gradient_profile(model, sequences, labels)


# --------------------------------------------------------------------------- the run's file


class StepGradientLog:
    """Appends a run's per-epoch input-gradient profiles to its folder's step_gradients.csv.

    Columns: epoch, then step_1..step_T (mean ||dL/dx_t|| on the probe batch); epoch 0 is the
    profile before training. One row per epoch, flushed at once, like CurveLog's curves.csv.
    """

    def __init__(self, folder: str | os.PathLike[str], keep_epochs: int = 0) -> None:
        """Start the log; a resumed run keeps the rows of its `keep_epochs` finished epochs."""
        self.path = Path(folder) / STEP_GRADIENTS
        loaded = load_step_gradients(folder)
        self._kept: list[list[float]] = []
        if loaded is not None:
            epochs, norms = loaded
            self._kept = [
                [float(epoch), *row]
                for epoch, row in zip(epochs, norms, strict=True)
                if epoch <= keep_epochs
            ]
        self._steps = len(self._kept[0]) - 1 if self._kept else None
        self._stream: Any = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self._kept:
                self._rewrite()
            elif self.path.exists():
                self.path.unlink()
        except OSError as exc:
            raise LstmGuiError(f"Cannot write {self.path}: {exc.strerror or exc}.") from None

    def append(self, epoch: int, norms: Sequence[float]) -> None:
        """Write one epoch's profile (epoch 0: before training)."""
        try:
            if self._stream is None:
                new = not self.path.exists()
                self._stream = self.path.open("a", newline="", encoding="utf-8")
                if new:
                    self._steps = len(norms)
                    csv.writer(self._stream).writerow(_header(len(norms)))
            if len(norms) != self._steps:
                return  # another length than the run's: not this run's profile
            csv.writer(self._stream).writerow([epoch, *rounded_profile(norms)])
            self._stream.flush()
        except OSError as exc:
            raise LstmGuiError(f"Cannot write {self.path}: {exc.strerror or exc}.") from None

    def _rewrite(self) -> None:
        temporary = self.path.with_name(f".{self.path.name}.tmp")
        with temporary.open("w", newline="", encoding="utf-8") as stream:
            writer = csv.writer(stream)
            writer.writerow(_header(len(self._kept[0]) - 1))
            for row in self._kept:
                writer.writerow([int(row[0]), *row[1:]])
        os.replace(temporary, self.path)

    def close(self) -> None:
        """Close the file (rows are already on disk)."""
        if self._stream is not None:
            self._stream.close()
            self._stream = None

    def __enter__(self) -> StepGradientLog:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _header(steps: int) -> list[str]:
    return ["epoch", *(f"step_{t}" for t in range(1, steps + 1))]


def load_step_gradients(
    folder: str | os.PathLike[str],
) -> tuple[np.ndarray, np.ndarray] | None:
    """A run's profiles: epochs (E,) and norms (E, T), ready for an epochs x steps heatmap.

    None when the run has none or its file is unreadable; a last row cut short by a crash is
    dropped.
    """
    path = Path(folder) / STEP_GRADIENTS
    try:
        with path.open(newline="", encoding="utf-8") as stream:
            reader = csv.reader(stream)
            header = next(reader)
            lines = list(reader)
    except (OSError, StopIteration, UnicodeDecodeError, csv.Error):
        return None
    if not header or header != _header(len(header) - 1) or len(header) < 2:
        return None
    rows = []
    for index, line in enumerate(lines):
        try:
            if len(line) != len(header):
                raise ValueError(line)
            rows.append([float(cell) for cell in line])
        except ValueError:
            if index == len(lines) - 1:
                break
            return None
    if not rows:
        return None
    array = np.array(rows, dtype=np.float64)
    return array[:, 0].astype(np.int64), array[:, 1:]
