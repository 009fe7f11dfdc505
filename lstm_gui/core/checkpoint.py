"""Checkpoints: safetensors weights with JSON metadata in one file, written atomically.

A checkpoint is a single `.safetensors` file. Its tensors are the model's weights
(`model.*`) and, for resuming, the optimizer's state (`optimizer.<index>.<name>`); its
header metadata holds JSON: model and training settings, epoch, metric history, versions.
Loading never unpickles anything: PyTorch's pickle files can run code when loaded. Nor does it
trust the file's sizes: its header (names, dtypes, shapes, byte offsets) is checked against the
settings before any tensor is read or any model built, so a few kilobytes claiming a huge model
are refused at once instead of freezing the app while gigabytes are allocated.
"""

from __future__ import annotations

import json
import math
import os
import re
import struct
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file

from lstm_gui import __version__
from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.errors import CheckpointError, ConfigError
from lstm_gui.core.model import SequenceClassifier, expected_parameter_shapes

FORMAT_NAME = "lstm-gui-checkpoint"
FORMAT_VERSION = 1
SUFFIX = ".safetensors"
# Bounds beyond which a file is refused from its header alone. The largest model the GUI's form
# allows (LSTM, 1024 units, 4 layers) has about 30 million parameters; the command line can ask
# for more, and a gibibyte of float32 weights (2**28 parameters, e.g. two layers of 4096 LSTM
# units) is as far as lstm-gui goes: building and initialising more takes minutes.
MAX_PARAMETERS = 2**28
# The most tensors a checkpoint may hold: a model has at most 66 (8 bidirectional layers of 4,
# and the head's 2), and each parameter has a few optimizer states besides.
MAX_TENSORS = 1024
# Optimizer states per parameter: Adam keeps 3 (4 with AMSGrad), RMSprop up to 4, SGD 1.
MAX_OPTIMIZER_STATES_PER_PARAMETER = 8
# A real header is a few kilobytes plus the metric history (about 200 bytes an epoch); one this
# large is a sign of a corrupt or hostile file, and parsing it would already take long.
MAX_HEADER_BYTES = 16 * 1024 * 1024
# Bytes per element of each safetensors dtype; weights must be one of the float types.
_DTYPE_BYTES = {
    "F64": 8, "F32": 4, "F16": 2, "BF16": 2, "F8_E4M3": 1, "F8_E5M2": 1,
    "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U64": 8, "U32": 4, "U16": 2, "U8": 1, "BOOL": 1,
}  # fmt: skip
_FLOAT_DTYPES = frozenset({"F64", "F32", "F16", "BF16"})
_OPTIMIZER_KEY = re.compile(r"optimizer\.(0|[1-9][0-9]{0,8})\.([A-Za-z_][A-Za-z0-9_]{0,63})")


@dataclass(frozen=True)
class Checkpoint:
    """A trained model, how it was trained, and where training stands."""

    model_config: ModelConfig
    train_config: TrainConfig
    state_dict: dict[str, torch.Tensor]
    epochs_done: int = 0
    history: list[dict[str, Any]] = field(default_factory=list)
    best_val_acc: float | None = None
    optimizer_state: dict[str, Any] | None = None
    status: str = "completed"  # completed | stopped | diverged | training
    name: str = ""
    created: str = ""
    versions: dict[str, str] = field(default_factory=dict)

    @property
    def val_acc(self) -> float | None:
        """The last epoch's validation (test-set) accuracy, if known."""
        return self.history[-1].get("val_acc") if self.history else None

    def build_model(self) -> SequenceClassifier:
        """A model with these weights, in eval mode."""
        model = SequenceClassifier(self.model_config)
        model.load_state_dict(self.state_dict)
        return model.eval()


