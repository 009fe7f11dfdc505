"""The row-scan view: watch the network read a digit row by row, its guesses and its states."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGraphicsRectItem,
    QHBoxLayout,
    QLabel,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from lstm_gui.core.config import IMAGE_SIDE
from lstm_gui.gui.draw.draw_style import (
    ACCENT,
    DECIDED,
    GATE_MAP,
    PROBABILITY_MAP,
    SCAN_LINE,
    STATE_MAP,
    colour_map,
)

if TYPE_CHECKING:  # the view is built before torch is imported; RowScan only types it
    from lstm_gui.core.inference import RowScan

CLASSES = 10
PLAY_INTERVAL_MS = 160
ROW_TICKS = (1, 7, 14, 21, 28)
# Hidden states and gates lie in [-1, 1] and [0, 1]; the LSTM's cell state is unbounded but
# 99% of its values on MNIST stay within ±3, so its colours stop there.
CELL_LIMIT = 3.0
# The rows still to be read are veiled with this much black.
UNREAD_VEIL = QColor(10, 12, 20, 150)
# Trace plot colours, one per state or gate.
TRACE_COLOURS = ("#2f6fdf", "#e0245e", "#15803d", "#c2410c", "#7c3aed", "#0891b2")


@dataclass(frozen=True)
class _Layer:
    """One kind of state shown as a units x rows heatmap."""

    key: str  # "hidden", "cell" or a gate's name
    title: str
    group: str  # colour scale: "state", "cell" or "gate"
    symbol: str  # short name in the trace legend


class _RowPlot:
    """A heatmap whose rows are the image's rows, with the scan line and the unread veil."""

    def __init__(self, plot: pg.PlotItem, width: int) -> None:
        self.plot = plot
        self.width = width
        self.image = pg.ImageItem(axisOrder="row-major")
        plot.addItem(self.image)
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(x=False, y=False)
        plot.hideButtons()
        plot.invertY(True)
        plot.setXRange(0, width, padding=0)
        plot.setYRange(0, IMAGE_SIDE, padding=0)
        plot.getAxis("left").setTicks([[(r - 0.5, str(r)) for r in ROW_TICKS]])
        self.veil = QGraphicsRectItem()
        self.veil.setBrush(UNREAD_VEIL)
        self.veil.setPen(pg.mkPen(None))
        self.veil.setZValue(5)
        plot.addItem(self.veil)
        # A segment, not an infinite line: the input's locked aspect leaves margins beside it.
        self.scan_line = pg.PlotCurveItem(pen=pg.mkPen(SCAN_LINE, width=2.5))
        self.scan_line.setZValue(10)
        plot.addItem(self.scan_line)

    def set_image(self, values: np.ndarray, levels: tuple[float, float]) -> None:
        self.image.setImage(values, autoLevels=False, levels=levels)
        self.image.setRect(QRectF(0, 0, self.width, IMAGE_SIDE))

    def set_row(self, row: int) -> None:
        self.scan_line.setData([0, self.width], [row, row])
        self.veil.setRect(QRectF(0, row, self.width, IMAGE_SIDE - row))
        self.veil.setVisible(row < IMAGE_SIDE)


