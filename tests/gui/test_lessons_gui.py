"""Lessons in the window: what one window saves, a fresh window with a fresh data folder shows.

Saving takes the Train settings, the tab and view, the pad's strokes, the Claims experiment, the
notes and (ticked) the model in use; opening shows them all and the notes in their panel. A
damaged file gets one dialog and the window keeps everything it showed.
"""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog

from lstm_gui.core.claims.experiments import load_experiment
from lstm_gui.core.config import TrainConfig
from lstm_gui.core.lessons.archive import LESSON_MEMBER, write_lesson
from lstm_gui.core.lessons.lesson import Lesson
from lstm_gui.core.reading.strokes import Stroke
from lstm_gui.gui.lessons.save_dialog import SaveLessonDialog
from lstm_gui.resources import bundled_model_path, resource_path

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
NOTES = "<h2>Rows</h2><p>Draw a <b>seven</b> and cover its top rows.</p><ul><li>Why?</li></ul>"
STROKES = [
    Stroke.from_points([(70, 40), (210, 40), (120, 250)], 22.0),
    Stroke.from_points([(100, 140), (180, 140)], 18.0, pressures=[0.5, 1.0]),
]


def make_window(qtbot: Any, folder: Path) -> Any:
    """A main window of its own: settings file and runs folder under `folder`."""
    from PySide6.QtCore import QSettings

    from lstm_gui.gui.app import create_main_window

    folder.mkdir(parents=True, exist_ok=True)
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = create_main_window(settings, runs_root=folder / "runs")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.startup_finished, timeout=30_000):
        window.show()
    return window


@pytest.fixture
def windows(qtbot: Any, tmp_path: Path) -> Iterator[list[Any]]:
    made: list[Any] = []
    yield made
    for window in made:
        window.shutdown(10_000)


def teacher_window(qtbot: Any, folder: Path, windows: list[Any]) -> Any:
    """A window set up as a teacher would: GRU settings, a drawing, an experiment, a model."""
    window = make_window(qtbot, folder)
    windows.append(window)
    train = TrainConfig(sequence="rows", steps=56, batch_size=64, epochs=3, lr=0.002, seed=7)
    form = window.train_tab.training_panel.settings
    form.set_configs(train.model_config(cell="gru", hidden_size=64), train)
    window.draw_tab.pad.set_drawing(strokes=STROKES)
    window.claims_tab.show_experiment(load_experiment(resource_path("claims/length.json")))
    assert window.open_model(bundled_model_path())
    window.tabs.setCurrentWidget(window.draw_tab)
    window.draw_tab.views.setCurrentIndex(1)  # Row experiments
    return window


def save(qtbot: Any, window: Any, path: Path, include_model: bool) -> None:
    with qtbot.waitSignal(window.lessons.lesson_saved, timeout=30_000):
        assert window.lessons.save(path, NOTES, include_model)
    qtbot.waitUntil(lambda: not window.lessons.busy, timeout=10_000)


def open_lesson(qtbot: Any, window: Any, path: Path) -> None:
    with qtbot.waitSignal(window.lessons.lesson_opened, timeout=30_000):
        assert window.lessons.open(path)
    qtbot.waitUntil(lambda: not window.lessons.busy, timeout=10_000)


def test_a_fresh_window_shows_everything_the_lesson_saved(
    qtbot: Any, tmp_path: Path, windows: list[Any], dialog_log: Any
) -> None:
    teacher = teacher_window(qtbot, tmp_path / "teacher", windows)
    lesson = tmp_path / "share" / "rows"  # the suffix is added
    lesson.parent.mkdir()
    save(qtbot, teacher, lesson, include_model=True)
    path = lesson.with_name("rows.lstm-lesson")
    assert path.is_file()
    want_configs = teacher.train_tab.training_panel.settings.configs()

    learner = make_window(qtbot, tmp_path / "learner")
    windows.append(learner)
    assert learner.tabs.currentIndex() == 0 and learner.draw_tab.pad.is_empty()
    open_lesson(qtbot, learner, path)

    assert learner.train_tab.training_panel.settings.configs() == want_configs
    assert want_configs[0].cell == "gru" and want_configs[1].steps == 56
    assert learner.tabs.currentWidget() is learner.draw_tab
    assert learner.draw_tab.views.currentIndex() == 1
    drawn = learner.draw_tab.pad.drawing()
    assert len(drawn.strokes) == 2
    assert np.allclose(drawn.strokes[0].points, STROKES[0].points)
    assert np.allclose(drawn.canvas, teacher.draw_tab.pad.drawing().canvas, atol=1e-6)
    shown = learner.claims_tab.shown_experiment
    assert shown is not None and shown.claim == "length"
    assert shown.runs == load_experiment(resource_path("claims/length.json")).runs
    # The model: a copy in the learner's runs area, used by the Draw tab.
    assert learner.model_path is not None
    assert learner.model_path.parent == tmp_path / "learner" / "runs" / ".lessons"
    assert learner.draw_tab.model_path() == learner.model_path
    # The notes: in their panel, as the teacher wrote them, read-only.
    dock = learner.lessons.notes_dock
    assert dock.isVisible() and dock.browser.isReadOnly()
    assert "Draw a seven and cover its top rows." in dock.notes_text()
    assert "Why?" in dock.notes_text()
    assert dialog_log.errors == []
    # Closed, it comes back from the View menu.
    dock.close()
    assert not dock.isVisible()
    dock.toggleViewAction().trigger()
    assert dock.isVisible()