def save_checkpoint(path: str | os.PathLike[str], checkpoint: Checkpoint) -> Path:
    """Write a checkpoint atomically: a temporary file in the same folder, then a rename."""
    path = Path(path)
    tensors = {
        f"model.{name}": t.detach().cpu().contiguous() for name, t in checkpoint.state_dict.items()
    }
    optimizer_groups = None
    if checkpoint.optimizer_state is not None:
        optimizer_groups = checkpoint.optimizer_state["param_groups"]
        for index, state in checkpoint.optimizer_state["state"].items():
            for key, value in state.items():
                tensor = value if torch.is_tensor(value) else torch.tensor(value)
                tensors[f"optimizer.{index}.{key}"] = tensor.detach().cpu().contiguous()
    metadata = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "name": checkpoint.name,
        "status": checkpoint.status,
        "created": checkpoint.created or datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "model_config": checkpoint.model_config.to_dict(),
        "train_config": checkpoint.train_config.to_dict(),
        "epochs_done": checkpoint.epochs_done,
        "history": checkpoint.history,
        "best_val_acc": checkpoint.best_val_acc,
        "optimizer_param_groups": optimizer_groups,
        "versions": {"lstm_gui": __version__, "torch": torch.__version__},
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
        os.close(handle)
        # mkstemp makes the file private (0600); give it the permissions of a normal file.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp_name, 0o666 & ~umask)
        try:
            save_file(tensors, temp_name, metadata={"lstm_gui": json.dumps(metadata)})
            os.replace(temp_name, path)
        finally:
            if os.path.exists(temp_name):
                os.unlink(temp_name)
    except OSError as exc:
        raise CheckpointError(f"Cannot write {path}: {exc.strerror or exc}.") from None
    return path


def _not_a_checkpoint(path: Path, head: bytes) -> CheckpointError:
    """The error for a file that has no safetensors header, naming pickles for what they are."""
    if head[:4] == b"PK\x03\x04" or head[:1] == b"\x80":
        return CheckpointError(
            f"{path.name} is a PyTorch pickle file, not an lstm-gui checkpoint; "
            "lstm-gui never unpickles files because loading one can run code."
        )
    return CheckpointError(f"{path.name} is not a safetensors checkpoint, or it is corrupt.")


def _read_header(path: Path) -> tuple[dict[str, Any], int]:
    """The safetensors header and the size of the data after it, in bytes."""
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            head = stream.read(8)
            if len(head) < 8:
                raise CheckpointError(f"{path.name} is empty or truncated; it is not a checkpoint.")
            (header_length,) = struct.unpack("<Q", head)
            if header_length > size - 8:
                raise _not_a_checkpoint(path, head)
            if header_length > MAX_HEADER_BYTES:
                raise CheckpointError(
                    f"{path.name} has a header of {header_length:,} bytes, more than a checkpoint "
                    f"has (at most {MAX_HEADER_BYTES:,}); it cannot be loaded."
                )
            header = json.loads(stream.read(header_length))
    except FileNotFoundError:
        raise CheckpointError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise CheckpointError(f"{path} is a folder, not a checkpoint file.") from None
    except (ValueError, RecursionError):
        # Not JSON, not UTF-8, numbers of thousands of digits, or nesting deep enough to
        # exhaust the parser: nothing a safetensors writer produces.
        raise _not_a_checkpoint(path, head) from None
    except OSError as exc:
        raise CheckpointError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if not isinstance(header, dict):
        raise _not_a_checkpoint(path, head)
    return header, size - 8 - header_length


def load_checkpoint(path: str | os.PathLike[str]) -> Checkpoint:
    """Read and validate a checkpoint; refuse pickles, corrupt files and foreign models.

    The header is checked first, so a file that lies about its model costs no time.
    """
    path = Path(path)
    header, data_size = _read_header(path)
    metadata = _metadata(path, header)
    try:
        model_config = ModelConfig.from_dict(metadata["model_config"])
        train_config = TrainConfig.from_dict(metadata["train_config"])
    except (KeyError, TypeError, ConfigError) as exc:
        raise CheckpointError(f"{path.name} has invalid settings: {exc}") from None
    expected = expected_parameter_shapes(model_config)
    _check_header(path, header, data_size, expected)
    try:
        tensors = load_file(str(path))
    except (SafetensorError, OSError, ValueError) as exc:
        raise CheckpointError(f"{path.name} is corrupt ({exc}); it cannot be loaded.") from None
    state_dict = {k[len("model.") :]: v for k, v in tensors.items() if k.startswith("model.")}
    _check_weights(path, expected, state_dict)
    try:
        return Checkpoint(
            model_config=model_config,
            train_config=train_config,
            state_dict=state_dict,
            epochs_done=int(metadata.get("epochs_done", 0)),
            history=list(metadata.get("history") or []),
            best_val_acc=metadata.get("best_val_acc"),
            optimizer_state=_optimizer_state(tensors, metadata.get("optimizer_param_groups")),
            status=str(metadata.get("status", "completed")),
            name=str(metadata.get("name", "")),
            created=str(metadata.get("created", "")),
            versions=dict(metadata.get("versions") or {}),
        )
    except (TypeError, ValueError) as exc:
        raise CheckpointError(f"{path.name} has invalid metadata ({exc}).") from None


