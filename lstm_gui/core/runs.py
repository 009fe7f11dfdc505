"""Run folders in the user's data folder: each run keeps latest and best checkpoints."""

from __future__ import annotations

import csv
import math
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from lstm_gui.core.checkpoint import read_checkpoint_metadata
from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.data import user_data_dir
from lstm_gui.core.errors import CheckpointError, ConfigError, LstmGuiError
from lstm_gui.core.progress import BATCH_COLUMNS
from lstm_gui.core.training import CheckpointPaths

LATEST = "latest.safetensors"
BEST = "best.safetensors"
# Per-batch curves of a run (written by the desktop app; CLI runs have per-epoch history only).
BATCH_CURVES = "batches.csv"
CSV_COLUMNS = ("run", "kind", "epoch", "loss", "acc", "val_loss", "val_acc", "grad_norm", "lr")


def runs_dir() -> Path:
    """Where runs are kept: <user data folder>/runs."""
    return user_data_dir() / "runs"


def run_name(model: ModelConfig, train: TrainConfig) -> str:
    """A short human name for a run, e.g. "LSTM-128 rows mnist"."""
    return f"{model.cell.upper()}-{model.hidden_size} {train.sequence} {train.dataset}"


def new_run_paths(
    model: ModelConfig, train: TrainConfig, root: str | os.PathLike[str] | None = None
) -> CheckpointPaths:
    """Checkpoint paths in a new, uniquely named run folder."""
    base = Path(root) if root is not None else runs_dir()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    stem = f"{stamp}-{train.dataset}-{model.cell}-{train.sequence}"
    folder = base / stem
    counter = 2
    while folder.exists():
        folder = base / f"{stem}-{counter}"
        counter += 1
    return CheckpointPaths(folder / LATEST, folder / BEST)


@dataclass(frozen=True)
class StoredRun:
    """A run folder as read from its checkpoints' metadata (the weights are not loaded)."""

    folder: Path
    name: str
    status: str  # completed | stopped | diverged | training (interrupted unless running now)
    created: str
    model_config: ModelConfig
    train_config: TrainConfig
    epochs_done: int
    history: tuple[dict[str, Any], ...]
    best_val_acc: float | None
    latest: Path | None
    best: Path | None

    @property
    def final_val_acc(self) -> float | None:
        """The last epoch's validation accuracy, if any epoch finished."""
        return self.history[-1].get("val_acc") if self.history else None

    @property
    def started(self) -> datetime | None:
        """When the run began, from its folder's time stamp (local time), if it has one."""
        try:
            return datetime.strptime(self.folder.name[:15], "%Y%m%d-%H%M%S")
        except ValueError:
            return None

    @property
    def model_path(self) -> Path:
        """The checkpoint to predict with: best when there is one, else latest."""
        path = self.best or self.latest
        assert path is not None  # read_run never builds a run without a checkpoint
        return path

    @property
    def paths(self) -> CheckpointPaths:
        """Where resuming this run keeps saving."""
        return CheckpointPaths(self.folder / LATEST, self.folder / BEST)

    @property
    def resume_epochs(self) -> int:
        """Epochs in all when continuing: the planned number, or one more when it was reached."""
        return max(self.train_config.epochs, self.epochs_done + 1)


def read_run(folder: str | os.PathLike[str]) -> StoredRun:
    """Read one run folder; raises CheckpointError when it holds no usable checkpoint."""
    folder = Path(folder)
    latest, best = folder / LATEST, folder / BEST
    present = [path for path in (latest, best) if path.is_file()]
    if not present:
        raise CheckpointError(f"{folder.name} holds no checkpoint ({LATEST} or {BEST}).")
    metadata = read_checkpoint_metadata(present[0])
    try:
        model_config = ModelConfig.from_dict(metadata["model_config"])
        train_config = TrainConfig.from_dict(metadata["train_config"])
        history = tuple(dict(entry) for entry in metadata.get("history") or [])
        epochs_done = int(metadata.get("epochs_done", 0))
    except (KeyError, TypeError, ValueError, ConfigError) as exc:
        raise CheckpointError(f"{folder.name} has invalid settings: {exc}") from None
    best_val_acc = metadata.get("best_val_acc")
    return StoredRun(
        folder=folder,
        name=str(metadata.get("name") or folder.name),
        status=str(metadata.get("status", "completed")),
        created=str(metadata.get("created", "")),
        model_config=model_config,
        train_config=train_config,
        epochs_done=epochs_done,
        history=history,
        best_val_acc=float(best_val_acc) if isinstance(best_val_acc, (int, float)) else None,
        latest=latest if latest.is_file() else None,
        best=best if best.is_file() else None,
    )


def list_runs(root: str | os.PathLike[str] | None = None) -> list[StoredRun]:
    """Every readable run under `root` (default: the user's runs folder), newest first.

    Folders that hold no lstm-gui checkpoint are skipped, so a stray or half-deleted folder
    never hides the others.
    """
    base = Path(root) if root is not None else runs_dir()
    try:
        folders = [entry for entry in base.iterdir() if entry.is_dir()]
    except OSError:
        return []
    runs = []
    for folder in folders:
        try:
            runs.append(read_run(folder))
        except LstmGuiError:
            continue
    # Folder names start with a sortable time stamp; the creation time breaks ties.
    return sorted(runs, key=lambda run: (run.folder.name, run.created), reverse=True)


