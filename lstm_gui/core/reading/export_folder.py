"""Where the personal set may be exported: never a folder the app reads datasets from unasked.

The dataset lookup (data.find_dataset_files) reads the first folder holding all four IDX files
and prefers uncompressed ones, searching the default roots themselves for every dataset. Four
exported files in such a folder would silently replace MNIST (and Fashion-MNIST) for every run
without --data-dir, and in torchvision's MNIST/raw they would overwrite the real files. So the
app's own folders and the default search roots are always refused, and a folder that already
holds IDX files is only written with the user's say-so.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from lstm_gui.core.errors import DataError, StorageError
from lstm_gui.core.run.data import DATASETS, candidate_dirs, search_roots, user_data_dir

# MNIST's, torchvision's and EMNIST's names alike: "...-idx3-ubyte", gzipped or not.
_IDX_NAME = re.compile(r".*idx\d-ubyte(\.gz)?", re.IGNORECASE)


def _resolved(folder: str | os.PathLike[str]) -> Path:
    return Path(folder).expanduser().resolve()


def _is_within(path: Path, parent: Path) -> bool:
    return path == parent or parent in path.parents


def reserved_export_folder(folder: str | os.PathLike[str]) -> bool:
    """True when `folder` is inside the app's data folder or one the default lookup searches."""
    target = _resolved(folder)
    if _is_within(target, _resolved(user_data_dir())):
        return True
    for name, spec in DATASETS.items():
        for root in search_roots(name):  # no data_dir: what a run without --data-dir reads
            if any(target == _resolved(place) for place in candidate_dirs(_resolved(root), spec)):
                return True
    return False


def idx_files_in(folder: str | os.PathLike[str]) -> tuple[str, ...]:
    """The names of the IDX files (.gz or not) already in `folder`, sorted; () if it is absent."""
    target = Path(folder)
    if not target.is_dir():
        return ()
    try:
        return tuple(
            sorted(
                entry.name
                for entry in target.iterdir()
                if _IDX_NAME.fullmatch(entry.name) and entry.is_file()
            )
        )
    except OSError as exc:
        raise StorageError(f"{target} cannot be read: {exc.strerror or exc}.", target) from None


def refuse_reserved_export_folder(folder: str | os.PathLike[str]) -> None:
    """DataError (one sentence) when `folder` is one the app reads datasets or keeps files in."""
    if reserved_export_folder(folder):
        raise DataError(
            f"{folder} is a folder lstm-gui reads datasets or keeps its own files in, where "
            "exported digits would stand in for MNIST in every run; export into a new, empty "
            "folder of its own instead."
        )


def check_export_folder(
    folder: str | os.PathLike[str], overwrite: bool = False, replace_hint: str | None = None
) -> None:
    """Refuse a reserved folder always, and one already holding IDX files unless `overwrite`.

    `replace_hint` ends the second refusal with what the caller offers instead of replacing
    (the CLI names its --force); by default it says to export into a new, empty folder.
    """
    refuse_reserved_export_folder(folder)
    existing = idx_files_in(folder)
    if existing and not overwrite:
        holds = f"{folder} already holds IDX files ({', '.join(existing)})"
        if replace_hint is None:
            raise DataError(
                f"{holds} that exporting would replace; export into a new, empty folder instead."
            )
        raise DataError(f"{holds}; {replace_hint}.")
