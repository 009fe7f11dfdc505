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

import errno
import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file

from lstm_gui import __version__
from lstm_gui.core.atomic_file import replacing
from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.errors import CheckpointError, StorageError
from lstm_gui.core.run.checkpoint_header import (
    FORMAT_NAME,
    FORMAT_VERSION,
    check_checkpoint_header,
)
from lstm_gui.core.run.model import SequenceClassifier

SUFFIX = ".safetensors"


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
        with replacing(path) as temp_name:
            save_file(tensors, temp_name, metadata={"lstm_gui": json.dumps(metadata)})
    except (OSError, SafetensorError) as exc:
        raise storage_error(path, exc) from None
    return path


# Why a write failed, in words a person acts on; other causes get the system's own words.
_WRITE_CAUSES = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the folder is read-only",
    errno.EACCES: "permission was denied",
    errno.EPERM: "permission was denied",
    errno.ENOENT: "its folder no longer exists",
}


def storage_error(path: Path, exc: BaseException) -> StorageError:
    """A StorageError naming the file and the cause (safetensors reports errno in its text)."""
    code = exc.errno if isinstance(exc, OSError) else None
    if code is None:
        match = re.search(r"os error (\d+)", str(exc))
        code = int(match.group(1)) if match else None
    cause = _WRITE_CAUSES.get(code) if code is not None else None
    if cause is None:
        cause = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
    return StorageError(f"Cannot save {path}: {cause}.", path, code)


def load_checkpoint(path: str | os.PathLike[str]) -> Checkpoint:
    """Read and validate a checkpoint; refuse pickles, corrupt files and foreign models.

    The header is checked first, so a file that lies about its model costs no time.
    """
    path = Path(path)
    checked = check_checkpoint_header(path)
    metadata, model_config, expected = checked.metadata, checked.model_config, checked.shapes
    try:
        tensors = load_file(str(path))
    except (SafetensorError, OSError, ValueError) as exc:
        raise CheckpointError(f"{path.name} is corrupt ({exc}); it cannot be loaded.") from None
    state_dict = {k[len("model.") :]: v for k, v in tensors.items() if k.startswith("model.")}
    _check_weights(path, expected, state_dict)
    try:
        return Checkpoint(
            model_config=model_config,
            train_config=checked.train_config,
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
