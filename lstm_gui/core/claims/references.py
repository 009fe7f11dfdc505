"""Results to compare a learner's run with: the project's reference runs and published figures.

Reference runs are experiments at the reference budget (core.claims.budgets), shipped as JSON in
resources/claims/ with their provenance (command, version, machine, date, wall time). Published
figures are test accuracies from papers, each with its citation and what was trained.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lstm_gui.core.claims.experiments import LENGTH, Experiment, load_experiment
from lstm_gui.core.errors import LstmGuiError

REFERENCE_FOLDER = "claims"  # under resources/

COOIJMANS = (
    "Cooijmans et al., Recurrent Batch Normalization, ICLR 2017, Table 1 "
    "(100 units, RMSProp 1e-3, gradient clipping at 1, trained to a plateau)"
)
BAI = (
    "Bai, Kolter & Koltun, An Empirical Evaluation of Generic Convolutional and Recurrent "
    "Networks for Sequence Modeling, arXiv:1803.01271, 2018, Table 1 (after 10 epochs)"
)


@dataclass(frozen=True)
class PublishedResult:
    """A test accuracy from a paper, at a sequence length, with its citation."""

    claim: str
    cell: str  # rnn (tanh), lstm or gru
    steps: int
    acc: float
    task: str  # what was read, in words
    source: str


PUBLISHED = (
    PublishedResult(LENGTH, "rnn", 784, 0.350, "pixel-by-pixel MNIST", COOIJMANS),
    PublishedResult(LENGTH, "lstm", 784, 0.989, "pixel-by-pixel MNIST", COOIJMANS),
    PublishedResult(LENGTH, "rnn", 784, 0.215, "pixel-by-pixel MNIST", BAI),
    PublishedResult(LENGTH, "lstm", 784, 0.872, "pixel-by-pixel MNIST", BAI),
    PublishedResult(LENGTH, "gru", 784, 0.962, "pixel-by-pixel MNIST", BAI),
)


def published_results(claim: str) -> list[PublishedResult]:
    """The published figures that bear on a claim."""
    return [result for result in PUBLISHED if result.claim == claim]


def reference_folder() -> Path:
    """Where the shipped reference experiments are."""
    from lstm_gui.resources import resource_path

    return resource_path(REFERENCE_FOLDER)


def reference_experiments(claim: str, folder: Path | None = None) -> list[Experiment]:
    """The shipped reference experiments of a claim, by file name (unreadable ones skipped)."""
    folder = folder if folder is not None else reference_folder()
    try:
        paths = sorted(folder.glob("*.json"))
    except OSError:
        return []
    experiments = []
    for path in paths:
        try:
            experiment = load_experiment(path)
        except LstmGuiError:
            continue
        if experiment.claim == claim:
            experiments.append(experiment)
    return experiments
