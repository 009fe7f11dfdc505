"""Figures saved as PNG (2x, for slides) or SVG: registered once, offered by menus.

`register_figure(widget, title)` names a figure: the widget's accessible name becomes its
title, its context menu offers "Export as PNG…" and "Export as SVG…", and File → Export
lists it under its tab. A figure can also be one plot of a pyqtgraph view (`part`); its
entries then appear when that plot is right-clicked. The registration is a child of the
widget, so it lives and dies with it and the window finds it with findChildren: no list of
figures is kept anywhere else.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QPoint, Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsView,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from lstm_gui.core.atomic_file import replacing
from lstm_gui.gui.widgets import dialogs
from lstm_gui.gui.widgets.figure_render import NotLaidOut, render_png, render_svg

PNG, SVG = ".png", ".svg"
MENU_PROPERTY = "figureContextMenu"  # set on a widget whose context menu lists figures


class FigureExport(QObject):
    """One figure: its widget (or a plot inside it), its title, and how it is saved."""

    def __init__(self, widget: QWidget, title: str, part: QGraphicsItem | None = None) -> None:
        super().__init__(widget)
        self.widget = widget
        self.title = title
        self.part = part
        if part is None:
            widget.setAccessibleName(title)
        if not widget.property(MENU_PROPERTY):  # one menu per widget, whatever its figures
            widget.setProperty(MENU_PROPERTY, True)
            widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            widget.customContextMenuRequested.connect(self._on_context_menu_requested)
            _disable_pyqtgraph_menus(widget)

    def set_part(self, part: QGraphicsItem | None) -> None:
        """The plot this figure is, after the view has been rebuilt."""
        self.part = part

    def covers(self, position: QPoint) -> bool:
        """True when a right-click at `position` (the widget's viewport) is on this figure."""
        if self.part is None:
            return True
        if not isinstance(self.widget, QGraphicsView) or self.part.scene() is None:
            return False
        return self.part.sceneBoundingRect().contains(self.widget.mapToScene(position))

    def default_name(self, suffix: str = PNG) -> str:
        """A file name from the title: "Row scan" -> "row-scan.png"."""
        stem = re.sub(r"[\s/\\:*?\"<>|]+", "-", self.title.strip().lower()).strip("-.")
        return (stem or "figure") + suffix

    def render(self, suffix: str) -> bytes:
        """The file's contents: a PNG at twice the on-screen size, or an SVG."""
        if suffix == SVG:
            return render_svg(self.widget, self.part, self.title)
        return render_png(self.widget, self.part)

    def save(self, path: Path) -> bool:
        """Write the figure to `path` (its suffix says PNG or SVG); False after saying why not."""
        suffix = path.suffix.lower()
        if suffix not in (PNG, SVG):
            dialogs.show_error(
                self.widget,
                self.tr("Choose a file name ending in .png or .svg, not {0}.").format(path.name),
            )
            return False
        self.reveal()
        try:
            data = self.render(suffix)
        except NotLaidOut:
            dialogs.show_error(
                self.widget,
                self.tr("{0} cannot be drawn yet; open its tab and try again.").format(self.title),
            )
            return False
        try:
            _write_atomically(path, data)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            dialogs.show_error(
                self.widget,
                self.tr(
                    "The figure could not be saved to {0} ({1}); choose another folder."
                ).format(path, reason),
            )
            return False
        window = self.widget.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(self.tr("Figure saved to {0}.").format(path))
        return True

    @Slot()
    def ask_export(self) -> None:
        """Ask where, offering PNG first (the suffix chosen decides), then save."""
        self._ask_export(PNG)

    def reveal(self) -> None:
        """Open the tabs the figure is in: widgets in a hidden tab are not laid out.

        It also shows the person which figure the file will hold.
        """
        if self.widget.isVisible() or not self.widget.window().isVisible():
            return
        child, parent = self.widget, self.widget.parentWidget()
        while parent is not None:
            if isinstance(parent, QStackedWidget) and parent.currentWidget() is not child:
                tabs = parent.parentWidget()
                if isinstance(tabs, QTabWidget):  # through the tab bar, which follows
                    tabs.setCurrentWidget(child)
                else:
                    parent.setCurrentWidget(child)
            child, parent = parent, parent.parentWidget()
        # Laid out, painted, then laid out again: pyqtgraph's axes widen to their tick labels
        # when first painted.
        for _ in range(3):
            QCoreApplication.processEvents()

    def _ask_export(self, suffix: str) -> None:
        self.reveal()
        png, svg = self.tr("PNG image, twice the size (*.png)"), self.tr("SVG drawing (*.svg)")
        filters = ";;".join((svg, png) if suffix == SVG else (png, svg))
        path = dialogs.choose_save_file(
            self.widget.window(),
            self.tr("Export {0}").format(self.title),
            filters,
            Path.home() / self.default_name(suffix),
        )
        if path is None:
            return
        if not path.suffix:  # a name typed without one: the format offered first
            path = path.with_suffix(suffix)
        self.save(path)

    def _on_export_png_triggered(self) -> None:
        self._ask_export(PNG)

    def _on_export_svg_triggered(self) -> None:
        self._ask_export(SVG)

    def _on_context_menu_requested(self, position: QPoint) -> None:
        widget = self.widget
        menu = context_menu(widget, position)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # A scroll area (a pyqtgraph view) reports positions in its viewport.
        origin = widget.viewport() if isinstance(widget, QGraphicsView) else widget
        menu.popup(origin.mapToGlobal(position))  # popup, not exec: nothing waits on it

    def add_actions(self, menu: QMenu, named: bool) -> None:
        """Add "Export as PNG…" and "Export as SVG…" (with the title when `named`)."""
        if named:
            png = self.tr("Export {0} as PNG…").format(self.title)
            svg = self.tr("Export {0} as SVG…").format(self.title)
        else:
            png, svg = self.tr("Export as PNG…"), self.tr("Export as SVG…")
        menu.addAction(png).triggered.connect(self._on_export_png_triggered)
        menu.addAction(svg).triggered.connect(self._on_export_svg_triggered)


def register_figure(widget: QWidget, title: str, part: QGraphicsItem | None = None) -> FigureExport:
    """Make `widget` (or the plot `part` in it) an exportable figure named `title`."""
    return FigureExport(widget, title, part)


def figures_of(widget: QWidget) -> list[FigureExport]:
    """The figures registered on this widget itself."""
    return widget.findChildren(FigureExport, options=Qt.FindChildOption.FindDirectChildrenOnly)


def figures_under(root: QObject) -> list[FigureExport]:
    """Every figure inside `root` (a window, a tab), in the order they were made."""
    return root.findChildren(FigureExport)


def context_menu(widget: QWidget, position: QPoint) -> QMenu:
    """The export entries for a right-click at `position` on `widget`, innermost figure first.

    The figures of the widget and of the widgets around it are listed: a right-click on the
    loss plot offers the loss plot and the three curves together.
    """
    menu = QMenu(widget)
    found: list[FigureExport] = []
    owner: QWidget | None = widget
    while owner is not None:
        mine = [
            figure
            for figure in figures_of(owner)
            if (figure.covers(position) if owner is widget else figure.part is None)
        ]
        found += sorted(mine, key=lambda figure: figure.part is None)  # a plot before its view
        owner = owner.parentWidget()
    for figure in found:
        if menu.actions():
            menu.addSeparator()
        figure.add_actions(menu, named=len(found) > 1)
    return menu


def _disable_pyqtgraph_menus(widget: QWidget) -> None:
    """Turn off the plots' own menus: they would open over the figure's, which replaces them."""
    views = [widget] if isinstance(widget, QGraphicsView) else []
    for view in views + widget.findChildren(QGraphicsView):
        for item in view.scene().items():
            if hasattr(item, "setMenuEnabled"):
                item.setMenuEnabled(False)


class FigureMenu(QMenu):
    """File → Export: every figure of the window's tabs, titled by tab."""

    def __init__(self, title: str, tabs: QTabWidget, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self._tabs = tabs
        self.aboutToShow.connect(self._on_about_to_show)
        self.refresh()

    def refresh(self) -> None:
        """List the figures as they are now (the menu does this each time it opens)."""
        self.clear()
        for index in range(self._tabs.count()):
            page = self._tabs.widget(index)
            if page is None:
                continue
            tab_title = self._tabs.tabText(index).replace("&", "")
            for figure in figures_under(page):
                action: QAction = self.addAction(
                    self.tr("{0}: {1}…").format(tab_title, figure.title)
                )
                action.triggered.connect(figure.ask_export)

    def _on_about_to_show(self) -> None:
        self.refresh()


def _write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target, then rename: a failed write leaves any old file as it was."""
    with replacing(path) as temporary:
        Path(temporary).write_bytes(data)
