"""The top layer's states after every row of many test digits, as the inside views read them.

A state is kept where the Draw tab's row scan keeps one (reading.inference.RowScan): after the
step that finishes each of the 28 image rows (every step of the tutorial's 28-step view, every
28th of 784), then after the blank steps a memory-task model reads: each of them up to
MAX_BLANK_ENTRIES, else that many evenly spaced, the last always among them (1,000 digits of
1,000 blank steps would be gigabytes of states). These "entries" are numbered from 1;
`entry_rows` says which row or blank step each stands for, and `pick_entries` takes the same
ones from a drawn digit's row scan. Of the gates only their saturation is kept (the atlas's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch

from lstm_gui.core.config import IMAGE_SIDE
from lstm_gui.core.errors import CheckpointError
from lstm_gui.core.numerics import flush_denormals
from lstm_gui.core.reading.inference import Predictor, row_end_steps
from lstm_gui.core.run.model import Gate
from lstm_gui.core.run.sequences import to_unit

# Blank steps kept per digit at most (evenly spaced, the last included).
MAX_BLANK_ENTRIES = 100
SATURATED_LOW = 0.05  # a sigmoid gate below this is (nearly) shut
SATURATED_HIGH = 0.95  # above this (nearly) fully open; a tanh candidate beyond +-0.95
# Sequence steps traced at once (digits x steps): 28,000 keeps a 784-step trace of 35 digits,
# or 1,000 digits of the 28-step view, within about 100 MB of states and gates.
STEPS_PER_CHUNK = 28_000


@dataclass(frozen=True)
class RowStates:
    """What the top layer held after each entry (row, then blank step) of N digits."""

    hidden: np.ndarray  # (N, entries, hidden) float32: h after entry e
    saturation: dict[Gate, np.ndarray]  # per gate, (hidden,) share of entries it is pinned
    labels: np.ndarray  # (N,) int64 true classes
    predictions: np.ndarray  # (N,) int64 the model's answers after the last step
    blank_steps: int  # the model's blank steps after the 28 image rows (some kept as entries)

    @property
    def samples(self) -> int:
        """How many digits were read."""
        return int(self.labels.shape[0])

    @property
    def entries(self) -> int:
        """States kept per digit: the 28 rows, then the blank steps kept."""
        return int(self.hidden.shape[1])

    @property
    def entry_rows(self) -> np.ndarray:
        """(entries,) the 1-based row each entry stands for: 1..28, then 28 + blank step."""
        return entry_rows(self.blank_steps)

    @property
    def accuracy(self) -> float:
        """The share of the digits the model got right."""
        return float((self.predictions == self.labels).mean()) if self.samples else 0.0


def kept_blank_steps(blank_steps: int) -> np.ndarray:
    """The 0-based blank steps kept as entries: all, or MAX_BLANK_ENTRIES evenly spaced."""
    kept = np.linspace(0, blank_steps - 1, min(blank_steps, MAX_BLANK_ENTRIES))
    return np.unique(np.round(kept).astype(np.int64))


def entry_rows(blank_steps: int) -> np.ndarray:
    """(entries,) the 1-based row of each entry: 1..28, then 29 + each blank step kept."""
    rows = np.arange(1, IMAGE_SIDE + 1)
    return np.concatenate([rows, IMAGE_SIDE + 1 + kept_blank_steps(blank_steps)])


def pick_entries(scan_hidden: np.ndarray, blank_steps: int) -> np.ndarray:
    """A row scan's states (28 + blank_steps, ...) at the entries the test digits keep."""
    return scan_hidden[entry_rows(blank_steps) - 1]


def entry_steps(total_steps: int, blank_steps: int) -> torch.Tensor:
    """The 0-based sequence step of each entry: each row's last step, then the blanks kept."""
    image_steps = total_steps - blank_steps
    blanks = torch.from_numpy(kept_blank_steps(blank_steps))
    return torch.cat([row_end_steps(image_steps), image_steps + blanks])


def pinned_counts(gates: dict[Gate, torch.Tensor]) -> dict[Gate, torch.Tensor]:
    """Per gate (..., hidden), how many states of each unit are pinned near a bound.

    A sigmoid gate below SATURATED_LOW or above SATURATED_HIGH; a tanh candidate beyond
    +-SATURATED_HIGH.
    """
    counts = {}
    for gate, values in gates.items():
        low = -SATURATED_HIGH if gate.signed else SATURATED_LOW
        pinned = (values < low) | (values > SATURATED_HIGH)
        counts[gate] = pinned.reshape(-1, values.shape[-1]).sum(dim=0)
    return counts


def check_one_direction(predictor: Predictor) -> None:
    """Raise a sentence for a bidirectional model, whose states are not one path through time."""
    if predictor.model.config.bidirectional:
        raise CheckpointError(
            "The inside views follow one reading direction; this model is bidirectional, "
            "so choose a one-direction model."
        )


def encode(predictor: Predictor, images: torch.Tensor) -> torch.Tensor:
    """uint8 images (N, 28, 28) as the model's input sequences (N, steps, features)."""
    return predictor.encoder(to_unit(images, predictor.device))


def chunk_size(predictor: Predictor) -> int:
    """How many digits to trace at once so that a chunk holds about STEPS_PER_CHUNK steps."""
    return max(1, STEPS_PER_CHUNK // predictor.checkpoint.train_config.sequence_length)


@torch.no_grad()
def collect_row_states(
    predictor: Predictor,
    images: torch.Tensor,
    labels: torch.Tensor,
    *,
    progress: Callable[[int, int], None] | None = None,
    stopped: Callable[[], bool] | None = None,
) -> RowStates | None:
    """Trace uint8 images (N, 28, 28) chunk by chunk, keeping the top layer at each entry.

    `progress(done, total)` is called after each chunk; when `stopped()` turns true the
    reading ends early and None comes back.
    """
    check_one_direction(predictor)
    flush_denormals()  # in whichever thread reads: a long trace must not crawl on denormals
    model = predictor.model.eval()
    total = int(labels.shape[0])
    per_chunk = chunk_size(predictor)
    hidden: list[np.ndarray] = []
    pinned: dict[Gate, torch.Tensor] = {}
    predictions: list[np.ndarray] = []
    for start in range(0, total, per_chunk):
        if stopped is not None and stopped():
            return None
        sequences = encode(predictor, images[start : start + per_chunk])
        trace = model.trace(sequences)
        picks = entry_steps(int(sequences.shape[1]), predictor.blank_steps)
        hidden.append(trace.top.hidden[:, picks].cpu().numpy())
        chunk_gates = {gate: values[:, picks] for gate, values in trace.top.gates.items()}
        for gate, count in pinned_counts(chunk_gates).items():
            pinned[gate] = pinned[gate] + count.cpu() if gate in pinned else count.cpu()
        predictions.append(trace.logits[:, -1].argmax(dim=1).cpu().numpy())
        if progress is not None:
            progress(min(start + per_chunk, total), total)
    hidden_size = model.config.hidden_size
    entries = len(entry_rows(predictor.blank_steps))
    states_read = max(1, total * entries)
    return RowStates(
        hidden=np.concatenate(hidden) if hidden else np.zeros((0, entries, hidden_size)),
        saturation={gate: count.double().numpy() / states_read for gate, count in pinned.items()},
        labels=labels.numpy().astype(np.int64),
        predictions=(
            np.concatenate(predictions).astype(np.int64) if predictions else np.zeros(0, np.int64)
        ),
        blank_steps=predictor.blank_steps,
    )
