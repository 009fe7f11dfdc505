"""What every verdict checks first: the cells in a fixed order, accuracies over seeds, learning.

A verdict may decide only about nets that learned: every seed at the shortest length at least
LEARNED. These helpers are shared by the verdicts of claims 1 and 2.
"""

from __future__ import annotations

from collections.abc import Sequence

from lstm_gui.core.claims.records import ClaimRun, ExperimentSettings
from lstm_gui.core.claims.spread import (
    LEARNED,
    QT_TRANSLATE_NOOP,
    Sentence,
    Spread,
    percent,
    percent_spread,
)

CELL_ORDER = ("rnn", "gru", "lstm")


def cell_name(name: str) -> str:
    """RNN, GRU, LSTM."""
    return name.upper()


def sorted_cells(runs: Sequence[ClaimRun]) -> list[str]:
    """The cells the runs trained, in the order RNN, GRU, LSTM."""
    present = {run.cell for run in runs}
    return [cell for cell in CELL_ORDER if cell in present]


def accuracy(runs: Sequence[ClaimRun], cell: str, steps: int) -> Spread:
    """A cell's test accuracy at a length over the seeds."""
    return Spread.of(run.val_acc for run in runs if run.cell == cell and run.steps == steps)


def next_budget(settings: ExperimentSettings) -> str:
    """The budget to try next: four times the updates."""
    return f"{4 * settings.updates:,}"


def competence(
    runs: Sequence[ClaimRun], cells: Sequence[str], steps: int, settings: ExperimentSettings
) -> Sentence | None:
    """None when every cell learned at `steps` on every seed; else why nothing can be decided."""
    failing = [
        (cell, accuracy(runs, cell, steps))
        for cell in cells
        if not accuracy(runs, cell, steps).low >= LEARNED
    ]
    if not failing:
        return None
    return Sentence(
        QT_TRANSLATE_NOOP(
            "ClaimVerdict",
            "Inconclusive: at {steps} steps {figures} stayed below {learned} on some seed, so "
            "these nets had not learned the task and their figures cannot judge the claim. "
            "Try about {next} weight updates per run.",
        ),
        {
            "steps": str(steps),
            "figures": ", ".join(f"{cell_name(c)} {percent_spread(s)}" for c, s in failing),
            "learned": percent(LEARNED),
            "next": next_budget(settings),
        },
    )
