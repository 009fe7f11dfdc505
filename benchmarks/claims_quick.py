"""How long a learner waits for each claim's quick experiment (the Claims tab's default).

Runs `lstm-gui claims CLAIM` at the quick budget, as the tab would, and prints each one's wall
time and decision; with --repeats N, the claims take turns N times and the median and range are
printed. Goal (issue 17): each at most 3 minutes on two cores.

    .venv/bin/python benchmarks/claims_quick.py [--repeats 3] [--data-dir ../shared/data/mnist]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from lstm_gui.core.claims.budgets import QUICK_SETTINGS
from lstm_gui.core.claims.experiments import CLAIMS, Experiment, run_experiment
from lstm_gui.core.claims.verdicts import verdict
from lstm_gui.core.run.data import load_dataset


def main() -> None:
    """Time each claim's quick experiment, the claims taking turns."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data/mnist"))
    args = parser.parse_args()
    data = load_dataset("mnist", args.data_dir, download=False)
    seconds: dict[str, list[float]] = {claim: [] for claim in CLAIMS}
    with tempfile.TemporaryDirectory() as runs:
        for repeat in range(args.repeats):
            for claim in CLAIMS:
                started = time.perf_counter()
                *_, experiment = run_experiment(
                    claim, QUICK_SETTINGS[claim], runs_root=Path(runs), data=data
                )
                assert isinstance(experiment, Experiment)
                wall = time.perf_counter() - started
                seconds[claim].append(wall)
                print(
                    f"repeat {repeat + 1} {claim:<9} {wall:6.1f} s  {verdict(experiment).decision}",
                    flush=True,
                )
    for claim, values in seconds.items():
        print(
            f"{claim:<9} median {statistics.median(values):6.1f} s "
            f"(range {min(values):.1f}-{max(values):.1f}, {len(values)} run(s))"
        )


if __name__ == "__main__":
    main()
