"""replacing(): a file is swapped in whole with normal permissions, or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from lstm_gui.core.atomic_file import current_umask, replacing


def test_the_new_file_replaces_the_old_with_a_normal_files_permissions(tmp_path: Path) -> None:
    target = tmp_path / "figure.png"
    target.write_text("old")
    with replacing(target) as temporary:
        assert Path(temporary).parent == tmp_path and Path(temporary).name.startswith(".")
        Path(temporary).write_text("new")
        assert target.read_text() == "old"  # untouched until the block ends
    assert target.read_text() == "new"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o666 & ~current_umask()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figure.png"]


def test_an_error_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "curves.csv"
    target.write_text("kept")
    with pytest.raises(OSError, match="disk full"), replacing(target) as temporary:
        Path(temporary).write_text("half")
        raise OSError("disk full")
    assert target.read_text() == "kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["curves.csv"]