def test_a_damaged_lesson_gets_a_dialog_and_the_window_keeps_what_it_showed(
    qtbot: Any, tmp_path: Path, windows: list[Any], dialog_log: Any
) -> None:
    window = teacher_window(qtbot, tmp_path / "teacher", windows)
    path = tmp_path / "lesson.lstm-lesson"
    save(qtbot, window, path, include_model=False)
    with zipfile.ZipFile(path) as opened:
        values = opened.read(LESSON_MEMBER).decode()
    damaged = tmp_path / "damaged.lstm-lesson"
    # Valid settings and drawing, but the tab is unknown: nothing may be applied.
    with zipfile.ZipFile(damaged, "w") as archive:
        archive.writestr(LESSON_MEMBER, values.replace('"tab": "draw"', '"tab": "plots"'))
    window.train_tab.training_panel.settings.reset_to_tutorial()
    window.draw_tab.pad.clear()
    before = window.train_tab.training_panel.settings.configs()

    assert window.lessons.open(damaged)
    qtbot.waitUntil(lambda: dialog_log.errors != [], timeout=30_000)
    qtbot.waitUntil(lambda: not window.lessons.busy, timeout=10_000)
    assert dialog_log.errors == [
        "damaged.lstm-lesson cannot be opened: it names an unknown tab 'plots'; one of train, "
        "draw, claims, inside."
    ]
    assert window.train_tab.training_panel.settings.configs() == before
    assert window.draw_tab.pad.is_empty()
    assert not window.lessons.notes_dock.isVisible()


def test_nothing_is_applied_while_a_run_is_busy(
    qtbot: Any, tmp_path: Path, windows: list[Any], dialog_log: Any
) -> None:
    window = teacher_window(qtbot, tmp_path / "teacher", windows)
    path = tmp_path / "lesson.lstm-lesson"
    save(qtbot, window, path, include_model=False)
    window.draw_tab.pad.clear()
    window.state.set_busy("training", True)
    try:
        assert not window.lessons.open(path)
    finally:
        window.state.set_busy("training", False)
    assert dialog_log.infos and "run or an experiment is going on" in dialog_log.infos[0]
    assert window.draw_tab.pad.is_empty()


