"""Show the code: a stand-alone PyTorch script that trains exactly a run's settings.

`training_script(model, train)` returns the text of a script that imports only PyTorch (and
torchvision, to download a dataset that is not on disk) and trains the network the app would
train with these settings: the same initialisation, sequence view, data order, optimizer,
schedule and arithmetic, so that it reaches the app's accuracy. A learner reads it to see what
the app does, so only the settings that differ from the tutorial's add lines to it. The script
itself is training_script_template.py; this module decides which of its lines stay and what
fills its marks.

Importing this module imports no PyTorch (the GUI's menu imports it before PyTorch is loaded);
generating a script does, to find the dataset where the app finds it.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING

from lstm_gui import __version__
from lstm_gui.core.choices import Device, LrSchedule, Precision, SequenceView
from lstm_gui.core.config import IMAGE_SIDE, ModelConfig, TrainConfig, pixels_per_step
from lstm_gui.core.errors import ConfigError, StorageError
from lstm_gui.core.export.training_script_template import TEMPLATE

if TYPE_CHECKING:
    from lstm_gui.core.run.data import DatasetSpec

# Where the script downloads a dataset that the app finds nowhere, when no folder is chosen.
DEFAULT_DATA_DIR = "data"
# The script's longest line: black's and ruff's default, so that formatting it changes nothing.
LINE_LENGTH = 88
_CONDITION = re.compile(r"#@if (!?)(\w+)$")


def training_script(
    model: ModelConfig,
    train: TrainConfig,
    *,
    data_dir: str | os.PathLike[str] | None = None,
    download: bool = True,
) -> str:
    """The text of a script that trains `model` with `train`'s settings.

    The script reads the dataset's IDX files from the folder the app would read them from
    given `data_dir` (its own `--data-dir` overrides that). Where the app would find them
    nowhere, the script downloads them through torchvision into `data_dir` or ./data, or with
    `download` False says where to put them and stops. Raises ConfigError for a network these
    settings cannot train (the app refuses it too).
    """
    steps = train.time_steps
    features = pixels_per_step(steps)
    if model.input_size != features:
        raise ConfigError(
            f"The network reads {model.input_size} inputs per step but {steps} steps give "
            f"{features}; build it with the run's settings."
        )
    # Imported here: core.run.data imports PyTorch (see the module docstring).
    from lstm_gui.core.run.data import dataset_spec, find_dataset_files

    spec = dataset_spec(str(train.dataset))
    found = find_dataset_files(spec.name, data_dir)
    folder = found["train_images"].parent.resolve() if found else data_dir
    cell = str(model.cell).upper()
    gate_bias = _gate_bias(model)
    flags = {
        "download": download,
        "permuted": train.sequence == SequenceView.PERMUTED,
        "standardize": train.standardize,
        "augment": train.augment,
        "lstm": cell == "LSTM",
        # Keras's forget-gate bias of 1, unless the run sets the bias itself.
        "unit_forget_bias": cell == "LSTM" and gate_bias is None,
        "gate_bias": gate_bias is not None,
        "blank": train.blank_steps > 0,
        "bidirectional": model.bidirectional,
        "keras_init": model.keras_init,
        "dropout": model.dropout > 0,
        "threads": train.torch_threads is not None,
        "auto_device": train.device == Device.AUTO,
        "bf16": train.precision == Precision.BF16,
        "train_limit": train.train_limit is not None,
        "test_limit": train.test_limit is not None,
        "grad_clip": train.grad_clip is not None,
        "schedule": train.lr_schedule != LrSchedule.NONE,
    }
    options = ["FEATURES", "HIDDEN_SIZE", "num_layers=LAYERS", "batch_first=True"]
    options += ["dropout=DROPOUT"] if model.dropout > 0 else []
    options += ["bidirectional=True"] if model.bidirectional else []
    values = {
        "VERSION": __version__,
        "CELL_NAME": _with_article(cell),
        "TITLE": spec.title,
        "NAME": spec.name,
        "TORCHVISION_CLASS": spec.torchvision_class,
        "SETTINGS": _settings(model, train, folder, download, spec),
        "READING_ORDER": "The pixels in one fixed random order"
        if flags["permuted"]
        else "The pixels in reading order, row by row",
        "NETWORK_SUMMARY": _network_summary(model),
        "RNN": _indented(_call(f"self.rnn = nn.{cell}", options, 8), 8),
        "WIDTH": "2 * HIDDEN_SIZE" if model.bidirectional else "HIDDEN_SIZE",
        "GATE": "forget" if cell == "LSTM" else "update",
        "CLASSES": str(model.num_classes),
        "DEVICE": str(train.device),
        "OPTIMIZER": _indented(_optimizer(train), 4),
    }
    kept = _kept_lines(TEMPLATE.strip("\n").splitlines(), flags)
    return Template("\n".join(kept) + "\n").substitute(values)


def save_training_script(path: str | os.PathLike[str], text: str) -> Path:
    """Write the script to `path`; raises StorageError with one sentence when it cannot."""
    path = Path(path)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise StorageError(
            f"Cannot write {path} ({reason}); choose another file.", path, exc.errno
        ) from None
    return path


def _kept_lines(lines: list[str], flags: dict[str, bool]) -> list[str]:
    """The template's lines without its marks and without the blocks whose flag is off."""
    kept: list[str] = []
    keeping = [True]  # one entry per open block: whether its lines stay
    for line in lines:
        condition = _CONDITION.match(line)
        if condition:
            negated, flag = condition.groups()
            keeping.append(keeping[-1] and flags[flag] != bool(negated))
        elif line == "#@end":
            keeping.pop()
        elif keeping[-1]:
            kept.append(line)
    if len(keeping) != 1:
        raise AssertionError("training_script_template.py has an #@if without its #@end")
    return kept


