"""How the zoom reaches one widget or one plot scene: fonts, minimum sizes, pens and text.

Each item's unzoomed size is learnt the first time it is seen, so no widget or plot needs
zoom code of its own. lstm_gui.gui.presentation decides when to call these.
"""

from __future__ import annotations

import re
from typing import Any
from weakref import WeakKeyDictionary

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLayout, QScrollBar, QWidget

# isort: split
# pyqtgraph uses the Qt binding that is already imported: PySide6, above.
import pyqtgraph as pg
import shiboken6

# QFont::SizeResolved, which PySide6 does not export: the font's size was set explicitly.
SIZE_RESOLVED = 0x0002
# A widget with this property true sizes itself from its font (which the zoom grows), so its
# minimum size is left alone: zooming it too would count the zoom twice.
SIZES_ITSELF = "lstm_gui_sizes_itself"
# A CSS font size as pyqtgraph's LabelItem takes it ("9pt").
_SIZE = re.compile(r"^\s*([0-9.]+)\s*(pt|px)\s*$")


def mark_sizes_itself(widget: QWidget) -> None:
    """Tell the zoom that `widget` sets its own minimum size from its font, zoomed or not."""
    widget.setProperty(SIZES_ITSELF, True)


def _scaled_size(text: str, factor: float) -> str | None:
    """A CSS size ("9pt", "12px") times `factor`; None when it is not one."""
    match = _SIZE.match(text)
    if match is None:
        return None
    return f"{float(match.group(1)) * factor:.4g}{match.group(2)}"


class _Bases:
    """Each item's unzoomed size, learned the first time it is seen.

    A size that differs from the one last applied was set by the item's owner since; it is
    taken as the new unzoomed size, so that owners may keep restyling their items.
    """

    def __init__(self) -> None:
        self._seen: WeakKeyDictionary[Any, tuple[Any, Any]] = WeakKeyDictionary()

    def __contains__(self, item: Any) -> bool:
        return item in self._seen

    def base(self, item: Any, current: Any, unzoomed: Any) -> Any:
        """`item`'s unzoomed size, given its `current` one and what it would be unzoomed."""
        known = self._seen.get(item)
        if known is not None and known[1] == current:
            return known[0]
        return unzoomed

    def applied(self, item: Any, base: Any, value: Any) -> None:
        """Remember that `item` (unzoomed `base`) now has `value`."""
        self._seen[item] = (base, value)


