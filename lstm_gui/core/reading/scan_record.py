"""What a scan animation shows, computed once: the guess and the states after each frame's rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from lstm_gui.core.config import IMAGE_SIDE, pixels_per_step
from lstm_gui.core.reading.inference import row_end_steps

if TYPE_CHECKING:
    from lstm_gui.core.reading.inference import Predictor, RowScan

PIXELS = IMAGE_SIDE * IMAGE_SIDE
# A model of the memory task reads up to thousands of blank steps after the image; the
# animation shows at most this many of them, evenly spread, the last (the answer) included.
MAX_BLANK_FRAMES = IMAGE_SIDE


@dataclass(frozen=True)
class ScanRecord:
    """One image read by one model, frame by frame; the drawing needs nothing else.

    A frame is an image row when a step reads at most one row (28 steps or more: the state
    after the step that finishes the row). When a step reads several rows (fewer than 28
    steps) a frame is a step, as no state exists between its rows. A model of the memory task
    then reads blank steps; frames after the image's show some of them (frame_is_blank).
    """

    image: np.ndarray  # (28, 28) the input, ink high, in [0, 1]
    probabilities: np.ndarray  # (frames, classes) the running guess after each frame
    hidden: np.ndarray  # (frames, units) the top layer's h
    cell: np.ndarray | None  # (frames, units) the LSTM's c; None for GRU and RNN
    steps: int  # the image's steps T
    step_of_frame: np.ndarray  # (frames,) the 0-based step whose state each frame shows
    read_order: np.ndarray  # (784,) the pixel (row-major index) read at each position
    classes: tuple[str, ...]
    model_label: str  # e.g. "LSTM, 128 units, 28 steps" (ASCII: drawn with Pillow's font)
    blank_steps: int = 0  # blank steps read after the image's (the memory task)

    @property
    def frames(self) -> int:
        """How many frames the animation has."""
        return len(self.step_of_frame)

    @property
    def frame_is_row(self) -> bool:
        """True when each frame is one image row (28 steps or more)."""
        return self.steps >= IMAGE_SIDE

    @property
    def permuted(self) -> bool:
        """True when the pixels are read in a shuffled order (no scan line then)."""
        return not np.array_equal(self.read_order, np.arange(PIXELS))

    def frame_is_blank(self, frame: int) -> bool:
        """True when `frame` shows a blank step, read after the whole image."""
        return int(self.step_of_frame[frame]) >= self.steps

    def blank_read(self, frame: int) -> int:
        """Blank steps read at `frame` (0 while the image is being read)."""
        return max(0, int(self.step_of_frame[frame]) + 1 - self.steps)

    def pixels_read(self, frame: int) -> int:
        """How many pixels the model has read at `frame` (0-based)."""
        return min(PIXELS, (int(self.step_of_frame[frame]) + 1) * pixels_per_step(self.steps))

    def rows_read(self, frame: int) -> int:
        """Image rows begun at `frame` (1-based; the last may be partly read)."""
        return -(-self.pixels_read(frame) // IMAGE_SIDE)

    def read_mask(self, frame: int) -> np.ndarray:
        """(28, 28) True where the model has read the pixel by `frame`."""
        mask = np.zeros(PIXELS, dtype=bool)
        mask[self.read_order[: self.pixels_read(frame)]] = True
        return mask.reshape(IMAGE_SIDE, IMAGE_SIDE)

    def guess(self, frame: int) -> int:
        """The most likely class after `frame`."""
        return int(self.probabilities[frame].argmax())


def frame_rows(steps: int) -> np.ndarray:
    """The 0-based image rows whose states become frames, for a model of `steps` steps.

    Every row for 28 steps or more; for fewer, the last row each step finishes (14 steps:
    rows 1, 3, 5, ...; 0-based), so each step is shown once.
    """
    ends = row_end_steps(steps).numpy()
    last_of_step = np.append(ends[1:] != ends[:-1], True)
    return np.flatnonzero(last_of_step)


def blank_frames(blank_steps: int) -> np.ndarray:
    """The blank steps (1-based) that become frames: all, or MAX_BLANK_FRAMES spread evenly."""
    if blank_steps <= MAX_BLANK_FRAMES:
        return np.arange(1, blank_steps + 1)
    return np.unique(np.round(np.linspace(1, blank_steps, MAX_BLANK_FRAMES)).astype(np.int64))


def record_from_row_scan(scan: RowScan, predictor: Predictor) -> ScanRecord:
    """The frames of a row scan `predictor` computed (no model is run again)."""
    blanks = blank_frames(scan.blank_steps)
    # Entries of the scan: the image's rows, then (after its 28 rows) the blank steps.
    rows = np.concatenate([frame_rows(scan.steps), IMAGE_SIDE + blanks - 1])
    step_of_frame = np.concatenate(
        [row_end_steps(scan.steps).numpy()[frame_rows(scan.steps)], scan.steps + blanks - 1]
    )
    permutation = predictor.encoder.permutation
    read_order = np.arange(PIXELS) if permutation is None else permutation.cpu().numpy()
    config = predictor.checkpoint.model_config
    label = f"{config.label}, {scan.steps} steps"
    if scan.blank_steps:
        label += f" + {scan.blank_steps} blank"
    return ScanRecord(
        image=np.asarray(scan.image, dtype=np.float32),
        probabilities=scan.probabilities[rows],
        hidden=scan.hidden[rows],
        cell=None if scan.cell is None else scan.cell[rows],
        steps=scan.steps,
        step_of_frame=np.asarray(step_of_frame, dtype=np.int64),
        read_order=np.asarray(read_order, dtype=np.int64),
        classes=tuple(predictor.classes),
        model_label=label,
        blank_steps=scan.blank_steps,
    )


def scan_record(predictor: Predictor, image: np.ndarray) -> ScanRecord:
    """Read a 28x28 image (ink high, [0, 1]) once and keep what every frame shows."""
    return record_from_row_scan(predictor.row_scan(image), predictor)
