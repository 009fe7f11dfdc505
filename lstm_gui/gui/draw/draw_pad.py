"""The draw pad: mouse, pen or touch strokes, with undo, redo and an eraser."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPointingDevice,
    QResizeEvent,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from lstm_gui.core.lessons.lesson import COORDINATE_RANGE
from lstm_gui.core.reading.strokes import (
    CANVAS_SIDE,
    DEFAULT_PEN_WIDTH,
    Drawing,
    Stroke,
    draw_segments,
)

PAPER = QColor("#fbfaf6")
INK = QColor("#1b2330")
HINT = QColor("#8a93a3")
FRAME = QColor("#c9ced8")
# A new point closer than this (canvas pixels) to the last one adds nothing visible.
MIN_POINT_SPACING = 0.75
# Undo goes back this many steps.
UNDO_DEPTH = 100


def _ink_to_rgb(canvas: np.ndarray) -> np.ndarray:
    """Ink-high floats to an RGB picture: INK on PAPER."""
    paper = np.array([PAPER.red(), PAPER.green(), PAPER.blue()], dtype=np.float32)
    ink = np.array([INK.red(), INK.green(), INK.blue()], dtype=np.float32)
    rgb = paper + canvas[..., None] * (ink - paper)
    return np.ascontiguousarray(rgb.astype(np.uint8))


def _rgb_image(rgb: np.ndarray) -> QImage:
    height, width, _ = rgb.shape
    # QImage borrows the buffer; copy() gives it its own so the array may go.
    return QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


class DrawPad(QWidget):
    """A square canvas to draw one digit on; it emits the drawing after every change.

    The drawing is rendered on a fixed 280x280 canvas whatever the widget's size, so the
    network reads the same picture however the window is sized. Tablets' pressure thins the
    line; a pen's eraser end erases.
    """

    drawing_changed = Signal(object)  # Drawing, after a stroke ends, undo, redo, clear or load
    stroke_moved = Signal()  # the stroke under way grew (for live, throttled predictions)
    history_changed = Signal()  # undo / redo availability may have changed
    read_requested = Signal()  # Enter or Space: read the pad again (predict)
    example_requested = Signal()  # X: draw an example digit

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._drawing = Drawing.render()
        self._canvas = self._drawing.canvas.copy()
        self._undo: list[Drawing] = []
        self._redo: list[Drawing] = []
        self._points: list[tuple[float, float]] = []
        self._pressures: list[float] = []
        self._stroke_erases = False
        self._pen_width = DEFAULT_PEN_WIDTH
        self._eraser = False
        self._picture: QImage | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setMinimumSize(180, 180)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setToolTip(self.tr("Draw one digit, 0 to 9, large and in the middle."))
        # Reachable with Tab, so that keyboard and screen-reader users can use it too.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Draw pad"))
        self.setAccessibleDescription(
            self.tr(
                "Draw a digit with the mouse, a pen or a finger. Keys: X draws an example, "
                "Enter reads the digit again, Delete clears the pad."
            )
        )

    # ------------------------------------------------------------------ state

    def drawing(self) -> Drawing:
        """What is on the pad now, including a stroke still under way."""
        if self._points:
            stroke = self._current_stroke()
            return Drawing(
                self._drawing.base, (*self._drawing.strokes, stroke), self._canvas.copy()
            )
        return self._drawing

    def is_empty(self) -> bool:
        """True when the pad holds neither strokes nor an image."""
        return not self._drawing.strokes and self._drawing.base is None and not self._points

    def pen_width(self) -> float:
        """The pen's width in canvas pixels (the canvas is 280 wide)."""
        return self._pen_width

    def set_pen_width(self, width: float) -> None:
        """Set the pen's width in canvas pixels."""
        self._pen_width = float(width)

    def is_eraser(self) -> bool:
        """True when strokes erase."""
        return self._eraser

    def set_eraser(self, erase: bool) -> None:
        """Make strokes erase (True) or draw (False)."""
        self._eraser = bool(erase)

    def can_undo(self) -> bool:
        """True when there is a change to undo."""
        return bool(self._undo)

    def can_redo(self) -> bool:
        """True when there is an undone change to redo."""
        return bool(self._redo)

    def undo(self) -> None:
        """Take back the last change."""
        if self._undo:
            self._redo.append(self._drawing)
            self._show(self._undo.pop())

    def redo(self) -> None:
        """Make the last undone change again."""
        if self._redo:
            self._undo.append(self._drawing)
            self._show(self._redo.pop())

    def clear(self) -> None:
        """Empty the pad (undoable)."""
        if not self.is_empty():
            self._commit(Drawing.render())

    def set_drawing(self, image: np.ndarray | None = None, strokes: Sequence[Stroke] = ()) -> None:
        """Replace the drawing (undoable) with `strokes` over a 28x28 image or an empty pad."""
        base = None if image is None else np.clip(np.asarray(image, np.float32), 0.0, 1.0)
        self._commit(Drawing.render(base, list(strokes)))

    def _commit(self, drawing: Drawing) -> None:
        self._undo.append(self._drawing)
        del self._undo[:-UNDO_DEPTH]
        self._redo.clear()
        self._show(drawing)

    def _show(self, drawing: Drawing) -> None:
        self._points.clear()
        self._pressures.clear()
        self._drawing = drawing
        self._canvas = drawing.canvas.copy()
        self._picture = None
        self.update()
        self.history_changed.emit()
        self.drawing_changed.emit(drawing)

    # ------------------------------------------------------------------ strokes

    def _current_stroke(self) -> Stroke:
        width = self._pen_width * (2.0 if self._stroke_erases else 1.0)
        return Stroke.from_points(
            self._points, width, pressures=self._pressures, erase=self._stroke_erases
        )

    def _square(self) -> QRectF:
        """Where the canvas sits in the widget: the largest centred square."""
        side = min(self.width(), self.height())
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    def _to_canvas(self, position: QPointF) -> tuple[float, float]:
        square = self._square()
        scale = CANVAS_SIDE / max(square.width(), 1.0)
        # A pen dragged far past the pad is held at the edge of the range a lesson keeps: the
        # visible stroke is the same, and the drawing can be saved and opened again.
        low, high = COORDINATE_RANGE
        return (
            min(max((position.x() - square.left()) * scale, low), high),
            min(max((position.y() - square.top()) * scale, low), high),
        )

    def begin_stroke(self, position: QPointF, pressure: float = 1.0, erase: bool = False) -> None:
        """Put the pen down at a widget position."""
        self._points = [self._to_canvas(position)]
        self._pressures = [pressure]
        self._stroke_erases = erase or self._eraser
        draw_segments(self._canvas, self._current_stroke(), 0)
        self._refresh()

    def extend_stroke(self, position: QPointF, pressure: float = 1.0) -> None:
        """Move the pen, drawing, to a widget position."""
        if not self._points:
            return
        point = self._to_canvas(position)
        last = self._points[-1]
        if np.hypot(point[0] - last[0], point[1] - last[1]) < MIN_POINT_SPACING:
            return
        self._points.append(point)
        self._pressures.append(pressure)
        draw_segments(self._canvas, self._current_stroke(), len(self._points) - 1)
        self._refresh()
        self.stroke_moved.emit()

    def end_stroke(self) -> None:
        """Lift the pen: the stroke joins the drawing."""
        if not self._points:
            return
        stroke = self._current_stroke()
        drawing = Drawing(self._drawing.base, (*self._drawing.strokes, stroke), self._canvas.copy())
        self._commit(drawing)

    def _refresh(self) -> None:
        self._picture = None
        self.update()

    # ------------------------------------------------------------------ input events

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: D102 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton:
            self.begin_stroke(event.position())
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: D102 (Qt override)
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.extend_stroke(event.position())
            event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: D102 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton:
            self.extend_stroke(event.position())
            self.end_stroke()
            event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: D102 (Qt override)
        # Accepting tablet events stops Qt from also sending the mouse events it makes of them.
        erase = event.pointerType() == QPointingDevice.PointerType.Eraser
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self.begin_stroke(event.position(), event.pressure(), erase)
        elif kind == QEvent.Type.TabletMove:
            self.extend_stroke(event.position(), event.pressure())
        elif kind == QEvent.Type.TabletRelease:
            self.end_stroke()
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: D102 (Qt override)
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.read_requested.emit()
        elif key == Qt.Key.Key_X and not event.modifiers():
            self.example_requested.emit()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: D102 (Qt override)
        super().focusInEvent(event)
        self.update()  # the frame shows that keys now go to the pad

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: D102 (Qt override)
        super().focusOutEvent(event)
        self.update()

    def event(self, event: QEvent) -> bool:  # noqa: D102 (Qt override)
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            assert isinstance(event, QTouchEvent)
            self._on_touch(event)
            return True
        if kind == QEvent.Type.TouchCancel:
            self.end_stroke()
            return True
        return super().event(event)

    def _on_touch(self, event: QTouchEvent) -> None:
        points = event.points()
        if not points:
            return
        point = points[0]  # one finger draws; more fingers are a palm or a gesture
        has_pressure = bool(event.device().capabilities() & QPointingDevice.Capability.Pressure)
        pressure = point.pressure() if has_pressure else 1.0
        if event.type() == QEvent.Type.TouchBegin:
            self.begin_stroke(point.position(), pressure)
        elif event.type() == QEvent.Type.TouchUpdate:
            self.extend_stroke(point.position(), pressure)
        else:
            self.end_stroke()
        event.accept()

    # ------------------------------------------------------------------ painting

    def sizeHint(self) -> QSize:  # noqa: D102 (Qt override)
        return QSize(CANVAS_SIDE + 20, CANVAS_SIDE + 20)

    def hasHeightForWidth(self) -> bool:  # noqa: D102 (Qt override)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: D102 (Qt override)
        return width

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: D102 (Qt override)
        self._picture = None
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: D102 (Qt override)
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        square = self._square()
        if self._picture is None:
            self._picture = _rgb_image(_ink_to_rgb(self._canvas))
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(square, self._picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.hasFocus():
            painter.setPen(QPen(self.palette().highlight().color(), 2.0))
            painter.drawRect(square.adjusted(1, 1, -1, -1))
        else:
            painter.setPen(QPen(FRAME, 1.0))
            painter.drawRect(square.adjusted(0.5, 0.5, -0.5, -0.5))
        if self.is_empty():
            painter.setPen(HINT)
            font = painter.font()
            font.setPointSizeF(font.pointSizeF() * 1.15)
            painter.setFont(font)
            painter.drawText(
                square.adjusted(24, 24, -24, -24),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.tr("Draw a digit here\nwith the mouse, a pen or a finger"),
            )
        painter.end()