def _quoted(text: str) -> str:
    """A Python string literal in double quotes, as formatters write them."""
    return json.dumps(text, ensure_ascii=False)


def _call(head: str, arguments: list[str], indent: int) -> list[str]:
    """`head(arguments)` on one line, or wrapped the way black and ruff wrap it."""
    one_line = f"{head}({', '.join(arguments)})"
    if indent + len(one_line) <= LINE_LENGTH:
        return [one_line]
    inner = ", ".join(arguments)
    if indent + 4 + len(inner) <= LINE_LENGTH:
        return [f"{head}(", f"    {inner}", ")"]
    return [f"{head}(", *(f"    {argument}," for argument in arguments), ")"]


def _indented(lines: list[str], spaces: int) -> str:
    return "\n".join(" " * spaces + line if line else line for line in lines)


def _view_description(train: TrainConfig) -> str:
    """What one step of the sequence reads, for the settings' comment."""
    steps = train.time_steps
    features = pixels_per_step(steps)
    if train.sequence == SequenceView.PERMUTED:
        unit = "one pixel" if features == 1 else f"{features} pixels"
        return f"{steps} steps of {unit}, the pixels in one fixed random order"
    if features == 1:
        return f"{steps} steps of one pixel, row by row"
    if features % IMAGE_SIDE == 0:
        rows = features // IMAGE_SIDE
        per_step = "one row" if rows == 1 else f"{rows} rows"
        return f"{steps} steps of {features} pixels: {per_step} per step"
    if IMAGE_SIDE % features == 0:
        return f"{steps} steps of {features} pixels: 1/{IMAGE_SIDE // features} row per step"
    return f"{steps} steps of {features} pixels, row by row"


