"""One way to make a label whose text wraps, with the options the tabs ask of it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

NOTE_STYLE = "color: #5d6675;"  # a note beside the main text: grey


def wrapped_label(
    text: str = "",
    *,
    parent: QWidget | None = None,
    rich: bool | None = None,
    selectable: bool = False,
    links: bool = False,
    style: str = "",
    align_top: bool = False,
) -> QLabel:
    """A QLabel whose text wraps; each option left at its default leaves Qt's default.

    rich: True rich text, False plain text, None Qt's guess from the text (QLabel's default).
    selectable: the mouse selects the text. links: mouse and keyboard follow links (with
    `selectable` too: a text browser's interaction). style: a style sheet, e.g. NOTE_STYLE.
    align_top: text at the top left, where a tall label would centre it vertically.
    """
    label = QLabel(text, parent)
    label.setWordWrap(True)
    if rich is not None:
        label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    interaction = Qt.TextInteractionFlag.NoTextInteraction
    if selectable:
        interaction |= Qt.TextInteractionFlag.TextSelectableByMouse
    if links:
        interaction |= (
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
    if selectable or links:  # otherwise Qt's default, links by mouse, stays
        label.setTextInteractionFlags(interaction)
    if style:
        label.setStyleSheet(style)
    if align_top:
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return label
