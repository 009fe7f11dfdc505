"""Run folders in the user's data folder: each run keeps latest and best checkpoints."""

from __future__ import annotations

import csv
import errno
import math
import os
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from lstm_gui.core.atomic_file import replacing
from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.errors import CheckpointError, ConfigError, LstmGuiError, StorageError
from lstm_gui.core.run.checkpoint import storage_error
from lstm_gui.core.run.checkpoint_header import read_checkpoint_metadata
from lstm_gui.core.run.data import user_data_dir
from lstm_gui.core.run.progress import BATCH_COLUMNS, BatchProgress, EpochResult
from lstm_gui.core.run.training import CheckpointPaths

LATEST = "latest.safetensors"
BEST = "best.safetensors"
# Every progress record of a run, appended as it trains (CurveLog), whichever front end runs it.
CURVES = "curves.csv"
CURVE_COLUMNS = (
    "kind",  # batch | epoch
    "epoch",
    "step",  # batches done in the whole run (batch rows)
    "loss",  # batch rows: mean loss since the previous record; epoch rows: the epoch's
    "acc",
    "running_acc",
    "grad_norm",
    "lr",
    "val_loss",
    "val_acc",
    "samples_per_s",
)
_BATCH_FIGURES = ("epoch", "loss", "acc", "running_acc", "grad_norm", "lr", "samples_per_s")
_EPOCH_FIGURES = ("epoch", "loss", "acc", "lr", "val_loss", "val_acc", "samples_per_s")
# Where runs of earlier versions kept their per-batch curves (desktop app only).
LEGACY_BATCH_CURVES = "batches.csv"
CSV_COLUMNS = ("run", "kind", "epoch", "loss", "acc", "val_loss", "val_acc", "grad_norm", "lr")


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


# --------------------------------------------------------------------------- curves


class CurveLog:
    """Appends a run's progress records to its folder's curves.csv as they arrive.

    Each record is one row, flushed at once, so the curves survive a crash and a run trained
    on the command line shows the same curves in the GUI. Use it as a context manager.
    """

    def __init__(self, folder: str | os.PathLike[str], keep_epochs: int = 0) -> None:
        """Start the log; a resumed run keeps the rows of its `keep_epochs` finished epochs.

        A run stopped mid-epoch restarts that epoch, so its partial rows are dropped.
        """
        self.path = Path(folder) / CURVES
        kept = [row for row in _read_curve_rows(self.path) if row["epoch"] <= keep_epochs]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _replace_atomically(self.path, kept)
            self._stream = self.path.open("a", newline="", encoding="utf-8")
        except OSError as exc:
            raise storage_error(self.path, exc) from None
        self._writer = csv.writer(self._stream)

    def append(self, record: BatchProgress | EpochResult) -> None:
        """Write one progress record as a row."""
        if isinstance(record, BatchProgress):
            values: dict[str, Any] = {"kind": "batch", "step": record.global_step}
            values.update({name: getattr(record, name) for name in _BATCH_FIGURES})
        else:
            values = {"kind": "epoch"}
            values.update({name: getattr(record, name) for name in _EPOCH_FIGURES})
        row = [values.get(name) for name in CURVE_COLUMNS]
        try:
            self._writer.writerow([row[0]] + [_number(value) for value in row[1:]])
            self._stream.flush()
            # Writing to a file whose folder was deleted succeeds and loses every row.
            deleted = os.fstat(self._stream.fileno()).st_nlink == 0
        except OSError as exc:
            raise storage_error(self.path, exc) from None
        if deleted:
            raise StorageError(
                f"The run folder {self.path.parent} was deleted while the run was training.",
                self.path,
                errno.ENOENT,
            )

    def close(self) -> None:
        """Close the file (rows are already on disk)."""
        self._stream.close()

    def __enter__(self) -> CurveLog:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _replace_atomically(path: Path, rows: list[dict[str, Any]]) -> None:
    with replacing(path) as temp_name, open(temp_name, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(CURVE_COLUMNS)
        for row in rows:
            writer.writerow([row["kind"]] + [_number(row.get(name)) for name in CURVE_COLUMNS[1:]])


def _read_curve_rows(path: Path) -> list[dict[str, Any]]:
    """The rows of a curves.csv as dicts of floats (NaN for empty cells); [] when unreadable.

    A last row cut short (a crash while writing) is dropped; any other malformed row means
    the file was edited by hand and cannot be trusted, so nothing is returned.
    """
    try:
        with path.open(newline="", encoding="utf-8") as stream:
            reader = csv.reader(stream)
            if tuple(next(reader)) != CURVE_COLUMNS:
                return []
            lines = list(reader)
    except (OSError, StopIteration, UnicodeDecodeError, csv.Error):
        return []
    rows = []
    for index, line in enumerate(lines):
        try:
            if len(line) != len(CURVE_COLUMNS) or line[0] not in ("batch", "epoch"):
                raise ValueError(line)
            values = [float(cell) if cell else math.nan for cell in line[1:]]
        except ValueError:
            if index == len(lines) - 1:
                break
            return []
        rows.append({"kind": line[0], **dict(zip(CURVE_COLUMNS[1:], values, strict=True))})
    return rows


def load_batch_curves(folder: str | os.PathLike[str]) -> dict[str, np.ndarray] | None:
    """A run's per-batch curves (BATCH_COLUMNS), or None when it has none or they are unreadable.

    Runs of lstm-gui 0.x before curves.csv kept them, from the desktop app only, in batches.csv.
    """
    folder = Path(folder)
    rows = [row for row in _read_curve_rows(folder / CURVES) if row["kind"] == "batch"]
    if rows:
        return {
            name: np.array([row[name] for row in rows], dtype=np.float64) for name in BATCH_COLUMNS
        }
    return _load_legacy_batch_curves(folder / LEGACY_BATCH_CURVES)


def _load_legacy_batch_curves(path: Path) -> dict[str, np.ndarray] | None:
    try:
        with path.open(newline="", encoding="utf-8") as stream:
            reader = csv.reader(stream)
            if tuple(next(reader)) != BATCH_COLUMNS:
                return None
            values = [[float(cell) if cell else math.nan for cell in row] for row in reader]
    except (OSError, StopIteration, ValueError, csv.Error):
        return None
    if not values or any(len(row) != len(BATCH_COLUMNS) for row in values):
        return None  # cut short or edited by hand: the curves cannot be trusted
    table = np.asarray(values, dtype=np.float64)
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


def export_runs_csv(
    path: str | os.PathLike[str], runs: Iterable[tuple[str, str | os.PathLike[str]]]
) -> Path:
    """Export run folders' curves, each (name, folder) read from its files, as one CSV table."""
    curves = []
    for name, folder in runs:
        try:
            history: Sequence[Mapping[str, Any]] = read_run(folder).history
        except LstmGuiError:
            history = ()  # no finished epoch yet: the batch curves alone
        curves.append(RunCurves(name, history, load_batch_curves(folder)))
    return write_curves_csv(path, curves)


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
