"""Property-based fuzzing of checkpoint loading: any file yields a model or a CheckpointError.

Each damaged file is refused with the project's own error; a file that loads predicts finite
probabilities (a NaN prediction is never shown). How fast is the benchmarks' business: these
tests set no time limit a loaded machine could miss.
"""

from __future__ import annotations

import json
import math
import os
import struct
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.errors import LstmGuiError
from lstm_gui.core.reading.inference import Predictor
from lstm_gui.core.run.checkpoint import Checkpoint, load_checkpoint, save_checkpoint
from lstm_gui.core.run.checkpoint_header import read_checkpoint_metadata
from lstm_gui.core.run.model import SequenceClassifier
from lstm_gui.core.run.runs import scan_runs

# No per-example deadline: a loaded machine runs any example slowly now and then.
QUICK = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
THOROUGH = settings(
    max_examples=1500,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
DTYPES = ["F64", "F32", "F16", "BF16", "I64", "I32", "U8", "BOOL", "F8_E4M3", "X9", "", 7, None]
_DIGIT = np.zeros((28, 28), dtype=np.float32)
_DIGIT[4:24, 12:16] = 1.0  # a "1"


class Blob(bytes):
    """The valid file's bytes, with a short repr so that a failing example stays readable."""

    def __repr__(self) -> str:
        return f"<valid checkpoint of {len(self)} bytes>"


@pytest.fixture(scope="module")
def valid_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    torch.manual_seed(0)
    model = SequenceClassifier(ModelConfig(hidden_size=4))
    optimizer = torch.optim.Adam(model.parameters())
    model(torch.rand(2, 28, 28)).sum().backward()
    optimizer.step()
    path = tmp_path_factory.mktemp("fuzz-ckpt") / "valid.safetensors"
    save_checkpoint(
        path,
        Checkpoint(
            model.config,
            TrainConfig(epochs=2),
            model.state_dict(),
            epochs_done=1,
            history=[{"epoch": 1, "loss": 0.5, "acc": 0.8, "val_loss": 0.4, "val_acc": 0.9}],
            best_val_acc=0.9,
            optimizer_state=optimizer.state_dict(),
        ),
    )
    return Blob(path.read_bytes())


def split(raw: bytes) -> tuple[dict[str, Any], bytes]:
    (length,) = struct.unpack("<Q", raw[:8])
    return json.loads(raw[8 : 8 + length]), raw[8 + length :]


def join(header: Any, data: bytes, *, pad: bool = True) -> bytes:
    text = json.dumps(header).encode()
    if pad:
        text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data


def load_or_refuse(path: Path, raw: bytes) -> None:
    """The property: a usable model with finite predictions, or one LstmGuiError."""
    path.write_bytes(raw)
    try:
        read_checkpoint_metadata(path)
    except LstmGuiError as exc:
        assert str(exc)
    try:
        predictor = Predictor.from_file(path)
    except LstmGuiError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    probabilities = predictor.predict(_DIGIT).probabilities
    assert np.isfinite(probabilities).all()
    assert math.isclose(float(probabilities.sum()), 1.0, rel_tol=1e-3)


@pytest.fixture
def target(tmp_path: Path) -> Path:
    return tmp_path / "fuzzed.safetensors"


def test_the_unfuzzed_file_loads(valid_bytes: bytes, target: Path) -> None:
    target.write_bytes(valid_bytes)
    assert load_checkpoint(target).epochs_done == 1


@QUICK
@given(cut=st.integers(min_value=0))
def test_truncated_anywhere(valid_bytes: bytes, target: Path, cut: int) -> None:
    # Every region: the length prefix, the header JSON, the metadata, each tensor's bytes.
    load_or_refuse(target, valid_bytes[: cut % len(valid_bytes)])


@QUICK
@given(length=st.one_of(st.integers(0, 2**64 - 1), st.integers(0, 4096)))
def test_header_length_lies(valid_bytes: bytes, target: Path, length: int) -> None:
    load_or_refuse(target, struct.pack("<Q", length) + valid_bytes[8:])


@QUICK
@given(data=st.data())
def test_bytes_flipped(valid_bytes: bytes, target: Path, data: st.DataObject) -> None:
    raw = bytearray(valid_bytes)
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(raw) - 1))
        raw[position] ^= 1 << data.draw(st.integers(0, 7))
    load_or_refuse(target, bytes(raw))


@QUICK
@given(text=st.binary(max_size=300))
def test_header_json_replaced(valid_bytes: bytes, target: Path, text: bytes) -> None:
    _, data = split(valid_bytes)
    load_or_refuse(target, struct.pack("<Q", len(text)) + text + data)


