"""What the Inside tab reads in its thread: the model in use, test digits, their row states."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:  # torch is imported in the task's thread, not with the window
    import torch

    from lstm_gui.core.inside.row_states import RowStates
    from lstm_gui.core.inside.trajectories import PcaFit, Trajectories
    from lstm_gui.core.reading.inference import Predictor

# Test digits the views read: enough for ten classes of ~100 points each, few enough that the
# states are read in about a second and every unit is silenced in tens of seconds.
SAMPLES = 1000


@dataclass(frozen=True)
class InsideData:
    """A model with its first test digits read: the states and both PCA fits of them."""

    predictor: Predictor
    images: torch.Tensor  # (N, 28, 28) uint8
    labels: torch.Tensor  # (N,)
    states: RowStates
    trajectories: dict[PcaFit, Trajectories]
    classes: tuple[str, ...]


def read_inside_data(
    model_path: Path | None,
    data_dir: Path | None,
    samples: int = SAMPLES,
    stopped: Callable[[], bool] | None = None,
) -> InsideData | str | None:
    """Load the model (None: the bundled one) and its test set, read the states (in a thread).

    A sentence saying where to put the dataset's files comes back when they are missing; None
    once `stopped()` turns true (asked between chunks of digits).
    """
    from lstm_gui.core.inside.row_states import collect_row_states
    from lstm_gui.core.inside.trajectories import PcaFit, state_trajectories
    from lstm_gui.core.reading.inference import Predictor
    from lstm_gui.core.reading.row_experiments import read_test_set
    from lstm_gui.core.run.data import dataset_spec

    predictor = Predictor.load(model_path)
    dataset = str(predictor.checkpoint.train_config.dataset)
    test_set = read_test_set(dataset, data_dir)
    if isinstance(test_set, str):
        return test_set
    test = test_set.head(samples)
    if len(test) < 2:  # a plane through the states needs two of them
        return QCoreApplication.translate(
            "InsideTab", "The test set holds {count} digit; the inside views need at least two."
        ).format(count=len(test))
    states = collect_row_states(predictor, test.images, test.labels, stopped=stopped)
    if states is None:
        return None
    spec = dataset_spec(dataset)
    fits = {fit: state_trajectories(states, fit, len(spec.classes)) for fit in PcaFit}
    return InsideData(predictor, test.images, test.labels, states, fits, spec.classes)
