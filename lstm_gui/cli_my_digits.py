"""`lstm-gui my-digits list|export|fine-tune`: the personal set of kept drawings, headless."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

EXIT_OK = 0


def add_my_digits_command(commands: Any, positive_int: Any) -> None:
    """The `my-digits` command and its three actions."""
    my_digits = commands.add_parser(
        "my-digits", help="the digits kept in the Draw tab's My handwriting page"
    )
    actions = my_digits.add_subparsers(dest="my_digits_action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="how many digits are kept, by label")
    export = actions.add_parser(
        "export", help="write them as MNIST IDX files for --data-dir of train and evaluate"
    )
    export.add_argument("output", type=Path, metavar="DIR")
    export.add_argument(
        "--holdout",
        type=float,
        default=0.0,
        help="share of each label's newest digits kept for the test files only (default 0: "
        "every digit in both the training and the test files)",
    )
    export.add_argument(
        "--force",
        action="store_true",
        help="replace IDX files already in DIR (never allowed in lstm-gui's own data folders)",
    )
    tune = actions.add_parser(
        "fine-tune",
        help="train a copy of a model a little on them mixed with MNIST; before and after",
    )
    tune.add_argument("--checkpoint", type=Path, metavar="CKPT", help="default: the bundled model")
    tune.add_argument("--steps", type=positive_int, default=60)
    tune.add_argument("--batch-size", type=positive_int, default=32)
    tune.add_argument(
        "--share", type=float, default=0.5, help="share of each batch from your digits (0.5)"
    )
    tune.add_argument("--lr", type=float, help="learning rate (default: a third of the run's)")
    tune.add_argument("--seed", type=int, default=0)
    tune.add_argument("--no-augment", action="store_true", help="use the drawings as they are")
    tune.add_argument("--data-dir", type=Path, help="folder holding MNIST's IDX files")
    tune.add_argument(
        "--test-limit", type=positive_int, help="measure MNIST on its first N test digits"
    )
    tune.add_argument("--runs-dir", type=Path, help="where the new run goes (default: runs)")
    tune.add_argument("--json", action="store_true")
    for action in (listing, export, tune):
        action.add_argument(
            "--folder", type=Path, help="where the digits are kept (default: the user's)"
        )


def my_digits(args: argparse.Namespace) -> int:
    """Run the chosen my-digits action."""
    from lstm_gui.core.reading.personal_set import PersonalSet

    store = PersonalSet(args.folder)
    listing = store.load()
    for problem in listing.problems:
        print(f"warning: {problem}")
    if args.my_digits_action == "list":
        counts = Counter(digit.label for digit in listing.digits)
        by_label = ", ".join(f"{label}: {counts[label]}" for label in range(10))
        print(f"{len(listing.digits)} kept digits in {store.folder} ({by_label})")
        return EXIT_OK
    if args.my_digits_action == "export":
        return _export(args, listing)
    return _fine_tune(args, listing)


def _export(args: argparse.Namespace, listing: Any) -> int:
    from lstm_gui.core.reading.personal_set import export_idx

    summary = export_idx(
        listing,
        args.output,
        args.holdout,
        overwrite=args.force,
        replace_hint="export into a new, empty folder, or add --force to replace them",
    )
    print(
        f"Wrote {summary.train_count} training and {summary.test_count} test digits to "
        f"{args.output}: {', '.join(path.name for path in summary.files.values())}"
    )
    print(f"Test a model on them: lstm-gui evaluate --checkpoint CKPT --data-dir {args.output}")
    return EXIT_OK


def _fine_tune(args: argparse.Namespace, listing: Any) -> int:
    from lstm_gui.core.reading.fine_tune import (
        FineTuneResult,
        FineTuneSaved,
        FineTuneSettings,
        fine_tune_and_save,
    )
    from lstm_gui.resources import bundled_model_path

    settings = FineTuneSettings(
        steps=args.steps,
        batch_size=args.batch_size,
        personal_share=args.share,
        lr=args.lr,
        seed=args.seed,
        augment=not args.no_augment,
    )
    images, labels = listing.arrays()
    saved: FineTuneSaved | None = None
    for record in fine_tune_and_save(
        args.checkpoint or bundled_model_path(),
        images,
        labels,
        data_dir=args.data_dir,
        runs_root=args.runs_dir,
        settings=settings,
        mnist_test_limit=args.test_limit,
    ):
        if isinstance(record, FineTuneSaved):
            saved = record
    assert saved is not None  # fine_tune_and_save ends with it
    result: FineTuneResult = saved.result
    figures = {
        "my_digits": len(labels),
        "mnist_test_digits": result.mnist.samples,
        "steps": result.steps_done,
        "my_digits_acc_before": result.before.personal.acc,
        "my_digits_acc_after": result.personal.acc,
        "mnist_acc_before": result.before.mnist.acc,
        "mnist_acc_after": result.mnist.acc,
        "saved": str(saved.path),
    }
    if args.json:
        print(json.dumps(figures))
        return EXIT_OK
    print(f"{result.steps_done} steps on {len(labels)} of your digits mixed with MNIST's")
    print(f"{'':<26}{'before':>8}{'after':>8}")
    print(f"{'your digits':<26}{result.before.personal.acc:>8.1%}{result.personal.acc:>8.1%}")
    mnist = f"MNIST test ({result.mnist.samples:,})"
    print(f"{mnist:<26}{result.before.mnist.acc:>8.1%}{result.mnist.acc:>8.1%}")
    print(f"saved as a new run: {saved.path}")
    return EXIT_OK
