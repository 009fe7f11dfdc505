"""GradientView: the Train tab's gradient through time, epochs x steps, and the latest profile.

The heatmap's row 0 is the model at initialisation, one row per epoch below it; its colours are
log10 of ||dL/dx_t||, the mean norm of the loss's gradient with respect to step t's input on
the run's probe batch. The line plot under it is the latest row, with the latest profiles of
the runs ticked in the Runs list beside it. Zeros (below float32's range) are drawn at the
smallest positive value shown and said to be zeros, never left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from lstm_gui.gui.widgets.labels import wrapped_label

# isort: split
import pyqtgraph as pg

from lstm_gui.gui.train.plot_parts import GRADIENT_COLOUR, overlay_colour
from lstm_gui.gui.widgets.figure_export import register_figure
from lstm_gui.gui.widgets.log_axis import SparseLogAxis
from lstm_gui.gui.widgets.look_for import attach_look_for
from lstm_gui.gui.widgets.view_box import menuless_view_box

if TYPE_CHECKING:  # built before torch is imported; core is imported when data arrives
    from lstm_gui.core.inside.gradient_history import GradientHistory
    from lstm_gui.core.run.progress import EpochResult
    from lstm_gui.core.run.runs import StoredRun
    from lstm_gui.gui.run_controller import Launch, RunController

# Width of both plots' left axes, so that their steps line up.
AXIS_WIDTH = 46
# At most this many epochs are labelled on the heatmap's axis.
EPOCH_LABELS = 8


def _number(value: float) -> str:
    return f"{value:.3g}"


class GradientView(QWidget):
    """Heatmap of log10 ||dL/dx_t|| (epochs x steps) over the latest profile as a line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._history: GradientHistory | None = None
        self._overlays: list[tuple[str, np.ndarray]] = []
        self._floor = 0.0
        self._stale = False  # changed while hidden: redrawn when next shown or read
        self._graphics = pg.GraphicsLayoutWidget(self)
        self._graphics.setBackground("w")
        self._graphics.setMinimumSize(240, 300)

        self.heat_plot = self._graphics.addPlot(row=0, col=0, viewBox=menuless_view_box())
        self.heat_plot.setTitle(self.tr("‖∂L/∂x_t‖ by epoch (0: before training)"), size="9pt")
        self.heat_plot.setLabel("left", self.tr("epoch"))
        self.heat_plot.invertY(True)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.heat_plot.addItem(self.image)
        self.colour_bar = pg.ColorBarItem(
            values=(0, 1),
            colorMap=pg.colormap.get("viridis"),
            interactive=False,
            orientation="horizontal",
            width=10,
            label="log₁₀ ‖∂L/∂x_t‖",
        )
        self.colour_bar.setImageItem(self.image)
        self._graphics.addItem(self.colour_bar, row=1, col=0)

        self.line_plot = self._graphics.addPlot(
            row=2,
            col=0,
            axisItems={"left": SparseLogAxis(orientation="left")},
            viewBox=menuless_view_box(),
        )
        self.line_plot.setTitle(self.tr("Latest profile"), size="9pt")
        self.line_plot.setLabel("bottom", self.tr("step t"))
        self.line_plot.setLogMode(x=False, y=True)
        self.line_plot.getAxis("left").enableAutoSIPrefix(False)
        self.line_plot.showGrid(x=False, y=True, alpha=0.2)
        self.line_plot.setXLink(self.heat_plot)
        self.legend = self.line_plot.addLegend(offset=(-5, 5), labelTextSize="8pt")
        self.line = self.line_plot.plot([], [], pen=pg.mkPen(GRADIENT_COLOUR, width=2))
        self._overlay_lines: dict[str, pg.PlotDataItem] = {}
        for plot in (self.heat_plot, self.line_plot):
            plot.getAxis("left").setWidth(AXIS_WIDTH)
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.setMouseEnabled(x=False, y=False)
        layout = self._graphics.ci.layout
        layout.setRowStretchFactor(0, 3)
        layout.setRowStretchFactor(2, 2)

        self.readout = wrapped_label(parent=self, selectable=True)
        box = QVBoxLayout(self)
        box.setContentsMargins(2, 2, 2, 2)
        box.addWidget(self._graphics, 1)
        box.addWidget(self.readout)
        self._graphics.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.figure = register_figure(self._graphics, self.tr("Gradient through time"))
        attach_look_for(self._graphics, "train.gradient_time")
        self._show()

    # ------------------------------------------------------------------ wiring

    def follow(self, controller: RunController) -> None:
        """Show the profiles of the runs this controller trains, as their epochs end."""
        controller.launched.connect(self._on_launched)
        controller.epoch_finished.connect(self._on_epoch_finished)

    @Slot(object)
    def _on_launched(self, launch: Launch) -> None:
        from lstm_gui.core.inside.gradient_history import GradientHistory

        plan = launch.plan
        if plan.resume_from is None:
            self._history = GradientHistory()
        elif not launch.keep_curves or self._history is None:
            self._history = GradientHistory.from_folder(plan.folder, plan.epochs_done)
        self._show()

    @Slot(object)
    def _on_epoch_finished(self, result: EpochResult) -> None:
        if self._history is None:
            from lstm_gui.core.inside.gradient_history import GradientHistory

            self._history = GradientHistory()
        self._history.add_result(result)
        self._show()

    # ------------------------------------------------------------------ public

    def show_history(self, history: GradientHistory | None) -> None:
        """Show a run's profiles (None: none)."""
        self._history = history
        self._show()

    def set_overlays(self, runs: Sequence[StoredRun], names: Sequence[str]) -> None:
        """Draw the latest profile of each of these stored runs, named in the legend."""
        from lstm_gui.core.inside.gradient_history import latest_profile

        self._overlays = []
        for run, name in zip(runs, names, strict=True):
            profile = latest_profile(run.folder, run.history)
            if profile is not None and profile.size:
                self._overlays.append((name, profile))
        self._show()

    def heatmap_values(self) -> np.ndarray | None:
        """The heatmap's values: log10 of the norms, rows = epochs (None: empty)."""
        self._catch_up()
        return None if self._history is None or not len(self._history) else self.image.image

    def latest_line(self) -> tuple[np.ndarray, np.ndarray]:
        """The latest profile as drawn: steps (1..T) and norms."""
        self._catch_up()
        x, y = self.line.getOriginalDataset()
        return np.asarray(x if x is not None else []), np.asarray(y if y is not None else [])

    def overlay_lines(self) -> dict[str, np.ndarray]:
        """The ticked runs' profiles as drawn, by the name in the legend."""
        self._catch_up()
        return {
            name: np.asarray(item.getOriginalDataset()[1])
            for name, item in self._overlay_lines.items()
        }

    def readout_text(self) -> str:
        """The sentence under the plots."""
        self._catch_up()
        return self.readout.text()

    def describe(self, row: int, step: int) -> str:
        """The readout for one heatmap cell (row 0-based, step 1-based)."""
        if self._history is None or not len(self._history):
            return ""
        norms = self._history.norms
        value = float(norms[row, step - 1])
        shown = _number(value) if value > 0 else self.tr("0 (below float32's range)")
        epoch = int(self._history.epochs[row])
        return self.tr("Epoch {0}, step {1}: ‖∂L/∂x_t‖ = {2}").format(epoch, step, shown)

    # ------------------------------------------------------------------ drawing

    def showEvent(self, event: QShowEvent) -> None:
        """Draw what changed while another side tab was open."""
        super().showEvent(event)
        self._catch_up()

    def _catch_up(self) -> None:
        if self._stale:
            self._redraw()

    def _show(self) -> None:
        """Draw now if the view is on screen, else when it is next shown (or read)."""
        if not self.isVisible():
            # Hidden behind another side tab, redrawing at every epoch's end cost the window
            # a 45-50 ms stall (benchmarks/gui_responsiveness.py's stall causes).
            self._stale = True
            return
        self._redraw()

    def _redraw(self) -> None:
        self._stale = False
        from_history = self._history is not None and len(self._history) > 0
        if not from_history and not self._overlays:
            self.image.clear()
            self.line.setData([], [])
            self._draw_overlays()
            self.readout.setText(
                self.tr(
                    "Train a run to see how strongly the loss depends on each step's input, "
                    "from initialisation on."
                )
            )
            return
        from lstm_gui.core.inside.gradient_history import log_profiles, smallest_positive

        norms = self._history.norms if self._history is not None else np.zeros((0, 0))
        self._floor = smallest_positive([norms, *(p for _, p in self._overlays)])
        if from_history:
            assert self._history is not None
            shown = log_profiles(norms, self._floor)
            steps = norms.shape[1]
            rows = norms.shape[0]
            self.image.setImage(shown.values, autoLevels=False)
            self.image.setRect(QRectF(0.5, -0.5, steps, rows))
            low, high = float(shown.values.min()), float(shown.values.max())
            self.colour_bar.setLevels((low, high if high > low else low + 1))
            self.heat_plot.setXRange(0.5, steps + 0.5, padding=0)
            self.heat_plot.setYRange(-0.5, rows - 0.5, padding=0)
            self._label_epochs(self._history.epochs)
            latest = norms[-1]
            self.line.setData(np.arange(1, steps + 1), np.maximum(latest, self._floor))
            self.readout.setText(self._summary(latest, int(self._history.epochs[-1])))
        else:
            self.image.clear()
            self.line.setData([], [])
            self.readout.setText("")
        self._draw_overlays()

    def _draw_overlays(self) -> None:
        for item in self._overlay_lines.values():
            self.line_plot.removeItem(item)
        self.legend.clear()
        self._overlay_lines = {}
        if self._overlays and self._history is not None and len(self._history):
            self.legend.addItem(self.line, self.tr("this run"))
        for index, (name, profile) in enumerate(self._overlays):
            zeros = int((profile <= 0).sum())
            label = name if not zeros else self.tr("{0} ({1} steps 0)").format(name, zeros)
            self._overlay_lines[name] = self.line_plot.plot(
                np.arange(1, len(profile) + 1),
                np.maximum(profile, self._floor),
                pen=pg.mkPen(overlay_colour(index), width=1.5, style=Qt.PenStyle.DashLine),
                name=label,
            )

    def _label_epochs(self, epochs: np.ndarray) -> None:
        every = max(1, -(-len(epochs) // EPOCH_LABELS))
        ticks = [(float(row), str(int(epochs[row]))) for row in range(0, len(epochs), every)]
        self.heat_plot.getAxis("left").setTicks([ticks, []])

    def _summary(self, latest: np.ndarray, epoch: int) -> str:
        from lstm_gui.core.inside.gradients import early_late_ratio

        text = self.tr(
            "Epoch {0}: the first quarter of the steps gets {1}× the gradient of the last "
            "quarter (below 1: what was read early matters less)."
        ).format(epoch, _number(early_late_ratio(latest)))
        zeros = int((self._history.norms <= 0).sum()) if self._history is not None else 0
        if zeros:
            text += " " + self.tr(
                "{0} values are 0 (below float32's range), drawn at {1}, the smallest shown."
            ).format(zeros, _number(self._floor))
        return text

    def _on_mouse_moved(self, position: QPointF) -> None:
        history = self._history
        if history is None or not len(history):
            return
        if not self.heat_plot.vb.sceneBoundingRect().contains(position):
            return
        point = self.heat_plot.vb.mapSceneToView(position)
        row, step = int(round(point.y())), int(round(point.x()))
        rows, steps = history.norms.shape
        if 0 <= row < rows and 1 <= step <= steps:
            self.readout.setText(self.describe(row, step))
