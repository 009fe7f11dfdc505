"""Run folders in the user's data folder: each run keeps latest and best checkpoints."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.errors import CheckpointError, ConfigError, LstmGuiError
from lstm_gui.core.run.checkpoint_header import read_checkpoint_metadata
from lstm_gui.core.run.control import CheckpointPaths
from lstm_gui.core.run.data import user_data_dir

LATEST = "latest.safetensors"
BEST = "best.safetensors"


def runs_dir() -> Path:
    """Where runs are kept: <user data folder>/runs."""
    return user_data_dir() / "runs"


def run_name(model: ModelConfig, train: TrainConfig) -> str:
    """A short human name for a run, e.g. "LSTM-128 rows mnist"."""
    return f"{model.cell.upper()}-{model.hidden_size} {train.sequence_name} {train.dataset}"


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
        # Sliced by hand: the first strptime() call imports and compiles its locale tables,
        # a 40 ms pause that the window took at the end of its first epoch.
        stamp = self.folder.name[:15]
        if len(stamp) != 15 or stamp[8] != "-" or not (stamp[:8] + stamp[9:]).isdigit():
            return None
        try:
            return datetime(
                int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8]),
                int(stamp[9:11]), int(stamp[11:13]), int(stamp[13:15]),
            )  # fmt: skip
        except ValueError:
            return None

    @property
    def label(self) -> str:
        """The run's name and start, to tell runs of the same settings apart in legends."""
        started = self.started
        return f"{self.name} {started:%m-%d %H:%M}" if started else self.name

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
        raise CheckpointError(
            f"{folder.name} holds no checkpoint ({LATEST} or {BEST}); "
            "it is not a run or was never saved."
        )
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


@dataclass(frozen=True)
class DamagedRun:
    """An entry of the runs folder that is not a usable run, and why (listed so it can go)."""

    folder: Path
    reason: str  # one sentence for people

    @property
    def name(self) -> str:
        """The entry's file or folder name."""
        return self.folder.name


@dataclass(frozen=True)
class RunsListing:
    """What the runs folder holds: usable runs (newest first) and damaged entries (by name)."""

    runs: list[StoredRun]
    damaged: list[DamagedRun]


def scan_runs(
    root: str | os.PathLike[str] | None = None,
    read: Callable[[Path], StoredRun] = read_run,
) -> RunsListing:
    """Every entry of `root` (default: the user's runs folder): a run, or damaged with a reason.

    Foreign files, half-written or unreadable runs and runs of a newer lstm-gui never break the
    listing; they are listed as damaged so that a person sees them and can delete them. Hidden
    entries (a dot first: temporary files, .DS_Store) are left alone. `read` reads one run
    folder (RunsCache passes one that skips unchanged folders).
    """
    base = Path(root) if root is not None else runs_dir()
    try:
        entries = [entry for entry in base.iterdir() if not entry.name.startswith(".")]
    except OSError:
        return RunsListing([], [])
    runs: list[StoredRun] = []
    damaged: list[DamagedRun] = []
    for entry in entries:
        try:
            if not entry.is_dir():
                damaged.append(DamagedRun(entry, f"{entry.name} is a file, not a run folder."))
                continue
            runs.append(read(entry))
        except LstmGuiError as exc:
            damaged.append(DamagedRun(entry, str(exc)))
        except OSError as exc:
            damaged.append(
                DamagedRun(entry, f"{entry.name} cannot be read: {exc.strerror or exc}.")
            )
    # Folder names start with a sortable time stamp; the creation time breaks ties.
    runs.sort(key=lambda run: (run.folder.name, run.created), reverse=True)
    damaged.sort(key=lambda entry: entry.folder.name, reverse=True)
    return RunsListing(runs, damaged)


def list_runs(root: str | os.PathLike[str] | None = None) -> list[StoredRun]:
    """Every readable run under `root` (default: the user's runs folder), newest first.

    Entries that are not usable runs are left out (scan_runs() lists them with the reason), so
    a stray or half-deleted folder never hides the others.
    """
    return scan_runs(root).runs


def delete_run(
    folder: str | os.PathLike[str],
    root: str | os.PathLike[str] | None = None,
    *,
    damaged: bool = False,
) -> None:
    """Delete a run folder; refuses anything that is not a run directly under `root`.

    With `damaged`, any entry directly under `root` goes, file or folder: one scan_runs()
    listed as damaged and a person chose to delete.
    """
    path = Path(folder)
    base = (Path(root) if root is not None else runs_dir()).resolve()
    # A link is judged (and deleted) as itself, never by what it points to.
    parent = path.parent.resolve()
    resolved = parent / path.name if path.is_symlink() else path.resolve()
    is_run = any((resolved / name).is_file() for name in (LATEST, BEST))
    if parent != base or resolved.parent != base or not (is_run or damaged):
        raise LstmGuiError(f"{resolved} is not a run folder in {base}; nothing was deleted.")
    try:
        if resolved.is_dir() and not resolved.is_symlink():
            shutil.rmtree(resolved)
        else:
            resolved.unlink(missing_ok=True)
    except OSError as exc:
        raise LstmGuiError(f"Cannot delete {resolved}: {exc.strerror or exc}.") from None
