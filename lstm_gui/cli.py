"""`lstm-gui`: the desktop app with no arguments, and headless train/evaluate/predict commands.

This is the entry point: it parses (cli_parser), dispatches to the command's handler and turns
errors into one line and an exit status. The handlers live beside it: cli_train (train, sweep,
script), cli_models (evaluate, gradients, predict, scan, export), cli_claims (claims).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from lstm_gui import cli_models, cli_train
from lstm_gui.cli_parser import build_parser, lesson_argument
from lstm_gui.cli_train import new_run_settings as _new_run_settings  # noqa: F401 - tests use it
from lstm_gui.core.errors import LstmGuiError
from lstm_gui.terminal import print_epoch

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    lesson = lesson_argument(list(sys.argv[1:] if argv is None else argv))
    if lesson is not None:  # `lstm-gui LESSON.lstm-lesson`, as a double-click runs it
        return _run_gui_with_lesson(lesson)
    parser = build_parser()
    args = parser.parse_args(argv)  # usage errors exit 2 with usage text
    args.argv = list(sys.argv[1:] if argv is None else argv)  # as typed, for provenance
    if args.self_test:
        if args.command is not None:
            parser.error("--self-test takes no command")
        args.command = "self-test"
    handlers: dict[str | None, Callable[[argparse.Namespace], int]] = {
        None: _run_gui,
        # This module's print_epoch, looked up now: callers (and tests) replace it here.
        "train": lambda args: cli_train.train(args, print_epoch),
        "evaluate": cli_models.evaluate,
        "gradients": cli_models.gradients,
        "sweep": cli_train.sweep,
        "claims": _claims,
        "script": cli_train.script,
        "predict": cli_models.predict,
        "scan": cli_models.scan,
        "export": cli_models.export,
        "my-digits": _my_digits,
        "install-launcher": _install_launcher,
        "uninstall-launcher": _uninstall_launcher,
        "self-test": _self_test,
    }
    try:
        return handlers[args.command](args)
    except LstmGuiError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("error: interrupted.", file=sys.stderr)
        return EXIT_ERROR
    except MemoryError:  # outside a run (a run's own is an OutOfMemory, an LstmGuiError)
        print("error: out of memory; use a smaller batch, model or dataset.", file=sys.stderr)
        return EXIT_ERROR


def _run_gui(args: argparse.Namespace | None, lesson: Path | None = None) -> int:
    try:
        from lstm_gui.gui.app import run_app
    except ImportError as exc:
        print(f"error: the desktop app cannot start ({exc}).", file=sys.stderr)
        return EXIT_ERROR
    return run_app(lesson=lesson)


def _run_gui_with_lesson(path: Path) -> int:
    """Open the app with a lesson; a file that is not there is an error before any window."""
    if not path.is_file():
        print(f"error: there is no lesson file {path}.", file=sys.stderr)
        return EXIT_ERROR
    return _run_gui(None, path.resolve())


# --------------------------------------------------------------------------- self-test, launcher


def _self_test(args: argparse.Namespace) -> int:
    from lstm_gui.selftest import run_self_test

    return run_self_test()


def _install_launcher(args: argparse.Namespace) -> int:
    from lstm_gui.launcher import install_launcher, launch_command

    written = install_launcher()
    print(f"Installed the lstm-gui launcher, which runs: {' '.join(launch_command())}")
    for path in written:
        print(f"  {path}")
    return EXIT_OK


def _uninstall_launcher(args: argparse.Namespace) -> int:
    from lstm_gui.launcher import data_home, uninstall_launcher

    removed = uninstall_launcher()
    if not removed:
        print(f"No lstm-gui launcher was installed in {data_home()}; nothing to remove.")
        return EXIT_OK
    print("Removed the lstm-gui launcher:")
    for path in removed:
        print(f"  {path}")
    return EXIT_OK


# --------------------------------------------------------------------------- claims


def _my_digits(args: argparse.Namespace) -> int:
    from lstm_gui.cli_my_digits import my_digits

    return my_digits(args)


def _claims(args: argparse.Namespace) -> int:
    from lstm_gui.cli_claims import run_claims

    return run_claims(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
