"""My handwriting: a personal set of labelled drawings kept on disk, listed, deleted, exported.

Each kept digit is one JSON file in the set's folder (by default <user data folder>/my_digits):
its label, the 28x28 image the pad's preprocessing made (uint8, ink high, base64), the pen
strokes when it was drawn on the pad, an id and the time it was kept. One file per digit, each
written whole (atomic_file.replacing), so a damaged file loses one digit, never the set; files
are validated on load and a damaged one becomes one sentence in `PersonalListing.problems`.
Nothing is unpickled.

`export_idx` writes the set as the four MNIST IDX files under the names data.load_dataset looks
for, so `lstm-gui train|evaluate --data-dir DIR` and the exported training script read it; it
writes only into a folder of its own (export_folder refuses the ones the app reads unasked).
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from lstm_gui.core.atomic_file import replacing
from lstm_gui.core.config import IMAGE_SIDE
from lstm_gui.core.errors import DataError, StorageError
from lstm_gui.core.reading.export_folder import check_export_folder
from lstm_gui.core.reading.strokes import Stroke, stroke_from_json, stroke_to_json
from lstm_gui.core.run.data import IDX_FILES, user_data_dir

FORMAT_NAME = "lstm-gui personal digit"
FORMAT_VERSION = 1
SUFFIX = ".json"
CLASSES = 10
# A digit's file holds 784 pixels and at most a few thousand stroke points; anything far larger
# is not one of ours, and reading it whole could take the app's memory. One digit's strokes are
# capped below a lesson's whole drawing (which may hold several digits' worth); each stroke's own
# checks are strokes.stroke_from_json's, the same a lesson's strokes meet.
MAX_FILE_BYTES = 4 * 2**20
MAX_STROKES = 500
MAX_POINTS = 100_000
_ID_PATTERN = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,79}")


def personal_set_dir() -> Path:
    """Where the personal set is kept: <user data folder>/my_digits."""
    return user_data_dir() / "my_digits"


@dataclass(frozen=True)
class PersonalDigit:
    """One kept drawing: its id, label (0-9), 28x28 uint8 image, strokes (if drawn) and time."""

    id: str
    label: int
    image: np.ndarray  # (28, 28) uint8, ink high, as the model reads it after ÷255
    created: str  # ISO 8601, UTC
    strokes: tuple[Stroke, ...] | None = None


@dataclass(frozen=True)
class PersonalListing:
    """The digits read from the folder, oldest first, and one sentence per damaged file."""

    digits: tuple[PersonalDigit, ...]
    problems: tuple[str, ...]

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Images (N, 28, 28) uint8 and labels (N,) int64, in the listing's order."""
        if not self.digits:
            return np.zeros((0, IMAGE_SIDE, IMAGE_SIDE), np.uint8), np.zeros(0, np.int64)
        images = np.stack([digit.image for digit in self.digits])
        labels = np.array([digit.label for digit in self.digits], dtype=np.int64)
        return images, labels


def image_to_uint8(image: np.ndarray) -> np.ndarray:
    """A 28x28 image (float in [0, 1], or uint8) as uint8 pixels, as IDX files store them."""
    array = np.asarray(image)
    if array.shape != (IMAGE_SIDE, IMAGE_SIDE):
        raise DataError(f"A kept digit must be a 28x28 image, not one of shape {array.shape}.")
    if array.dtype == np.uint8:
        return array.copy()
    values = array.astype(np.float64)
    if not np.isfinite(values).all():
        raise DataError("The digit's image holds values that are not finite numbers.")
    return np.round(np.clip(values, 0.0, 1.0) * 255).astype(np.uint8)