JSON = st.recursive(
    # No subnormals: PyTorch may run with flush-to-zero on, and hypothesis refuses them then.
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_subnormal=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
METADATA_KEYS = [
    "format",
    "format_version",
    "name",
    "status",
    "created",
    "model_config",
    "train_config",
    "epochs_done",
    "history",
    "best_val_acc",
    "optimizer_param_groups",
    "versions",
]


@QUICK
@given(data=st.data())
def test_metadata_values_fuzzed(valid_bytes: bytes, target: Path, data: st.DataObject) -> None:
    header, tensors = split(valid_bytes)
    metadata = json.loads(header["__metadata__"]["lstm_gui"])
    for key in data.draw(st.lists(st.sampled_from(METADATA_KEYS), min_size=1, max_size=3)):
        config = metadata.get(key)
        if isinstance(config, dict) and config and data.draw(st.booleans()):
            config[data.draw(st.sampled_from(sorted(config)))] = data.draw(JSON)
        elif data.draw(st.booleans()):
            metadata[key] = data.draw(JSON)
        else:
            metadata.pop(key, None)
    header["__metadata__"]["lstm_gui"] = json.dumps(metadata)
    load_or_refuse(target, join(header, tensors))


@QUICK
@given(text=st.text(max_size=200))
def test_metadata_text_replaced(valid_bytes: bytes, target: Path, text: str) -> None:
    header, tensors = split(valid_bytes)
    header["__metadata__"] = {"lstm_gui": text} if text else text
    load_or_refuse(target, join(header, tensors))


@QUICK
@given(data=st.data())
def test_tensor_entries_fuzzed(valid_bytes: bytes, target: Path, data: st.DataObject) -> None:
    header, tensors = split(valid_bytes)
    names = sorted(name for name in header if name != "__metadata__")
    for _ in range(data.draw(st.integers(1, 3))):
        entry = header[data.draw(st.sampled_from(names))]
        if not isinstance(entry, dict):
            continue
        part = data.draw(st.sampled_from(["dtype", "shape", "data_offsets", "entry"]))
        if part == "dtype":
            entry["dtype"] = data.draw(st.sampled_from(DTYPES))
        elif part == "shape":
            entry["shape"] = data.draw(
                st.lists(st.integers(-2, 2**40), max_size=9) | JSON  # type: ignore[operator]
            )
        elif part == "data_offsets":
            entry["data_offsets"] = data.draw(st.lists(st.integers(-8, 2**63), max_size=3) | JSON)
        else:
            header[data.draw(st.sampled_from(names))] = data.draw(JSON)
    load_or_refuse(target, join(header, tensors))


@QUICK
@given(weights=st.sampled_from([math.nan, math.inf, -math.inf]), index=st.integers(0, 10**6))
def test_non_finite_weights_are_refused(
    valid_bytes: bytes, target: Path, weights: float, index: int
) -> None:
    header, tensors = split(valid_bytes)
    model = sorted(
        (entry["data_offsets"], name)
        for name, entry in header.items()
        if name.startswith("model.") and entry["dtype"] == "F32"
    )
    (start, end), _ = model[index % len(model)]
    raw = bytearray(tensors)
    position = start + 4 * (index % ((end - start) // 4))
    raw[position : position + 4] = struct.pack("<f", weights)
    target.write_bytes(join(header, bytes(raw), pad=False))
    with pytest.raises(LstmGuiError, match="NaN or infinite"):
        Predictor.from_file(target)


@QUICK
@given(cut=st.integers(min_value=0), name=st.sampled_from(["latest", "best"]))
def test_a_damaged_run_never_breaks_the_list(
    valid_bytes: bytes, tmp_path: Path, cut: int, name: str
) -> None:
    folder = tmp_path / "runs" / "20240101-000000-mnist-lstm-rows"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.safetensors").write_bytes(valid_bytes[: cut % len(valid_bytes)])
    listing = scan_runs(tmp_path / "runs")
    # Usable, or listed as damaged with one sentence naming it: never left out.
    assert [run.folder for run in listing.runs + listing.damaged] == [folder]
    assert all(damaged.reason.endswith(".") for damaged in listing.damaged)


@pytest.mark.slow
@THOROUGH
@given(data=st.data())
def test_thorough_mutations(valid_bytes: bytes, target: Path, data: st.DataObject) -> None:
    raw = bytearray(valid_bytes)
    for _ in range(data.draw(st.integers(1, 32))):
        position = data.draw(st.integers(0, len(raw) - 1))
        raw[position] = data.draw(st.integers(0, 255))
    load_or_refuse(target, bytes(raw[: data.draw(st.integers(0, len(raw)))]))


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom", "/dev/null", "fifo"])
def test_special_files_are_refused(tmp_path: Path, target: str) -> None:
    path = tmp_path / "model.safetensors"
    if target == "fifo":
        os.mkfifo(path)  # opening it would wait for a writer forever
    else:
        path.symlink_to(target)
    with pytest.raises(LstmGuiError, match="not a regular file"):
        load_checkpoint(path)
