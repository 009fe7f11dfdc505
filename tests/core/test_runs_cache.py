"""RunsCache lists what scan_runs lists and re-reads only the runs whose checkpoints changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_runs import write_run

from lstm_gui.core.run import runs
from lstm_gui.core.run.runs import scan_runs
from lstm_gui.core.run.runs_cache import RunsCache


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folder names read_run() was asked to read."""
    names: list[str] = []
    original = runs.read_run

    def counting_read(folder: Path) -> runs.StoredRun:
        names.append(Path(folder).name)
        return original(folder)

    monkeypatch.setattr(runs, "read_run", counting_read)
    return names


def summary(listing: runs.RunsListing) -> list[tuple[str, int, str]]:
    return [(run.folder.name, run.epochs_done, run.status) for run in listing.runs]


def test_cache_lists_what_scan_runs_lists_and_rereads_only_changes(
    tmp_path: Path, reads: list[str]
) -> None:
    for stamp in ("20240101-000000", "20240102-000000", "20240103-000000"):
        write_run(tmp_path / stamp)
    (tmp_path / "notes.txt").write_text("not a run")
    cache = RunsCache()

    first = cache.scan(tmp_path)
    assert summary(first) == summary(scan_runs(tmp_path))
    assert [entry.name for entry in first.damaged] == ["notes.txt"]
    assert sorted(reads) == ["20240101-000000", "20240102-000000", "20240103-000000"]

    reads.clear()
    second = cache.scan(tmp_path)
    assert reads == []  # nothing changed: nothing read
    assert summary(second) == summary(first)

    # A run saved again (one more epoch, stopped) is read again and shows its new state.
    history = [{"epoch": epoch, "val_acc": 0.5 + epoch / 10} for epoch in (1, 2, 3)]
    write_run(tmp_path / "20240102-000000", history=history, status="stopped", epochs=3)
    third = cache.scan(tmp_path)
    assert reads == ["20240102-000000"]
    assert ("20240102-000000", 3, "stopped") in summary(third)
    assert summary(third) == summary(scan_runs(tmp_path))


def test_deleted_and_broken_runs_leave_the_listing(tmp_path: Path, reads: list[str]) -> None:
    for stamp in ("20240101-000000", "20240102-000000"):
        write_run(tmp_path / stamp)
    cache = RunsCache()
    assert len(cache.scan(tmp_path).runs) == 2

    shutil.rmtree(tmp_path / "20240101-000000")
    (tmp_path / "20240102-000000" / runs.LATEST).write_bytes(b"torn")
    (tmp_path / "20240102-000000" / runs.BEST).unlink()
    reads.clear()
    listing = cache.scan(tmp_path)
    assert listing.runs == []
    assert [entry.name for entry in listing.damaged] == ["20240102-000000"]
    assert reads == ["20240102-000000"]
