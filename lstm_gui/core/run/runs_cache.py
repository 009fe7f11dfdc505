"""The runs folder listed again without re-reading the runs whose checkpoints did not change."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lstm_gui.core.run.runs import RunsListing, StoredRun

# (inode, size, modification time in ns) of latest and best; None where a file is absent.
Fingerprint = tuple[tuple[int, int, int] | None, ...]


def _fingerprint(folder: Path) -> Fingerprint:
    from lstm_gui.core.run.runs import BEST, LATEST

    stamps: list[tuple[int, int, int] | None] = []
    for name in (LATEST, BEST):
        try:
            stat = (folder / name).stat()
        except OSError:
            stamps.append(None)
            continue
        stamps.append((stat.st_ino, stat.st_size, stat.st_mtime_ns))
    return tuple(stamps)


class RunsCache:
    """scan_runs() that reads a run folder's checkpoint metadata only when it has changed.

    The window lists the runs at the end of every epoch; with a hundred runs, reading every
    checkpoint's metadata took 80 ms of the GUI thread each time. Checkpoints are replaced
    atomically (a new file renamed over the old), so a changed inode, size or time stamp
    catches every save. The module imports nothing heavy: the window builds one before
    PyTorch is loaded.
    """

    def __init__(self) -> None:
        self._known: dict[Path, tuple[Fingerprint, StoredRun]] = {}

    def read(self, folder: Path) -> StoredRun:
        """The run in `folder`, from memory when its checkpoints are the ones read last time."""
        from lstm_gui.core.run.runs import read_run

        fingerprint = _fingerprint(folder)
        known = self._known.get(folder)
        if known is not None and known[0] == fingerprint:
            return known[1]
        run = read_run(folder)
        self._known[folder] = (fingerprint, run)
        return run

    def scan(self, root: str | os.PathLike[str] | None = None) -> RunsListing:
        """Like scan_runs(root); forgets folders that are gone or no longer readable."""
        from lstm_gui.core.run.runs import scan_runs

        listing = scan_runs(root, read=self.read)
        listed = {run.folder for run in listing.runs}
        self._known = {folder: entry for folder, entry in self._known.items() if folder in listed}
        return listing