class ItemZoom:
    """Applies a zoom factor to widgets and plot scenes, remembering their unzoomed sizes."""

    def __init__(self, base_point_size: float) -> None:
        self._base_point_size = base_point_size
        self._bases = _Bases()
        self._symbol_bases = _Bases()  # curves' markers (the curve itself keys its pen)
        self._size_bases = _Bases()  # widgets' minimum sizes (their fonts use _bases)
        self._axis_width_bases = _Bases()  # axes given a width for their tick labels

    def widget(self, widget: QWidget, factor: float, repolish: bool = True) -> None:
        """A widget's own font size, and a minimum size set in pixels, times `factor`.

        `repolish`: set a style sheet again, so that it takes the zoomed application font.
        """
        if not shiboken6.createdByPython(widget):
            # Qt's own parts (a spin box's line edit, a viewport) size themselves, and
            # their Python wrappers come and go, so sizes learnt for them would be lost.
            return
        app_size = QApplication.font().pointSizeF()
        font = widget.font()
        explicit = widget.testAttribute(Qt.WidgetAttribute.WA_SetFont) and bool(
            font.resolveMask() & SIZE_RESOLVED
        )
        if explicit and font.pointSizeF() > 0:
            self._zoom_widget_font(widget, font, factor)
        elif repolish and widget.styleSheet() and abs(font.pointSizeF() - app_size) > 0.01:
            # A widget with a style sheet keeps the font it was polished with when the
            # application font changes (seen: muted captions stayed small); setting the
            # sheet again polishes it with the zoomed font.
            widget.setStyleSheet(widget.styleSheet())
        self._zoom_minimum_size(widget, factor)

    def _zoomed_font(self, base: float, factor: float) -> QFont:
        font = QFont(QApplication.font())
        font.setPointSizeF(base * factor)
        return font

    def _zoom_widget_font(self, widget: QWidget, font: QFont, factor: float) -> None:
        """A large digit or a title: its own size, zoomed."""
        current = font.pointSizeF()
        # Seen first while zoomed: it was most likely derived from the zoomed app font.
        base = self._bases.base(widget, current, current / factor)
        size = base * factor
        if abs(current - size) > 0.01:
            font.setPointSizeF(size)
            widget.setFont(font)
        self._bases.applied(widget, base, font.pointSizeF())

    def _zoom_minimum_size(self, widget: QWidget, factor: float) -> None:
        """A width or height set in pixels for 100% (a column, a plot) grows with the text.

        A child widget's minimum size is only ever set explicitly (its layout leaves it
        alone unless told to fix it), so a non-zero one was chosen for the unzoomed text.
        """
        layout = widget.layout()
        fixed_by_layout = layout is not None and layout.sizeConstraint() not in (
            QLayout.SizeConstraint.SetDefaultConstraint,
            QLayout.SizeConstraint.SetNoConstraint,
        )
        if widget.isWindow() or fixed_by_layout or widget.objectName().startswith("qt_"):
            return
        if widget.property(SIZES_ITSELF):
            return
        if isinstance(widget, QScrollBar):
            return
        current = (
            widget.minimumWidth(),
            widget.minimumHeight(),
            widget.maximumWidth(),
            widget.maximumHeight(),
        )
        if current[:2] == (0, 0) and widget not in self._size_bases:
            return
        base = self._size_bases.base(widget, current, current)
        width, height = (round(base[0] * factor), round(base[1] * factor))
        # A fixed size (minimum equal to maximum) stays fixed, at the zoomed size.
        zoomed = (
            width,
            height,
            width if base[2] == base[0] > 0 else max(base[2], width),
            height if base[3] == base[1] > 0 else max(base[3], height),
        )
        if zoomed != current:
            widget.setMinimumSize(width, height)
            widget.setMaximumSize(zoomed[2], zoomed[3])
        self._size_bases.applied(widget, base, zoomed)

    def scene(self, scene: Any, factor: float) -> None:
        """Every axis, label, text, curve and line of a plot's scene, zoomed by `factor`."""
        for item in scene.items():
            if isinstance(item, pg.AxisItem):
                self._zoom_axis(item, factor)
            elif isinstance(item, pg.LabelItem):
                self._zoom_label(item, factor)
            elif isinstance(item, pg.TextItem):
                self._zoom_text(item.textItem, factor)
            elif isinstance(item, pg.PlotDataItem):
                self._zoom_curve(item, factor)
            elif isinstance(item, pg.PlotCurveItem) and not isinstance(
                item.parentItem(), pg.PlotDataItem
            ):
                self._zoom_pen(item, item.opts.get("pen"), item.setPen, factor)
            elif isinstance(item, pg.InfiniteLine):
                self._zoom_pen(item, item.pen, item.setPen, factor)

    def _zoom_axis(self, axis: pg.AxisItem, factor: float) -> None:
        tick_font = axis.style.get("tickFont")
        current = tick_font.pointSizeF() if tick_font is not None else None
        base = self._bases.base(axis, current, current or self._base_point_size)
        size = base * factor
        if current is None or abs(current - size) > 0.01:
            axis.setTickFont(self._zoomed_font(base, factor))
            # Room for larger tick labels is measured when they are next drawn.
            axis.textWidth = axis.textHeight = 0
        self._bases.applied(axis, base, size)
        fixed_width = axis.fixedWidth
        if fixed_width is not None:
            # A width chosen for the unzoomed tick labels ("28"); zoomed, they overlapped.
            base_width = self._axis_width_bases.base(axis, fixed_width, fixed_width)
            width = round(base_width * factor)
            if width != fixed_width:
                axis.setWidth(width)
            self._axis_width_bases.applied(axis, base_width, width)
        if axis.label is not None:  # None once the axis is closed
            # The axis title's font; no plot here gives its label a CSS font-size.
            self._zoom_text(axis.label, factor)
            axis._adjustSize()

    def _zoom_text(self, text_item: Any, factor: float) -> None:
        """A QGraphicsTextItem (axis title, TextItem) drawn at the zoomed size."""
        font = text_item.font()
        current = font.pointSizeF()
        base = self._bases.base(text_item, current, self._base_point_size)
        size = base * factor
        if abs(current - size) > 0.01:
            font.setPointSizeF(size)
            text_item.setFont(font)
        self._bases.applied(text_item, base, size)

    def _zoom_label(self, label: pg.LabelItem, factor: float) -> None:
        current = label.opts.get("size")
        unzoomed = current if current is not None else f"{self._base_point_size:.4g}pt"
        base = self._bases.base(label, current, unzoomed)
        size = _scaled_size(base, factor)
        if size is not None and size != current:
            label.setText(label.text, size=size)
        self._bases.applied(label, base, size)

    def _zoom_curve(self, curve: pg.PlotDataItem, factor: float) -> None:
        self._zoom_pen(curve, curve.opts.get("pen"), curve.setPen, factor)
        symbol_size = curve.opts.get("symbolSize")
        if curve.opts.get("symbol") is not None and symbol_size:
            base = self._symbol_bases.base(curve, symbol_size, symbol_size)
            size = base * factor
            if abs(symbol_size - size) > 0.01:
                curve.setSymbolSize(size)
            self._symbol_bases.applied(curve, base, size)

    def _zoom_pen(self, item: Any, pen: Any, set_pen: Any, factor: float) -> None:
        if pen is None:
            return
        pen = pg.mkPen(pen)
        if pen.style() == Qt.PenStyle.NoPen:
            return
        current = pen.widthF()
        base = self._bases.base(item, current, current)
        # Width 0 is Qt's one-pixel cosmetic pen: zoomed, it grows like a width of 1.
        width = base if factor == 1.0 else max(base, 1.0) * factor
        if abs(current - width) > 0.01:
            pen.setWidthF(width)
            set_pen(pen)
        self._bases.applied(item, base, width)
