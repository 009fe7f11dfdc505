"""Presentation mode: zoom fonts, plot text and curve pens for a projector, and full screen.

One place applies a zoom: the application font's point size, widgets that set a font size of
their own, and every pyqtgraph axis, label, text and curve in the window. Plots are walked,
not asked to cooperate, so plot widgets need no zoom code; a timer walks again while zoomed,
because plots create curves and labels after the window is built.
"""

from __future__ import annotations

import re
from typing import Any
from weakref import WeakKeyDictionary

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLayout,
    QScrollArea,
    QScrollBar,
    QWidget,
)

# isort: split
# pyqtgraph uses the Qt binding that is already imported: PySide6, above.
import pyqtgraph as pg
import shiboken6

ZOOM_KEY = "view/zoom"  # QSettings key: the zoom in percent
ZOOM_STEPS = (80, 90, 100, 110, 125, 150, 175, 200)
DEFAULT_ZOOM = 100
# While zoomed, plots are walked this often for curves and labels created since.
REWALK_MS = 1000
# The application's unzoomed font size is kept on the application, so that a second window
# (tests, a restart of the window) starts from it and not from a zoomed font.
BASE_FONT_PROPERTY = "lstm_gui_base_point_size"
# QFont::SizeResolved, which PySide6 does not export: the font's size was set explicitly.
SIZE_RESOLVED = 0x0002
# A widget with this property true sizes itself from its font (which the zoom grows), so its
# minimum size is left alone: zooming it too would count the zoom twice.
SIZES_ITSELF = "lstm_gui_sizes_itself"
# A CSS font size as pyqtgraph's LabelItem takes it ("9pt").
_SIZE = re.compile(r"^\s*([0-9.]+)\s*(pt|px)\s*$")


def nearest_step(percent: int) -> int:
    """The zoom step closest to `percent` (a stored value of another version, say)."""
    return min(ZOOM_STEPS, key=lambda step: abs(step - percent))


def stored_zoom(settings: QSettings) -> int:
    """The zoom remembered in `settings` (100 when none or unreadable)."""
    try:
        percent = int(str(settings.value(ZOOM_KEY, DEFAULT_ZOOM)))
    except ValueError:
        return DEFAULT_ZOOM
    return nearest_step(percent)


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


