"""Figures drawn as SVG (vector, text kept as text) and as PNG at twice their on-screen size.

A figure is a widget (a pyqtgraph view, or a widget holding several with labels) or one plot
inside a pyqtgraph view. Both formats come from one drawing: the widget paints itself into
Qt's SVG generator, and the PNG is that SVG drawn at twice the size. Drawing the widget straight
into a larger image instead keeps pyqtgraph's cosmetic pens one device pixel per pen pixel, so
curves and axes came out half as thick as on screen; from the SVG every line, font and marker
scales alike. pyqtgraph's own exporters take a scene, not a widget with Qt labels beside it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgGenerator, QSvgRenderer
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QWidget

# isort: split
import pyqtgraph as pg

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XLINK_NAMESPACE = "http://www.w3.org/1999/xlink"
PNG_SCALE = 2
INCH_IN_METRES = 0.0254


class NotLaidOut(ValueError):
    """The figure has no size yet (it is in a tab that was never laid out)."""


def figure_size(widget: QWidget, part: QGraphicsItem | None = None) -> QSize:
    """The figure's size on screen, in device-independent pixels."""
    if part is None:
        _lay_out(widget)
        return widget.size()
    return _part_rect(widget, part).size()


def render_svg(widget: QWidget, part: QGraphicsItem | None = None, title: str = "") -> bytes:
    """The figure as an SVG document: paths for lines and markers, <text> for text.

    Heatmaps stay pixels (<image>, drawn unsmoothed); cosmetic pens keep their width on
    screen when the drawing is scaled, as pyqtgraph draws them.
    """
    return ElementTree.tostring(_svg_tree(widget, part, title), encoding="utf-8")


def render_png(widget: QWidget, part: QGraphicsItem | None = None, scale: int = PNG_SCALE) -> bytes:
    """The figure as a PNG image `scale` times its on-screen size, every line drawn as a vector."""
    size = figure_size(widget, part)
    tree = _svg_tree(widget, part, "")
    _widen_cosmetic_pens(tree, scale)
    image = QImage(size * scale, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.white)
    # Its resolution says the on-screen size, so slides place it at that size, only sharper.
    dots_per_metre = round(widget.logicalDpiX() * scale / INCH_IN_METRES)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    renderer = QSvgRenderer(QByteArray(ElementTree.tostring(tree, encoding="utf-8")))
    renderer.render(painter, QRectF(image.rect()))
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"png"))
    if not writer.write(image):
        raise RuntimeError(f"PNG encoding failed: {writer.errorString()}")
    return bytes(buffer.data().data())


def _svg_tree(widget: QWidget, part: QGraphicsItem | None, title: str) -> ElementTree.Element:
    """The figure drawn by Qt's SVG generator, parsed, without the empty paths it writes."""
    size = figure_size(widget, part)
    if size.isEmpty():
        raise NotLaidOut("the figure has no size: it is not laid out")
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator(QSvgGenerator.SvgVersion.Svg11)  # 1.1: clip paths are kept
    generator.setOutputDevice(buffer)
    generator.setSize(size)
    generator.setViewBox(QRect(QPoint(0, 0), size))
    # Fonts are sized in points: at the screen's resolution they get their on-screen size.
    generator.setResolution(widget.logicalDpiX())
    generator.setTitle(title)
    generator.setDescription("lstm-gui")
    painter = QPainter(generator)
    try:
        with _exporting(widget, painter):
            _paint(painter, widget, part)
    finally:
        painter.end()
    ElementTree.register_namespace("", SVG_NAMESPACE)
    ElementTree.register_namespace("xlink", XLINK_NAMESPACE)
    root = ElementTree.fromstring(bytes(buffer.data().data()))
    # Empty curves are written as paths without data, which SVG readers complain about.
    for parent in root.iter():
        for child in list(parent):
            if child.tag == f"{{{SVG_NAMESPACE}}}path" and not child.get("d"):
                parent.remove(child)
    return root


# ---------------------------------------------------------------------- drawing


