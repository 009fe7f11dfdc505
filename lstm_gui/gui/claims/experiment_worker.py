"""The work of a claim's experiment, run in a BackgroundTask: its items, the last one saved."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lstm_gui.core.claims.experiments import ExperimentSettings
    from lstm_gui.core.run.control import TrainingControl


def experiment_items(
    claim: str,
    settings: ExperimentSettings,
    runs_root: Path | None,
    data_dir: Path | None,
    control: TrainingControl,
) -> Iterator[object]:
    """run_experiment's items; the Experiment at the end comes saved (its path set).

    Runs in the task's thread, so the saving does too. `control.stop()` ends the current
    run after its batch; the runs that finished are still saved as the experiment.
    """
    from lstm_gui.core.claims.experiments import (
        Experiment,
        claims_dir,
        run_experiment,
        save_experiment,
    )

    for item in run_experiment(
        claim, settings, runs_root=runs_root, data_dir=data_dir, control=control
    ):
        if isinstance(item, Experiment):
            item = save_experiment(item, claims_dir(runs_root))
        yield item