class PersonalSet:
    """The personal set in one folder: add, list, delete and export its digits."""

    def __init__(self, folder: str | os.PathLike[str] | None = None) -> None:
        """`folder`: where the digits are kept (None: personal_set_dir())."""
        self.folder = Path(folder) if folder is not None else personal_set_dir()

    def add(
        self, image: np.ndarray, label: int, strokes: tuple[Stroke, ...] | None = None
    ) -> PersonalDigit:
        """Keep a 28x28 image (float in [0, 1] or uint8) as a drawing of `label`."""
        if isinstance(label, bool) or not isinstance(label, (int, np.integer)):
            raise DataError(f"A digit's label must be a whole number 0-9, not {label!r}.")
        if not 0 <= int(label) < CLASSES:
            raise DataError(f"A digit's label must be 0-9, not {label}.")
        now = datetime.now(timezone.utc)
        digit = PersonalDigit(
            id=f"{now:%Y%m%d-%H%M%S-%f}-{secrets.token_hex(3)}",
            label=int(label),
            image=image_to_uint8(image),
            created=now.isoformat(timespec="seconds"),
            strokes=tuple(strokes) if strokes else None,
        )
        path = self._path(digit.id)
        record = _to_json(digit)
        try:  # the reader's checks: a digit that could not be read back is never written
            _strokes_from_json(record["strokes"])
        except ValueError as exc:
            raise DataError(f"The digit's strokes cannot be kept: {exc}.") from None
        text = json.dumps(record, separators=(",", ":"))
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with replacing(path) as temp_name:
                Path(temp_name).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise StorageError(
                f"The digit could not be kept in {self.folder}: {exc.strerror or exc}.", path
            ) from None
        return digit

    def load(self) -> PersonalListing:
        """Every digit in the folder, oldest first; damaged files are left out and named."""
        if not self.folder.is_dir():
            return PersonalListing((), ())
        digits: list[PersonalDigit] = []
        problems: list[str] = []
        try:
            paths = sorted(self.folder.glob(f"*{SUFFIX}"))
        except OSError as exc:
            raise DataError(f"{self.folder} cannot be read: {exc.strerror or exc}.") from None
        for path in paths:
            if path.name.startswith("."):  # a write under way (atomic_file's temporary)
                continue
            try:
                digits.append(read_digit(path))
            except DataError as exc:
                problems.append(str(exc))
        digits.sort(key=lambda digit: (digit.created, digit.id))
        return PersonalListing(tuple(digits), tuple(problems))

    def delete(self, digit_id: str) -> None:
        """Forget one digit (its file is removed); an unknown id is a DataError."""
        path = self._path(digit_id)
        try:
            path.unlink()
        except FileNotFoundError:
            raise DataError(f"There is no kept digit {digit_id!r} to delete.") from None
        except OSError as exc:
            raise StorageError(
                f"The digit could not be deleted from {self.folder}: {exc.strerror or exc}.", path
            ) from None

    def _path(self, digit_id: str) -> Path:
        if not _ID_PATTERN.fullmatch(digit_id):
            raise DataError(f"{digit_id!r} is not the id of a kept digit.")
        return self.folder / f"{digit_id}{SUFFIX}"


# --------------------------------------------------------------------------- the file format


def _to_json(digit: PersonalDigit) -> dict[str, Any]:
    strokes = None
    if digit.strokes is not None:
        strokes = [stroke_to_json(stroke) for stroke in digit.strokes]
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "id": digit.id,
        "label": digit.label,
        "created": digit.created,
        "image": base64.b64encode(digit.image.tobytes()).decode("ascii"),
        "strokes": strokes,
    }


def read_digit(path: Path) -> PersonalDigit:
    """One digit's file, validated; DataError (one sentence naming the file) if it is damaged."""

    def damaged(reason: str) -> DataError:
        return DataError(f"The kept digit {path.name} is damaged ({reason}); it was left out.")

    try:
        if not path.is_file():  # a folder, or a link to a device that never ends
            raise damaged("it is not a regular file")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise damaged("the file is far larger than a digit")
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise damaged(f"it cannot be read: {getattr(exc, 'strerror', None) or exc}") from None
    except json.JSONDecodeError:
        raise damaged("it is not JSON") from None
    except RecursionError:  # "[[[[..." deeper than Python's stack: damage, not a digit
        raise damaged("it is nested too deeply to be a digit") from None
    if not isinstance(record, dict) or record.get("format") != FORMAT_NAME:
        raise damaged("it is not a digit kept by lstm-gui")
    if record.get("format_version") != FORMAT_VERSION:
        raise damaged(f"format version {record.get('format_version')!r} is not one this app reads")
    label = record.get("label")
    if isinstance(label, bool) or not isinstance(label, int) or not 0 <= label < CLASSES:
        raise damaged(f"its label {label!r} is not a digit 0-9")
    digit_id = record.get("id")
    if not isinstance(digit_id, str) or f"{digit_id}{SUFFIX}" != path.name:
        raise damaged("its id does not match its file name")
    created = record.get("created")
    if not isinstance(created, str):
        raise damaged("it has no time")
    try:
        pixels = base64.b64decode(str(record.get("image")), validate=True)
    except (binascii.Error, ValueError):
        raise damaged("its image is not base64") from None
    if len(pixels) != IMAGE_SIDE * IMAGE_SIDE:
        raise damaged(f"its image has {len(pixels)} pixels, not {IMAGE_SIDE * IMAGE_SIDE}")
    image = np.frombuffer(pixels, dtype=np.uint8).reshape(IMAGE_SIDE, IMAGE_SIDE).copy()
    try:
        strokes = _strokes_from_json(record.get("strokes"))
    except ValueError as exc:
        raise damaged(f"its strokes are invalid: {exc}") from None
    return PersonalDigit(digit_id, label, image, created, strokes)


