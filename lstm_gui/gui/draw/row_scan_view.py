"""The row-scan view: watch the network read a digit row by row, its guesses and its states."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetricsF
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
from lstm_gui.gui.draw.draw_style import ACCENT, DECIDED, PROBABILITY_MAP, colour_map
from lstm_gui.gui.draw.row_influence_plot import RowInfluencePlot
from lstm_gui.gui.draw.row_plot import BLANK_EDGE, ROW_TICKS, RowPlot
from lstm_gui.gui.draw.state_heatmaps import CELL as CELL_SCALE
from lstm_gui.gui.draw.state_heatmaps import GATE, SIGNED, SPAN, StateHeatmaps, StateLayer
from lstm_gui.gui.draw.unit_trace import UnitTrace
from lstm_gui.gui.presentation import mark_sizes_itself
from lstm_gui.gui.widgets.figure_export import register_figure
from lstm_gui.gui.widgets.view_box import menuless_view_box

if TYPE_CHECKING:  # the view is built before torch is imported; RowScan only types it
    from lstm_gui.core.reading.inference import RowScan

CLASSES = 10
PLAY_INTERVAL_MS = 160
# Preferred widths of the input, guesses and influence columns, in lines of text (the font's
# height), so that they grow with the zoom like the tick labels they must hold.
INPUT_COLUMN_LINES = 10.7
GUESS_COLUMN_LINES = 7.2
INFLUENCE_COLUMN_LINES = 5.0
# The heatmaps' area is at least this many lines high: titles, axes and 28 rows of about a
# fifth of a line each, which the row ticks (1, 7, 14, 21, 28) need to stay apart. At 200% the
# window scrolls rather than squeeze the heatmaps to slivers.
HEATMAPS_LINES = 22.0
# The state heatmaps start in this grid column: input, guesses and row influence come first.
FIRST_STATE_COLUMN = 3
TRACE_TITLE_SLACK = 24
# The blank steps' rows of the input: hatched, so that they read as "nothing here".
BLANK_HATCH = QColor(138, 148, 166, 200)


class RowScanView(QWidget):
    """The input with a moving scan line; per row the guesses, hidden state, memory and gates.

    Play, pause, step and scrub move the scan line; rows below it are veiled, so the learner
    sees only what the network has read so far. Hovering a unit in a state heatmap plots that
    unit's values row by row. A model of the memory task reads blank steps after the image:
    they follow its 28 rows everywhere, below a grey line, the input's hatched as blank.
    """

    row_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scan: RowScan | None = None
        self._row = IMAGE_SIDE
        self._rows = IMAGE_SIDE  # the image's rows, then any blank steps
        self._unit = 0
        self._structure: tuple[int, tuple[str, ...], int] | None = None
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
        mark_sizes_itself(self._graphics)  # its minimum height follows the font: _fit_to_font
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
        # The bars alone, a plot of the scan's view; _build gives it each new plot. Registered
        # first, so that the view's accessible name is the whole figure's, set after it.
        self.influence_figure = register_figure(self._graphics, self.tr("Row influence"))
        self.figure = register_figure(self._graphics, self.tr("Row scan"))
        self._build((128, (), 0))
        self.set_scan(None)
        self._slider.setAccessibleName(self.tr("Rows read"))
        self._slider.setAccessibleDescription(
            self.tr("How many rows of the digit the network has read; arrow keys move it")
        )

    # ------------------------------------------------------------------ public

    def scan(self) -> RowScan | None:
        """The row scan shown, or None."""
        return self._scan

    def current_row(self) -> int:
        """How many rows the scan line has read (1..28, then 29.. for blank steps)."""
        return self._row

    def row_count(self) -> int:
        """The rows the scan line moves over: the image's 28, then any blank steps."""
        return self._rows

    def is_playing(self) -> bool:
        """True while the scan line moves by itself."""
        return self._timer.isActive()

    def summary_text(self) -> str:
        """The sentence above the heatmaps, as plain text."""
        return self._summary.text()

    def layer_titles(self) -> list[str]:
        """The titles of the state heatmaps, as shown (they depend on the cell type)."""
        return self._heatmaps.titles()

    def heatmap_images(self) -> dict[str, np.ndarray]:
        """The values each state heatmap shows, by state name: (rows, units)."""
        return self._heatmaps.images()

    def explanation_text(self) -> str:
        """The explanation under the heatmaps."""
        return self._legend.text()

    def trace_legend_text(self) -> str:
        """The unit trace's title, its legend, as plain text: "unit 1 (hover a unit): h c"."""
        return self._trace.legend_text()

    def hovered_unit(self) -> int:
        """The unit whose trace is plotted (0-based)."""
        return self._unit

    def row_label_text(self) -> str:
        """Where the scan line is, beside the slider ("row 7 of 28 · step 14 of 56")."""
        return self._row_label.text()

    def influence_values(self) -> np.ndarray | None:
        """The row-influence bars' lengths, row 1 first (None: none shown)."""
        return self._influence.values()

    def set_influence(self, values: np.ndarray | None) -> None:
        """Show how much each row moved the answer: (28,) ||dp/dx_r|| (None: nothing)."""
        self._influence.show(values)

    def plots(self) -> list[pg.PlotItem]:
        """The plots shown, in layout order, without colour bars (what exports and tests read)."""
        items = self._graphics.ci.items
        return [
            i for i in items if isinstance(i, pg.PlotItem) and not isinstance(i, pg.ColorBarItem)
        ]

    def set_scan(self, scan: RowScan | None) -> None:
        """Show a row scan (None: nothing to show). The scan line stays where it was."""
        self._scan = scan
        if scan is None:
            self.pause()
            self._input.image.clear()
            self._guesses.image.clear()
            self._heatmaps.clear()
            self._trace.show_unit(self._unit, None)
            self._decided_line.hide()
            self._guess_dots.setData([], [])
            self._influence.show(None)
            self._summary.setText(self.tr("Draw a digit to watch the network read it row by row."))
            self._set_controls_enabled(False)
            return
        self._set_controls_enabled(True)
        states = scan.states
        structure = (int(scan.hidden.shape[1]), tuple(states), scan.blank_steps)
        if structure != self._structure:
            self._build(structure)
        blank = np.zeros((scan.blank_steps, IMAGE_SIDE), dtype=np.float32)
        self._input.set_image(np.concatenate([scan.image, blank]), (0.0, 1.0))
        self._guesses.set_image(scan.probabilities, (0.0, 1.0))
        self._heatmaps.show_states(states)
        self._guess_dots.setData(scan.guesses + 0.5, np.arange(scan.entries) + 0.5)
        self._decided_line.setValue(scan.decided_at - 1)
        self._decided_line.show()
        if self._unit >= scan.hidden.shape[1]:
            self.set_hovered_unit(0)
        self._trace.show_unit(self._unit, states)
        self._fit_first_columns()
        self._show_row()

    def set_row(self, row: int) -> None:
        """Move the scan line to just below row `row` (1..28, then the blank steps)."""
        self._slider.setValue(int(np.clip(row, 1, self._rows)))

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
        self._heatmaps.set_unit(self._unit)
        self._trace.show_unit(self._unit, None if self._scan is None else self._scan.states)
        self._fit_first_columns()

    # ------------------------------------------------------------------ building

    def _layers_for(self, keys: tuple[str, ...]) -> list[StateLayer]:
        """A heatmap and a trace curve for every state the scan has, titled for a learner."""
        from lstm_gui.core.reading.inference import CELL, HIDDEN
        from lstm_gui.core.run.model import Gate  # a scan exists, so torch is loaded already

        gate_titles = {
            Gate.INPUT: self.tr("input gate (write)"),
            Gate.FORGET: self.tr("forget gate (keep)"),
            Gate.CELL_CANDIDATE: self.tr("candidate (new content)"),
            Gate.OUTPUT: self.tr("output gate (show)"),
            Gate.RESET: self.tr("reset gate (use the past)"),
            Gate.UPDATE: self.tr("update gate (keep)"),
            Gate.CANDIDATE: self.tr("candidate (new content)"),
        }
        layers = []
        for key in keys:
            if key == HIDDEN:
                layers.append(StateLayer(key, self.tr("h: hidden state"), "h", SIGNED, True))
            elif key == CELL:
                title = self.tr("c: cell state (memory)")
                layers.append(StateLayer(key, title, "c", CELL_SCALE, True))
            else:
                gate = Gate(key)
                title = f"{gate.symbol}: {gate_titles[gate]}"
                scale = SIGNED if gate.signed else GATE
                layers.append(StateLayer(key, title, gate.symbol, scale, False))
        return layers

    def _build(self, structure: tuple[int, tuple[str, ...], int]) -> None:
        """Lay out the plots for a cell type: input, guesses, memory and gates, the trace."""
        self._structure = structure
        hidden_size, keys, blank_steps = structure
        layers = self._layers_for(keys) if keys else []
        self._legend.setText(self._legend_text(hidden_size, layers, blank_steps))
        graphics = self._graphics
        graphics.clear()

        title = (
            self.tr("input: 28 rows + {blank} blank").format(blank=blank_steps)
            if blank_steps
            else self.tr("input: 28 rows")
        )
        self._input = RowPlot(
            graphics.addPlot(row=0, col=0, viewBox=menuless_view_box()),
            title,
            IMAGE_SIDE,
            blank_steps,
        )
        # Square pixels, unless a long delay would shrink the image to a sliver.
        self._input.plot.setAspectLocked(blank_steps <= IMAGE_SIDE)
        if blank_steps:
            self._add_blank_band(blank_steps)
        self._input.plot.getAxis("bottom").setTicks([[(c - 0.5, str(c)) for c in ROW_TICKS]])
        self._input.plot.setLabel("left", self.tr("row"))
        self._input.plot.setLabel("bottom", self.tr("column"))
        guesses_plot = graphics.addPlot(row=0, col=1, viewBox=menuless_view_box())
        self._guesses = RowPlot(guesses_plot, self.tr("guess after each row"), CLASSES, blank_steps)
        guesses_plot.setYLink(self._input.plot)
        guesses_plot.hideAxis("left")
        guesses_plot.getAxis("bottom").setTicks([[(d + 0.5, str(d)) for d in range(10)]])
        guesses_plot.setLabel("bottom", self.tr("digit"))
        self._guess_dots = pg.ScatterPlotItem(
            size=6, brush=pg.mkBrush("w"), pen=pg.mkPen("#111", width=1)
        )
        self._guess_dots.setZValue(4)
        guesses_plot.addItem(self._guess_dots)
        self._decided_line = pg.InfiniteLine(
            angle=0, pen=pg.mkPen(DECIDED, width=2.5, style=Qt.PenStyle.DashLine)
        )
        self._decided_line.setZValue(11)
        guesses_plot.addItem(self._decided_line)

        self._influence = RowInfluencePlot(
            graphics.addPlot(row=0, col=2, viewBox=menuless_view_box()),
            self.tr("influence"),
            self._input.plot,
            blank_steps,
        )
        self.influence_figure.set_part(self._influence.plot)
        self._heatmaps = StateHeatmaps(
            graphics, layers, hidden_size, FIRST_STATE_COLUMN, self._input.plot, blank_steps
        )
        self._heatmaps.set_unit(self._unit)
        trace_plot = graphics.addPlot(
            row=1, col=0, colspan=FIRST_STATE_COLUMN, viewBox=menuless_view_box()
        )
        self._trace = UnitTrace(trace_plot, layers, blank_steps)

        bar = pg.ColorBarItem(
            values=(0.0, 1.0),
            colorMap=colour_map(PROBABILITY_MAP),
            label=self.tr("probability"),
            interactive=False,
            orientation="horizontal",
            width=12,
        )
        bar.setImageItem([self._guesses.image, self._input.image])
        graphics.addItem(bar, row=2, col=0, colspan=FIRST_STATE_COLUMN)
        # The input image is grey, like the preview, whatever the probability colours.
        self._input.image.setColorMap(pg.ColorMap([0.0, 1.0], [(0, 0, 0), (255, 255, 255)]))

        self._trace_plot = trace_plot
        grid = graphics.ci.layout
        self._fit_first_columns()
        for column in range(FIRST_STATE_COLUMN):
            grid.setColumnStretchFactor(column, 0)
        for column in range(FIRST_STATE_COLUMN, FIRST_STATE_COLUMN + SPAN):
            grid.setColumnStretchFactor(column, 1)
        grid.setRowStretchFactor(0, 1)
        grid.setRowStretchFactor(1, 1)
        grid.setRowStretchFactor(2, 0)
        # The scan line's range: at the end it stays at the end, the answer.
        at_end = self._row >= self._rows
        self._rows = IMAGE_SIDE + blank_steps
        self._slider.setRange(1, self._rows)
        if at_end:
            self._slider.setValue(self._rows)

    def _add_blank_band(self, blank_steps: int) -> None:
        """Hatch the input's rows after the image and name them: the network reads zeros."""
        band = QGraphicsRectItem(QRectF(0, IMAGE_SIDE, IMAGE_SIDE, blank_steps))
        band.setBrush(QBrush(BLANK_HATCH, Qt.BrushStyle.BDiagPattern))
        band.setPen(pg.mkPen(BLANK_EDGE, width=1))
        band.setZValue(4)
        self._input.plot.addItem(band)
        label = pg.TextItem(self.tr("blank"), color=BLANK_EDGE, anchor=(0.5, 0.5))
        label.setPos(IMAGE_SIDE / 2, IMAGE_SIDE + blank_steps / 2)
        label.setZValue(4)
        self._input.plot.addItem(label)

    def _fit_first_columns(self) -> None:
        """Give the input and guesses columns the width the unit trace's title needs.

        The trace spans those two columns, which do not stretch: when its title (longer in
        Chinese, or for a three-digit unit) needs more than they prefer, Qt's grid gives them
        every pixel and the heatmaps none.
        """
        line = QFontMetricsF(self.font()).height()
        columns = (INPUT_COLUMN_LINES, GUESS_COLUMN_LINES, INFLUENCE_COLUMN_LINES)
        widths = [lines * line for lines in columns]
        needed = self._trace_plot.minimumWidth() + TRACE_TITLE_SLACK
        extra = max(0.0, needed - sum(widths))
        grid = self._graphics.ci.layout
        grid.setColumnPreferredWidth(0, widths[0] + extra / 2)
        grid.setColumnPreferredWidth(1, widths[1] + extra / 2)
        grid.setColumnPreferredWidth(2, widths[2])
        self._influence.fit_to_font(line)
        self._graphics.setMinimumHeight(round(HEATMAPS_LINES * line))

    def _legend_text(self, hidden_size: int, layers: list[StateLayer], blank_steps: int) -> str:
        text = self.tr(
            "Each heatmap row is one image row; each column of a state is one of the {units} "
            "units. h is what the network passes on to the next row and, after row 28, to the "
            "answer. The dashed line marks the row where the network decided. The bars show "
            "how much each row moved the answer: the size of the gradient of its probability "
            "with respect to that row's pixels."
        ).format(units=hidden_size)
        if any(layer.scale == CELL_SCALE for layer in layers):
            text += " " + self.tr(
                "c is the LSTM's memory and g the new content it may add (−1 to 1); the gates "
                "decide, unit by unit, how much of g to write (i), how much memory to keep (f) "
                "and how much of it to show as h (o): 0 closed, 1 open."
            )
        elif any(not layer.memory for layer in layers):
            text += " " + self.tr("The gates run from 0 (closed) to 1 (open).")
        if blank_steps:
            text += " " + self.tr(
                "Below the grey line come the {blank} blank steps of the memory task: the "
                "network reads zeros there and must keep the digit in memory, for its answer "
                "is read after the last one."
            ).format(blank=blank_steps)
        return text

    # ------------------------------------------------------------------ showing

    def _show_row(self) -> None:
        row = self._row
        self._row_label.setText(self._position_text(row))
        for plot in (self._input, self._guesses, *self._heatmaps.plots()):
            plot.set_row(row)
        self._influence.set_row(row)
        self._trace.set_row(row)
        scan = self._scan
        if scan is None:
            return
        guess = int(scan.guesses[row - 1])
        sure = float(scan.probabilities[row - 1, guess])
        decided = scan.decided_at
        percent = f"{100 * sure:.0f}"
        if scan.is_blank(row):
            now = self.tr(
                "After all 28 rows and {blank} blank steps the network guesses "
                "<b style='color:{colour}'>{guess}</b> ({percent}% sure)."
            ).format(blank=row - IMAGE_SIDE, colour=ACCENT, guess=guess, percent=percent)
        else:
            now = self.tr(
                "After reading rows 1–{row} the network guesses <b style='color:{colour}'>"
                "{guess}</b> ({percent}% sure)."
            ).format(row=row, colour=ACCENT, guess=guess, percent=percent)
        if scan.is_blank(decided):
            final = self.tr(
                "Its final answer <b>{final}</b> was reached at blank step "
                "<b style='color:{colour}'>{decided}</b> and kept to the end."
            ).format(final=scan.final, colour=DECIDED, decided=decided - IMAGE_SIDE)
        else:
            final = self.tr(
                "Its final answer <b>{final}</b> was reached at row <b style='color:{colour}'>"
                "{decided}</b> and kept to the end."
            ).format(final=scan.final, colour=DECIDED, decided=decided)
        self._summary.setText(f"{now} {final}")
        self.row_changed.emit(row)

    def _position_text(self, row: int) -> str:
        """Where the scan line is: the row, and the step that finishes it when T is not 28."""
        if row > IMAGE_SIDE:
            return self.tr("blank step {step} of {steps}").format(
                step=row - IMAGE_SIDE, steps=self._rows - IMAGE_SIDE
            )
        text = self.tr("row {row} of {rows}").format(row=row, rows=IMAGE_SIDE)
        steps = self._scan.steps if self._scan is not None else IMAGE_SIDE
        if steps == IMAGE_SIDE:
            return text
        from lstm_gui.core.reading.inference import row_end_steps  # a scan exists: torch is loaded

        step = int(row_end_steps(steps)[row - 1]) + 1
        return text + " · " + self.tr("step {step} of {steps}").format(step=step, steps=steps)

    def _set_controls_enabled(self, enabled: bool) -> None:
        for widget in (self._play, self._back, self._forward, self._slider):
            widget.setEnabled(enabled)

    def _update_play_button(self) -> None:
        playing = self._play.isChecked()
        self._play.setText(self.tr("❚❚ Pause") if playing else self.tr("▶ Play"))

    # ------------------------------------------------------------------ slots

    def changeEvent(self, event: QEvent) -> None:  # noqa: D102 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # zoomed: columns and rows need more room
            self._fit_first_columns()

    def _on_play_toggled(self, playing: bool) -> None:
        if playing:
            if self._row >= self._rows:
                self.set_row(1)
            self._timer.start()
        else:
            self._timer.stop()
        self._update_play_button()

    def _on_tick(self) -> None:
        if self._row >= self._rows:
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
        unit = self._heatmaps.unit_at(position) if self._scan is not None else None
        if unit is not None and unit != self._unit:
            self.set_hovered_unit(unit)
