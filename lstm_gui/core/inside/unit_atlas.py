"""The unit atlas: what drives each top-layer unit, its gates' saturation, its silencing's cost.

- Drivers: the test digits whose |h_j| peaks highest, one entry per digit (its peak row, with
  the signed value), so a unit's list shows k different digits rather than one digit's
  neighbouring rows. |h| because a unit speaks as loudly at -0.9 as at +0.9.
- Saturation: the share of (digit, entry) states, at the same entries as the trajectories (the
  28 row ends, then the blank steps kept), at which a gate is pinned near a bound: a sigmoid gate
  (i, f, o; the GRU's r, z) below 0.05 or above 0.95, a tanh candidate (g, n) below -0.95 or
  above 0.95. A plain RNN has no gates.
- Silencing: the interventions' `unit=J:off` (core.inside.interventions) sets h_j (and c_j)
  to 0 after every step, so unit j feeds neither the recurrence nor the classifier. In a
  multi-layer network only the top layer's unit j is silenced, the unit whose drivers and
  saturation the atlas shows (the CLI's `unit=J:off` silences it in every layer). The drop
  is the accuracy with all units minus the accuracy without unit j. As a single unit seldom
  flips more than a few answers of a trained network, the atlas also keeps the mean
  probability of the true class, whose fall ranks the units more finely.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, replace

import numpy as np
import torch

from lstm_gui.core.inside.interventions import (
    UNIT,
    Intervention,
    InterventionEdit,
    InterventionLimits,
)
from lstm_gui.core.inside.row_states import (
    RowStates,
    check_one_direction,
    chunk_size,
    encode,
)
from lstm_gui.core.numerics import flush_denormals
from lstm_gui.core.reading.inference import Predictor
from lstm_gui.core.run.model import Gate, StepEdit

TOP_DIGITS = 5  # drivers listed per unit


@dataclass(frozen=True)
class UnitDrivers:
    """The digits that drive each unit most: (units, k) arrays, strongest first."""

    digits: np.ndarray  # index of the digit in the states read
    entries: np.ndarray  # 1-based entry at which |h| peaks (unit_atlas: the row, 29+ blank)
    values: np.ndarray  # the signed h there


def top_drivers(hidden: np.ndarray, k: int = TOP_DIGITS) -> UnitDrivers:
    """For every unit, the k digits whose peak |h| over their entries is highest."""
    magnitude = np.abs(hidden)  # (N, E, H)
    peak_entry = magnitude.argmax(axis=1)  # (N, H)
    peak = np.take_along_axis(magnitude, peak_entry[:, None], axis=1)[:, 0]  # (N, H)
    k = min(k, hidden.shape[0])
    # Stable sort on -peak: ties keep the lower digit index first.
    order = np.argsort(-peak, axis=0, kind="stable")[:k].T  # (H, k)
    units = np.arange(hidden.shape[2])[:, None]
    entries = peak_entry[order, units]
    values = hidden[order, entries, units]
    return UnitDrivers(order, entries + 1, values)


@dataclass(frozen=True)
class SilencedScores:
    """Scores with all units (`*_all`) and with each unit silenced (NaN until its pass)."""

    accuracy_all: float
    confidence_all: float  # mean probability of the true class
    accuracy: np.ndarray  # (hidden,) with unit j silenced
    confidence: np.ndarray  # (hidden,)
    done: int  # units silenced so far (0..done-1)


def _scores(logits: torch.Tensor, truth: torch.Tensor) -> tuple[float, float]:
    """Correct answers and summed probability of the true class for final logits (N, classes)."""
    right = float((logits.argmax(dim=1) == truth).sum())
    sure = float(logits.softmax(dim=1).gather(1, truth[:, None]).double().sum())
    return right, sure


def silenced_scores(
    predictor: Predictor, images: torch.Tensor, labels: torch.Tensor
) -> Iterator[SilencedScores]:
    """Silence the top layer's units one by one (`unit=J:off` there); yield the scores after each.

    The digits are encoded once and read in chunks of about STEPS_PER_CHUNK steps; the scores
    with every unit come from the same step-by-step trace, so a drop is never a rounding
    difference between two ways of computing.
    """
    check_one_direction(predictor)
    flush_denormals()
    model = predictor.model.eval()
    limits = InterventionLimits.of(model.config, predictor.encoder)
    per_chunk = chunk_size(predictor)
    chunks = [
        (encode(predictor, images[start : start + per_chunk]), labels[start : start + per_chunk])
        for start in range(0, int(labels.shape[0]), per_chunk)
    ]
    count = max(1, int(labels.shape[0]))

    top_layer = model.config.num_layers - 1

    @torch.no_grad()
    def scores_under(edit: StepEdit | None) -> tuple[float, float]:
        right = sure = 0.0
        for sequences, truth in chunks:
            logits = model.trace(sequences, edit).logits[:, -1]
            chunk_right, chunk_sure = _scores(logits, truth.to(logits.device))
            right, sure = right + chunk_right, sure + chunk_sure
        return right / count, sure / count

    accuracy_all, confidence_all = scores_under(None)
    hidden_size = model.config.hidden_size
    accuracy = np.full(hidden_size, np.nan)
    confidence = np.full(hidden_size, np.nan)
    for unit in range(hidden_size):
        silenced = Intervention(UNIT, units=(unit + 1, unit + 1))
        edit = InterventionEdit([silenced], limits, layers=(top_layer,))
        accuracy[unit], confidence[unit] = scores_under(edit)
        yield SilencedScores(
            accuracy_all, confidence_all, accuracy.copy(), confidence.copy(), unit + 1
        )


@dataclass(frozen=True)
class UnitAtlas:
    """Every top-layer unit's drivers, gate saturation and what silencing it costs."""

    drivers: UnitDrivers
    saturation: dict[Gate, np.ndarray]  # per gate, (hidden,) shares in [0, 1]
    scores: SilencedScores  # accuracy and true-class probability, all units and each silenced
    samples: int
    seconds: float  # how long the atlas took to compute

    @property
    def units(self) -> int:
        """How many units the top layer has."""
        return int(self.scores.accuracy.shape[0])

    @property
    def accuracy(self) -> float:
        """The accuracy with every unit, on the digits read."""
        return self.scores.accuracy_all

    @property
    def accuracy_drop(self) -> np.ndarray:
        """(hidden,) accuracy lost when each unit is silenced (negative: it got better)."""
        return self.scores.accuracy_all - self.scores.accuracy

    @property
    def confidence_drop(self) -> np.ndarray:
        """(hidden,) fall of the mean probability of the true class when each is silenced."""
        return self.scores.confidence_all - self.scores.confidence

    def ranked(self) -> np.ndarray:
        """Unit numbers, the most needed first: by accuracy drop, then by confidence drop."""
        return np.lexsort((-self.confidence_drop, -self.accuracy_drop))


