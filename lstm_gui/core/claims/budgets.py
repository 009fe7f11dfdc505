"""Each claim's experiment at two budgets: a quick one a learner waits for, and the reference.

The quick budgets finish in about three minutes on two CPU cores (benchmarks/README.md has the
measured times) and may well be inconclusive: the verdict says so and what to try next. The
reference budgets are what the shipped reference results were run with
(`lstm-gui claims CLAIM --budget reference`, see resources/claims/README.md).
"""

from __future__ import annotations

from dataclasses import replace

from lstm_gui.core.claims.experiments import COST, GRADIENTS, LENGTH
from lstm_gui.core.claims.records import MEMORY, ExperimentSettings

QUICK = "quick"
REFERENCE = "reference"
BUDGETS = (QUICK, REFERENCE)

# The memory task decides claims 1 and 2 better than cutting the image finer: the digit must
# be carried across the blank steps, and a short run on 28-pixel steps costs little.
QUICK_SETTINGS = {
    GRADIENTS: ExperimentSettings(
        cells=("rnn", "gru", "lstm"), task=MEMORY, lengths=(28, 128), train_limit=32000, hidden=32
    ),
    LENGTH: ExperimentSettings(
        cells=("rnn", "lstm"),
        task=MEMORY,
        lengths=(28, 100, 1000),
        train_limit=9600,
        hidden=32,
    ),
    COST: ExperimentSettings(
        cells=("rnn", "gru", "lstm"),
        task=MEMORY,
        lengths=(28, 112, 448),
        hidden=128,
        batch_size=28,
        repeats=3,
        timed_updates=5,
    ),
}

# Each reference experiment is the quick one with what it changes: gradients, all the data,
# two epochs and a wider network; length, the GRU too and more data; cost, 784 steps too and
# more repeats and timed updates.
REFERENCE_SETTINGS = {
    GRADIENTS: replace(
        QUICK_SETTINGS[GRADIENTS],
        train_limit=None,
        test_limit=None,
        epochs=2,
        hidden=64,
        batch_size=64,
    ),
    LENGTH: replace(
        QUICK_SETTINGS[LENGTH], cells=("rnn", "gru", "lstm"), train_limit=32000, test_limit=None
    ),
    COST: replace(QUICK_SETTINGS[COST], lengths=(28, 112, 448, 784), repeats=5, timed_updates=10),
}


def budget_settings(claim: str, budget: str = QUICK) -> ExperimentSettings:
    """The settings of a claim's experiment at a named budget."""
    return (REFERENCE_SETTINGS if budget == REFERENCE else QUICK_SETTINGS)[claim]
