"""Files replaced whole: written beside their target, then renamed, so never half-written."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def current_umask() -> int:
    """The process's umask (reading it means setting it; it is set straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def replacing(path: str | os.PathLike[str]) -> Iterator[str]:
    """A temporary file name beside `path` to write to; it becomes `path` when the block ends.

    On success the file gets a normal file's permissions (mkstemp makes it private, and some
    writers, like safetensors, create it anew) and is renamed over `path` in one step. On any
    error it is deleted and an existing `path` is left as it was.
    """
    target = Path(path)
    handle, temp_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    os.close(handle)
    try:
        yield temp_name
        os.chmod(temp_name, 0o666 & ~current_umask())
        os.replace(temp_name, target)
    finally:
        if os.path.exists(temp_name):
            os.unlink(temp_name)
