"""Lessons that must not lose work.

A drawing dragged off the pad still opens, a lesson that cannot be shown whole changes
nothing, the teacher's notes survive a cancelled or repeated save, a suffixed name is not
overwritten unasked, and closing the window lets a save finish.
"""

from __future__ import annotations

import json
import time
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QDialog

from lstm_gui.core.config import TrainConfig
from lstm_gui.core.lessons import archive
from lstm_gui.core.lessons.archive import LESSON_MEMBER, read_lesson, write_lesson
from lstm_gui.core.lessons.lesson import Lesson, LessonDrawing, lesson_to_json
from lstm_gui.core.reading.strokes import Stroke
from lstm_gui.gui.draw.draw_pad import DrawPad
from lstm_gui.gui.lessons import lesson_files
from lstm_gui.gui.lessons.lesson_state import apply_lesson
from lstm_gui.gui.lessons.save_dialog import SaveLessonDialog
from lstm_gui.resources import resource_path

TEACHER_TRAIN = TrainConfig(sequence="rows", steps=56, batch_size=64, epochs=3, lr=0.002, seed=7)
STROKE = Stroke.from_points([(70, 40), (210, 40), (120, 250)], 22.0)


def open_and_wait(qtbot: Any, window: Any, path: Path) -> None:
    assert window.lessons.open(path)
    qtbot.waitUntil(lambda: not window.lessons.busy, timeout=30_000)


def test_a_stroke_dragged_past_the_pad_saves_a_lesson_that_opens(
    qtbot: Any, tmp_path: Path
) -> None:
    pad = DrawPad()
    qtbot.addWidget(pad)
    pad.resize(250, 250)
    pad.show()
    pad.begin_stroke(QPointF(120, 120))
    pad.extend_stroke(QPointF(200, 125))
    pad.extend_stroke(QPointF(2000, 130))  # far past the right edge
    pad.extend_stroke(QPointF(125, -3000))  # and far above
    pad.end_stroke()
    points = pad.drawing().strokes[0].points
    assert points[:, 0].max() == 560.0 and points[:, 1].min() == -280.0
    drawing = pad.drawing()
    path = write_lesson(
        tmp_path / "drag.lstm-lesson", Lesson(drawing=LessonDrawing(drawing.base, drawing.strokes))
    )
    opened = read_lesson(path, tmp_path / "models")
    assert opened.drawing is not None
    assert opened.drawing.strokes[0].points.tolist() == points.tolist()


def teacher_state(window: Any) -> None:
    window.train_tab.training_panel.settings.set_configs(
        TEACHER_TRAIN.model_config(cell="gru", hidden_size=64), TEACHER_TRAIN
    )
    window.draw_tab.pad.set_drawing(strokes=[STROKE])


def shown_state(window: Any) -> tuple[Any, Any]:
    return window.train_tab.training_panel.settings.configs(), window.draw_tab.pad.drawing().canvas


def test_a_lesson_with_an_experiment_the_claims_tab_cannot_show_changes_nothing(
    qtbot: Any, window: Any, tmp_path: Path, dialog_log: Any
) -> None:
    teacher_state(window)
    before = shown_state(window)
    experiment = json.loads(resource_path("claims/length.json").read_text(encoding="utf-8"))
    experiment["runs"][0]["cell"] = "lstmx"
    values = lesson_to_json(
        Lesson(
            model_config=TrainConfig().model_config(),
            train_config=TrainConfig(),
            drawing=LessonDrawing(None, (Stroke.from_points([(10, 10), (200, 200)], 9.0),)),
            tab="claims",
        )
    )
    path = tmp_path / "bad-cell.lstm-lesson"
    with zipfile.ZipFile(path, "w") as zip_file:
        zip_file.writestr(LESSON_MEMBER, json.dumps(dict(values, experiment=experiment)))
    open_and_wait(qtbot, window, path)
    assert len(dialog_log.errors) == 1 and "unknown cells 'lstmx'" in dialog_log.errors[0]
    after = shown_state(window)
    assert after[0] == before[0] and (after[1] == before[1]).all()


