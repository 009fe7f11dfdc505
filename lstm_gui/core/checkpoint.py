"""Checkpoints: safetensors weights with JSON metadata in one file, written atomically.

A checkpoint is a single `.safetensors` file. Its tensors are the model's weights
(`model.*`) and, for resuming, the optimizer's state (`optimizer.<index>.<name>`); its
header metadata holds JSON: model and training settings, epoch, metric history, versions.
Loading never unpickles anything: PyTorch's pickle files can run code when loaded.
"""

from __future__ import annotations

import json
import os
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
from lstm_gui.core.errors import CheckpointError, ConfigError, LstmGuiError
from lstm_gui.core.model import SequenceClassifier

FORMAT_NAME = "lstm-gui-checkpoint"
FORMAT_VERSION = 1
SUFFIX = ".safetensors"
# A safetensors header this large is a sign of a corrupt or hostile file.
_MAX_HEADER_BYTES = 100 * 1024 * 1024


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


def _read_header(path: Path) -> dict[str, Any]:
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            head = stream.read(8)
            if len(head) < 8:
                raise CheckpointError(f"{path.name} is empty or truncated; it is not a checkpoint.")
            (header_length,) = struct.unpack("<Q", head)
            if header_length > min(_MAX_HEADER_BYTES, size - 8):
                raise _not_a_checkpoint(path, head)
            header = json.loads(stream.read(header_length))
    except FileNotFoundError:
        raise CheckpointError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise CheckpointError(f"{path} is a folder, not a checkpoint file.") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _not_a_checkpoint(path, head) from None
    except OSError as exc:
        raise CheckpointError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if not isinstance(header, dict):
        raise _not_a_checkpoint(path, head)
    return header


def load_checkpoint(path: str | os.PathLike[str]) -> Checkpoint:
    """Read and validate a checkpoint; refuse pickles, corrupt files and foreign models."""
    path = Path(path)
    metadata = read_checkpoint_metadata(path)
    try:
        tensors = load_file(str(path))
    except (SafetensorError, OSError, ValueError) as exc:
        raise CheckpointError(f"{path.name} is corrupt ({exc}); it cannot be loaded.") from None
    try:
        model_config = ModelConfig.from_dict(metadata["model_config"])
        train_config = TrainConfig.from_dict(metadata["train_config"])
    except (KeyError, ConfigError) as exc:
        raise CheckpointError(f"{path.name} has invalid settings: {exc}") from None
    state_dict = {k[len("model.") :]: v for k, v in tensors.items() if k.startswith("model.")}
    _check_architecture(path, model_config, state_dict)
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


def _check_architecture(
    path: Path, config: ModelConfig, state_dict: dict[str, torch.Tensor]
) -> None:
    try:
        expected = SequenceClassifier(config).state_dict()
    except LstmGuiError as exc:
        raise CheckpointError(
            f"{path.name} describes a model that cannot be built: {exc}"
        ) from None
    missing = sorted(set(expected) - set(state_dict))
    unexpected = sorted(set(state_dict) - set(expected))
    wrong = [
        name
        for name in expected
        if name in state_dict and state_dict[name].shape != expected[name].shape
    ]
    if missing or unexpected or wrong:
        detail = (missing or unexpected or wrong)[0]
        raise CheckpointError(
            f"{path.name} holds weights of another architecture than its settings describe "
            f"(first difference: {detail}); it cannot be loaded."
        )
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
    header = _read_header(path)
    try:
        metadata = json.loads(header.get("__metadata__", {}).get("lstm_gui", "null"))
    except (json.JSONDecodeError, AttributeError, TypeError):
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