class Presentation(QObject):
    """The View menu's zoom and full-screen actions, and the one place a zoom is applied."""

    zoom_changed = Signal(int)  # percent

    def __init__(self, window: QWidget, settings: QSettings) -> None:
        """Create it before the window's widgets, so that they are built at the unzoomed size."""
        super().__init__(window)
        self._settings = settings
        self._zoom = DEFAULT_ZOOM
        self._bases = _Bases()
        self._symbol_bases = _Bases()  # curves' markers (the curve itself keys its pen)
        self._size_bases = _Bases()  # widgets' minimum sizes (their fonts use _bases)
        self._axis_width_bases = _Bases()  # axes given a width for their tick labels
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        base = app.property(BASE_FONT_PROPERTY)
        if base is None:
            base = QApplication.font().pointSizeF()
            app.setProperty(BASE_FONT_PROPERTY, base)
        self._base_point_size = float(base)
        self._set_app_font(self._base_point_size)
        self._timer = QTimer(self, interval=REWALK_MS)
        self._timer.timeout.connect(self._on_rewalk_timer)
        self._build_actions()
        # The tick follows the window, whichever way it left full screen (the desktop's keys).
        window.installEventFilter(self)

    def _build_actions(self) -> None:
        # Fixed keys rather than the platform's standard ones, which add others on some
        # desktops (Ctrl+Shift+F on KDE) that other actions may want.
        self.zoom_in_action = QAction(self.tr("Zoom &in"), self)
        # Ctrl+= too: many keyboards type "+" with Shift, and Ctrl+= is the same key.
        self.zoom_in_action.setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        self.zoom_in_action.triggered.connect(self._on_zoom_in)
        self.zoom_out_action = QAction(self.tr("Zoom &out"), self)
        self.zoom_out_action.setShortcut(QKeySequence("Ctrl+-"))
        self.zoom_out_action.triggered.connect(self._on_zoom_out)
        self.reset_zoom_action = QAction(self.tr("&Reset zoom"), self)
        self.reset_zoom_action.setShortcut(QKeySequence("Ctrl+0"))
        self.reset_zoom_action.triggered.connect(self._on_reset_zoom)
        self.full_screen_action = QAction(self.tr("&Full screen"), self, checkable=True)
        self.full_screen_action.setShortcut(QKeySequence("F11"))
        self.full_screen_action.triggered.connect(self._on_full_screen_triggered)
        for action in self.actions():
            if action is not None:
                # The window's menus are hidden in full screen on some desktops: keys still work.
                self._window.addAction(action)

    @property
    def _window(self) -> QWidget:
        """The window (its Qt parent; a reference of our own would keep it alive in a cycle)."""
        window = self.parent()
        assert isinstance(window, QWidget)
        return window

    def actions(self) -> list[QAction | None]:
        """The View menu's part: zoom in, out, reset; a separator; full screen."""
        return [
            self.zoom_in_action,
            self.zoom_out_action,
            self.reset_zoom_action,
            None,
            self.full_screen_action,
        ]

    def scrolling(self, content: QWidget) -> QScrollArea:
        """`content` in a scroll area: zoomed on a small screen, the window scrolls, not clips."""
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the focus is always inside it
        return scroll

    # ------------------------------------------------------------------ zoom

    def zoom(self) -> int:
        """The zoom in percent (100: as designed)."""
        return self._zoom

    def restore(self) -> None:
        """Apply the remembered zoom; call once the window's widgets exist."""
        self.set_zoom(stored_zoom(self._settings))

    def set_zoom(self, percent: int) -> None:
        """Zoom to the step nearest `percent`, remember it, and apply it everywhere."""
        self._zoom = nearest_step(percent)
        self._settings.setValue(ZOOM_KEY, self._zoom)
        self.zoom_in_action.setEnabled(self._zoom < ZOOM_STEPS[-1])
        self.zoom_out_action.setEnabled(self._zoom > ZOOM_STEPS[0])
        self.apply()
        if self._zoom == DEFAULT_ZOOM:
            self._timer.stop()
        else:
            self._timer.start()
        self.zoom_changed.emit(self._zoom)

    def apply(self) -> None:
        """Size the fonts, plot text and pens of the window for the current zoom."""
        factor = self._zoom / 100.0
        self._set_app_font(self._base_point_size * factor)
        self._apply_to_widgets(factor)
        for view in self._window.findChildren(pg.GraphicsView):
            scene = view.scene()
            if scene is not None:
                self._apply_to_scene(scene, factor)

    def _set_app_font(self, point_size: float) -> None:
        font = QApplication.font()
        if abs(font.pointSizeF() - point_size) > 0.01:
            font.setPointSizeF(point_size)
            QApplication.setFont(font)

    def _zoomed_font(self, base: float, factor: float) -> QFont:
        font = QFont(QApplication.font())
        font.setPointSizeF(base * factor)
        return font

    def _apply_to_widgets(self, factor: float) -> None:
        """Fonts and explicit minimum sizes of widgets follow the zoom too."""
        app_size = QApplication.font().pointSizeF()
        for widget in self._window.findChildren(QWidget):
            if not shiboken6.createdByPython(widget):
                # Qt's own parts (a spin box's line edit, a viewport) size themselves, and
                # their Python wrappers come and go, so sizes learnt for them would be lost.
                continue
            font = widget.font()
            explicit = widget.testAttribute(Qt.WidgetAttribute.WA_SetFont) and bool(
                font.resolveMask() & SIZE_RESOLVED
            )
            if explicit and font.pointSizeF() > 0:
                self._zoom_widget_font(widget, font, factor)
            elif widget.styleSheet() and abs(font.pointSizeF() - app_size) > 0.01:
                # A widget with a style sheet keeps the font it was polished with when the
                # application font changes (seen: muted captions stayed small); setting the
                # sheet again polishes it with the zoomed font.
                widget.setStyleSheet(widget.styleSheet())
            self._zoom_minimum_size(widget, factor)

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

    def _apply_to_scene(self, scene: Any, factor: float) -> None:
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

    # ------------------------------------------------------------------ slots

    def _on_zoom_in(self) -> None:
        larger = [step for step in ZOOM_STEPS if step > self._zoom]
        if larger:
            self.set_zoom(larger[0])

    def _on_zoom_out(self) -> None:
        smaller = [step for step in ZOOM_STEPS if step < self._zoom]
        if smaller:
            self.set_zoom(smaller[-1])

    def _on_reset_zoom(self) -> None:
        self.set_zoom(DEFAULT_ZOOM)

    def _on_full_screen_triggered(self, checked: bool) -> None:
        state = self._window.windowState()
        if checked:
            self._window.setWindowState(state | Qt.WindowState.WindowFullScreen)
        else:
            self._window.setWindowState(state & ~Qt.WindowState.WindowFullScreen)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: D102 (Qt override)
        if watched is self._window and event.type() == QEvent.Type.WindowStateChange:
            self.full_screen_action.setChecked(self._window.isFullScreen())
        return False

    def _on_rewalk_timer(self) -> None:
        self.apply()


def mark_sizes_itself(widget: QWidget) -> None:
    """Tell the zoom that `widget` sets its own minimum size from its font, zoomed or not."""
    widget.setProperty(SIZES_ITSELF, True)
