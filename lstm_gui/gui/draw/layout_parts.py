"""Small layout pieces the Draw tab's panels share: a top-aligned column and a bold label."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QLayout, QVBoxLayout, QWidget


def column(*items: QWidget | QLayout) -> QVBoxLayout:
    """The widgets and layouts one under another from the top; the height left over stays below."""
    layout = QVBoxLayout()
    for item in items:
        if isinstance(item, QLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item)
    layout.addStretch(1)
    return layout


def make_bold(label: QLabel, scale: float = 1.0) -> None:
    """Set `label` in bold, its font `scale` times as large."""
    font = QFont(label.font())
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