def _lay_out(widget: QWidget) -> None:
    """Lay out a widget that has not been shown (a figure in a tab not yet opened)."""
    if not widget.isVisible():
        widget.ensurePolished()
        for layout_owner in [widget, *widget.findChildren(QWidget)]:
            layout = layout_owner.layout()
            if layout is not None:
                layout.activate()


def _views(widget: QWidget) -> list[pg.GraphicsView]:
    views = [widget] if isinstance(widget, pg.GraphicsView) else []
    return views + widget.findChildren(pg.GraphicsView)


def _part_rect(widget: QWidget, part: QGraphicsItem) -> QRect:
    """Where a plot inside a view is, in the view's pixels."""
    if not isinstance(widget, QGraphicsView):
        raise TypeError("a figure's part must belong to a pyqtgraph view")
    return widget.mapFromScene(part.sceneBoundingRect()).boundingRect() & widget.viewport().rect()


def _paint(painter: QPainter, widget: QWidget, part: QGraphicsItem | None) -> None:
    if part is None:
        # QWidget's render, not QGraphicsView's: the whole widget, frames and labels too.
        QWidget.render(widget, painter, QPoint(0, 0))
        return
    assert isinstance(widget, QGraphicsView)
    source = _part_rect(widget, part)
    target = QRectF(0, 0, source.width(), source.height())
    with _alone(part):
        widget.render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)


@contextmanager
def _alone(part: QGraphicsItem) -> Iterator[None]:
    """Draw only `part` (and what holds it): its neighbours fully transparent for a moment.

    pyqtgraph's scenes keep no index, so a view draws every item and clips; the SVG of one
    plot held the whole view's heatmaps outside its page. Transparent items are not drawn,
    and opacity, unlike visibility, leaves the layout as it is.
    """
    hidden: list[tuple[QGraphicsItem, float]] = []
    child: QGraphicsItem | None = part
    while child is not None:
        parent = child.parentItem()
        siblings = parent.childItems() if parent is not None else child.scene().items()
        for item in siblings:
            if item is not child and (parent is not None or item.parentItem() is None):
                hidden.append((item, item.opacity()))
                item.setOpacity(0.0)
        child = parent
    try:
        yield
    finally:
        for item, opacity in hidden:
            item.setOpacity(opacity)


@contextmanager
def _exporting(widget: QWidget, painter: QPainter) -> Iterator[None]:
    """Draw in pyqtgraph's export mode: markers as paths, no cached bitmaps.

    In export mode scatter markers are drawn one by one as paths instead of copied from a
    bitmap atlas; the views' background cache would otherwise land in the SVG as an image.
    """
    views = _views(widget)
    caches = [view.cacheMode() for view in views]
    items = [
        item for view in views for item in view.scene().items() if hasattr(item, "setExportMode")
    ]
    options = {"antialias": True, "painter": painter, "resolutionScale": 1.0}
    for view in views:
        view.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
    for item in items:
        item.setExportMode(True, options)
    try:
        yield
    finally:
        for item in items:
            item.setExportMode(False)
        for view, cache in zip(views, caches, strict=True):
            view.setCacheMode(cache)


def _widen_cosmetic_pens(root: ElementTree.Element, scale: float) -> None:
    """Make cosmetic pens (non-scaling strokes) `scale` times as wide, for a larger drawing.

    They keep their width in device pixels at any size; in an image twice as large they
    must be twice as wide to look as they do on screen.
    """

    def widen(element: ElementTree.Element, inherited_width: float, inherited_dashes: str) -> None:
        for child in element:
            width = float(child.get("stroke-width", inherited_width))
            dashes = child.get("stroke-dasharray", inherited_dashes)
            if child.get("vector-effect") == "non-scaling-stroke":
                child.set("stroke-width", f"{width * scale:g}")
                if dashes != "none":  # dashes are lengths too, or a wider line comes out solid
                    lengths = (float(length) * scale for length in dashes.split(","))
                    child.set("stroke-dasharray", ",".join(f"{length:g}" for length in lengths))
            widen(child, width, dashes)

    widen(root, 1.0, "none")
