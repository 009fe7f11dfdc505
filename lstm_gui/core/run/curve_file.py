"""A run's curve file: every progress record appended to curves.csv, read back, exported.

Each record is one row, flushed at once, so the curves survive a crash and a run trained on the
command line shows the same curves in the GUI.
"""

from __future__ import annotations

import csv
import errno
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from lstm_gui.core.atomic_file import replacing
from lstm_gui.core.errors import LstmGuiError, StorageError
from lstm_gui.core.run.checkpoint import storage_error
from lstm_gui.core.run.progress import BATCH_COLUMNS, BatchProgress, EpochResult
from lstm_gui.core.run.runs import read_run

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
            if self.path.parent.is_dir():  # the folder is there: another run took the file over
                message = (
                    f"Another run started in {self.path.parent} while this one was training and "
                    f"replaced its {CURVES}; give each run its own folder"
                )
            else:
                message = (
                    f"The run folder {self.path.parent} was deleted while the run was training"
                )
            raise StorageError(f"{message}.", self.path, errno.ENOENT)

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