class RowScanView(QWidget):
    """The input with a moving scan line; per row the guesses, hidden state, memory and gates.

    Play, pause, step and scrub move the scan line; rows below it are veiled, so the learner
    sees only what the network has read so far. Hovering a unit in a state heatmap plots that
    unit's values row by row.
    """

    row_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scan: RowScan | None = None
        self._row = IMAGE_SIDE
        self._unit = 0
        self._layers: list[_Layer] = []
        self._row_plots: list[_RowPlot] = []
        self._state_plots: dict[str, _RowPlot] = {}
        self._unit_lines: list[pg.InfiniteLine] = []
        self._structure: tuple[int, tuple[str, ...]] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(PLAY_INTERVAL_MS)
        self._timer.timeout.connect(self._on_tick)

        self._play = QToolButton(self)
        self._play.setCheckable(True)
        self._play.setToolTip(self.tr("Play: read the digit row by row (Space)"))
        self._play.setShortcut(Qt.Key.Key_Space)
        self._play.toggled.connect(self._on_play_toggled)
        self._back = QToolButton(self)
        self._back.setText("◀")
        self._back.setToolTip(self.tr("One row back"))
        self._back.clicked.connect(self._on_back_clicked)
        self._forward = QToolButton(self)
        self._forward.setText("▶")
        self._forward.setToolTip(self.tr("One row forward"))
        self._forward.clicked.connect(self._on_forward_clicked)
        self._slider = QSlider(Qt.Orientation.Horizontal, self)
        self._slider.setRange(1, IMAGE_SIDE)
        self._slider.setValue(IMAGE_SIDE)
        self._slider.setToolTip(self.tr("Drag to choose how many rows the network has read"))
        self._slider.valueChanged.connect(self._on_slider_moved)
        self._row_label = QLabel(self)
        self._row_label.setMinimumWidth(110)
        self._summary = QLabel(self)
        self._summary.setWordWrap(True)
        self._summary.setTextFormat(Qt.TextFormat.RichText)

        controls = QHBoxLayout()
        controls.addWidget(self._play)
        controls.addWidget(self._back)
        controls.addWidget(self._forward)
        controls.addWidget(self._slider, 1)
        controls.addWidget(self._row_label)

        self._graphics = pg.GraphicsLayoutWidget(self)
        self._graphics.setBackground("w")
        self._graphics.scene().sigMouseMoved.connect(self._on_mouse_moved)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(controls)
        layout.addWidget(self._summary)
        layout.addWidget(self._graphics, 1)
        self._legend = QLabel(self)
        self._legend.setWordWrap(True)
        self._legend.setStyleSheet("color: #5d6675;")
        layout.addWidget(self._legend)
        self._update_play_button()
        self._build((128, ()))
        self.set_scan(None)

    # ------------------------------------------------------------------ public

    def scan(self) -> RowScan | None:
        """The row scan shown, or None."""
        return self._scan

    def current_row(self) -> int:
        """How many rows the scan line has read (1..28)."""
        return self._row

    def is_playing(self) -> bool:
        """True while the scan line moves by itself."""
        return self._timer.isActive()

    def summary_text(self) -> str:
        """The sentence above the heatmaps, as plain text."""
        return self._summary.text()

    def layer_titles(self) -> list[str]:
        """The titles of the state heatmaps shown (they depend on the cell type)."""
        return [layer.title for layer in self._layers]

    def hovered_unit(self) -> int:
        """The unit whose trace is plotted (0-based)."""
        return self._unit

    def set_scan(self, scan: RowScan | None) -> None:
        """Show a row scan (None: nothing to show). The scan line stays where it was."""
        self._scan = scan
        if scan is None:
            self.pause()
            for plot in self._row_plots:
                plot.image.clear()
            self._show_trace()
            self._decided_line.hide()
            self._guess_dots.setData([], [])
            self._summary.setText(self.tr("Draw a digit to watch the network read it row by row."))
            self._set_controls_enabled(False)
            return
        self._set_controls_enabled(True)
        kinds = ("cell",) * (scan.cell is not None) + tuple(sorted(scan.gates))
        structure = (int(scan.hidden.shape[1]), kinds)
        if structure != self._structure:
            self._build(structure)
        self._input.set_image(scan.image, (0.0, 1.0))
        self._guesses.set_image(scan.probabilities, (0.0, 1.0))
        for layer in self._layers:
            limits = {"state": (-1.0, 1.0), "cell": (-CELL_LIMIT, CELL_LIMIT), "gate": (0.0, 1.0)}
            self._state_plots[layer.key].set_image(self._values(layer.key).T, limits[layer.group])
        rows = np.arange(IMAGE_SIDE) + 0.5
        self._guess_dots.setData(scan.guesses + 0.5, rows)
        decided = scan.decided_at
        self._decided_line.setValue(decided - 1)
        self._decided_line.show()
        if self._unit >= scan.hidden.shape[1]:
            self._unit = 0
        self._show_trace()
        self._show_row()

    def set_row(self, row: int) -> None:
        """Move the scan line to just below row `row` (1..28)."""
        self._slider.setValue(int(np.clip(row, 1, IMAGE_SIDE)))

    def step(self, rows: int) -> None:
        """Move the scan line by `rows` (negative: back)."""
        self.set_row(self._row + rows)

    def play(self) -> None:
        """Read the digit row by row from the top (or from where the line is)."""
        self._play.setChecked(True)

    def pause(self) -> None:
        """Stop the scan line where it is."""
        self._play.setChecked(False)

    def set_hovered_unit(self, unit: int) -> None:
        """Plot unit `unit`'s trace (0-based), as hovering it does."""
        self._unit = int(unit)
        for line in self._unit_lines:
            line.setValue(self._unit + 0.5)
        self._show_trace()

    # ------------------------------------------------------------------ building

    def _layers_for(self, structure: tuple[str, ...]) -> list[_Layer]:
        layers = [_Layer("hidden", self.tr("h: hidden state"), "state", "h")]
        if "cell" in structure:
            layers.append(_Layer("cell", self.tr("c: cell state (memory)"), "cell", "c"))
        gate_titles = {
            "input": (self.tr("input gate (write)"), "gate", "i"),
            "forget": (self.tr("forget gate (keep)"), "gate", "f"),
            "output": (self.tr("output gate (show)"), "gate", "o"),
            "reset": (self.tr("reset gate (use the past)"), "gate", "r"),
            "update": (self.tr("update gate (keep)"), "gate", "z"),
            "candidate": (self.tr("candidate (new content)"), "state", "n"),
        }
        for key, (title, group, symbol) in gate_titles.items():
            if key in structure:
                layers.append(_Layer(key, title, group, symbol))
        return layers

    def _build(self, structure: tuple[int, tuple[str, ...]]) -> None:
        """Lay out the heatmaps for a cell type: memory on the top row, gates below."""
        self._structure = structure
        hidden_size, kinds = structure
        self._layers = self._layers_for(kinds)
        self._legend.setText(self._legend_text(hidden_size, kinds))
        graphics = self._graphics
        graphics.clear()
        self._row_plots = []
        self._state_plots = {}
        self._unit_lines = []

        self._input = self._add_row_plot(0, 0, 1, self.tr("input: 28 rows"), IMAGE_SIDE)
        self._input.plot.setAspectLocked(True)
        self._input.plot.getAxis("bottom").setTicks([[(c - 0.5, str(c)) for c in ROW_TICKS]])
        self._input.plot.setLabel("left", self.tr("row"))
        self._input.plot.setLabel("bottom", self.tr("column"))
        self._guesses = self._add_row_plot(0, 1, 1, self.tr("guess after each row"), CLASSES)
        self._guesses.plot.hideAxis("left")
        self._guesses.plot.getAxis("bottom").setTicks([[(d + 0.5, str(d)) for d in range(10)]])
        self._guesses.plot.setLabel("bottom", self.tr("digit"))
        self._guess_dots = pg.ScatterPlotItem(
            size=6, brush=pg.mkBrush("w"), pen=pg.mkPen("#111", width=1)
        )
        self._guess_dots.setZValue(4)
        self._guesses.plot.addItem(self._guess_dots)
        self._decided_line = pg.InfiniteLine(
            angle=0,
            pen=pg.mkPen(DECIDED, width=2.5, style=Qt.PenStyle.DashLine),
        )
        self._decided_line.setZValue(11)
        self._guesses.plot.addItem(self._decided_line)

        memory = [layer for layer in self._layers if layer.key in ("hidden", "cell")]
        gates = [layer for layer in self._layers if layer not in memory]
        unit_ticks = sorted({1, *(hidden_size * q // 4 for q in (1, 2, 3, 4))})
        for row, group in ((0, memory), (1, gates)):
            span = 6 // max(len(group), 1)
            for index, layer in enumerate(group):
                plot = self._add_row_plot(row, 2 + index * span, span, layer.title, hidden_size)
                if index > 0:  # rows are labelled once per line of heatmaps
                    plot.plot.hideAxis("left")
                plot.plot.setLabel("bottom", self.tr("unit"))
                plot.plot.getAxis("bottom").setTicks([[(u - 0.5, str(u)) for u in unit_ticks]])
                unit_line = pg.InfiniteLine(
                    pos=self._unit + 0.5, angle=90, pen=pg.mkPen("#22c55e", width=1.5)
                )
                unit_line.setZValue(9)
                plot.plot.addItem(unit_line)
                self._unit_lines.append(unit_line)
                self._state_plots[layer.key] = plot

        self._trace_plot = graphics.addPlot(row=1, col=0, rowspan=1, colspan=2)
        self._trace_plot.setMenuEnabled(False)
        self._trace_plot.setMouseEnabled(x=False, y=False)
        self._trace_plot.hideButtons()
        self._trace_plot.setXRange(1, IMAGE_SIDE, padding=0.02)
        self._trace_plot.setLabel("bottom", self.tr("row"))
        self._trace_plot.showGrid(x=True, y=True, alpha=0.2)
        self._trace_scan_line = pg.InfiniteLine(angle=90, pen=pg.mkPen(SCAN_LINE, width=2))
        self._trace_plot.addItem(self._trace_scan_line)
        self._trace_title = ""
        self._trace_curves = [
            self._trace_plot.plot(
                [], [], pen=pg.mkPen(TRACE_COLOURS[i % len(TRACE_COLOURS)], width=2)
            )
            for i in range(len(self._layers))
        ]

        bars = [(self.tr("probability"), PROBABILITY_MAP, (0.0, 1.0), [self._guesses, self._input])]
        by_group: dict[str, list[_RowPlot]] = {}
        for layer in self._layers:
            by_group.setdefault(layer.group, []).append(self._state_plots[layer.key])
        if "state" in by_group:
            bars.append((self.tr("h value"), STATE_MAP, (-1.0, 1.0), by_group["state"]))
        if "cell" in by_group:
            bars.append(
                (self.tr("c value"), STATE_MAP, (-CELL_LIMIT, CELL_LIMIT), by_group["cell"])
            )
        if "gate" in by_group:
            bars.append((self.tr("gate: 0 closed, 1 open"), GATE_MAP, (0.0, 1.0), by_group["gate"]))
        span = 8 // len(bars)
        for index, (label, name, values, plots) in enumerate(bars):
            bar = pg.ColorBarItem(
                values=values,
                colorMap=colour_map(name),
                label=label,
                interactive=False,
                orientation="horizontal",
                width=12,
            )
            bar.setImageItem([plot.image for plot in plots])
            graphics.addItem(bar, row=2, col=index * span, rowspan=1, colspan=span)
        # The input image is grey, like the preview, whatever the probability colours.
        self._input.image.setColorMap(pg.ColorMap([0.0, 1.0], [(0, 0, 0), (255, 255, 255)]))

        grid = graphics.ci.layout
        grid.setColumnPreferredWidth(0, 150)
        grid.setColumnPreferredWidth(1, 100)
        grid.setColumnStretchFactor(0, 0)
        grid.setColumnStretchFactor(1, 0)
        for column in range(2, 8):
            grid.setColumnStretchFactor(column, 1)
        grid.setRowStretchFactor(0, 1)
        grid.setRowStretchFactor(1, 1)
        grid.setRowStretchFactor(2, 0)

    def _legend_text(self, hidden_size: int, kinds: tuple[str, ...]) -> str:
        text = self.tr(
            "Each heatmap row is one image row; each column of a state is one of the {units} "
            "units. h is what the network passes on to the next row and, after row 28, to the "
            "answer. The dashed line marks the row where the network decided."
        ).format(units=hidden_size)
        if "cell" in kinds:
            text += " " + self.tr(
                "c is the LSTM's memory; the gates decide, unit by unit, how much new input to "
                "write (input), how much memory to keep (forget) and how much of it to show as h "
                "(output): 0 closed, 1 open."
            )
        elif kinds:
            text += " " + self.tr("The gates run from 0 (closed) to 1 (open).")
        return text

    def _add_row_plot(self, row: int, col: int, colspan: int, title: str, width: int) -> _RowPlot:
        plot = self._graphics.addPlot(row=row, col=col, rowspan=1, colspan=colspan)
        plot.setTitle(title, size="9pt")
        row_plot = _RowPlot(plot, width)
        plot.getAxis("left").setWidth(26)
        if self._row_plots:
            plot.setYLink(self._row_plots[0].plot)
        self._row_plots.append(row_plot)
        return row_plot

    # ------------------------------------------------------------------ showing

    def _values(self, key: str) -> np.ndarray:
        assert self._scan is not None
        if key == "hidden":
            return self._scan.hidden
        if key == "cell":
            assert self._scan.cell is not None
            return self._scan.cell
        return self._scan.gates[key]

    def _show_row(self) -> None:
        row = self._row
        self._row_label.setText(self.tr("row {row} of {rows}").format(row=row, rows=IMAGE_SIDE))
        for plot in self._row_plots:
            plot.set_row(row)
        self._trace_scan_line.setValue(row)
        scan = self._scan
        if scan is None:
            return
        guess = int(scan.guesses[row - 1])
        sure = float(scan.probabilities[row - 1, guess])
        decided = scan.decided_at
        now = self.tr(
            "After reading rows 1–{row} the network guesses <b style='color:{colour}'>{guess}"
            "</b> ({percent}% sure)."
        ).format(row=row, colour=ACCENT, guess=guess, percent=f"{100 * sure:.0f}")
        final = self.tr(
            "Its final answer <b>{final}</b> was reached at row <b style='color:{colour}'>"
            "{decided}</b> and kept to the end."
        ).format(final=scan.final, colour=DECIDED, decided=decided)
        self._summary.setText(f"{now} {final}")
        self.row_changed.emit(row)

    def _show_trace(self) -> None:
        """Plot the hovered unit's values row by row (the curves exist; only their data change)."""
        colours = [TRACE_COLOURS[i % len(TRACE_COLOURS)] for i in range(len(self._layers))]
        # The title is the legend: each symbol in its curve's colour.
        symbols = " ".join(
            f"<span style='color:{colour}'><b>{layer.symbol}</b></span>"
            for colour, layer in zip(colours, self._layers, strict=True)
        )
        title = self.tr("unit {unit} (hover a unit): {symbols}").format(
            unit=self._unit + 1, symbols=symbols
        )
        if title != self._trace_title:
            self._trace_title = title
            self._trace_plot.setTitle(title, size="9pt")
        rows = np.arange(1, IMAGE_SIDE + 1)
        for layer, curve in zip(self._layers, self._trace_curves, strict=True):
            if self._scan is None:
                curve.setData([], [])
            else:
                curve.setData(rows, self._values(layer.key)[:, self._unit])

    def _set_controls_enabled(self, enabled: bool) -> None:
        for widget in (self._play, self._back, self._forward, self._slider):
            widget.setEnabled(enabled)

    def _update_play_button(self) -> None:
        playing = self._play.isChecked()
        self._play.setText(self.tr("❚❚ Pause") if playing else self.tr("▶ Play"))

    # ------------------------------------------------------------------ slots

    def _on_play_toggled(self, playing: bool) -> None:
        if playing:
            if self._row >= IMAGE_SIDE:
                self.set_row(1)
            self._timer.start()
        else:
            self._timer.stop()
        self._update_play_button()

    def _on_tick(self) -> None:
        if self._row >= IMAGE_SIDE:
            self.pause()
        else:
            self.step(1)

    def _on_back_clicked(self) -> None:
        self.pause()
        self.step(-1)

    def _on_forward_clicked(self) -> None:
        self.pause()
        self.step(1)

    def _on_slider_moved(self, row: int) -> None:
        self._row = row
        self._show_row()

    def _on_mouse_moved(self, position: QPointF) -> None:
        if self._scan is None:
            return
        for plot in self._state_plots.values():
            view = plot.plot.getViewBox()
            if view.sceneBoundingRect().contains(position):
                x = view.mapSceneToView(position).x()
                unit = int(np.clip(np.floor(x), 0, self._scan.hidden.shape[1] - 1))
                if unit != self._unit:
                    self.set_hovered_unit(unit)
                return
