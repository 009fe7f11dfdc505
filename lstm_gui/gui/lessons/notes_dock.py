"""The lesson's notes beside the tabs: rich text the learner reads (not edits), closable."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTextBrowser, QWidget

# Narrow enough that the tabs keep most of a 1366-pixel-wide screen: the Train and Claims tabs
# fit beside it; the Draw tab (about 1200 pixels at least) scrolls a little, or the learner
# closes the panel (View → Lesson notes brings it back).
NOTES_WIDTH = 240


class LessonNotesDock(QDockWidget):
    """A side panel with the teacher's notes; View → Lesson notes brings it back when closed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Lesson notes"), parent)
        self.setObjectName("LessonNotesDock")  # saveState() names docks by this
        self.setAllowedAreas(
            Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.browser = QTextBrowser(self)
        self.browser.setReadOnly(True)
        self.browser.setOpenExternalLinks(True)
        # Headings a step smaller than Qt's: a panel this narrow fits a few words a line.
        self.browser.document().setDefaultStyleSheet(
            "h1 { font-size: x-large; } h2 { font-size: large; } h3 { font-size: medium; }"
        )
        self.browser.setPlaceholderText(
            self.tr("Open a lesson (File → Open lesson…) to see its notes here.")
        )
        self.browser.setMinimumWidth(NOTES_WIDTH // 2)
        self.setWidget(self.browser)
        self.toggleViewAction().setText(self.tr("Lesson &notes"))

    def sizeHint(self) -> QSize:  # noqa: D102 (Qt override)
        hint = super().sizeHint()
        hint.setWidth(NOTES_WIDTH)
        return hint

    def show_notes(self, html: str) -> None:
        """Show these notes (already the sanitised subset) and bring the panel into view."""
        self.browser.setHtml(html)
        self.show()
        self.raise_()
        window = self.parentWidget()
        if isinstance(window, QMainWindow):
            window.resizeDocks([self], [NOTES_WIDTH], Qt.Orientation.Horizontal)

    def notes_text(self) -> str:
        """The notes as the learner reads them, without formatting."""
        return self.browser.toPlainText()
