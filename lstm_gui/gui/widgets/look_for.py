"""What to look for: a small "?" at a view's top-right corner that opens a card of what it shows.

`attach_look_for(view, *keys)` is the one way a view gets its texts (look_for_texts.LOOK_FOR):
the button and its card sit over the view's corner as siblings of the view, not children, so
that exporting the figure (which draws the view and its children) leaves them out. Clicking
the button, or Enter on it, opens the card; clicking again, the card's ×, or Esc closes it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from lstm_gui.gui.widgets.look_for_texts import LOOK_FOR

CONTEXT = "LookFor"
CARD_WIDTH = 380
CORNER_MARGIN = 4
BUTTON_SIZE = 22


def look_for_title(key: str) -> str:
    """A view's short name, translated."""
    return QCoreApplication.translate(CONTEXT, LOOK_FOR[key].title)


def look_for_text(key: str) -> str:
    """A view's what-to-look-for sentences, translated."""
    return QCoreApplication.translate(CONTEXT, LOOK_FOR[key].text)


class LookForCard(QFrame):
    """The opened card: each view part's name in bold, then its sentences; scrolls if long."""

    def __init__(self, keys: Sequence[str], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("lookForCard")
        self.setStyleSheet(
            "#lookForCard { background: #fffdf5; border: 1px solid #d4b45a; border-radius: 4px; }"
            " #lookForCard QLabel, #lookForCard QScrollArea > QWidget > QWidget"
            " { background: #fffdf5; }"
        )
        self.setAutoFillBackground(True)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setText(card_html(keys))
        self.label.setContentsMargins(8, 6, 8, 8)
        scroll = QScrollArea(self)
        scroll.setWidget(self.label)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(scroll)
        self.hide()


def card_html(keys: Sequence[str]) -> str:
    """The card's text: a paragraph per key, its title in bold."""
    paragraphs = [
        f"<p><b>{html.escape(look_for_title(key))}</b>: {html.escape(look_for_text(key))}</p>"
        for key in keys
    ]
    heading = html.escape(QCoreApplication.translate("LookFor", "What to look for"))
    return f"<p style='color:#7a5b00'><b>{heading}</b></p>" + "".join(paragraphs)


class LookForButton(QToolButton):
    """The "?" over `view`'s top-right corner; checked, its card is open below it."""

    def __init__(self, view: QWidget, keys: Sequence[str]) -> None:
        missing = [key for key in keys if key not in LOOK_FOR]
        if missing:
            raise KeyError(f"no what-to-look-for text for {missing}")
        super().__init__(_overlay_parent(view))
        self.view = view
        self.keys = tuple(keys)
        self.setText("?")
        self.setCheckable(True)
        self.setFixedSize(BUTTON_SIZE, BUTTON_SIZE)
        self.setCursor(Qt.CursorShape.WhatsThisCursor)
        titles = ", ".join(look_for_title(key) for key in self.keys)
        name = QCoreApplication.translate("LookFor", "What to look for: {views}")
        self.setAccessibleName(name.format(views=titles))
        self.setToolTip(name.format(views=titles))
        self.setAccessibleDescription(" ".join(look_for_text(key) for key in self.keys))
        self.setStyleSheet(
            "QToolButton { border: 1px solid #b9a060; border-radius: 11px; background: #fff7dc;"
            " color: #7a5b00; font-weight: bold; }"
            " QToolButton:checked { background: #f5d77a; }"
        )
        self.card = LookForCard(self.keys, _overlay_parent(view))
        self.toggled.connect(self._on_toggled)
        view.installEventFilter(self)
        self.card.installEventFilter(self)
        self.setVisible(view.isVisible())
        self._place()

    def card_text(self) -> str:
        """The card's text as plain text."""
        return self.card.label.text()

    def _place(self) -> None:
        """Over the view's top-right corner; the card below the button, inside the parent."""
        parent = self.parentWidget()
        if parent is None:
            return
        corner = self.view.mapTo(parent, QPoint(self.view.width(), 0))
        self.move(corner.x() - BUTTON_SIZE - CORNER_MARGIN, corner.y() + CORNER_MARGIN)
        self.raise_()
        width = min(CARD_WIDTH, max(parent.width() - 2 * CORNER_MARGIN, 120))
        self.card.setFixedWidth(width)
        needed = self.card.label.heightForWidth(width - 20) + 8
        top = self.y() + BUTTON_SIZE + 2
        room = max(parent.height() - top - CORNER_MARGIN, 80)
        self.card.setFixedHeight(min(needed, room))
        left = min(corner.x() - width, parent.width() - width - CORNER_MARGIN)
        self.card.move(max(left, CORNER_MARGIN), top)
        self.card.raise_()

    # ------------------------------------------------------------------ events

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: D102 (Qt override)
        kind = event.type()
        if watched is self.view:
            if kind in (QEvent.Type.Move, QEvent.Type.Resize):
                self._place()
            elif kind == QEvent.Type.Show:
                self.show()
                self._place()
            elif kind == QEvent.Type.Hide:
                self.hide()
                self.setChecked(False)
            elif kind == QEvent.Type.ParentChange:  # laid out into another widget
                self.setParent(_overlay_parent(self.view))
                self.card.setParent(_overlay_parent(self.view))
                self.setVisible(self.view.isVisible())
                self._place()
        elif watched is self.card and kind == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape:
                self.setChecked(False)
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: D102 (Qt override)
        if event.key() == Qt.Key.Key_Escape and self.isChecked():
            self.setChecked(False)
            return
        super().keyPressEvent(event)

    def _on_toggled(self, checked: bool) -> None:
        self._place()
        self.card.setVisible(checked)


def _overlay_parent(view: QWidget) -> QWidget | None:
    """The widget the button and card lie in: the view's parent, past any splitter.

    A splitter makes every child widget one of its panes, so the overlay goes one level up.
    """
    parent = view.parentWidget()
    while isinstance(parent, QSplitter):
        parent = parent.parentWidget()
    return parent


def attach_look_for(view: QWidget, *keys: str) -> LookForButton:
    """Give `view` (which must have a parent) its "?" for the texts of `keys`, in that order."""
    if view.parentWidget() is None:
        raise ValueError("a view needs a parent before it gets a what-to-look-for button")
    return LookForButton(view, keys)


def look_for_buttons(root: QWidget) -> list[LookForButton]:
    """Every what-to-look-for button under `root`."""
    return root.findChildren(LookForButton)