def _check_header(
    path: Path,
    header: dict[str, Any],
    data_size: int,
    expected: dict[str, tuple[int, ...]],
) -> None:
    """Refuse a file whose header does not describe exactly the weights its settings need.

    Only the header is read: bounds first (cheap), then every entry's dtype, shape and byte
    range, the names against the model's, and the byte ranges against each other and the file.
    """
    parameters = sum(math.prod(shape) for shape in expected.values())
    if parameters > MAX_PARAMETERS:
        raise CheckpointError(
            f"{path.name} describes a model of {parameters:,} parameters, more than lstm-gui "
            f"opens (at most {MAX_PARAMETERS:,}); it cannot be loaded."
        )
    entries = {name: entry for name, entry in header.items() if name != "__metadata__"}
    if len(entries) > MAX_TENSORS:
        raise CheckpointError(
            f"{path.name} holds {len(entries):,} tensors, more than a checkpoint has "
            f"(at most {MAX_TENSORS:,}); it cannot be loaded."
        )
    ranges = [(*_byte_range(path, name, entry), name) for name, entry in entries.items()]
    _check_byte_ranges(path, ranges, data_size)

    weights = {
        name[len("model.") :]: entry for name, entry in entries.items() if name.startswith("model.")
    }
    missing = [name for name in expected if name not in weights]
    unexpected = sorted(set(weights) - set(expected))
    wrong = [
        name
        for name in expected
        if name in weights and tuple(weights[name]["shape"]) != expected[name]
    ]
    if missing or unexpected or wrong:
        detail = (missing or unexpected or wrong)[0]
        raise CheckpointError(
            f"{path.name} holds weights of another architecture than its settings describe "
            f"(first difference: {detail}); it cannot be loaded."
        )
    for name, entry in weights.items():
        if entry["dtype"] not in _FLOAT_DTYPES:
            raise CheckpointError(
                f"{path.name} stores {name} as {entry['dtype']}, not as floating point numbers "
                "(F16, BF16, F32 or F64); it cannot be loaded."
            )

    shapes = list(expected.values())
    states_per_parameter: dict[int, int] = {}
    for name, entry in entries.items():
        if name.startswith("model."):
            continue
        match = _OPTIMIZER_KEY.fullmatch(name)
        if match is None:
            raise CheckpointError(
                f"{path.name} holds a tensor lstm-gui does not know ({name}); it cannot be loaded."
            )
        index = int(match.group(1))
        shape = tuple(entry["shape"])
        fits = index < len(shapes) and (
            shape == () or (shape == shapes[index] and entry["dtype"] in _FLOAT_DTYPES)
        )
        if not fits:
            raise CheckpointError(
                f"{path.name} holds optimizer state that does not fit its model ({name} of "
                f"shape {list(shape)}); it cannot be loaded."
            )
        states_per_parameter[index] = states_per_parameter.get(index, 0) + 1
        if states_per_parameter[index] > MAX_OPTIMIZER_STATES_PER_PARAMETER:
            raise CheckpointError(
                f"{path.name} holds more than {MAX_OPTIMIZER_STATES_PER_PARAMETER} optimizer "
                f"states for parameter {index}; it cannot be loaded."
            )


