"""The Claims tab's labels: text that wraps to the narrow column, and its grey notes."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

NOTE_STYLE = "color: #5d6675;"  # a note beside the main text: grey


def wrapped_label(text: str = "", style: str = "") -> QLabel:
    """A label whose text wraps, styled by `style` (a style sheet, e.g. NOTE_STYLE)."""
    label = QLabel(text)
    label.setWordWrap(True)
    if style:
        label.setStyleSheet(style)
    return label
