"""`lstm-gui train`, `sweep` and `script`: the commands that set up and train runs."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from lstm_gui.cli_parser import build_parser
from lstm_gui.core.errors import LstmGuiError
from lstm_gui.terminal import ProgressBar, download_reporter

if TYPE_CHECKING:
    from lstm_gui.core.config import TrainConfig
    from lstm_gui.core.run.progress import EpochResult

EXIT_OK, EXIT_ERROR = 0, 1
EpochPrinter = Callable[["EpochResult", bool, TextIO], None]


# --------------------------------------------------------------------------- train


def train(args: argparse.Namespace, print_epoch: EpochPrinter) -> int:
    """Train a new run or resume one, printing its epochs with `print_epoch`."""
    from lstm_gui.core.run.control import TrainingControl
    from lstm_gui.core.run.curve_file import CURVES
    from lstm_gui.core.run.model import format_summary
    from lstm_gui.core.run.progress import BatchProgress, EpochResult, RunFinished, RunStatus
    from lstm_gui.core.run.session import plan_new_run, plan_resume, prepare_run

    if args.resume is not None:
        _refuse_settings_beside_resume(args)
        plan = plan_resume(args.resume, args.epochs, threads=args.threads, output=args.output)
    else:
        train_config, model_settings = new_run_settings(args)
        model_config = train_config.model_config(cell=args.cell, **model_settings)
        plan = plan_new_run(model_config, train_config, output=args.output)
    run = prepare_run(
        plan,
        data_dir=args.data_dir,
        download=not args.no_download,
        progress=download_reporter(sys.stderr),
    )
    if run.notice:
        print(f"note: {run.notice}", file=sys.stderr)
    out = sys.stdout
    if not args.json:
        print(format_summary(run.model, plan.train_config.sequence_length), file=out)
        print(
            f"Training on {run.train_samples:,} {run.data.spec.title} samples, validating on "
            f"{len(run.test_set):,}, device {run.device}.",
            file=out,
        )
    control = TrainingControl()
    previous = signal.signal(signal.SIGINT, lambda *_: control.stop())
    bar = ProgressBar(sys.stderr) if not args.json else None
    finished: RunFinished | None = None
    try:
        for record in run.records(control):
            if isinstance(record, BatchProgress):
                if bar is not None:
                    bar.update(record)
            elif isinstance(record, EpochResult):
                if bar is not None:
                    bar.clear()
                print_epoch(record, args.json, out)
            else:
                finished = record
    finally:
        signal.signal(signal.SIGINT, previous)
    assert finished is not None  # records() always ends with one
    final = run.evaluate()
    paths = plan.paths
    if args.json:
        print(
            json.dumps(
                {
                    "final": True,
                    "status": str(finished.status),
                    "epochs_done": finished.epochs_done,
                    "loss": final.loss,
                    "acc": final.acc,
                    "checkpoint": str(paths.latest),
                    "best_checkpoint": str(paths.best),
                    "curves": str(plan.folder / CURVES),
                }
            ),
            file=out,
        )
    else:
        if finished.message:
            print(finished.message, file=out)
        print(f"Saved {paths.latest} (best: {paths.best})", file=out)
        print(f"loss: {final.loss:.4f}", file=out)
        print(f"acc: {final.acc:.4f}", file=out)
    if finished.status == RunStatus.DIVERGED:
        print(f"error: {finished.message}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def new_run_settings(args: argparse.Namespace) -> tuple[TrainConfig, dict[str, Any]]:
    """A new run's training settings and its model settings but the cell (train and sweep)."""
    from lstm_gui.core.choices import PRESET_SETTINGS, Preset
    from lstm_gui.core.config import TrainConfig

    defaults = vars(build_parser().parse_args(["train"]))
    for name, value in PRESET_SETTINGS[Preset(args.preset)].items():
        if getattr(args, name) == defaults[name]:  # an option given explicitly wins
            setattr(args, name, value)

    train_config = TrainConfig(
        dataset=args.dataset,
        sequence=args.sequence,
        steps=getattr(args, "steps", None),  # a sweep's lengths are its own
        blank_steps=args.blank_steps,
        optimizer=args.optimizer,
        lr=args.lr,
        batch_size=args.batch_size,
        epochs=args.epochs,
        seed=args.seed,
        grad_clip=args.grad_clip,
        lr_schedule=args.lr_schedule,
        standardize=args.standardize,
        augment=args.augment,
        device=args.device,
        precision=args.precision,
        train_limit=args.train_limit,
        test_limit=args.test_limit,
        torch_threads=args.threads,
    )
    model_settings = {
        "hidden_size": args.hidden,
        "num_layers": args.layers,
        "dropout": args.dropout,
        "bidirectional": args.bidirectional,
        "keras_init": not args.pytorch_init,
        "forget_bias": args.forget_bias,
    }
    return train_config, model_settings


