"""GUI test fixtures: offscreen Qt, private folders, drawn digits as MNIST, no stray threads."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

# Before any QApplication exists: no display needed, and no real user folders touched.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication

from lstm_gui.gui.widgets import dialogs
from lstm_gui.gui.widgets.threads import describe_threads, running_qthreads


@pytest.fixture(autouse=True)
def unzoomed_application_font() -> Iterator[None]:
    """Other tests in this process see the application font as it was.

    A zoomed window (View → Zoom, or a zoom remembered in the settings) enlarges it for the
    whole application.
    """
    if QApplication.instance() is None:
        # No application yet (a test without qapp): a font read or set now is made without
        # Qt's font database and later crashed the painting of the first window (SIGSEGV).
        yield
        return
    font = QApplication.font()
    yield
    # The test's windows were closed and deleted later: delete them now, before a zoomed one's
    # timer (Presentation re-applies its zoom every second) sets its font again.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.setFont(font)


@pytest.fixture(autouse=True)
def private_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, digits_dir: Path) -> None:
    """Runs, settings and downloads go to tmp_path; "MNIST" is the session's drawn digits."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    monkeypatch.setenv("LSTM_GUI_DATA", str(digits_dir))
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))


@pytest.fixture(autouse=True)
def no_qthread_left_running() -> Iterator[None]:
    """Fail a test that leaves a QThread running (it would abort pytest at exit)."""
    yield
    running = running_qthreads()
    for thread in running:
        thread.quit()
        thread.wait(10_000)
    if running:
        pytest.fail(f"the test left {len(running)} QThread(s) running: {describe_threads(running)}")


@dataclass
class DialogRecorder:
    """What the app would have shown; answers given to its questions."""

    errors: list[str] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    abouts: list[str] = field(default_factory=list)
    answer_yes: bool = True
    folder: Path | None = None
    open_file: Path | None = None
    save_file: Path | None = None


@pytest.fixture(autouse=True)
def dialog_log(monkeypatch: pytest.MonkeyPatch) -> DialogRecorder:
    """Replace every modal dialog, so that no test blocks; tests read what was shown."""
    log = DialogRecorder()

    def show_error(parent: Any, message: str, title: str | None = None) -> None:
        log.errors.append(message)

    def show_info(parent: Any, message: str, title: str | None = None) -> None:
        log.infos.append(message)

    def ask_yes_no(parent: Any, title: str, question: str) -> bool:
        log.questions.append(question)
        return log.answer_yes

    monkeypatch.setattr(dialogs, "show_error", show_error)
    monkeypatch.setattr(dialogs, "show_info", show_info)
    monkeypatch.setattr(dialogs, "ask_yes_no", ask_yes_no)
    monkeypatch.setattr(dialogs, "choose_folder", lambda *args: log.folder)
    monkeypatch.setattr(dialogs, "choose_open_file", lambda *args: log.open_file)
    monkeypatch.setattr(dialogs, "choose_save_file", lambda *args: log.save_file)
    monkeypatch.setattr(dialogs, "show_about", lambda parent, title, html: log.abouts.append(html))
    return log


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """A settings file of the test's own."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def mnist_available(mnist_dir: Path) -> Path:
    """The real MNIST folder (tests using it are slow); skips when it is absent."""
    return mnist_dir


@pytest.fixture
def window(qtbot: Any, settings: QSettings, tmp_path: Path) -> Iterator[Any]:
    """The real main window, shown offscreen, started up, with runs in tmp_path/runs.

    It trains on the drawn digits (LSTM_GUI_DATA, set by `private_user_folders`).
    """
    from lstm_gui.gui.app import create_main_window

    main_window = create_main_window(settings, runs_root=tmp_path / "runs")
    qtbot.addWidget(main_window)
    with qtbot.waitSignal(main_window.startup_finished, timeout=30_000):
        main_window.show()
    yield main_window
    left_running = main_window.is_training
    main_window.shutdown(10_000)
    qtbot.waitUntil(lambda: not main_window.is_training, timeout=10_000)
    assert not left_running, "the test left a training run going"


# What the event loop still has to do after a resize, a zoom or a redraw: lay out, resize,
# move and paint (polish and show come first when a widget appears).
SETTLING_EVENTS = frozenset(
    {
        QEvent.Type.LayoutRequest,
        QEvent.Type.Resize,
        QEvent.Type.Move,
        QEvent.Type.GraphicsSceneResize,
        QEvent.Type.Polish,
        QEvent.Type.PolishRequest,
        QEvent.Type.Show,
        QEvent.Type.UpdateRequest,
        QEvent.Type.UpdateLater,
        QEvent.Type.Paint,
        QEvent.Type.Expose,
    }
)


# How many turns of the event loop in a row must deliver none of them.
QUIET_POLLS = 3


class _SettlingEvents(QObject):
    """Counts the layout and paint events the application delivers, to any object."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in SETTLING_EVENTS:
            self.count += 1
        return False


@pytest.fixture
def settle(qtbot: Any) -> Callable[[], None]:
    """A call that returns once Qt has laid out and painted everything it was asked to.

    It waits on a condition, not for a time: `QUIET_POLLS` turns of the event loop in a row
    that deliver no layout, resize or paint event. A loaded machine only takes longer; a
    layout that never settles fails after a generous 30 s.
    """

    def wait_until_settled() -> None:
        app = QApplication.instance()
        assert app is not None
        events = _SettlingEvents()
        last = -1
        quiet = 0

        def settled() -> bool:
            nonlocal last, quiet
            quiet = quiet + 1 if events.count == last else 0
            last = events.count
            return quiet >= QUIET_POLLS

        app.installEventFilter(events)
        try:
            qtbot.waitUntil(settled, timeout=30_000)
        finally:
            app.removeEventFilter(events)

    return wait_until_settled


@pytest.fixture
def draw_tab(qtbot: Any) -> Iterator[Any]:
    """A Draw tab shown at a laptop's size with the bundled model ready; shut down after."""
    from lstm_gui.gui.draw.draw_tab import DrawTab

    widget = DrawTab()
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    qtbot.waitExposed(widget)
    assert widget.predictor() is not None
    yield widget
    widget.shutdown()
