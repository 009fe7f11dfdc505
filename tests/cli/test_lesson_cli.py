"""`lstm-gui LESSON.lstm-lesson`: the app opens with the lesson; the commands are untouched."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lstm_gui.cli import main
from lstm_gui.core.lessons.archive import write_lesson
from lstm_gui.core.lessons.lesson import Lesson
from lstm_gui.gui import app as app_module


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The calls that would have started the app (none starts)."""
    calls: list[dict[str, Any]] = []

    def fake_run_app(argv: list[str] | None = None, lesson: Path | None = None) -> int:
        calls.append({"argv": argv, "lesson": lesson})
        return 0

    monkeypatch.setattr(app_module, "run_app", fake_run_app)
    return calls


def test_a_lone_lesson_path_opens_the_app_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened: list[dict[str, Any]]
) -> None:
    write_lesson(tmp_path / "Rows.LSTM-Lesson", Lesson(notes="<p>hi</p>"))
    monkeypatch.chdir(tmp_path)
    assert main(["Rows.LSTM-Lesson"]) == 0
    assert opened == [{"argv": None, "lesson": tmp_path / "Rows.LSTM-Lesson"}]


def test_a_missing_lesson_is_one_error_line_and_no_window(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], opened: list[dict[str, Any]]
) -> None:
    missing = tmp_path / "gone.lstm-lesson"
    assert main([str(missing)]) == 1
    assert capsys.readouterr().err == f"error: there is no lesson file {missing}.\n"
    assert opened == []


def test_no_arguments_still_opens_the_app_without_a_lesson(opened: list[dict[str, Any]]) -> None:
    assert main([]) == 0
    assert opened == [{"argv": None, "lesson": None}]


def test_commands_and_other_paths_are_parsed_as_before(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], opened: list[dict[str, Any]]
) -> None:
    # A command's argument that happens to be a lesson file is the command's.
    with pytest.raises(SystemExit) as usage:
        main(["evaluate", str(tmp_path / "x.lstm-lesson"), "--nonsense"])
    assert usage.value.code == 2
    # A lone path that is no lesson is no command: a usage error, as before.
    with pytest.raises(SystemExit) as usage:
        main([str(tmp_path / "picture.png")])
    assert usage.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
    assert opened == []
