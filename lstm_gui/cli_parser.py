"""The `lstm-gui` command line's grammar: commands, options and how their values are read."""

from __future__ import annotations

import argparse
import copy
from collections.abc import Callable, Sequence
from pathlib import Path

from lstm_gui import __version__
from lstm_gui.cli_claims import add_claims_command
from lstm_gui.cli_my_digits import add_my_digits_command
from lstm_gui.core.choices import (
    CELLS,
    DATASETS,
    DEVICES,
    LR_SCHEDULES,
    OPTIMIZERS,
    PRECISIONS,
    PRESETS,
    SEQUENCE_VIEWS,
)
from lstm_gui.core.lessons import SUFFIX as LESSON_SUFFIX

# Train options a sweep does not take: it names its own cells, lengths and run folders.
_NOT_SWEPT = frozenset({"help", "cell", "steps", "resume", "output"})
# Train options `script` does not take: a script trains from scratch and prints text; its
# --output names the script.
_NOT_SCRIPTED = frozenset({"help", "resume", "output", "json"})


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be 1 or more")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} must be a positive number")
    return value


def _copy_options(
    source: argparse.ArgumentParser, target: argparse.ArgumentParser, leave_out: frozenset[str]
) -> None:
    """Give `target` a copy of each of `source`'s options but those whose dest is left out."""
    for action in source._actions:
        if action.option_strings and action.dest not in leave_out:
            target._add_action(copy.copy(action))


def _add_script_command(
    commands: argparse._SubParsersAction, train: argparse.ArgumentParser
) -> None:
    script = commands.add_parser(
        "script",
        help="print a stand-alone PyTorch script that trains these settings "
        "(takes train's options)",
    )
    _copy_options(train, script, _NOT_SCRIPTED)
    script.add_argument(
        "--output", type=Path, metavar="FILE", help="write the script to FILE, not the terminal"
    )


def lesson_argument(arguments: Sequence[str]) -> Path | None:
    """The lesson file when the only argument names one (`lstm-gui rows.lstm-lesson`), else None.

    Told apart from the commands before parsing: a bare path is no command, and a command's
    arguments are never one lone *.lstm-lesson.
    """
    if len(arguments) != 1 or arguments[0].startswith("-"):
        return None
    return Path(arguments[0]) if arguments[0].lower().endswith(LESSON_SUFFIX) else None


