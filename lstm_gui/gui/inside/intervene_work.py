"""What the intervention view computes in its threads: the model, two row scans, the accuracies."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # torch is imported in the task's thread, not with the window
    from lstm_gui.core.inside.interventions import EvaluationProgress, Intervention
    from lstm_gui.core.reading.inference import Predictor, RowScan


def load_predictor(model_path: Path | None) -> Predictor:
    """The model in use: a checkpoint, or the bundled one when None."""
    from lstm_gui.core.reading.inference import Predictor

    return Predictor.load(model_path)


@dataclass(frozen=True)
class ScanPair:
    """One image read twice: as the model reads it, and under the interventions."""

    image: np.ndarray
    untouched: RowScan
    changed: RowScan
    interventions: tuple[Intervention, ...]


def read_both(
    predictor: Predictor, image: np.ndarray, interventions: Sequence[Intervention]
) -> ScanPair:
    """The row scans of `image` untouched and under `interventions`."""
    untouched = predictor.row_scan(image)
    changed = predictor.row_scan(image, interventions) if interventions else untouched
    return ScanPair(image, untouched, changed, tuple(interventions))


@dataclass(frozen=True)
class AccuracyResult:
    """Test-set accuracies of a model untouched and under interventions."""

    untouched: float
    changed: float
    samples: int
    interventions: tuple[Intervention, ...]


def accuracy_records(
    predictor: Predictor,
    data_dir: Path | None,
    interventions: Sequence[Intervention],
    untouched: float | None,
) -> Iterator[EvaluationProgress | AccuracyResult | str]:
    """Evaluate on the model's test set: progress records, then the result (in the thread).

    A sentence saying where to put the dataset's files comes instead when they are missing.
    `untouched`: the accuracy already measured without interventions, else it is measured
    first (one ordinary pass, about a second for MNIST).
    """
    import torch

    from lstm_gui.core.inside.interventions import evaluation_under
    from lstm_gui.core.reading.row_experiments import read_test_set
    from lstm_gui.core.run.training import evaluate

    test = read_test_set(str(predictor.checkpoint.train_config.dataset), data_dir)
    if isinstance(test, str):  # the sentence saying where the files go
        yield test
        return
    device = torch.device("cpu")
    if untouched is None:
        untouched = evaluate(predictor.model, test, predictor.encoder, device).acc
    for record in evaluation_under(predictor.model, test, predictor.encoder, device, interventions):
        yield record
        if record.result is not None:
            yield AccuracyResult(
                untouched, record.result.acc, record.result.samples, tuple(interventions)
            )
