"""One run at a time in a run folder: a lock the operating system lets go of with the process.

Two runs training into one folder (two `lstm-gui train --output` with the same folder, or a
command-line run resuming a run the app is training) would overwrite each other's checkpoints
and curve file. The run holds an exclusive, non-blocking lock on `.training.lock` in its folder
while it trains, and removes the file when it ends; a second run is refused before it writes
anything. The operating system drops the lock when the process ends, however it ends, so a
crash leaves at most the empty file, which the next run locks and removes in its turn.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from types import TracebackType
from typing import IO

from lstm_gui.core.errors import RunFolderBusy

LOCK_NAME = ".training.lock"
# What a lock that another process holds reports (flock: EWOULDBLOCK; msvcrt: EACCES or EDEADLK).
_HELD = {errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, errno.EDEADLK}


class RunFolderLock:
    """`with RunFolderLock(folder):` train; RunFolderBusy when another run holds the folder."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.path = self.folder / LOCK_NAME
        self._stream: IO[bytes] | None = None

    def __enter__(self) -> RunFolderLock:
        for _ in range(3):  # again only if the file was removed between opening and locking
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                stream = self.path.open("a+b")
            except OSError:
                return self  # nothing can be written here: the run's first file says why
            try:
                _lock(stream)
            except OSError as exc:
                stream.close()
                if exc.errno not in _HELD:
                    return self  # a file system without locks (some network shares): as before
                raise RunFolderBusy(
                    f"Another run is training in {self.folder} now; give this run a folder of "
                    "its own, or wait until that run has ended."
                ) from None
            if _same_file(stream, self.path):
                self._stream = stream
                return self
            _unlock(stream)  # a run that ended removed it: lock the file now at the path
            stream.close()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._stream is None:
            return
        # Removed while still locked, so a run that opened it in the meantime sees it gone
        # (_same_file) and takes the new one; the run folder is left as the run made it.
        try:
            self.path.unlink()
        except OSError:
            pass  # on Windows an open file stays; it is empty and harmless
        _unlock(self._stream)
        self._stream.close()
        self._stream = None


def _same_file(stream: IO[bytes], path: Path) -> bool:
    """Whether the open file is still the one at `path`."""
    try:
        return os.path.samestat(os.fstat(stream.fileno()), os.stat(path))
    except OSError:
        return False


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(stream: IO[bytes]) -> None:
        stream.seek(0)
        msvcrt.locking(stream.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(stream: IO[bytes]) -> None:
        stream.seek(0)
        msvcrt.locking(stream.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(stream: IO[bytes]) -> None:
        fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(stream: IO[bytes]) -> None:
        fcntl.flock(stream.fileno(), fcntl.LOCK_UN)