def _strokes_from_json(value: object) -> tuple[Stroke, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > MAX_STROKES:
        raise ValueError(f"not a list of at most {MAX_STROKES} strokes")
    strokes = []
    total = 0
    for entry in value:
        strokes.append(stroke_from_json(entry))
        total += len(strokes[-1].points)
        if total > MAX_POINTS:
            raise ValueError(f"more than {MAX_POINTS:,} points")
    return tuple(strokes)


# --------------------------------------------------------------------------- IDX export


@dataclass(frozen=True)
class ExportSummary:
    """What export_idx wrote: the four files by role and how many digits each split holds."""

    files: dict[str, Path]
    train_count: int
    test_count: int


def split_for_export(labels: np.ndarray, holdout: float) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the training and test digits.

    With `holdout` 0 every digit is in both sets: `evaluate --data-dir` then measures a model
    on all of them, and training on the export reports how well it fits them (not how well it
    generalises). With 0 < holdout < 1, the newest round(holdout * n) digits of each label
    (at least one where a label has two or more) are the test set and the rest train.
    """
    everything = np.arange(len(labels))
    if not 0.0 <= holdout < 1.0:
        raise DataError(f"The held-out share must be at least 0 and below 1, not {holdout}.")
    if holdout == 0.0:
        return everything, everything
    test: list[int] = []
    for label in range(CLASSES):
        members = everything[labels == label]  # oldest first
        if len(members) >= 2:
            count = min(len(members) - 1, max(1, round(holdout * len(members))))
            test.extend(members[-count:].tolist())
    test_mask = np.zeros(len(labels), dtype=bool)
    test_mask[test] = True
    if not test_mask.any():
        raise DataError("Holding digits out needs at least two digits of one label; keep more.")
    return everything[~test_mask], everything[test_mask]


def export_idx(
    listing: PersonalListing,
    folder: str | os.PathLike[str],
    holdout: float = 0.0,
    *,
    overwrite: bool = False,
    replace_hint: str | None = None,
) -> ExportSummary:
    """Write the digits as MNIST's four uncompressed IDX files in `folder` (see split_for_export).

    The files get MNIST's names (train-images-idx3-ubyte, ...), so the folder can be given to
    `--data-dir` of `lstm-gui train` and `evaluate` and of the exported training script; a
    checkpoint trained on MNIST reads them as MNIST. The folder is made if it is missing. The
    app's own folders and those a run without --data-dir searches are refused, and a folder
    already holding IDX files unless `overwrite` (export_folder says why; `replace_hint` ends
    that refusal with what the caller offers instead). The folder is checked first, before the
    digits and the holdout.
    """
    check_export_folder(folder, overwrite, replace_hint)
    images, labels = listing.arrays()
    if len(labels) == 0:
        raise DataError("There are no kept digits to export; draw some and keep them first.")
    train, test = split_for_export(labels, holdout)
    target = Path(folder)
    arrays = {
        "train_images": images[train],
        "train_labels": labels[train].astype(np.uint8),
        "test_images": images[test],
        "test_labels": labels[test].astype(np.uint8),
    }
    files: dict[str, Path] = {}
    try:
        target.mkdir(parents=True, exist_ok=True)
        for role, stem in IDX_FILES.items():
            files[role] = write_idx(target / stem, arrays[role])
    except OSError as exc:
        raise StorageError(
            f"The digits could not be exported to {target}: {exc.strerror or exc}.", target
        ) from None
    return ExportSummary(files, len(train), len(test))


def write_idx(path: Path, array: np.ndarray) -> Path:
    """Write a uint8 array as an uncompressed IDX file (magic 0x0000080N, sizes big-endian)."""
    data = np.ascontiguousarray(array, dtype=np.uint8)
    header = bytes([0, 0, 0x08, data.ndim]) + b"".join(
        int(size).to_bytes(4, "big") for size in data.shape
    )
    with replacing(path) as temp_name, open(temp_name, "wb") as stream:
        stream.write(header)
        stream.write(data.tobytes())
    return path