def build_parser() -> argparse.ArgumentParser:
    """The `lstm-gui` command line: the app with no command, and the headless commands."""
    parser = argparse.ArgumentParser(
        prog="lstm-gui",
        description="Watch an LSTM learn to read handwritten digits row by row. "
        "With no command, opens the desktop app; with a lesson file "
        "(lstm-gui LESSON.lstm-lesson), opens the app with that lesson.",
    )
    parser.add_argument("--version", action="version", version=f"lstm-gui {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check that the app works (window, bundled model, training, checkpoints, "
        "translations) and exit; runs offscreen when there is no display",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    train = commands.add_parser(
        "train", help="train a model headless (the tutorial's settings by default)"
    )
    train.add_argument("--data-dir", type=Path, help="folder holding the dataset's IDX files")
    train.add_argument("--dataset", choices=DATASETS, default="mnist")
    train.add_argument("--cell", choices=CELLS, default="lstm")
    train.add_argument(
        "--sequence",
        choices=SEQUENCE_VIEWS,
        default="rows",
        help="rows: 28 steps of 28 pixels (the tutorial); pixels: 784 steps",
    )
    train.add_argument(
        "--steps",
        type=_positive_int,
        metavar="T",
        help="cut the image, read row by row, into T steps of 784/T pixels (T divides 784: "
        "28 is the default, 784 the pixels view)",
    )
    train.add_argument(
        "--blank-steps",
        type=int,
        default=0,
        metavar="D",
        help="the memory task: D all-zero steps after the image, the answer read after the "
        "last, so the network must remember the digit D steps (0 to 5000; default 0)",
    )
    train.add_argument("--hidden", type=_positive_int, default=128, help="hidden units")
    train.add_argument("--layers", type=_positive_int, default=1)
    train.add_argument("--dropout", type=float, default=0.0, help="between layers")
    train.add_argument("--bidirectional", action="store_true")
    train.add_argument(
        "--pytorch-init",
        action="store_true",
        help="PyTorch's default initialisation instead of Keras's",
    )
    train.add_argument(
        "--forget-bias",
        type=float,
        metavar="B",
        help="the starting bias of the LSTM's forget gate (the GRU's update gate), -20 to 20; "
        "high values keep memory across long delays (default: Keras's 1 for the LSTM, 0 for "
        "the GRU; a plain RNN has no such gate)",
    )
    train.add_argument("--epochs", type=_positive_int, default=20)
    train.add_argument("--batch-size", type=_positive_int, default=28)
    train.add_argument("--lr", type=_positive_float, default=1e-3, help="learning rate")
    train.add_argument("--optimizer", choices=OPTIMIZERS, default="adam")
    train.add_argument("--lr-schedule", choices=LR_SCHEDULES, default="none")
    train.add_argument("--grad-clip", type=_positive_float, help="clip the gradient norm")
    train.add_argument(
        "--standardize",
        action="store_true",
        help="subtract the mean and divide by the std (default: ÷255 only)",
    )
    train.add_argument(
        "--augment", action="store_true", help="random shifts, rotations, scale and stroke width"
    )
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--device", choices=DEVICES, default="auto")
    train.add_argument(
        "--preset",
        choices=PRESETS,
        default="tutorial",
        help="fast: batch 128, lr 0.003, cosine, 12 epochs, bf16 where possible (the quickest "
        "recipe found to the tutorial's accuracy); options given explicitly still win",
    )
    train.add_argument(
        "--precision",
        choices=PRECISIONS,
        default="fp32",
        help="bf16: autocast to bfloat16 where the CPU or GPU has it (faster), else fp32",
    )
    train.add_argument("--threads", type=_positive_int, help="CPU threads for PyTorch")
    train.add_argument("--train-limit", type=_positive_int, help="use the first N samples")
    train.add_argument("--test-limit", type=_positive_int, help="evaluate on the first N")
    train.add_argument(
        "--output",
        type=Path,
        metavar="CKPT",
        help="where to save the model (best goes beside it); "
        "default: a new run folder in the user's data folder",
    )
    train.add_argument(
        "--resume", type=Path, metavar="CKPT", help="continue a saved run up to --epochs in all"
    )
    train.add_argument("--no-download", action="store_true", help="never download data")
    train.add_argument("--json", action="store_true", help="one JSON object per epoch")

    sweep = commands.add_parser(
        "sweep",
        help="train each cell at each sequence length in turn, same seed and data "
        "(takes train's options)",
    )
    sweep.add_argument(
        "--cells", type=_name_list(CELLS), default=["rnn", "gru", "lstm"], metavar="CELLS"
    )
    sweep.add_argument(
        "--steps",
        dest="lengths",
        type=_int_list,
        default=[28, 112, 784],
        metavar="T,T,...",
        help="sequence lengths, each dividing 784 (default 28,112,784)",
    )
    sweep.add_argument(
        "--runs-dir", type=Path, help="where the run folders go (default: the user's runs folder)"
    )
    # Every other train option applies to each run of the sweep, the same way.
    _copy_options(train, sweep, _NOT_SWEPT)
    _add_script_command(commands, train)
    add_claims_command(commands, _name_list, _int_list, _positive_int)

    _add_intervene(
        _add_test_set_command(commands, "evaluate", "test a saved model on its test set")
    )
    gradients = _add_test_set_command(
        commands,
        "gradients",
        "gradient through time: how much the loss depends on each step's input and state",
    )
    gradients.add_argument(
        "--samples", type=_positive_int, default=256, help="the first N test images (256)"
    )

    predict = commands.add_parser("predict", help="read the digit in image files")
    _add_bundled_checkpoint(predict)
    predict.add_argument("--json", action="store_true")
    _add_intervene(predict)
    predict.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    _add_scan_command(commands)
    export = commands.add_parser(
        "export", help="save a model without its optimizer state (small, for sharing)"
    )
    export.add_argument("checkpoint", type=Path, metavar="CKPT")
    export.add_argument("output", type=Path, metavar="OUTPUT")
    export.add_argument("--name", help="the model's display name")
    add_my_digits_command(commands, _positive_int)

    commands.add_parser(
        "install-launcher",
        help="add lstm-gui to this user's application menu (under $XDG_DATA_HOME)",
    )
    commands.add_parser("uninstall-launcher", help="remove what install-launcher added to the menu")
    return parser


def _add_test_set_command(
    commands: argparse._SubParsersAction, name: str, help_text: str
) -> argparse.ArgumentParser:
    """A command that reads a saved model's test set: --checkpoint, --data-dir and the like."""
    command: argparse.ArgumentParser = commands.add_parser(name, help=help_text)
    command.add_argument("--checkpoint", type=Path, required=True, metavar="CKPT")
    command.add_argument("--data-dir", type=Path)
    command.add_argument("--no-download", action="store_true")
    command.add_argument("--json", action="store_true")
    return command


def _add_intervene(command: argparse.ArgumentParser) -> None:
    """--intervene SPEC, repeatable: change the trained network as it reads (interventions.py)."""
    command.add_argument(
        "--intervene",
        action="append",
        default=[],
        metavar="SPEC",
        help="change the network as it reads, e.g. forget=0, input=0@rows=1-14, "
        "output=1@units=1-64, cell=reset@row=14, state=reset@row=15, unit=41:off "
        "(rows and units from 1; repeat to combine)",
    )


def _add_bundled_checkpoint(command: argparse.ArgumentParser) -> None:
    """--checkpoint for a command that falls back on the bundled pretrained model."""
    command.add_argument(
        "--checkpoint", type=Path, metavar="CKPT", help="default: the bundled pretrained model"
    )


def _name_list(choices: Sequence[str]) -> Callable[[str], list[str]]:
    def parse(text: str) -> list[str]:
        names = [name.strip() for name in text.split(",") if name.strip()]
        unknown = [name for name in names if name not in choices]
        if not names or unknown:
            raise argparse.ArgumentTypeError(
                f"{text!r}: give a comma-separated list of {', '.join(choices)}"
            )
        return names

    return parse


def _int_list(text: str) -> list[int]:
    try:
        values = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list") from None
    if not values:
        raise argparse.ArgumentTypeError(f"{text!r} names no length")
    return values


def _add_scan_command(commands: argparse._SubParsersAction) -> None:
    scan = commands.add_parser(
        "scan",
        help="draw the model reading an image row by row: a GIF, or a PNG of every frame",
        description="One frame per image row: the image with the scan line, the ten "
        "probabilities and the top guess, and h and c so far (units x rows). A model of "
        "fewer than 28 steps reads several rows a step and gets one frame per step.",
    )
    scan.add_argument("image", type=Path, metavar="IMAGE")
    scan.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help=".gif: the animation (loops); .png: every frame on one sheet "
        "(default: IMAGE's name + -scan.gif in this folder)",
    )
    _add_bundled_checkpoint(scan)
    scan.add_argument(
        "--width", type=_positive_int, default=560, help="pixels per frame, 280 to 2400 (560)"
    )
    scan.add_argument(
        "--fps", type=_positive_float, default=4.0, help="frames a second (4); the last is held"
    )
