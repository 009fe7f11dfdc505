"""Plot areas without pyqtgraph's own context menu, which no plot in this app shows."""

from __future__ import annotations

# isort: split
# pyqtgraph uses the Qt binding that is already imported: PySide6, by the importer.
import pyqtgraph as pg


def menuless_view_box() -> pg.ViewBox:
    """A view box for a new plot (`viewBox=` of PlotWidget or addPlot).

    Every plot here turns pyqtgraph's menu off (figures get an Export menu of their own), but
    a view box builds its menu when created unless told not to: seventeen menus were about a
    tenth of the time it takes to build the window (cProfile of MainWindow()).
    """
    return pg.ViewBox(enableMenu=False)
