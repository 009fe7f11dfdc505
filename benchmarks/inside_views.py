"""How long the Inside tab's work takes on real MNIST, and what it finds on the bundled model.

Times reading the states of N test digits (row_states), both PCA fits (trajectories) and the
whole unit atlas (every unit silenced), --repeats times, and prints the medians and ranges with
the figures a learner sees: variance kept by the plane, when each class stands apart, the
units whose silencing costs most, and how often each gate is saturated.

    .venv/bin/python benchmarks/inside_views.py [--samples 1000] [--repeats 1] [--threads 1]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np
import torch

from lstm_gui.core.inside.row_states import collect_row_states
from lstm_gui.core.inside.trajectories import PcaFit, apart_from, state_trajectories
from lstm_gui.core.inside.unit_atlas import UnitAtlas, compute_unit_atlas
from lstm_gui.core.reading.inference import Predictor
from lstm_gui.core.run.data import load_dataset


def spread(values: list[float]) -> str:
    """Median and range of timings."""
    return f"median {statistics.median(values):.2f} s (range {min(values):.2f}-{max(values):.2f})"


def main() -> None:
    """Time the views' work and print what they show."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data/mnist"))
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    predictor = Predictor.bundled()
    test = load_dataset("mnist", args.data_dir, download=False).test.head(args.samples)
    timings: dict[str, list[float]] = {"states": [], "trajectories": [], "atlas": []}
    atlas: UnitAtlas | None = None
    for _ in range(args.repeats):
        started = time.perf_counter()
        states = collect_row_states(predictor, test.images, test.labels)
        timings["states"].append(time.perf_counter() - started)
        assert states is not None
        started = time.perf_counter()
        fits = {fit: state_trajectories(states, fit) for fit in PcaFit}
        timings["trajectories"].append(time.perf_counter() - started)
        started = time.perf_counter()
        atlas = compute_unit_atlas(predictor, states, test.images, test.labels)
        timings["atlas"].append(time.perf_counter() - started)
    assert atlas is not None  # --repeats ran at least once
    print(f"{len(test)} test digits, {args.threads} thread(s), {args.repeats} repeat(s)")
    for name, values in timings.items():
        print(f"{name:<13}{spread(values)}")
    for fit, paths in fits.items():
        ratio = paths.pca.explained_variance_ratio
        print(
            f"plane fitted on {fit} states: PC1 {100 * ratio[0]:.1f}%, PC2 {100 * ratio[1]:.1f}%"
            f", together {100 * paths.pca.plane_share:.1f}%"
        )
    paths = fits[PcaFit.FINAL]
    rows = [4, 8, 12, 16, 20, 24, 28]
    print(
        "between-class share of the spread at rows",
        rows,
        ":",
        paths.separation[np.array(rows) - 1].round(2),
    )
    print(
        "each class apart (90% nearest its own mean) from row:",
        dict(enumerate(apart_from(paths.recall).tolist())),
    )
    drops = 100 * atlas.accuracy_drop
    print(
        f"accuracy {100 * atlas.accuracy:.1f}%; silencing one unit: largest drop {drops.max():.1f}"
        f" points, {int((drops > 0.05).sum())} units cost >0, {int((np.abs(drops) < 0.05).sum())}"
        f" cost nothing, {int((drops < -0.05).sum())} help"
    )
    for unit in atlas.ranked()[:8]:
        print(
            f"  unit {unit + 1:3d}: accuracy -{drops[unit]:.1f} points, true-class probability "
            f"-{100 * atlas.confidence_drop[unit]:.2f} points, top digits "
            f"{test.labels[atlas.drivers.digits[unit]].tolist()} at rows "
            f"{atlas.drivers.entries[unit].tolist()}"
        )
    for gate, shares in atlas.saturation.items():
        print(
            f"gate {gate.symbol}: saturated in {100 * shares.mean():.1f}% of states on average, "
            f"median unit {100 * np.median(shares):.1f}%, most {100 * shares.max():.1f}%"
        )


if __name__ == "__main__":
    main()
