"""The line over a view that reads the test set: what it is doing, and a way to missing data."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

from lstm_gui.gui.widgets.labels import wrapped_label


class StatusLine(QWidget):
    """A sentence, a progress bar (hidden until shown), and a Choose-folder button.

    The button shows only while the data is missing (`show_missing`); `show_working` hides it
    again once the view reads anew.
    """

    choose_folder_clicked = Signal()

    def __init__(self, choose_folder_text: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.label = wrapped_label(parent=self)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.choose_folder = QPushButton(choose_folder_text, self)
        self.choose_folder.clicked.connect(self.choose_folder_clicked)
        self.choose_folder.hide()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.progress)
        row.addWidget(self.choose_folder)

    def text(self) -> str:
        """The sentence shown."""
        return self.label.text()

    def set_text(self, text: str) -> None:
        """Say something else (the Choose-folder button stays as it is)."""
        self.label.setText(text)

    def show_missing(self, text: str) -> None:
        """Say what is missing and offer to choose the folder that holds it."""
        self.label.setText(text)
        self.choose_folder.show()

    def show_working(self, text: str) -> None:
        """Say what is being read; the data is looked for again, so the button goes."""
        self.choose_folder.hide()
        self.label.setText(text)
