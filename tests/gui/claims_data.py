"""Made-up claim experiments whose every figure a test knows: runs, profiles, timings."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from lstm_gui.core.claims.experiments import (
    COST,
    GRADIENTS,
    LENGTH,
    Experiment,
    write_experiment,
)
from lstm_gui.core.claims.records import ClaimRun, CostTiming, ExperimentSettings

ROWS = 28


def profile(steps: int, ratio: float, wobble: float = 1.0) -> tuple[float, ...]:
    """Norms per step: `ratio` times the last step's at the last image row.

    From there they rise evenly (on a log scale) to 1e-2 at the last step; the image rows
    before it stay at `ratio` times `wobble`.
    """
    start = ROWS - 1
    values = np.full(steps, 1e-2 * ratio * wobble)
    values[start:] = 1e-2 * np.geomspace(ratio, 1.0, steps - start)
    return tuple(float(v) for v in values)


def claim_run(
    cell: str,
    steps: int,
    seed: int,
    acc: float,
    ratio: float = 0.5,
    settings: ExperimentSettings | None = None,
) -> ClaimRun:
    """A finished memory-task run; its memory state kept `ratio` across the blank steps."""
    state = "cell" if cell == "lstm" else "hidden"
    trained = profile(steps, ratio, wobble=1.0 + seed / 10)
    profiles = {
        "input": profile(steps, ratio / 10, wobble=1.0 + seed / 10),
        state: trained,
        f"{state}_init_keras": profile(steps, ratio / 100, wobble=1.0 + seed / 10),
        f"{state}_init_pytorch": profile(steps, ratio / 1000, wobble=1.0 + seed / 10),
    }
    if cell == "lstm":
        profiles["hidden"] = profile(steps, ratio / 10)
    return ClaimRun(
        cell=cell,
        steps=steps,
        seed=seed,
        params=1000,
        macs_per_sample=1000 * steps,
        samples_per_s=1000.0,
        seconds=1.0,
        val_acc=acc,
        early_late_ratio=math.nan,
        initial_early_late_ratio=math.nan,
        status="completed",
        checkpoint="",
        blank_steps=steps - ROWS,
        updates=(settings or ExperimentSettings()).updates,
        profiles=profiles,
    )


# Seeds 0, 1, 2 of each cell at 28 and 64 steps: every net learned (at least 40%).
ACCURACY = {("rnn", 28): (0.5, 0.6, 0.7), ("rnn", 64): (0.4, 0.45, 0.5)}
ACCURACY |= {("lstm", 28): (0.8, 0.85, 0.9), ("lstm", 64): (0.7, 0.75, 0.9)}


def gradient_experiment(
    rnn_ratios: Sequence[float], lstm_ratios: Sequence[float], created: str = "2026-01-02T03:04:05"
) -> Experiment:
    """Claim 1 over three seeds; the ratios the memory state kept at 64 steps, per seed."""
    settings = ExperimentSettings(cells=("rnn", "lstm"), lengths=(28, 64), seeds=3)
    ratios = {"rnn": rnn_ratios, "lstm": lstm_ratios}
    runs = [
        claim_run(cell, steps, seed, ACCURACY[cell, steps][seed], ratios[cell][seed], settings)
        for seed in range(3)
        for cell in ("rnn", "lstm")
        for steps in (28, 64)
    ]
    return Experiment(GRADIENTS, settings, tuple(runs), created=created, seconds=12.0)


def length_experiment(
    accuracy: dict[tuple[str, int], Sequence[float]],
    seeds: int = 3,
    train_limit: int = 9600,
    provenance: dict[str, object] | None = None,
) -> Experiment:
    """Claim 2: each cell and length's accuracy per seed."""
    lengths = tuple(sorted({steps for _, steps in accuracy}))
    cells = tuple(dict.fromkeys(cell for cell, _ in accuracy))
    settings = ExperimentSettings(
        cells=cells, lengths=lengths, seeds=seeds, train_limit=train_limit
    )
    runs = [
        claim_run(cell, steps, seed, acc, settings=settings)
        for (cell, steps), values in accuracy.items()
        for seed, acc in enumerate(values)
    ]
    return Experiment(
        LENGTH, settings, tuple(runs), created="2026-01-02T03:04:05", provenance=provenance
    )


def cost_experiment(seconds: dict[tuple[str, int, int], Sequence[float]]) -> Experiment:
    """Claim 3: seconds per update of each (cell, steps, layers), per repeat."""
    timings = tuple(
        CostTiming(cell, steps, layers, 1000 * steps, tuple(values))
        for (cell, steps, layers), values in seconds.items()
    )
    settings = ExperimentSettings(
        cells=tuple(dict.fromkeys(t.cell for t in timings)),
        lengths=tuple(sorted({t.steps for t in timings})),
        depths=tuple(sorted({t.layers for t in timings})),
        repeats=max(len(t.seconds) for t in timings),
    )
    return Experiment(COST, settings, timings=timings, created="2026-01-02T03:04:05", threads=1)


def save_reference(experiment: Experiment, folder: Path, name: str) -> Experiment:
    """Write a reference experiment where the tab is told to look for them."""
    return write_experiment(experiment, folder / f"{name}.json")


PROVENANCE = {
    "command": "lstm-gui claims length --budget reference",
    "machine": "x86_64, 2 CPU cores, Linux",
    "date": "2026-02-03T04:05:06",
    "wall_seconds": 754.0,
}