@dataclass(frozen=True)
class AtlasProgress:
    """How far the atlas has got; `atlas` is set on the last record."""

    done: int  # units silenced so far
    total: int
    atlas: UnitAtlas | None = None


def unit_atlas(
    predictor: Predictor,
    states: RowStates,
    images: torch.Tensor,
    labels: torch.Tensor,
    *,
    top_k: int = TOP_DIGITS,
) -> Iterator[AtlasProgress]:
    """Yield progress as units are silenced, then the atlas (stop by no longer iterating).

    `states` are the row states of the same `images` (collect_row_states): drivers and
    saturation are read from them; silencing runs the images again, once per unit.
    """
    started = time.perf_counter()
    drivers = top_drivers(states.hidden, top_k)
    # Entries to rows: a long memory task keeps only some blank steps as entries.
    drivers = replace(drivers, entries=states.entry_rows[drivers.entries - 1])
    saturation = states.saturation  # counted as the states were read (pinned_counts)
    total = predictor.model.config.hidden_size
    scores = None
    for scores in silenced_scores(predictor, images, labels):
        yield AtlasProgress(scores.done, total)
    assert scores is not None  # a layer has at least one unit
    atlas = UnitAtlas(drivers, saturation, scores, states.samples, time.perf_counter() - started)
    yield AtlasProgress(total, total, atlas)


def compute_unit_atlas(
    predictor: Predictor,
    states: RowStates,
    images: torch.Tensor,
    labels: torch.Tensor,
    *,
    top_k: int = TOP_DIGITS,
) -> UnitAtlas:
    """The whole atlas at once (unit_atlas yields its progress)."""
    for record in unit_atlas(predictor, states, images, labels, top_k=top_k):
        if record.atlas is not None:
            return record.atlas
    raise AssertionError("the atlas generator always ends with the atlas")  # pragma: no cover