# --------------------------------------------------------------------------- sweep


def sweep(args: argparse.Namespace) -> int:
    """Train every cell at every sequence length, a row of results per run."""
    from lstm_gui.claims_report import sweep_header, sweep_row
    from lstm_gui.core.claims.sweep import SweepResult, run_sweep, sweep_configs
    from lstm_gui.core.run.control import TrainingControl
    from lstm_gui.core.run.progress import BatchProgress, EpochResult, RunFinished, RunStatus

    train_config, model_settings = new_run_settings(args)
    # Every combination is checked before anything is read or trained.
    configs = sweep_configs(args.cells, args.lengths, train_config, model_settings)
    control = TrainingControl()
    previous = signal.signal(signal.SIGINT, lambda *_: control.stop())
    bar = ProgressBar(sys.stderr)
    if not args.json:
        print(sweep_header(), flush=True)
    try:
        for item in run_sweep(
            configs,
            runs_root=args.runs_dir,
            data_dir=args.data_dir,
            download=not args.no_download,
            progress=download_reporter(sys.stderr),
            control=control,
        ):
            if isinstance(item, SweepResult):
                line = json.dumps(item.to_dict()) if args.json else sweep_row(item.to_dict())
                print(line, flush=True)
                continue
            record = item.record
            if isinstance(record, BatchProgress):
                bar.update(record)
            elif isinstance(record, EpochResult):
                bar.clear()
            elif isinstance(record, RunFinished) and record.status == RunStatus.STOPPED:
                bar.clear()
                print(
                    f"Sweep stopped during {item.cell.upper()} at {item.steps} steps (run "
                    f"{item.index + 1} of {item.total}); the finished runs are kept.",
                    file=sys.stderr,
                )
            elif isinstance(record, RunFinished) and record.status == RunStatus.DIVERGED:
                print(f"warning: {record.message}", file=sys.stderr)
    finally:
        signal.signal(signal.SIGINT, previous)
    return EXIT_OK


def script(args: argparse.Namespace) -> int:
    """Print or write a standalone PyTorch script for these settings."""
    from lstm_gui.core.export.training_script import save_training_script, training_script

    train_config, model_settings = new_run_settings(args)
    model_config = train_config.model_config(cell=args.cell, **model_settings)
    text = training_script(
        model_config, train_config, data_dir=args.data_dir, download=not args.no_download
    )
    if args.output is None:
        print(text, end="")
    else:
        path = save_training_script(args.output, text)
        print(f"Wrote {path}; run it with: python {path}")
    return EXIT_OK


# Settings a resumed run takes from its checkpoint; --epochs, --threads, --output, --data-dir
# and --json still apply.
_FIXED_WHEN_RESUMING = (
    "dataset",
    "cell",
    "sequence",
    "steps",
    "blank_steps",
    "hidden",
    "layers",
    "dropout",
    "bidirectional",
    "pytorch_init",
    "forget_bias",
    "batch_size",
    "lr",
    "optimizer",
    "lr_schedule",
    "grad_clip",
    "standardize",
    "augment",
    "seed",
    "device",
    "precision",
    "preset",
    "train_limit",
    "test_limit",
)


def _refuse_settings_beside_resume(args: argparse.Namespace) -> None:
    defaults = vars(build_parser().parse_args(["train"]))
    changed = [name for name in _FIXED_WHEN_RESUMING if getattr(args, name) != defaults[name]]
    if changed:
        flags = ", ".join("--" + name.replace("_", "-") for name in changed)
        raise LstmGuiError(
            f"A resumed run keeps the settings it was started with; drop {flags} "
            "(only --epochs, --threads, --output and --data-dir apply with --resume)."
        )
