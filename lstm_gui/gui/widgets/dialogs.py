"""Small modal dialogs in one place, so that tests can replace them and nothing blocks.

Call them as `dialogs.show_error(...)` (through the module), never import the functions
directly: tests monkeypatch these names.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("dialogs", text)


def show_error(parent: QWidget | None, message: str, title: str | None = None) -> None:
    """Tell the person what went wrong and what to do, in one sentence; the app goes on."""
    QMessageBox.warning(parent, title or _tr("lstm-gui"), message)


def show_info(parent: QWidget | None, message: str, title: str | None = None) -> None:
    """An informative message with an OK button."""
    QMessageBox.information(parent, title or _tr("lstm-gui"), message)


def ask_yes_no(parent: QWidget | None, title: str, question: str) -> bool:
    """A yes/no question; True for yes. No is the default button."""
    answer = QMessageBox.question(
        parent,
        title,
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def choose_folder(parent: QWidget | None, title: str, start: Path | None = None) -> Path | None:
    """A folder picked by the person, or None when cancelled."""
    chosen = QFileDialog.getExistingDirectory(parent, title, str(start or Path.home()))
    return Path(chosen) if chosen else None


def choose_open_file(
    parent: QWidget | None, title: str, file_filter: str, start: Path | None = None
) -> Path | None:
    """An existing file picked by the person, or None when cancelled."""
    chosen, _ = QFileDialog.getOpenFileName(parent, title, str(start or Path.home()), file_filter)
    return Path(chosen) if chosen else None


def choose_save_file(
    parent: QWidget | None, title: str, file_filter: str, start: Path | None = None
) -> Path | None:
    """A file name to write to, or None when cancelled (the dialog asks before overwriting)."""
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(start or Path.home()), file_filter)
    return Path(chosen) if chosen else None


def show_about(parent: QWidget | None, title: str, html: str) -> None:
    """The About box (rich text, the window icon)."""
    QMessageBox.about(parent, title, html)
