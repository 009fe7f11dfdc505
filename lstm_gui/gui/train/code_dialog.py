"""Show the code: the PyTorch script of the Train form's settings, to read, copy or save."""

from __future__ import annotations

import keyword
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.errors import LstmGuiError
from lstm_gui.core.export.training_script import save_training_script, training_script
from lstm_gui.gui.widgets import dialogs
from lstm_gui.gui.widgets.labels import wrapped_label

# Colours by role for a light and a dark window (text on a dark background needs lighter ones).
_COLOURS = {
    False: {"keyword": "#0033b3", "string": "#067d17", "comment": "#8c8c8c", "number": "#1750eb"},
    True: {"keyword": "#cc7832", "string": "#6a8759", "comment": "#9a9a9a", "number": "#6897bb"},
}
_INSIDE_DOCSTRING = 1  # block state: the line ends inside a triple-quoted string


def _format(colour: str, *, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    text_format = QTextCharFormat()
    text_format.setForeground(QColor(colour))
    if bold:
        text_format.setFontWeight(QFont.Weight.Bold)
    text_format.setFontItalic(italic)
    return text_format


class PythonHighlighter(QSyntaxHighlighter):
    """Colours Python: keywords, numbers, names being defined, strings, docstrings, comments.

    Words are matched by patterns; strings and comments by a scan of each line, so that a `#`
    inside a string stays a string and a docstring may run over several lines.
    """

    def __init__(self, document: QTextDocument, dark: bool) -> None:
        super().__init__(document)
        colours = _COLOURS[dark]
        words = "|".join(keyword.kwlist)
        self._word_rules = [
            (QRegularExpression(rf"\b(?:{words})\b"), _format(colours["keyword"], bold=True)),
            (QRegularExpression(r"\b\d[\d_]*(?:\.\d+)?(?:e-?\d+)?\b"), _format(colours["number"])),
            (QRegularExpression(r"^\s*@[\w.]+"), _format(colours["keyword"])),
            (
                QRegularExpression(r"\b(?:def|class)\s+\K\w+"),
                _format(colours["number"], bold=True),
            ),
        ]
        self._string = _format(colours["string"])
        self._comment = _format(colours["comment"], italic=True)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - the name Qt calls
        """Colour one line of the script."""
        for pattern, text_format in self._word_rules:
            matches = pattern.globalMatch(text)
            while matches.hasNext():
                match = matches.next()
                self.setFormat(match.capturedStart(), match.capturedLength(), text_format)
        self._strings_and_comments(text)

    def _strings_and_comments(self, text: str) -> None:
        self.setCurrentBlockState(0)
        position = 0
        if self.previousBlockState() == _INSIDE_DOCSTRING:
            position = self._string_from(text, 0, '"""', 0)
        while 0 <= position < len(text):
            char = text[position]
            if char == "#":
                self.setFormat(position, len(text) - position, self._comment)
                return
            if char in "\"'":
                quote = text[position : position + 3]
                if quote not in ('"""', "'''"):
                    quote = char
                position = self._string_from(text, position, quote, len(quote))
            else:
                position += 1

    def _string_from(self, text: str, start: int, quote: str, skip: int) -> int:
        """Colour a string opened at `start`; returns where scanning goes on (-1: line ends)."""
        end = start + skip
        while end < len(text) and not text.startswith(quote, end):
            end += 2 if text[end] == "\\" else 1
        if end >= len(text):
            self.setFormat(start, len(text) - start, self._string)
            if len(quote) == 3:
                self.setCurrentBlockState(_INSIDE_DOCSTRING)
            return -1
        self.setFormat(start, end + len(quote) - start, self._string)
        return end + len(quote)


class CodeDialog(QDialog):
    """The training script, read-only in a monospace font, with Copy and Save as… buttons."""

    def __init__(self, script: str, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._script = script
        self._file_name = file_name
        self.setWindowTitle(self.tr("Show the code"))
        intro = wrapped_label(
            self.tr(
                "A stand-alone PyTorch script that trains the settings now in the Train form, "
                "as lstm-gui trains them, and prints the loss and accuracy of every epoch. It "
                "needs only PyTorch (and torchvision, to download a missing dataset): save it "
                "and run it with python."
            )
        )
        self.editor = QPlainTextEdit(script)
        self.editor.setReadOnly(True)
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.setAccessibleName(self.tr("Training script"))
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(self.font().pointSizeF())  # follows the app's zoom
        self.editor.setFont(font)
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        self.highlighter = PythonHighlighter(self.editor.document(), dark)
        self.status = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("&Copy"))
        self.save_button = QPushButton(self.tr("&Save as…"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        # Room for the script's 88 columns and about 40 lines.
        metrics = self.editor.fontMetrics()
        self.resize(metrics.horizontalAdvance("x" * 96) + 60, metrics.lineSpacing() * 40 + 120)

    @property
    def script(self) -> str:
        """The script shown."""
        return self._script

    def _on_copy_clicked(self) -> None:
        QApplication.clipboard().setText(self._script)
        self.status.setText(self.tr("Copied to the clipboard."))

    def _on_save_clicked(self) -> None:
        path = dialogs.choose_save_file(
            self,
            self.tr("Save the training script as"),
            self.tr("Python scripts (*.py)"),
            Path.home() / self._file_name,
        )
        if path is None:
            return
        try:
            save_training_script(path, self._script)
        except LstmGuiError as exc:
            dialogs.show_error(self, str(exc))
            return
        self.status.setText(self.tr("Saved {0}; run it with: python {0}").format(path))


def show_code(
    parent: QWidget | None,
    settings: Callable[[], tuple[ModelConfig, TrainConfig]],
    data_folder: Path | None,
) -> CodeDialog | None:
    """Open the script of the form's `settings` beside the window.

    Returns None, having said why in a dialog, when the settings are not valid.
    """
    try:
        model, train = settings()
        script = training_script(model, train, data_dir=data_folder)
    except LstmGuiError as exc:
        dialogs.show_error(parent, str(exc))
        return None
    dialog = CodeDialog(script, f"train_{model.cell}.py", parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