def delete_run(folder: str | os.PathLike[str], root: str | os.PathLike[str] | None = None) -> None:
    """Delete a run folder; refuses anything that is not a run directly under `root`."""
    folder = Path(folder).resolve()
    base = (Path(root) if root is not None else runs_dir()).resolve()
    if folder.parent != base or not any((folder / name).is_file() for name in (LATEST, BEST)):
        raise LstmGuiError(f"{folder} is not a run folder in {base}; nothing was deleted.")
    try:
        shutil.rmtree(folder)
    except OSError as exc:
        raise LstmGuiError(f"Cannot delete {folder}: {exc.strerror or exc}.") from None


# --------------------------------------------------------------------------- curves


def save_batch_curves(folder: str | os.PathLike[str], columns: Mapping[str, np.ndarray]) -> Path:
    """Write a run's per-batch curves (BATCH_COLUMNS) as CSV in its folder, atomically."""
    folder = Path(folder)
    arrays = [np.asarray(columns[name], dtype=np.float64) for name in BATCH_COLUMNS]
    rows = zip(*arrays, strict=True)
    path = folder / BATCH_CURVES
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{BATCH_CURVES}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", newline="", encoding="utf-8") as stream:
                writer = csv.writer(stream)
                writer.writerow(BATCH_COLUMNS)
                writer.writerows([_number(value) for value in row] for row in rows)
            os.replace(temp_name, path)
        finally:
            if os.path.exists(temp_name):
                os.unlink(temp_name)
    except OSError as exc:
        raise LstmGuiError(f"Cannot write {path}: {exc.strerror or exc}.") from None
    return path


def load_batch_curves(folder: str | os.PathLike[str]) -> dict[str, np.ndarray] | None:
    """A run's per-batch curves, or None when it has none (CLI runs) or they are unreadable."""
    path = Path(folder) / BATCH_CURVES
    try:
        with path.open(newline="", encoding="utf-8") as stream:
            reader = csv.reader(stream)
            header = next(reader)
            if tuple(header) != BATCH_COLUMNS:
                return None
            values = [[float(cell) if cell else math.nan for cell in row] for row in reader]
    except (OSError, StopIteration, ValueError, csv.Error):
        return None
    if any(len(row) != len(BATCH_COLUMNS) for row in values):
        return None  # cut short or edited by hand: the curves cannot be trusted
    table = np.asarray(values, dtype=np.float64).reshape(-1, len(BATCH_COLUMNS))
    return {name: table[:, index].copy() for index, name in enumerate(BATCH_COLUMNS)}


@dataclass(frozen=True)
class RunCurves:
    """What a CSV export holds for one run: per-epoch history and optional per-batch curves."""

    name: str
    history: Sequence[Mapping[str, Any]] = ()
    batches: Mapping[str, np.ndarray] | None = field(default=None)


def curve_rows(runs: Iterable[RunCurves]) -> list[dict[str, str]]:
    """CSV rows (CSV_COLUMNS): one per recorded batch and one per epoch, run after run."""
    rows: list[dict[str, str]] = []
    for run in runs:
        if run.batches is not None and len(run.batches.get("epoch", ())):
            columns = run.batches
            for index in range(len(columns["epoch"])):
                rows.append(
                    {
                        "run": run.name,
                        "kind": "batch",
                        "epoch": _number(columns["epoch"][index]),
                        "loss": _number(columns["loss"][index]),
                        "acc": _number(columns["acc"][index]),
                        "val_loss": "",
                        "val_acc": "",
                        "grad_norm": _number(columns["grad_norm"][index]),
                        "lr": _number(columns["lr"][index]),
                    }
                )
        for entry in run.history:
            rows.append(
                {
                    "run": run.name,
                    "kind": "epoch",
                    **{
                        key: _number(entry.get(key))
                        for key in ("epoch", "loss", "acc", "val_loss", "val_acc", "lr")
                    },
                    "grad_norm": "",
                }
            )
    return rows


def write_curves_csv(path: str | os.PathLike[str], runs: Iterable[RunCurves]) -> Path:
    """Export runs' curves as one CSV table (CSV_COLUMNS) that spreadsheets and pandas read."""
    path = Path(path)
    try:
        with path.open("w", newline="", encoding="utf-8") as stream:
            writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS)
            writer.writeheader()
            writer.writerows(curve_rows(runs))
    except OSError as exc:
        raise LstmGuiError(f"Cannot write {path}: {exc.strerror or exc}.") from None
    return path


def _number(value: Any) -> str:
    """A number as CSV text: integers plainly, floats with full precision, NaN/None empty."""
    if value is None:
        return ""
    number = float(value)
    if not math.isfinite(number):
        return ""
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)
