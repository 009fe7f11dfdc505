"""Save lesson…: the teacher types notes (bold, italic, lists) and chooses to bundle the model."""

from __future__ import annotations

from PySide6.QtGui import QFont, QKeySequence, QTextCharFormat, QTextListFormat
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from lstm_gui.core.errors import LstmGuiError
from lstm_gui.core.lessons.notes import sanitise_notes
from lstm_gui.gui.widgets import dialogs
from lstm_gui.gui.widgets.labels import wrapped_label

# Notes are a few paragraphs; Qt's HTML for them is about ten times the text.
MAX_NOTES_TEXT = 10_000


class SaveLessonDialog(QDialog):
    """Notes for the learner, and whether the trained model goes into the file."""

    def __init__(self, parent: QWidget | None, model_name: str | None, notes: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Save lesson"))
        intro = wrapped_label(
            self.tr(
                "The lesson keeps the Train settings, the tab and view shown, the drawing on the "
                "pad and the Claims experiment shown. Notes for your learners:"
            )
        )
        self.notes = QTextEdit(self)
        self.notes.setAcceptRichText(True)
        self.notes.setPlaceholderText(self.tr("What to try, what to look for…"))
        if notes:  # the open lesson's, or those typed before: saving again loses none
            self.notes.setHtml(notes)
        tools = QHBoxLayout()
        for text, tip, keys, slot, bold, italic in (
            (self.tr("B"), self.tr("Bold"), "Ctrl+B", self._on_bold, True, False),
            (self.tr("I"), self.tr("Italic"), "Ctrl+I", self._on_italic, False, True),
            (
                self.tr("• List"),
                self.tr("Bulleted list"),
                "Ctrl+Shift+L",
                self._on_list,
                False,
                False,
            ),
        ):
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(f"{tip} ({keys})")
            button.setShortcut(QKeySequence(keys))
            button.clicked.connect(slot)
            font = QFont(button.font())
            font.setBold(bold)
            font.setItalic(italic)
            button.setFont(font)  # the button shows what it does
            tools.addWidget(button)
        tools.addStretch(1)
        self.include_model = QCheckBox(self)
        if model_name:
            self.include_model.setText(
                self.tr("Include the trained model ({0})").format(model_name)
            )
        else:
            self.include_model.setText(self.tr("Include the trained model (none is in use)"))
            self.include_model.setEnabled(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for part in (intro, tools, self.notes, self.include_model, buttons):
            layout.addLayout(part) if isinstance(part, QHBoxLayout) else layout.addWidget(part)
        self.resize(520, 420)

    def notes_html(self) -> str:
        """The notes as the lesson keeps them: the sanitised HTML subset ("" when empty)."""
        if not self.notes.toPlainText().strip():
            return ""
        return sanitise_notes(self.notes.toHtml())

    def accept(self) -> None:  # noqa: D102 (Qt override)
        if len(self.notes.toPlainText()) > MAX_NOTES_TEXT:
            message = self.tr("The notes are too long: at most {0} characters.")
            dialogs.show_error(self, message.format(MAX_NOTES_TEXT))
            return
        try:  # the formatting can make short notes long (Qt writes a paragraph per line)
            self.notes_html()
        except LstmGuiError:
            message = self.tr(
                "The notes are too long with their formatting; shorten them or use fewer lines."
            )
            dialogs.show_error(self, message)
            return
        super().accept()

    def _merge(self, char_format: QTextCharFormat) -> None:
        self.notes.mergeCurrentCharFormat(char_format)
        self.notes.setFocus()

    def _on_bold(self) -> None:
        char_format = QTextCharFormat()
        bold = self.notes.fontWeight() < QFont.Weight.Bold
        char_format.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        self._merge(char_format)

    def _on_italic(self) -> None:
        char_format = QTextCharFormat()
        char_format.setFontItalic(not self.notes.fontItalic())
        self._merge(char_format)

    def _on_list(self) -> None:
        self.notes.textCursor().createList(QTextListFormat.Style.ListDisc)
        self.notes.setFocus()
