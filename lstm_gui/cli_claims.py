"""`lstm-gui claims CLAIM`: the Claims tab's experiment and verdict, headless.

The same pipeline as the tab (core.claims): cells x lengths x seeds at a named budget with any
setting overridden, each finished run printed (a JSON object per run with --json), then the
verdict (the last JSON object: claim, decision, text, budget). The experiment is saved where
the tab lists it; --output also writes it to a file with its provenance (reference results).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shlex
import signal
import sys
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from lstm_gui.core.choices import CELLS
from lstm_gui.core.claims.budgets import BUDGETS, QUICK, budget_settings
from lstm_gui.core.claims.experiments import CLAIMS
from lstm_gui.core.claims.records import TASKS

# Options that override the budget's settings, by ExperimentSettings field.
_OVERRIDES = (
    "cells",
    "task",
    "lengths",
    "seeds",
    "seed",
    "train_limit",
    "test_limit",
    "epochs",
    "hidden",
    "layers",
    "batch_size",
    "lr",
    "forget_bias",
    "grad_clip",
    "depths",
    "repeats",
    "timed_updates",
)


def add_claims_command(commands: Any, name_list: Any, int_list: Any, positive_int: Any) -> None:
    """The `claims` sub-command and its options."""
    claims = commands.add_parser(
        "claims",
        help="put one of the tutorial's claims to the test: cells x lengths x seeds, a verdict",
    )
    claims.add_argument("claim", choices=CLAIMS)
    claims.add_argument(
        "--budget",
        choices=BUDGETS,
        default=QUICK,
        help="quick (a few minutes on two cores) or reference (what the shipped results ran)",
    )
    claims.add_argument("--seeds", type=positive_int, help="seeds per cell and length")
    claims.add_argument("--seed", type=int, help="the first seed (the others follow it)")
    claims.add_argument("--cells", type=name_list(CELLS), metavar="CELLS")
    claims.add_argument(
        "--task",
        choices=TASKS,
        help="memory: 28 rows then blank steps up to each length; finer: the image cut finer",
    )
    claims.add_argument("--lengths", type=int_list, metavar="T,T,...", help="sequence lengths")
    claims.add_argument("--train-limit", type=positive_int, help="training digits per epoch")
    claims.add_argument("--test-limit", type=positive_int, help="test digits")
    claims.add_argument("--epochs", type=positive_int)
    claims.add_argument("--hidden", type=positive_int, help="hidden units")
    claims.add_argument("--layers", type=positive_int)
    claims.add_argument("--batch-size", type=positive_int)
    claims.add_argument("--lr", type=float, help="learning rate")
    claims.add_argument(
        "--forget-bias", type=float, help="starting bias of the LSTM forget / GRU update gate"
    )
    claims.add_argument("--grad-clip", type=float, help="gradient norm clip")
    claims.add_argument(
        "--pytorch-init", action="store_true", help="PyTorch's default initialisation"
    )
    claims.add_argument("--depths", type=int_list, metavar="L,L,...", help="cost: layer counts")
    claims.add_argument("--repeats", type=positive_int, help="cost: timing repeats")
    claims.add_argument("--timed-updates", type=positive_int, help="cost: updates per timing")
    claims.add_argument("--runs-dir", type=Path, help="the runs folder (experiments go in it)")
    claims.add_argument("--data-dir", type=Path, help="folder holding MNIST's IDX files")
    claims.add_argument("--no-download", action="store_true", help="never download data")
    claims.add_argument("--output", type=Path, help="also write the experiment (with provenance)")
    claims.add_argument(
        "--json", action="store_true", help="one JSON object per run, then the verdict"
    )


def experiment_settings(args: argparse.Namespace) -> Any:
    """The budget's settings with the options given on the command line."""
    settings = budget_settings(args.claim, args.budget)
    changes: dict[str, Any] = {}
    for name in _OVERRIDES:
        value = getattr(args, name, None)
        if value is not None:
            changes[name] = tuple(value) if isinstance(value, list) else value
    if args.pytorch_init:
        changes["keras_init"] = False
    return replace(settings, **changes)


