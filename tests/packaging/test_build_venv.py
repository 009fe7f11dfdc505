"""packaging/build.py's --venv: an old build environment is replaced, a folder of the user's never.

Creating the environment (venv and pip) is replaced by a stand-in that writes a pyvenv.cfg, so
these tests take milliseconds and need no package index.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path
from typing import Any

import pytest

BUILD_SCRIPT = Path(__file__).resolve().parents[2] / "packaging" / "build.py"


@pytest.fixture
def build(monkeypatch: pytest.MonkeyPatch) -> Any:
    """packaging/build.py as a module, with environment creation and pip stubbed out."""
    spec = importlib.util.spec_from_file_location("lstm_gui_build_script", BUILD_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    def create(path: Path) -> None:
        Path(path).mkdir(parents=True)  # fails if the old folder was not removed first
        (Path(path) / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")

    monkeypatch.setattr(
        module.venv, "EnvBuilder", lambda **options: types.SimpleNamespace(create=create)
    )
    monkeypatch.setattr(module, "run", lambda *args, **kwargs: None)
    return module


@pytest.mark.parametrize("fresh", [False, True])
def test_a_folder_that_is_no_virtual_environment_is_left_alone(
    build: Any, tmp_path: Path, fresh: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    precious = tmp_path / "thesis"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work", encoding="utf-8")
    with pytest.raises(SystemExit) as refused:
        build.ensure_build_venv(precious, "torch", fresh)
    assert str(refused.value) == (
        f"error: {precious} is not a virtual environment (it has no pyvenv.cfg), so the build "
        "will not delete it to make one; choose a new folder for --venv."
    )
    assert (precious / "thesis.txt").read_text(encoding="utf-8") == "years of work"
    assert sorted(path.name for path in precious.iterdir()) == ["thesis.txt"]


def test_a_file_given_as_the_venv_is_left_alone(build: Any, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me", encoding="utf-8")
    with pytest.raises(SystemExit, match="is not a virtual environment"):
        build.ensure_build_venv(notes, "torch", False)
    assert notes.read_text(encoding="utf-8") == "keep me"


def test_an_old_or_half_made_build_environment_is_replaced(build: Any, tmp_path: Path) -> None:
    old = tmp_path / "old-venv"
    old.mkdir()
    (old / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    (old / "leftover").write_text("from a failed build", encoding="utf-8")
    stamped = tmp_path / "stamped"
    stamped.mkdir()
    (stamped / build.STAMP_NAME).write_text("0123456789abcdef\n", encoding="utf-8")
    (stamped / "leftover").write_text("from an older build", encoding="utf-8")
    for folder in (old, stamped, tmp_path / "new", tmp_path / "empty"):
        if folder.name == "empty":
            folder.mkdir()
        python = build.ensure_build_venv(folder, "torch", False)
        assert python == build.venv_python(folder)
        assert not (folder / "leftover").exists()
        stamp = (folder / build.STAMP_NAME).read_text(encoding="utf-8").strip()
        assert stamp == build.requirements_stamp("torch")


def test_the_environment_running_the_build_is_never_removed(
    build: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    running = tmp_path / "dev-venv"
    running.mkdir()
    (running / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    monkeypatch.setattr(sys, "prefix", str(running))
    with pytest.raises(SystemExit, match="is the environment running this build"):
        build.ensure_build_venv(running, "torch", True)
    assert (running / "pyvenv.cfg").is_file()
