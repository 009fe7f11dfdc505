"""State trajectories: every digit's hidden state, row by row, seen in a 2-D PCA of the states.

The plane is fitted once, by principal component analysis (an SVD of the centred states, no
library beyond NumPy), either on the FINAL states (the ones the classifier reads: the default,
so the plane is the one in which the answers are told apart) or on the states after every
entry (all rows and blank steps: the plane in which the reading moves most). Every entry of
every digit is then projected into that same plane, so a digit's 28 (+ blank) points are its
path through time, and the points of one entry across digits are the cloud at that moment.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstm_gui.core.choices import ClosedSet
from lstm_gui.core.inside.row_states import RowStates

# Components kept for the plane.
PLANE = 2
# A class counts as apart at an entry when this share of its digits lies nearer its own class
# mean (in the full hidden space) than to any other class's.
APART_RECALL = 0.9


class PcaFit(ClosedSet):
    """Which states the plane is fitted on."""

    FINAL = "final"  # the state after the last step of each digit
    ALL = "all"  # the states after every entry of every digit


@dataclass(frozen=True)
class StatePca:
    """A plane of the hidden space: mean, two unit directions, and the variance shares."""

    mean: np.ndarray  # (hidden,)
    components: np.ndarray  # (2, hidden) orthonormal rows, PC1 then PC2
    explained_variance_ratio: np.ndarray  # (rank,) every component's share, descending
    fit: PcaFit

    @property
    def plane_share(self) -> float:
        """The share of the fitted states' variance the two components keep."""
        return float(self.explained_variance_ratio[:PLANE].sum())

    def project(self, states: np.ndarray) -> np.ndarray:
        """States (..., hidden) as coordinates (..., 2) in the plane."""
        centred = np.asarray(states, dtype=np.float64) - self.mean
        return np.asarray(centred @ self.components.T)


def fit_pca(states: np.ndarray, fit: PcaFit | str = PcaFit.FINAL) -> StatePca:
    """The principal plane of states (M, hidden), M >= 2.

    Each direction's sign is fixed (its largest loading positive), so the same states always
    give the same picture rather than one mirrored at random by the SVD.
    """
    data = np.asarray(states, dtype=np.float64)
    if data.ndim != 2 or data.shape[0] < 2:
        raise ValueError(f"a PCA needs at least two states (M, hidden), got shape {data.shape}")
    mean = data.mean(axis=0)
    _, singular, right = np.linalg.svd(data - mean, full_matrices=False)
    variances = singular**2
    total = variances.sum()
    ratio = variances / total if total > 0 else np.zeros_like(variances)
    components = np.zeros((PLANE, data.shape[1]))
    kept = right[:PLANE]
    largest = np.abs(kept).argmax(axis=1)
    signs = np.sign(kept[np.arange(len(kept)), largest])
    components[: len(kept)] = kept * np.where(signs == 0, 1.0, signs)[:, None]
    padded_ratio = np.zeros(max(PLANE, len(ratio)))
    padded_ratio[: len(ratio)] = ratio
    return StatePca(mean, components, padded_ratio, PcaFit(fit))


def class_mean_paths(points: np.ndarray, labels: np.ndarray, classes: int) -> np.ndarray:
    """(classes, entries, 2): the mean of each class's projected paths (NaN for an absent class)."""
    paths = np.full((classes, points.shape[1], points.shape[2]), np.nan)
    for digit in range(classes):
        members = labels == digit
        if members.any():
            paths[digit] = points[members].mean(axis=0)
    return paths


