"""What the network sees: the 28x28 image it reads, enlarged, with its centre of mass."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QLabel, QWidget

from lstm_gui.core.config import IMAGE_SIDE
from lstm_gui.core.reading.preprocess import MNIST_CENTRE, center_of_mass
from lstm_gui.gui.draw.draw_style import TEXT_MUTED
from lstm_gui.gui.draw.layout_parts import column, make_bold

PREVIEW_SCALE = 4


class ModelInputPanel(QWidget):
    """A title, the `preview` it is given, and a note on how the image was made."""

    def __init__(self, preview: ModelInputPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("What the network sees"), self)
        make_bold(title)
        note = QLabel(self.tr("28×28 pixels, centred\nlike MNIST (red +)"), self)
        note.setStyleSheet(f"color: {TEXT_MUTED};")
        preview.setFixedSize(IMAGE_SIDE * PREVIEW_SCALE, IMAGE_SIDE * PREVIEW_SCALE)
        layout = column(title, preview, note)
        layout.setContentsMargins(0, 0, 0, 0)
        self.setLayout(layout)


class ModelInputPreview(QWidget):
    """The 28x28 image the network reads, enlarged pixel for pixel, with its centre of mass."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: np.ndarray | None = None
        self._picture: QImage | None = None
        self.setMinimumSize(IMAGE_SIDE * 3, IMAGE_SIDE * 3)
        self.setToolTip(
            self.tr(
                "What the network reads: your drawing cropped, scaled to 20x20 pixels and "
                "placed with its centre of mass (red cross) in the middle of 28x28, as in MNIST."
            )
        )

    def image(self) -> np.ndarray | None:
        """The image shown, or None."""
        return self._image

    def set_image(self, image: np.ndarray | None) -> None:
        """Show a 28x28 ink-high image (None: empty)."""
        self._image = None if image is None else np.asarray(image, dtype=np.float32)
        if self._image is None:
            self._picture = None
        else:
            grey = np.ascontiguousarray((np.clip(self._image, 0, 1) * 255).astype(np.uint8))
            self._picture = QImage(
                grey.data, IMAGE_SIDE, IMAGE_SIDE, IMAGE_SIDE, QImage.Format.Format_Grayscale8
            ).copy()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: D102 (Qt override)
        return QSize(IMAGE_SIDE * 5, IMAGE_SIDE * 5)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: D102 (Qt override)
        painter = QPainter(self)
        side = min(self.width(), self.height())
        square = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        painter.fillRect(square, Qt.GlobalColor.black)
        if self._picture is not None and self._image is not None:
            painter.drawImage(square, self._picture)  # no smoothing: pixels stay pixels
            cell = side / IMAGE_SIDE
            # Faint pixel grid so that a learner sees the 28x28 resolution.
            painter.setPen(QPen(QColor(255, 255, 255, 28), 1.0))
            for index in range(1, IMAGE_SIDE):
                offset = index * cell
                painter.drawLine(
                    QPointF(square.left() + offset, square.top()),
                    QPointF(square.left() + offset, square.bottom()),
                )
                painter.drawLine(
                    QPointF(square.left(), square.top() + offset),
                    QPointF(square.right(), square.top() + offset),
                )
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            if self._image.sum() > 0:
                row, col = center_of_mass(self._image)
                self._draw_cross(painter, square, cell, row, col, QColor("#ff4d4d"))
            self._draw_cross(
                painter, square, cell, MNIST_CENTRE, MNIST_CENTRE, QColor(120, 200, 255, 140)
            )
        painter.end()

    @staticmethod
    def _draw_cross(
        painter: QPainter, square: QRectF, cell: float, row: float, col: float, colour: QColor
    ) -> None:
        # Pixel centres are at index + 0.5 cells from the edge.
        x = square.left() + (col + 0.5) * cell
        y = square.top() + (row + 0.5) * cell
        arm = max(3.0, cell * 0.9)
        painter.setPen(QPen(colour, 1.6))
        painter.drawLine(QPointF(x - arm, y), QPointF(x + arm, y))
        painter.drawLine(QPointF(x, y - arm), QPointF(x, y + arm))
