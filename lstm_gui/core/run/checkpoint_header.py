"""A checkpoint's safetensors header, read and checked without PyTorch.

The header (names, dtypes, shapes and byte offsets of every tensor, and lstm-gui's JSON
metadata) is checked against the settings before any tensor is read or any model built, so a
few kilobytes claiming a huge model are refused at once instead of freezing the app while
gigabytes are allocated. No torch here: the command line refuses a bad file before it pays for
importing PyTorch.
"""

from __future__ import annotations

import json
import math
import os
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lstm_gui.core.config import GATES_PER_CELL, ModelConfig, TrainConfig
from lstm_gui.core.errors import CheckpointError, ConfigError

FORMAT_NAME = "lstm-gui-checkpoint"
FORMAT_VERSION = 1
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
class CheckedHeader:
    """What a checked header says: the metadata, the settings, the weights' shapes."""

    metadata: dict[str, Any]
    model_config: ModelConfig
    train_config: TrainConfig
    shapes: dict[str, tuple[int, ...]]


def check_checkpoint_header(path: str | os.PathLike[str]) -> CheckedHeader:
    """Read a checkpoint's header and refuse it unless it describes exactly its model's weights.

    Raises CheckpointError with one sentence; reads only the header.
    """
    path = Path(path)
    header, data_size = _read_header(path)
    metadata = _metadata(path, header)
    try:
        model_config = ModelConfig.from_dict(metadata["model_config"])
        train_config = TrainConfig.from_dict(metadata["train_config"])
    except (KeyError, TypeError, ConfigError) as exc:
        raise CheckpointError(f"{path.name} has invalid settings: {exc}") from None
    shapes = expected_parameter_shapes(model_config)
    _check_header(path, header, data_size, shapes)
    return CheckedHeader(metadata, model_config, train_config, shapes)


def expected_parameter_shapes(config: ModelConfig) -> dict[str, tuple[int, ...]]:
    """The names and shapes of SequenceClassifier(config).state_dict(), in the same order.

    Worked out from the settings alone, so a checkpoint can be checked before a model of
    possibly enormous size is built. Also the order of model.parameters(), which numbers
    the optimizer's state.
    """
    hidden = config.hidden_size
    rows = GATES_PER_CELL[config.cell] * hidden
    directions = 2 if config.bidirectional else 1
    shapes: dict[str, tuple[int, ...]] = {}
    for layer in range(config.num_layers):
        inputs = config.input_size if layer == 0 else hidden * directions
        for suffix in ("", "_reverse")[:directions]:
            shapes[f"rnn.weight_ih_l{layer}{suffix}"] = (rows, inputs)
            shapes[f"rnn.weight_hh_l{layer}{suffix}"] = (rows, hidden)
            shapes[f"rnn.bias_ih_l{layer}{suffix}"] = (rows,)
            shapes[f"rnn.bias_hh_l{layer}{suffix}"] = (rows,)
    shapes["head.weight"] = (config.num_classes, hidden * directions)
    shapes["head.bias"] = (config.num_classes,)
    return shapes


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
        if path.exists() and not path.is_dir() and not path.is_file():
            # A device or a pipe: its size says nothing, and a pipe would block the reader.
            raise CheckpointError(
                f"{path} is not a regular file (a device or pipe); choose a checkpoint file."
            )
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