def test_the_experiment_is_shown_before_anything_else_changes(
    window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should the Claims tab fail to show an experiment, settings and drawing stay as they were."""
    from lstm_gui.core.claims.experiments import load_experiment

    teacher_state(window)
    before = shown_state(window)

    def cannot_show(experiment: Any) -> None:
        raise RuntimeError("the plots cannot show it")

    monkeypatch.setattr(window.claims_tab, "show_experiment", cannot_show)
    lesson = Lesson(
        model_config=TrainConfig().model_config(),
        train_config=TrainConfig(),
        drawing=LessonDrawing(None, (Stroke.from_points([(10, 10), (200, 200)], 9.0),)),
        experiment=load_experiment(resource_path("claims/length.json")),
    )
    with pytest.raises(RuntimeError):
        apply_lesson(window, lesson)
    after = shown_state(window)
    assert after[0] == before[0] and (after[1] == before[1]).all()


def test_settings_beyond_the_train_form_are_refused_not_clamped(
    qtbot: Any, window: Any, tmp_path: Path, dialog_log: Any
) -> None:
    teacher_state(window)
    before = shown_state(window)
    train = replace(TrainConfig(), batch_size=8192, epochs=5000)  # the config allows them
    path = write_lesson(
        tmp_path / "big.lstm-lesson",
        Lesson(model_config=train.model_config(), train_config=train, notes="<p>Hi</p>"),
    )
    open_and_wait(qtbot, window, path)
    assert len(dialog_log.errors) == 1
    assert "batch_size 8192, epochs 5000" in dialog_log.errors[0]
    assert "nothing was changed" in dialog_log.errors[0]
    assert shown_state(window)[0] == before[0]
    assert not window.lessons.notes_dock.isVisible()


def test_the_save_dialog_starts_with_the_notes_it_would_otherwise_lose(
    qtbot: Any, window: Any, tmp_path: Path, dialog_log: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_lesson(tmp_path / "notes.lstm-lesson", Lesson(notes="<p>Cover the top rows.</p>"))
    open_and_wait(qtbot, window, path)
    seen: list[str] = []
    typed = "Now cover the bottom rows."

    def type_and_save(dialog: SaveLessonDialog) -> int:
        seen.append(dialog.notes.toPlainText())
        dialog.notes.setPlainText(typed)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(SaveLessonDialog, "exec", type_and_save)
    dialog_log.save_file = None  # the file dialog is cancelled
    window.lessons.ask_save()
    assert seen == ["Cover the top rows."]
    window.lessons.ask_save()  # what was typed is back
    assert seen[-1] == typed
    assert dialog_log.errors == []


def test_notes_too_long_with_their_formatting_keep_the_dialog_open(
    qtbot: Any, dialog_log: Any
) -> None:
    dialog = SaveLessonDialog(None, None)
    qtbot.addWidget(dialog)
    dialog.notes.setPlainText("\n".join(["- x"] * 2400))  # 9,599 characters, many paragraphs
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog_log.errors == [
        "The notes are too long with their formatting; shorten them or use fewer lines."
    ]


def test_a_name_typed_without_the_suffix_asks_before_replacing_a_lesson(
    qtbot: Any, window: Any, tmp_path: Path, dialog_log: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = tmp_path / "week3.lstm-lesson"
    existing.write_bytes(b"last week's lesson")
    monkeypatch.setattr(SaveLessonDialog, "exec", lambda dialog: int(QDialog.DialogCode.Accepted))
    dialog_log.save_file = tmp_path / "week3"  # the file dialog checked this name only
    dialog_log.answer_yes = False
    window.lessons.ask_save()
    assert dialog_log.questions == ["week3.lstm-lesson already exists. Do you want to replace it?"]
    assert not window.lessons.busy and existing.read_bytes() == b"last week's lesson"
    dialog_log.answer_yes = True
    with qtbot.waitSignal(window.lessons.lesson_saved, timeout=30_000):
        window.lessons.ask_save()
    qtbot.waitUntil(lambda: not window.lessons.busy, timeout=10_000)
    assert read_lesson(existing, tmp_path / "models").tab == "train"


def test_closing_the_window_waits_for_a_lesson_being_saved(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow_write(path: Path, lesson: Lesson, model: Any = None) -> Path:
        time.sleep(1.0)  # a large model being re-saved
        return archive.write_lesson(path, lesson, model)

    monkeypatch.setattr(lesson_files, "write_lesson", slow_write)
    target = tmp_path / "slow.lstm-lesson"
    assert window.lessons.save(target, "", include_model=False)
    assert window.lessons.wait(10)  # the window's shutdown: a short timeout is not obeyed
    assert target.is_file()


def test_every_view_of_every_tab_is_saved_and_shown_again(window: Any) -> None:
    from lstm_gui.core.lessons.lesson import TAB_VIEWS
    from lstm_gui.gui.lessons.lesson_state import _tabs, _view_tabs, collect_lesson

    assert set(TAB_VIEWS) == set(_tabs(window))
    for tab, views in TAB_VIEWS.items():
        view_tabs = _view_tabs(window, tab)
        assert (0 if view_tabs is None else view_tabs.count()) == len(views)  # every view named
        for index, view in enumerate(views):
            assert view_tabs is not None
            window.tabs.setCurrentWidget(_tabs(window)[tab])
            view_tabs.setCurrentIndex(index)
            lesson = collect_lesson(window, "")
            assert (lesson.tab, lesson.view) == (tab, view)
            window.tabs.setCurrentIndex(0)
            view_tabs.setCurrentIndex(0 if index else 1)
            apply_lesson(window, lesson)
            assert window.tabs.currentWidget() is _tabs(window)[tab]
            assert view_tabs.currentIndex() == index


def test_a_lessons_model_is_loaded_off_the_gui_thread(
    qtbot: Any, window: Any, tmp_path: Path, dialog_log: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from lstm_gui.core.reading import inference
    from lstm_gui.core.run import checkpoint
    from lstm_gui.resources import bundled_model_path

    path = write_lesson(tmp_path / "m.lstm-lesson", Lesson(tab="draw"), bundled_model_path())
    loads_on_gui_thread: list[Path] = []
    original = checkpoint.load_checkpoint

    def recording(source: Any, *args: Any, **kwargs: Any) -> Any:
        if threading.current_thread() is threading.main_thread():
            loads_on_gui_thread.append(Path(source))
        return original(source, *args, **kwargs)

    monkeypatch.setattr(checkpoint, "load_checkpoint", recording)
    monkeypatch.setattr(inference, "load_checkpoint", recording)
    open_and_wait(qtbot, window, path)
    assert window.model_path is not None and window.model_path.parent.name == ".lessons"
    assert window.draw_tab.model_path() == window.model_path
    assert loads_on_gui_thread == [] and dialog_log.errors == []