def run_claims(args: argparse.Namespace) -> int:
    """Run the experiment, print runs and verdict; 0, or 1 when nothing could be judged."""
    from lstm_gui.core.claims.cost import CostProgress
    from lstm_gui.core.claims.experiments import (
        Experiment,
        ExperimentProgress,
        claims_dir,
        run_experiment,
        save_experiment,
        write_experiment,
    )
    from lstm_gui.core.claims.records import ClaimRun, CostTiming
    from lstm_gui.core.claims.verdicts import verdict
    from lstm_gui.core.run.control import TrainingControl

    settings = experiment_settings(args)  # a ConfigError is one sentence, before any work
    control = TrainingControl()
    previous = signal.signal(signal.SIGINT, lambda *_: control.stop())
    started = time.monotonic()
    experiment: Experiment | None = None
    status = _Status(sys.stderr)
    try:
        for item in run_experiment(
            args.claim,
            settings,
            runs_root=args.runs_dir,
            data_dir=args.data_dir,
            download=not args.no_download,
            control=control,
        ):
            if isinstance(item, (ExperimentProgress, CostProgress)):
                status.update(item.fraction, time.monotonic() - started)
            elif isinstance(item, (ClaimRun, CostTiming)):
                status.clear()
                print(_run_line(item, args.json), flush=True)
            elif isinstance(item, Experiment):
                experiment = item
    finally:
        signal.signal(signal.SIGINT, previous)
        status.clear()
    assert experiment is not None  # run_experiment always ends with one
    experiment = save_experiment(experiment, claims_dir(args.runs_dir))
    if args.output is not None:
        write_experiment(
            replace(experiment, provenance=provenance(experiment, args.argv)), args.output
        )
    judged = verdict(experiment)
    if args.json:
        print(json.dumps({**judged.to_dict(), "experiment": str(experiment.path)}), flush=True)
    else:
        print(f"{args.claim}: {judged.decision}")
        print(judged.text())
        print(f"Saved {experiment.path}")
    return 0


def provenance(experiment: Any, argv: list[str]) -> dict[str, Any]:
    """Where a reference result came from: command, version, machine, time."""
    import torch

    from lstm_gui import __version__

    return {
        "command": "lstm-gui " + shlex.join(argv),
        "version": __version__,
        "torch": torch.__version__,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPU cores, {platform.system()}",
        "processor": platform.processor() or _cpu_model(),
        "threads": experiment.threads,
        "date": datetime.now().isoformat(timespec="seconds"),
        "wall_seconds": None
        if not math.isfinite(experiment.seconds)
        else round(experiment.seconds, 1),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def _run_line(item: Any, as_json: bool) -> str:
    """One finished run (or timing) as a JSON object or a line of text."""
    from lstm_gui.core.claims.gradient_verdict import span_ratio, span_start
    from lstm_gui.core.claims.records import CostTiming

    if isinstance(item, CostTiming):
        values = item.to_dict()
        values["median_seconds"] = item.median
        if as_json:
            return json.dumps(values)
        times = ", ".join(f"{1000 * s:.3g}" for s in item.seconds)
        return (
            f"{item.cell.upper():<5} {item.steps:>5} steps {item.layers} layer(s): "
            f"{1000 * item.median:.3g} ms per update (repeats: {times} ms)"
        )
    values = item.to_dict()
    values.pop("profiles", None)
    ratio = span_ratio(item.profiles.get("hidden", ()), span_start(item))
    values["hidden_gradient_span_ratio"] = ratio if math.isfinite(ratio) else None
    if as_json:
        return json.dumps(values)
    text = (
        f"{item.cell.upper():<5} {item.steps:>5} steps seed {item.seed}: "
        f"acc {100 * item.val_acc:.1f}%, {item.updates:,} updates, {item.seconds:.0f} s"
    )
    if _has_hidden_profile(item):
        text += f", |dL/dh| step {span_start(item) + 1} ÷ last {ratio:.3g}"
    return text


def _has_hidden_profile(run: Any) -> bool:
    """Whether the run carries the gradients claim's hidden-state profile."""
    return bool(run.profiles.get("hidden"))


class _Status:
    """The share done and the time left, on one terminal line (silent when not a terminal)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self._last = 0.0

    def update(self, fraction: float, elapsed: float) -> None:
        now = time.monotonic()
        if not self.enabled or now - self._last < 0.2:
            return
        self._last = now
        left = elapsed * (1 - fraction) / fraction if fraction > 0.02 else math.nan
        left_text = "?" if not math.isfinite(left) else f"{left / 60:.0f} min {left % 60:02.0f} s"
        self.stream.write(f"\r{100 * fraction:5.1f}% done, about {left_text} left\033[K")
        self.stream.flush()

    def clear(self) -> None:
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()