def _settings(
    model: ModelConfig,
    train: TrainConfig,
    folder: str | os.PathLike[str] | None,
    download: bool,
    spec: DatasetSpec,
) -> str:
    cell, title = str(model.cell).upper(), spec.title
    lines = [
        "# " + "-" * (LINE_LENGTH - 12) + " settings",
        "# The settings of the lstm-gui run; change them here.",
    ]
    if folder is None and download:
        lines += [
            f"# The folder for {title}'s four IDX files; torchvision downloads them",
            "# into it when they are missing. --data-dir overrides it.",
            f"DATA_DIR = {_quoted(DEFAULT_DATA_DIR)}",
        ]
    else:
        lines += [
            f"# The folder with {title}'s four IDX files (--data-dir overrides it).",
            f"DATA_DIR = {_quoted(str(folder or DEFAULT_DATA_DIR))}",
        ]
    lines += [
        f"# Each image is read as {_view_description(train)}.",
        f"STEPS = {train.time_steps}",
        "FEATURES = 784 // STEPS  # pixels per step",
    ]
    if train.blank_steps:
        lines.append(f"BLANK_STEPS = {train.blank_steps}  # steps of zeros after the image")
    if train.sequence == SequenceView.PERMUTED:
        lines.append(f"PERMUTATION_SEED = {train.permutation_seed}  # which fixed order")
    if train.standardize:
        lines.append(f"MEAN, STD = {spec.mean}, {spec.std}  # of the training pixels in [0, 1]")
    lines += [
        f"HIDDEN_SIZE = {model.hidden_size}  # units of the {cell}",
        f"LAYERS = {model.num_layers}  # stacked {cell} layers",
    ]
    if model.dropout > 0:
        lines.append(f"DROPOUT = {model.dropout}  # between the layers, while training")
    gate_bias = _gate_bias(model)
    if gate_bias is not None:
        gate = "forget" if cell == "LSTM" else "update"
        lines.append(f"GATE_BIAS = {gate_bias}  # the {gate} gate's starting bias")
    lines += [
        f"BATCH_SIZE = {train.batch_size}",
        f"EPOCHS = {train.epochs}",
        f"LEARNING_RATE = {train.lr}",
    ]
    if train.grad_clip is not None:
        lines.append(f"GRAD_CLIP = {train.grad_clip}  # the gradient's largest norm")
    lines.append(f"SEED = {train.seed}  # the initial weights and the order of the images")
    if train.train_limit is not None:
        lines.append(f"TRAIN_LIMIT = {train.train_limit}  # train on the first N images only")
    if train.test_limit is not None:
        lines.append(f"TEST_LIMIT = {train.test_limit}  # test on the first N images only")
    if train.torch_threads is not None:
        lines.append(f"THREADS = {train.torch_threads}  # CPU threads for PyTorch")
    return "\n".join(lines)


def _gate_bias(model: ModelConfig) -> float | None:
    """The memory gate's starting bias when the run sets it (a plain RNN has no such gate)."""
    if model.cell == "rnn" or model.forget_bias is None:
        return None
    return float(model.forget_bias)


def _with_article(cell: str) -> str:
    """The cell's name after "a" or "an", as its letters are spoken: an LSTM, a GRU, an RNN."""
    return f"{'a' if cell == 'GRU' else 'an'} {cell}"


def _network_summary(model: ModelConfig) -> str:
    cell = str(model.cell).upper()
    if model.bidirectional:
        return f"A bidirectional {cell} reads the sequence; a linear layer scores its ends."
    reader = _with_article(cell)
    reader = reader[0].upper() + reader[1:]
    return f"{reader} reads the sequence; a linear layer scores its last state."


def _optimizer(train: TrainConfig) -> list[str]:
    """The optimizer and the learning-rate schedule, as make_optimizer and make_scheduler."""
    if train.optimizer == "adam":
        lines = ["optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)"]
    elif train.optimizer == "rmsprop":
        lines = ["optimizer = torch.optim.RMSprop(model.parameters(), lr=LEARNING_RATE)"]
    else:
        lines = _call(
            "optimizer = torch.optim.SGD",
            ["model.parameters()", "lr=LEARNING_RATE", "momentum=0.9"],
            4,
        )
    if train.lr_schedule == LrSchedule.STEP:
        step = max(1, train.epochs // 4)
        lines.append(f"# Halve the learning rate every {step} epochs (a quarter of the run).")
        lines += _call(
            "schedule = torch.optim.lr_scheduler.StepLR",
            ["optimizer", f"step_size={step}", "gamma=0.5"],
            4,
        )
    elif train.lr_schedule == LrSchedule.COSINE:
        lines += [
            "# The learning rate falls along half a cosine, to about 0 after the last epoch.",
            "schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=EPOCHS)",
        ]
    return lines
