"""Prediction, per-row probabilities and per-row states of a trained model."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch

from lstm_gui.core.config import IMAGE_SIDE, pixels_per_step
from lstm_gui.core.inside.interventions import Intervention, InterventionLimits, trace_under
from lstm_gui.core.numerics import flush_denormals
from lstm_gui.core.run.checkpoint import Checkpoint, load_checkpoint
from lstm_gui.core.run.data import dataset_spec
from lstm_gui.core.run.model import Gate
from lstm_gui.core.run.sequences import SequenceEncoder
from lstm_gui.resources import bundled_model_path

# The names of the states in RowScan.states besides the gates.
HIDDEN = "hidden"
CELL = "cell"


@dataclass(frozen=True)
class Prediction:
    """The model's answer for one image."""

    digit: int
    confidence: float
    probabilities: np.ndarray  # (classes,), sums to 1


@dataclass(frozen=True)
class RowScan:
    """What the model thought after each row of one image (row t = rows 1..t read).

    For the tutorial's 28 steps each step is a row. Other lengths are taken at the step that
    reads each row's last pixel (every 28th step of 784, every 2nd of 56; see row_end_steps).
    A model trained on the memory task reads blank (all-zero) steps after the image and
    answers after the last: each of those is one more entry after the 28 rows, so the arrays
    have 28 + blank_steps entries and the last one is the answer.
    """

    image: np.ndarray  # (28, 28) the input, ink high
    probabilities: np.ndarray  # (entries, classes): the 28 rows, then the blank steps
    hidden: np.ndarray  # (entries, hidden) top layer's h_t
    cell: np.ndarray | None  # (entries, hidden) the LSTM's c_t; None for GRU and RNN
    gates: dict[Gate, np.ndarray]  # in the cell's order (model.GATE_NAMES) -> (entries, hidden)
    steps: int = IMAGE_SIDE  # the image's steps T (which chunk each row ends in)
    blank_steps: int = 0  # the blank steps read after the image (the memory task)

    @property
    def entries(self) -> int:
        """How many states the scan holds: the 28 image rows, then the blank steps."""
        return IMAGE_SIDE + self.blank_steps

    def is_blank(self, entry: int) -> bool:
        """Whether entry `entry` (1-based, as rows are numbered) is a blank step."""
        return entry > IMAGE_SIDE

    @property
    def states(self) -> dict[str, np.ndarray]:
        """Every state by name, in the order to show them: hidden, cell (LSTM), the gates."""
        states: dict[str, np.ndarray] = {HIDDEN: self.hidden}
        if self.cell is not None:
            states[CELL] = self.cell
        for gate, values in self.gates.items():
            states[gate] = values
        return states

    @property
    def guesses(self) -> np.ndarray:
        """The best guess after each row."""
        return self.probabilities.argmax(axis=1)

    @property
    def final(self) -> int:
        """The answer after reading every row."""
        return int(self.guesses[-1])

    @property
    def decided_at(self) -> int:
        """The first entry (1-based) from which the guess is the final answer and stays so.

        Above 28 when the guess changed during the blank steps (see is_blank).
        """
        guesses = self.guesses
        row = len(guesses)
        while row > 1 and guesses[row - 2] == guesses[-1]:
            row -= 1
        return row


def row_end_steps(steps: int) -> torch.Tensor:
    """For each of the 28 image rows, the step that reads its last pixel (0-based, (28,)).

    Every step of the 28-step view, every 28th of 784, every 2nd of 56. A step longer than a
    row reads several rows, so 14 steps give 0, 0, 1, 1, ...: the state after row t is the
    one after the step that finishes it.
    """
    per_step = pixels_per_step(steps)
    row_ends = torch.arange(1, IMAGE_SIDE + 1) * IMAGE_SIDE  # pixels read when a row ends
    return (row_ends + per_step - 1) // per_step - 1


