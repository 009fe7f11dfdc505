"""The desktop app: QApplication set-up, translations, error dialogs and the main window."""

from __future__ import annotations

import logging
import sys
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

# PySide6 before pyqtgraph: pyqtgraph picks the Qt binding that is already imported.
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from lstm_gui import __version__
from lstm_gui.gui.startup_probe import install_startup_probe_if_asked
from lstm_gui.resources import APP_ID

if TYPE_CHECKING:
    from lstm_gui.gui.main_window import MainWindow

ORGANIZATION = "lstm-gui"
APPLICATION = "lstm-gui"


def configure_application(app: QCoreApplication) -> None:
    """Names that QSettings, QStandardPaths and the desktop (Wayland) use."""
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName(APP_ID)


def create_main_window(
    settings: QSettings | None = None, runs_root: Path | None = None
) -> MainWindow:
    """The main window (not shown); a QApplication must exist. For run_app, tests, --self-test.

    `runs_root` replaces the user's runs folder (tests, self-tests); settings default to the
    app's QSettings. The window module is imported here, not at the top, to start fast.
    """
    import_pyqtgraph_without_cuda()
    from lstm_gui.gui.main_window import MainWindow

    return MainWindow(settings if settings is not None else QSettings(), runs_root)


def import_pyqtgraph_without_cuda() -> None:
    """Import pyqtgraph without its try at NVIDIA's cuda-python, which PyTorch installs.

    pyqtgraph imports `cuda.bindings` for a video widget's GPU path that this app never uses;
    that import alone took 65-85 ms of a 1.3-1.7 s start here (`python -X importtime`).
    Only pyqtgraph's import is spared it: the package stays importable for everyone else.
    """
    if "pyqtgraph" in sys.modules or "cuda.bindings" in sys.modules:
        return
    sys.modules["cuda.bindings"] = None  # type: ignore[assignment]  # "not installed"
    try:
        import pyqtgraph  # noqa: F401 (imported for its side effect: it is loaded)
    finally:
        del sys.modules["cuda.bindings"]


def crash_log_path() -> Path:
    """Where unexpected errors are written (the dialog names it)."""
    from lstm_gui.core.run.data import user_data_dir

    return user_data_dir() / "errors.log"


def _report_unexpected_error(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """sys.excepthook: a dialog instead of a dead app; the details go to a log file."""
    if issubclass(kind, KeyboardInterrupt):
        QCoreApplication.quit()
        return
    details = "".join(traceback.format_exception(kind, error, trace))
    where = ""
    try:
        path = crash_log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(
                f"--- {datetime.now().isoformat(timespec='seconds')} lstm-gui {__version__}\n"
            )
            log.write(details)
        where = QCoreApplication.translate("app", " Details were written to {0}.").format(path)
    except OSError:
        logging.getLogger(__name__).error(details)
    message = QCoreApplication.translate(
        "app", "Something went wrong: {0}. lstm-gui keeps running; what was trained is saved."
    ).format(error or kind.__name__)
    QMessageBox.warning(QApplication.activeWindow(), "lstm-gui", message + where)


def run_app(argv: list[str] | None = None, lesson: Path | None = None) -> int:
    """Start the desktop app (with `lesson` open, when given) and return its exit status."""
    from lstm_gui.gui.translations import chosen_language, install_translators

    app = QApplication.instance() or QApplication(sys.argv if argv is None else argv)
    assert isinstance(app, QApplication)
    configure_application(app)
    install_startup_probe_if_asked(app)
    settings = QSettings()
    translators = install_translators(app, chosen_language(settings))
    sys.excepthook = _report_unexpected_error
    window = create_main_window(settings)
    app.aboutToQuit.connect(window.shutdown)
    if lesson is not None:
        window.lessons.open(lesson)  # once the window is ready
    window.show()
    status = app.exec()
    del translators
    return status