def drop_event(path: Path) -> tuple[QDropEvent, QMimeData]:
    """A drop of this file, and its data (which must outlive the event: Qt does not own it)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    return QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    ), mime


def test_a_lesson_dropped_on_the_window_opens(
    qtbot: Any, tmp_path: Path, windows: list[Any], dialog_log: Any
) -> None:
    window = teacher_window(qtbot, tmp_path / "teacher", windows)
    path = tmp_path / "dropped.lstm-lesson"
    save(qtbot, window, path, include_model=False)
    window.draw_tab.pad.clear()
    # Qt delivers a real drop to the widget under the cursor through the application's event
    # filters; a test cannot make a spontaneous drop, so it hands the drop to the filter.
    image_drop, image_mime = drop_event(tmp_path / "digit.png")
    assert not window.lessons.eventFilter(window.draw_tab, image_drop)  # the Draw tab's own
    # Onto the Draw tab, which takes dropped images itself: the lesson still wins.
    with qtbot.waitSignal(window.lessons.lesson_opened, timeout=30_000):
        lesson_drop, lesson_mime = drop_event(path)
        assert window.lessons.eventFilter(window.draw_tab, lesson_drop)
    qtbot.waitUntil(lambda: not window.lessons.busy, timeout=10_000)
    assert len(window.draw_tab.pad.drawing().strokes) == 2
    assert dialog_log.errors == []


def test_the_save_dialog_keeps_bold_italic_and_lists_as_the_subset(qtbot: Any) -> None:
    dialog = SaveLessonDialog(None, "LSTM-128")
    qtbot.addWidget(dialog)
    assert dialog.include_model.isEnabled() and "LSTM-128" in dialog.include_model.text()
    dialog.notes.setHtml("<p>plain <b>bold</b> <i>slanted</i></p><ul><li>a point</li></ul>")
    html = dialog.notes_html()
    assert "<b>bold</b>" in html and "<i>slanted</i>" in html and "<li>a point</li>" in html
    assert "style" not in html and "<span" not in html
    no_model = SaveLessonDialog(None, None)
    qtbot.addWidget(no_model)
    assert not no_model.include_model.isEnabled()
    assert no_model.notes_html() == ""


def test_run_app_opens_the_lesson_named_on_the_command_line(
    qapp: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from lstm_gui.gui import app as app_module

    notes = "<p>Opened from the <b>command line</b>.</p>"
    path = write_lesson(tmp_path / "cli.lstm-lesson", Lesson(tab="claims", notes=notes))
    seen: list[tuple[int, str]] = []

    def fake_exec() -> int:
        window = next(w for w in qapp.topLevelWidgets() if type(w).__name__ == "MainWindow")
        with qtbot.waitSignal(window.lessons.lesson_opened, timeout=30_000):
            pass  # the event loop runs here: start-up, then the lesson
        seen.append((window.tabs.currentIndex(), window.lessons.notes_dock.notes_text()))
        qtbot.waitUntil(lambda: not window.lessons.busy, timeout=10_000)
        window.close()
        return 0

    monkeypatch.setattr(qapp, "exec", fake_exec)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    assert app_module.run_app([], lesson=path) == 0
    assert seen == [(2, "Opened from the command line.")]


def test_the_next_start_does_not_show_an_empty_notes_panel(
    qtbot: Any, tmp_path: Path, windows: list[Any]
) -> None:
    first = make_window(qtbot, tmp_path / "app")
    windows.append(first)
    path = write_lesson(tmp_path / "n.lstm-lesson", Lesson(notes="<p>Look at row 14.</p>"))
    open_lesson(qtbot, first, path)
    assert first.lessons.notes_dock.isVisible()
    first.close()  # the layout, dock included, is remembered
    second = make_window(qtbot, tmp_path / "app")
    windows.append(second)
    assert not second.lessons.notes_dock.isVisible()
    assert second.lessons.notes_dock.notes_text() == ""


def test_the_menu_shortcuts_save_and_open_a_lesson(
    qtbot: Any, window: Any, tmp_path: Path, dialog_log: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+Shift+S: the notes dialog, then where; Ctrl+Shift+O: which file; then it opens."""

    def typed_and_saved(dialog: SaveLessonDialog) -> int:
        dialog.notes.setPlainText("Press Start and watch the loss.")
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(SaveLessonDialog, "exec", typed_and_saved)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    dialog_log.save_file = tmp_path / "keys.lstm-lesson"
    with qtbot.waitSignal(window.lessons.lesson_saved, timeout=30_000):
        qtbot.keyClick(window, Qt.Key.Key_S, CTRL_SHIFT)
    qtbot.waitUntil(lambda: not window.lessons.busy, timeout=10_000)
    dialog_log.open_file = dialog_log.save_file
    with qtbot.waitSignal(window.lessons.lesson_opened, timeout=30_000):
        qtbot.keyClick(window, Qt.Key.Key_O, CTRL_SHIFT)
    qtbot.waitUntil(lambda: not window.lessons.busy, timeout=10_000)
    assert window.lessons.notes_dock.notes_text() == "Press Start and watch the loss."
    assert dialog_log.errors == []


def test_a_tab_or_view_lessons_cannot_name_is_saved_as_train_or_no_view(
    qtbot: Any, window: Any
) -> None:
    from PySide6.QtWidgets import QLabel

    from lstm_gui.gui.lessons.lesson_state import collect_lesson

    window.tabs.setCurrentWidget(window.draw_tab)
    window.draw_tab.views.setCurrentIndex(2)
    assert (collect_lesson(window, "").tab, collect_lesson(window, "").view) == (
        "draw",
        "rows-needed",
    )
    extra_view = QLabel("a view added later")
    window.draw_tab.views.addTab(extra_view, "New")
    window.draw_tab.views.setCurrentWidget(extra_view)
    assert (collect_lesson(window, "").tab, collect_lesson(window, "").view) == ("draw", "")
    extra_tab = QLabel("a tab added later")
    window.tabs.addTab(extra_tab, "New")
    window.tabs.setCurrentWidget(extra_tab)
    assert (collect_lesson(window, "").tab, collect_lesson(window, "").view) == ("train", "")


def test_the_sample_lesson_fits_1366_by_768_beside_its_notes(
    qtbot: Any, tmp_path: Path, windows: list[Any], settle: Any
) -> None:
    window = make_window(qtbot, tmp_path / "app")
    windows.append(window)
    window.resize(1366, 768)
    open_lesson(qtbot, window, resource_path("samples/which-rows.lstm-lesson"))
    settle()
    draw = window.draw_tab
    assert window.lessons.notes_dock.isVisible() and window.tabs.currentWidget() is draw
    assert draw.views.currentWidget() is draw.experiments  # the view the lesson names
    scroll = window.centralWidget()
    # Nothing scrolls sideways: the row experiments' cards stand two abreast instead of three.
    assert scroll.horizontalScrollBar().maximum() == 0
    assert draw.experiments.columns() == 2
    window.lessons.notes_dock.close()
    settle()
    assert draw.experiments.columns() == 3  # with the room back, three abreast again