class Predictor:
    """A trained model ready to read 28x28 images (float, ink high, values in [0, 1])."""

    def __init__(self, checkpoint: Checkpoint, device: torch.device | None = None) -> None:
        self.checkpoint = checkpoint
        self.device = device or torch.device("cpu")
        self.model = checkpoint.build_model().to(self.device)
        self.encoder = SequenceEncoder.for_config(checkpoint.train_config)
        self.classes = dataset_spec(checkpoint.train_config.dataset).classes

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Predictor:
        """Load a checkpoint file (raises CheckpointError for files it cannot trust)."""
        return cls(load_checkpoint(path))

    @classmethod
    def bundled(cls) -> Predictor:
        """The pretrained model shipped in resources/."""
        return cls.from_file(bundled_model_path())

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None) -> Predictor:
        """The checkpoint at `path`, or the bundled model when None: the model a view uses."""
        return cls.bundled() if path is None else cls.from_file(path)

    @property
    def name(self) -> str:
        """A display name: the run's name or the file's settings."""
        config = self.checkpoint.model_config
        return self.checkpoint.name or config.label

    def _batch(self, images: np.ndarray) -> torch.Tensor:
        flush_denormals()  # every prediction starts here, in whichever thread computes it
        # A copy in C order: torch.from_numpy refuses negative strides (e.g. image[::-1]).
        array = np.ascontiguousarray(images, dtype=np.float32)
        if array.ndim == 2:
            array = array[None]
        if array.shape[1:] != (IMAGE_SIDE, IMAGE_SIDE):
            raise ValueError(f"expected 28x28 images, got shape {array.shape}")
        return self.encoder(torch.from_numpy(array).to(self.device))

    @torch.no_grad()
    def probabilities(self, images: np.ndarray) -> np.ndarray:
        """Class probabilities (N, classes) for images (N, 28, 28) or one (28, 28)."""
        logits = self.model(self._batch(images))
        return logits.softmax(dim=1).cpu().numpy()

    def predict(self, image: np.ndarray, interventions: Sequence[Intervention] = ()) -> Prediction:
        """The digit in one 28x28 image, with its confidence (under interventions if given)."""
        if interventions:
            probabilities = self.row_scan(image, interventions).probabilities[-1]
        else:
            probabilities = self.probabilities(image)[0]
        digit = int(probabilities.argmax())
        return Prediction(digit, float(probabilities[digit]), probabilities)

    @property
    def blank_steps(self) -> int:
        """The blank steps the model reads after each image (0 but for the memory task)."""
        return self.encoder.blank_steps

    @property
    def intervention_limits(self) -> InterventionLimits:
        """The gates, rows and units interventions on this model may name."""
        return InterventionLimits.of(self.checkpoint.model_config, self.encoder)

    def row_scan(self, image: np.ndarray, interventions: Sequence[Intervention] = ()) -> RowScan:
        """Every row's running guess and the network's states for one 28x28 image.

        Then, for a model of the memory task, the same after each blank step. With
        interventions, what the network did while they changed it (core.inside.interventions).
        """
        batch = self._batch(image)
        trace = trace_under(self.model, batch, interventions, self.intervention_limits)
        blank = self.blank_steps
        image_steps = int(trace.logits.shape[1]) - blank
        # Report the state at the end of each image row, whatever the length. The permuted
        # view has no rows in the image's sense, so its "rows" are blocks of 28 pixels.
        picks = torch.cat([row_end_steps(image_steps), image_steps + torch.arange(blank)])

        def rows(tensor: torch.Tensor) -> np.ndarray:
            return tensor[0, picks].cpu().numpy()

        top = trace.top
        return RowScan(
            image=np.asarray(image, dtype=np.float32).reshape(IMAGE_SIDE, IMAGE_SIDE),
            probabilities=rows(trace.probabilities),
            hidden=rows(top.hidden),
            cell=rows(top.cell) if top.cell is not None else None,
            gates={name: rows(value) for name, value in top.gates.items()},
            steps=image_steps,
            blank_steps=blank,
        )

    def row_influence(self, image: np.ndarray) -> np.ndarray:
        """How much each image row moved the answer: (28,) ||dp(answer)/dx_r||_2.

        p(answer) is the probability of the predicted class after the whole sequence; x is
        the encoded input (after any standardising), its gradient put back on the image's
        pixels (through the permutation of the permuted view) and measured per image row.
        """
        x = self._batch(image).detach().requires_grad_(True)
        was_training = self.model.training
        self.model.eval()
        try:
            with torch.enable_grad():
                probabilities = self.model(x).float().softmax(dim=1)[0]
                answer = int(probabilities.argmax())
                (grad,) = torch.autograd.grad(probabilities[answer], [x])
        finally:
            self.model.train(was_training)
        # The pixels in the order the model read them; blank steps after them read none.
        flat = grad[:, : grad.shape[1] - self.blank_steps].reshape(-1)
        permutation = self.encoder.permutation
        if permutation is not None:
            pixels = torch.empty_like(flat)
            pixels[permutation.to(flat.device)] = flat  # sequence position j is pixel perm[j]
            flat = pixels
        rows = flat.reshape(IMAGE_SIDE, IMAGE_SIDE).double()
        return torch.linalg.vector_norm(rows, dim=1).cpu().numpy()
