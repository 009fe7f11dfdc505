"""RunOverlays: stored runs drawn as dashed curves beside the current run in the training plots."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt

# isort: split
# pyqtgraph uses the Qt binding that is already imported: PySide6, above.
import pyqtgraph as pg

from lstm_gui.core.run.curves import OverlayRun, overlay_curves
from lstm_gui.gui.train.plot_parts import new_curve, overlay_colour


class RunOverlays:
    """The overlaid runs' curves: created on each change of runs, removed on the next."""

    def __init__(
        self, loss_plot: pg.PlotWidget, accuracy_plot: pg.PlotWidget, gradient_plot: pg.PlotWidget
    ) -> None:
        self._loss_plot = loss_plot
        self._accuracy_plot = accuracy_plot
        self._gradient_plot = gradient_plot
        self._items: list[tuple[pg.PlotItem, pg.PlotDataItem]] = []

    def show(self, runs: Sequence[OverlayRun]) -> None:
        """Draw these runs instead of the previous ones.

        Validation loss and accuracy per epoch, and gradient norms when the run kept
        per-batch curves (runs trained in the app do; CLI runs do not).
        """
        for plot, item in self._items:
            plot.removeItem(item)
        self._items = []
        for index, run in enumerate(runs):
            colour = overlay_colour(index)
            curves = overlay_curves(run)
            # Translated in the MetricsPlot context, where this string was and is catalogued.
            label = QCoreApplication.translate("MetricsPlot", "{0} (validation)").format(run.name)
            for plot, values in (
                (self._loss_plot, curves.val_loss),
                (self._accuracy_plot, curves.val_acc),
            ):
                item = new_curve(plot, label, colour, symbol="t", style=Qt.PenStyle.DashLine)
                item.setData(curves.epochs, values)
                self._items.append((plot.getPlotItem(), item))
            if curves.gradient is not None:
                item = new_curve(self._gradient_plot, run.name, colour, width=1)
                item.setData(*curves.gradient)
                self._items.append((self._gradient_plot.getPlotItem(), item))

    def items(self) -> list[pg.PlotDataItem]:
        """The overlaid curves, in the order they were drawn."""
        return [item for _, item in self._items]

    def names(self) -> list[str]:
        """Legend names of the overlaid curves."""
        return [item.name() for item in self.items()]