def between_class_share(hidden: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """(entries,): the share of the states' spread that lies between the class means.

    For each entry, sum_k n_k |mu_k - mu|^2 / sum_i |h_i - mu|^2 in the full hidden space: 0
    when the classes sit on top of each other, 1 when each class is a single point.
    """
    data = np.asarray(hidden, dtype=np.float64)
    overall = data.mean(axis=0)  # (entries, hidden)
    total = ((data - overall) ** 2).sum(axis=(0, 2))
    between = np.zeros(data.shape[1])
    for digit in np.unique(labels):
        members = data[labels == digit]
        between += len(members) * ((members.mean(axis=0) - overall) ** 2).sum(axis=1)
    return np.divide(between, total, out=np.zeros_like(between), where=total > 0)


def nearest_mean_recall(hidden: np.ndarray, labels: np.ndarray, classes: int) -> np.ndarray:
    """(entries, classes): the share of each class's digits strictly nearest their own class mean.

    Distances in the full hidden space at each entry. A tie counts as not nearest, so over
    the blank top rows, where every digit is in the same state, no class is apart. NaN for a
    class with no digits; 1 for the only class present.
    """
    data = np.asarray(hidden, dtype=np.float64)
    recall = np.full((data.shape[1], classes), np.nan)
    present = [digit for digit in range(classes) if (labels == digit).any()]
    if len(present) == 1:
        recall[:, present[0]] = 1.0
    if len(present) < 2:
        return recall
    means = np.stack([data[labels == digit].mean(axis=0) for digit in present])  # (C, E, H)
    # (N, classes present, entries) squared distances, |x|^2 - 2 x.m + |m|^2: no (N, C, E, H)
    # array of differences, which for 1,000 digits would be hundreds of MB.
    distances = (
        (data**2).sum(axis=2)[:, None]
        - 2 * np.einsum("neh,ceh->nce", data, means)
        + (means**2).sum(axis=2)[None]
    )
    # Rounding makes equal states differ in the last bits: nearer means nearer by more.
    tolerance = 1e-9 * (1.0 + np.abs(distances).max())
    for column, digit in enumerate(present):
        members = distances[labels == digit]  # (n, C, E)
        own = members[:, column]
        others = np.delete(members, column, axis=1).min(axis=1)
        recall[:, digit] = (own < others - tolerance).mean(axis=0)
    return recall


def apart_from(recall: np.ndarray, threshold: float = APART_RECALL) -> np.ndarray:
    """(classes,): the first entry (1-based) from which a class stays apart; 0: never."""
    entries = recall.shape[0]
    first = np.zeros(recall.shape[1], dtype=np.int64)
    for digit in range(recall.shape[1]):
        above = np.nan_to_num(recall[:, digit]) >= threshold
        if above[-1]:
            below = np.flatnonzero(~above)
            first[digit] = (below[-1] + 2) if below.size else 1
    return np.minimum(first, entries)


@dataclass(frozen=True)
class Trajectories:
    """Every digit's path in the fitted plane, the classes' mean paths, how apart they are."""

    pca: StatePca
    points: np.ndarray  # (N, entries, 2) each digit's projected state after each entry
    labels: np.ndarray  # (N,) true classes
    predictions: np.ndarray  # (N,) the model's answers
    mean_paths: np.ndarray  # (classes, entries, 2)
    separation: np.ndarray  # (entries,) between_class_share of the full states
    recall: np.ndarray  # (entries, classes) nearest_mean_recall of the full states
    blank_steps: int

    @property
    def entries(self) -> int:
        """Points per digit: 28 rows, then the blank steps."""
        return int(self.points.shape[1])

    @property
    def classes(self) -> int:
        """How many classes the paths are grouped by."""
        return int(self.mean_paths.shape[0])

    def apart_at(self, entry: int) -> list[int]:
        """The classes apart after `entry` (1-based): APART_RECALL of their digits nearest home."""
        recall = np.nan_to_num(self.recall[entry - 1])
        return [digit for digit in range(self.classes) if recall[digit] >= APART_RECALL]

    def project_path(self, hidden: np.ndarray) -> np.ndarray:
        """A new digit's states (entries, hidden), e.g. a drawing's row scan, in the plane."""
        return self.pca.project(hidden)


def state_trajectories(
    states: RowStates, fit: PcaFit | str = PcaFit.FINAL, classes: int = 10
) -> Trajectories:
    """Fit the plane on `states` (final or all entries) and project every entry into it."""
    fit = PcaFit(fit)
    hidden = states.hidden
    fitted_on = hidden[:, -1] if fit == PcaFit.FINAL else hidden.reshape(-1, hidden.shape[2])
    pca = fit_pca(fitted_on, fit)
    points = pca.project(hidden)
    return Trajectories(
        pca=pca,
        points=points,
        labels=states.labels,
        predictions=states.predictions,
        mean_paths=class_mean_paths(points, states.labels, classes),
        separation=between_class_share(hidden, states.labels),
        recall=nearest_mean_recall(hidden, states.labels, classes),
        blank_steps=states.blank_steps,
    )