def _byte_range(path: Path, name: str, entry: Any) -> tuple[int, int]:
    """A header entry's data_offsets, after checking that they hold its dtype and shape."""

    def natural(value: Any) -> bool:
        return type(value) is int and value >= 0  # not bool, which is an int subclass

    valid = (
        isinstance(entry, dict)
        and entry.get("dtype") in _DTYPE_BYTES
        and isinstance(entry.get("shape"), list)
        and len(entry["shape"]) <= 8
        and all(natural(size) for size in entry["shape"])
        and isinstance(entry.get("data_offsets"), list)
        and len(entry["data_offsets"]) == 2
        and all(natural(offset) for offset in entry["data_offsets"])
        and entry["data_offsets"][0] <= entry["data_offsets"][1]
    )
    if not valid:
        dtype = entry.get("dtype") if isinstance(entry, dict) else None
        reason = (
            f"tensor {name} has the unsupported type {dtype}"
            if isinstance(dtype, str) and dtype not in _DTYPE_BYTES
            else f"tensor {name} has an invalid header entry"
        )
        raise CheckpointError(f"{path.name} is corrupt ({reason}); it cannot be loaded.")
    start, end = entry["data_offsets"]
    needed = math.prod(entry["shape"]) * _DTYPE_BYTES[entry["dtype"]]
    if end - start != needed:
        raise CheckpointError(
            f"{path.name} is corrupt (tensor {name} of shape {entry['shape']} needs "
            f"{needed:,} bytes but has {end - start:,}); it cannot be loaded."
        )
    return start, end


def _check_byte_ranges(path: Path, ranges: list[tuple[int, int, str]], data_size: int) -> None:
    """The tensors' bytes must tile the data exactly, as safetensors writes them."""
    position = 0
    previous = ""
    for start, end, name in sorted(ranges):
        if end > data_size:
            raise CheckpointError(
                f"{path.name} is truncated or corrupt (tensor {name} ends at byte {end:,} of "
                f"data, but the file holds {data_size:,}); it cannot be loaded."
            )
        if start < position:
            raise CheckpointError(
                f"{path.name} is corrupt (tensors {previous} and {name} overlap); "
                "it cannot be loaded."
            )
        if start > position:
            raise CheckpointError(
                f"{path.name} is corrupt ({start - position:,} stray bytes before tensor "
                f"{name}); it cannot be loaded."
            )
        position, previous = end, name
    if position != data_size:
        raise CheckpointError(
            f"{path.name} is corrupt ({data_size - position:,} stray bytes after its last "
            "tensor); it cannot be loaded."
        )


def _check_weights(
    path: Path, expected: dict[str, tuple[int, ...]], state_dict: dict[str, torch.Tensor]
) -> None:
    """The loaded weights: those the header promised (the file may have changed) and finite."""
    shapes = {name: tuple(tensor.shape) for name, tensor in state_dict.items()}
    if shapes != expected:
        raise CheckpointError(f"{path.name} changed while it was being read; open it again.")
    for name, tensor in state_dict.items():
        if not tensor.is_floating_point() or not torch.isfinite(tensor).all():
            raise CheckpointError(f"{path.name} holds invalid weights in {name} (NaN or infinite).")


def _optimizer_state(
    tensors: dict[str, torch.Tensor], param_groups: list[dict[str, Any]] | None
) -> dict[str, Any] | None:
    if param_groups is None:
        return None
    state: dict[int, dict[str, torch.Tensor]] = {}
    for key, tensor in tensors.items():
        if key.startswith("optimizer."):
            _, index, name = key.split(".", 2)
            state.setdefault(int(index), {})[name] = tensor
    return {"state": state, "param_groups": param_groups}


def read_checkpoint_metadata(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A checkpoint's JSON metadata without reading its tensors (for listing many runs quickly).

    Raises CheckpointError for files that are not lstm-gui checkpoints; the weights are not
    validated, so load_checkpoint() is still needed before using the model.
    """
    path = Path(path)
    header, _ = _read_header(path)
    return _metadata(path, header)


def _metadata(path: Path, header: dict[str, Any]) -> dict[str, Any]:
    """The lstm-gui metadata in a safetensors header; refuses other programs' files."""
    try:
        metadata = json.loads(header.get("__metadata__", {}).get("lstm_gui", "null"))
    except (ValueError, RecursionError, AttributeError, TypeError):
        metadata = None
    if not isinstance(metadata, dict) or metadata.get("format") != FORMAT_NAME:
        raise CheckpointError(
            f"{path.name} is a safetensors file but not an lstm-gui checkpoint (no model settings)."
        )
    if metadata.get("format_version") != FORMAT_VERSION:
        raise CheckpointError(
            f"{path.name} was written by a newer lstm-gui (format "
            f"{metadata.get('format_version')}); update lstm-gui to open it."
        )
    return metadata
