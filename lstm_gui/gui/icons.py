"""The app icon: resources/icons/lstm-gui.svg when present, else one drawn in code."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap

from lstm_gui.resources import resource_path

ICON_FILE = "icons/lstm-gui.svg"


def app_icon() -> QIcon:
    """The window and task-bar icon."""
    path = resource_path(ICON_FILE)
    if path.is_file():
        icon = QIcon(str(path))
        if not icon.isNull():
            return icon
    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256):
        icon.addPixmap(_drawn_icon(size))
    return icon


def _drawn_icon(size: int) -> QPixmap:
    """A placeholder: a digit on a dark tile, crossed by the rows the LSTM reads."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#1f3a5f"))
    margin = size * 0.04
    painter.drawRoundedRect(
        QRectF(margin, margin, size - 2 * margin, size - 2 * margin), size * 0.18, size * 0.18
    )
    painter.setPen(QPen(QColor(255, 255, 255, 60), max(1.0, size / 64)))
    for row in range(1, 7):
        y = size * row / 7
        painter.drawLine(int(size * 0.12), int(y), int(size * 0.88), int(y))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size * 0.72))
    painter.setFont(font)
    painter.setPen(QColor("#f5b041"))
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, "7")
    painter.end()
    return pixmap
