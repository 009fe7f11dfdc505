"""LessonFiles: Save lesson…, Open lesson…, a lesson file dropped on the window, the notes panel.

Reading and writing run in a BackgroundTask (a bundled model is validated or re-saved there).
A lesson is checked whole before anything in the window changes: a bad file gets one dialog
and the window keeps what it shows. While a run or an experiment is going on, nothing is
applied: the lesson would change the settings under it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from lstm_gui.core.errors import LstmGuiError
from lstm_gui.core.lessons import SUFFIX
from lstm_gui.core.lessons.archive import lesson_models_dir, read_lesson, write_lesson
from lstm_gui.core.lessons.lesson import Lesson
from lstm_gui.gui.lessons.lesson_state import (
    apply_lesson,
    collect_lesson,
    settings_the_form_changes,
)
from lstm_gui.gui.lessons.notes_dock import LessonNotesDock
from lstm_gui.gui.lessons.save_dialog import SaveLessonDialog
from lstm_gui.gui.widgets import dialogs
from lstm_gui.gui.widgets.background_task import TaskSlot

if TYPE_CHECKING:
    from lstm_gui.gui.main_window import MainWindow

_DRAG_EVENTS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)


def dropped_lesson(event: QDropEvent | QDragEnterEvent) -> Path | None:
    """The lesson file a drag carries (one local file named *.lstm-lesson), else None."""
    mime = event.mimeData()
    if mime is None or not mime.hasUrls() or len(mime.urls()) != 1:
        return None
    url = mime.urls()[0]
    if not url.isLocalFile() or not url.toLocalFile().lower().endswith(SUFFIX):
        return None
    return Path(url.toLocalFile())


def _with_suffix(path: Path) -> Path:
    """The path a lesson is written to: the name given the suffix when it lacks it."""
    return path if path.name.lower().endswith(SUFFIX) else path.with_name(path.name + SUFFIX)


def _read_with_model(path: Path, folder: Path) -> tuple[Lesson, Any]:
    """The lesson and, when it bundles a model, that model loaded (a Predictor), else None.

    Loaded here, in the read task: a large model would hold the window still for a second.
    """
    lesson = read_lesson(path, folder)
    if lesson.model_path is None:
        return lesson, None
    from lstm_gui.core.reading.inference import Predictor

    return lesson, Predictor.from_file(lesson.model_path)


class LessonFiles(QObject):
    """The window's lesson actions and notes panel."""

    status_message = Signal(str)
    lesson_opened = Signal(object)  # the Lesson, once shown in the window
    lesson_saved = Signal(object)  # the Path written

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.notes_dock = LessonNotesDock(window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.notes_dock)
        self.notes_dock.hide()
        self._task = TaskSlot(self)
        self._ready = False
        self._pending: Path | None = None  # asked for before PyTorch was loaded
        # The notes the Save dialog starts with: the open lesson's, or those typed last (kept
        # when the file dialog was cancelled or the save failed).
        self._notes = ""
        self._saving = False  # the task running writes a lesson (closing waits for it)
        window.startup_finished.connect(self._on_startup_finished)
        # Any part of the window takes a dropped lesson, even tabs that take other drops (the
        # Draw tab's images): an application-wide filter sees the drop before they do.
        window.setAcceptDrops(True)
        application = QApplication.instance()
        if application is not None:
            application.installEventFilter(self)

    @property
    def _window(self) -> MainWindow:
        return self.parent()  # type: ignore[return-value]

    @property
    def busy(self) -> bool:
        """True while a lesson is being read or written."""
        return self._task.busy

    # ------------------------------------------------------------------ saving

    def ask_save(self) -> None:
        """Ask for notes and whether to bundle the model, then where; then save."""
        window = self._window
        model = window.state.model_name if window.state.model_path is not None else None
        dialog = SaveLessonDialog(window, model, self._notes)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self._notes = dialog.notes_html()
            target = dialogs.choose_save_file(
                window,
                self.tr("Save the lesson"),
                self.tr("lstm-gui lessons (*.lstm-lesson)"),
                Path.home() / f"lesson{SUFFIX}",
            )
            if target is not None and self._may_write(target):
                self.save(target, self._notes, dialog.include_model.isChecked())
        except LstmGuiError as exc:
            dialogs.show_error(window, str(exc), self.tr("Lesson"))

    def _may_write(self, chosen: Path) -> bool:
        """False when the name, once given the suffix, is a file the user will not replace.

        The file dialog asked about the name typed ("week3"), not the one written.
        """
        target = _with_suffix(chosen)
        if target == chosen or not target.exists():
            return True
        question = self.tr("{0} already exists. Do you want to replace it?")
        return dialogs.ask_yes_no(
            self._window, self.tr("Save the lesson"), question.format(target.name)
        )

    def save(self, path: Path, notes: str, include_model: bool) -> bool:
        """Write the window's lesson to `path` (in the background); False if it cannot start."""
        if self._refuse_while_busy():
            return False
        path = _with_suffix(path)
        state = self._window.state
        lesson = collect_lesson(self._window, notes)
        model = state.model_path if include_model else None
        if model is not None:
            lesson = replace(lesson, model_name=state.model_name or model.stem)
        self._start(lambda: write_lesson(path, lesson, model), "LessonSaveThread", self._on_saved)
        self._saving = True
        return True

    @Slot(object)
    def _on_saved(self, path: Path) -> None:
        self.status_message.emit(self.tr("Saved the lesson as {0}.").format(path))
        self.lesson_saved.emit(path)

    # ------------------------------------------------------------------ opening

    def ask_open(self) -> None:
        """Ask for a lesson file, then open it."""
        path = dialogs.choose_open_file(
            self._window, self.tr("Open a lesson"), self.tr("lstm-gui lessons (*.lstm-lesson)")
        )
        if path is not None:
            self.open(path)

    def open(self, path: Path) -> bool:
        """Read and check the lesson in the background, then show it; False if it cannot start.

        Asked before the window is ready (a lesson named on the command line), it waits.
        """
        if not self._ready:
            self._pending = Path(path)
            return True
        if self._refuse_while_busy():
            return False
        folder = lesson_models_dir(self._window.state.runs_dir)
        self._start(lambda: _read_with_model(path, folder), "LessonOpenThread", self._on_read)
        self._saving = False
        return True

    @Slot(object)
    def _on_read(self, read: tuple[Lesson, Any]) -> None:
        lesson, loaded = read
        if self._refuse_while_busy(reading=False):  # a run may have started meanwhile
            return
        changed = settings_the_form_changes(lesson)
        if changed:
            message = self.tr(
                "This lesson's Train settings are outside what the Train form offers ({0}); "
                "nothing was changed."
            )
            dialogs.show_error(self._window, message.format(", ".join(changed)), self.tr("Lesson"))
            return
        apply_lesson(self._window, lesson, loaded)
        self._notes = lesson.notes
        if lesson.notes:
            self.notes_dock.show_notes(lesson.notes)
        else:
            self.notes_dock.hide()
        self.status_message.emit(self.tr("Opened the lesson."))
        self.lesson_opened.emit(lesson)

    @Slot()
    def _on_startup_finished(self) -> None:
        self._ready = True
        pending, self._pending = self._pending, None
        if pending is not None:
            self.open(pending)

    # ------------------------------------------------------------------ shared

    def _refuse_while_busy(self, reading: bool = True) -> bool:
        """Say why nothing happens while a run, an experiment or another lesson is busy."""
        if self._window.state.busy:
            message = self.tr(
                "A run or an experiment is going on; stop it or let it finish, then try again."
            )
        elif reading and self._task.busy:
            message = self.tr("A lesson is being read or saved; try again in a moment.")
        else:
            return False
        dialogs.show_info(self._window, message)
        return True

    def _start(self, work: Any, name: str, on_value: Any) -> None:
        self._task.start(
            work,
            name,
            failure=self.tr("The lesson could not be read or saved"),
            on_value=on_value,
            on_failed=self._on_failed,
        )

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        dialogs.show_error(self._window, message, self.tr("Lesson"))

    def wait(self, timeout_ms: int = 5000) -> bool:
        """Block until a lesson being read or written is done (closing the window).

        A lesson being written is waited for however long it takes: cut off, the file the
        teacher chose would never be written.
        """
        if self._saving:
            while not self._task.wait(1000):
                pass
            return True
        return self._task.wait(timeout_ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: D102 (Qt override)
        if event.type() == QEvent.Type.Show and watched is self._window:
            # The window's remembered layout may show the panel; its notes are not remembered.
            if not self.notes_dock.notes_text():
                self.notes_dock.hide()
            return False
        if event.type() not in _DRAG_EVENTS or not isinstance(watched, QWidget):
            return False
        if watched.window() is not self._window:
            return False
        path = dropped_lesson(event)  # type: ignore[arg-type]
        if path is None:
            return False
        event.acceptProposedAction()  # type: ignore[attr-defined]
        if event.type() == QEvent.Type.Drop:
            self.open(path)
        return True
