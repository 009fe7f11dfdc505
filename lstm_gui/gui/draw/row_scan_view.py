"""The row-scan view: watch the network read a digit row by row, its guesses and its states."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from lstm_gui.core.config import IMAGE_SIDE
from lstm_gui.gui.draw import scan_text
from lstm_gui.gui.draw.heatmap_cell_cursor import HeatmapCellCursor
from lstm_gui.gui.draw.scan_controls import ScanControls
from lstm_gui.gui.draw.scan_plots import ScanPlots
from lstm_gui.gui.presentation import mark_sizes_itself
from lstm_gui.gui.widgets.figure_export import register_figure
from lstm_gui.gui.widgets.labels import wrapped_label
from lstm_gui.gui.widgets.look_for import attach_look_for

if TYPE_CHECKING:  # the view is built before torch is imported; RowScan only types it
    from lstm_gui.core.reading.inference import RowScan


class RowScanView(QWidget):
    """The input with a moving scan line; per row the guesses, hidden state, memory and gates.

    Play, pause, step and scrub move the scan line (ScanControls); rows below it are veiled,
    so the learner sees only what the network has read so far. Hovering a unit in a state
    heatmap plots that unit's values row by row. A model of the memory task reads blank steps
    after the image: they follow its 28 rows everywhere, below a grey line, the input's
    hatched as blank. The plots are a ScanPlots, rebuilt when the cell type changes; the
    sentences come from scan_text.
    """

    row_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scan: RowScan | None = None
        self._unit = 0
        self._structure: tuple[int, tuple[str, ...], int] | None = None

        self._controls = ScanControls(self)
        self._controls.moved.connect(self._on_row_moved)
        self._summary = wrapped_label(parent=self, rich=True)
        self._graphics = pg.GraphicsLayoutWidget(self)
        self._graphics.setBackground("w")
        mark_sizes_itself(self._graphics)  # its minimum height follows the font: fit_to_font
        self._graphics.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self._legend = wrapped_label(parent=self, style="color: #5d6675;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._controls)
        layout.addWidget(self._summary)
        layout.addWidget(self._graphics, 1)
        layout.addWidget(self._legend)
        # The bars alone, a plot of the scan's view; _build gives it each new plot. Registered
        # first, so that the view's accessible name is the whole figure's, set after it.
        self.influence_figure = register_figure(self._graphics, self.tr("Row influence"))
        self.figure = register_figure(self._graphics, self.tr("Row scan"))
        attach_look_for(
            self._graphics,
            *("draw.guesses", "draw.memory", "draw.gates", "draw.influence", "draw.unit_trace"),
        )
        self._build((128, (), 0))
        # A clicked heatmap cell, moved by the arrow keys: the cell-numbers panel follows it.
        self.cell_cursor = HeatmapCellCursor(
            self._graphics, lambda: self._plots.heatmaps, lambda: (self.current_row(), self._unit)
        )
        self.cell_cursor.selected.connect(self._on_cell_selected)
        self.set_scan(None)

    # ------------------------------------------------------------------ public

    def scan(self) -> RowScan | None:
        """The row scan shown, or None."""
        return self._scan

    def current_row(self) -> int:
        """How many rows the scan line has read (1..28, then 29.. for blank steps)."""
        return self._controls.row()

    def row_count(self) -> int:
        """The rows the scan line moves over: the image's 28, then any blank steps."""
        return self._controls.rows()

    def is_playing(self) -> bool:
        """True while the scan line moves by itself."""
        return self._controls.is_playing()

    def summary_text(self) -> str:
        """The sentence above the heatmaps, as plain text."""
        return self._summary.text()

    def layer_titles(self) -> list[str]:
        """The titles of the state heatmaps, as shown (they depend on the cell type)."""
        return self._plots.heatmaps.titles()

    def heatmap_images(self) -> dict[str, np.ndarray]:
        """The values each state heatmap shows, by state name: (rows, units)."""
        return self._plots.heatmaps.images()

    def explanation_text(self) -> str:
        """The explanation under the heatmaps."""
        return self._legend.text()

    def trace_legend_text(self) -> str:
        """The unit trace's title, its legend, as plain text: "unit 1 (hover a unit): h c"."""
        return self._plots.trace.legend_text()

    def hovered_unit(self) -> int:
        """The unit whose trace is plotted (0-based)."""
        return self._unit

    def row_label_text(self) -> str:
        """Where the scan line is, beside the slider ("row 7 of 28 · step 14 of 56")."""
        return self._controls.position_text()

    def influence_values(self) -> np.ndarray | None:
        """The row-influence bars' lengths, row 1 first (None: none shown)."""
        return self._plots.influence.values()

    def set_influence(self, values: np.ndarray | None) -> None:
        """Show how much each row moved the answer: (28,) ||dp/dx_r|| (None: nothing)."""
        self._plots.influence.show(values)

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
            self._plots.clear(self._unit)
            self._summary.setText(scan_text.empty_summary())
            self._controls.set_controls_enabled(False)
            self.cell_cursor.set_extent(0, 0)
            return
        self._controls.set_controls_enabled(True)
        structure = (int(scan.hidden.shape[1]), tuple(scan.states), scan.blank_steps)
        if structure != self._structure:
            self._build(structure)
            self.cell_cursor.remark()
        if self._unit >= scan.hidden.shape[1]:
            self.set_hovered_unit(0)
        self._plots.show(scan, self._unit)
        self._plots.fit_to_font(self.font())
        self._show_row()
        self.cell_cursor.set_extent(scan.entries, int(scan.hidden.shape[1]))

    def set_row(self, row: int) -> None:
        """Move the scan line to just below row `row` (1..28, then the blank steps)."""
        self._controls.set_row(row)

    def step(self, rows: int) -> None:
        """Move the scan line by `rows` (negative: back)."""
        self._controls.step(rows)

    def play(self) -> None:
        """Read the digit row by row from the top (or from where the line is)."""
        self._controls.play()

    def pause(self) -> None:
        """Stop the scan line where it is."""
        self._controls.pause()

    def set_hovered_unit(self, unit: int) -> None:
        """Plot unit `unit`'s trace (0-based), as hovering it does."""
        self._unit = int(unit)
        self._plots.heatmaps.set_unit(self._unit)
        states = None if self._scan is None else self._scan.states
        self._plots.trace.show_unit(self._unit, states)
        self._plots.fit_to_font(self.font())

    # ------------------------------------------------------------------ building and showing

    def _build(self, structure: tuple[int, tuple[str, ...], int]) -> None:
        """Lay out the plots for a cell type: input, guesses, memory and gates, the trace."""
        self._structure = structure
        hidden_size, keys, blank_steps = structure
        layers = scan_text.layers_for(keys) if keys else []
        self._legend.setText(scan_text.legend_text(hidden_size, layers, blank_steps))
        self._plots = ScanPlots(self._graphics, layers, hidden_size, blank_steps, self._unit)
        self.influence_figure.set_part(self._plots.influence.plot)
        self._plots.fit_to_font(self.font())
        self._controls.set_rows(IMAGE_SIDE + blank_steps)

    def _show_row(self) -> None:
        row = self._controls.row()
        steps = self._scan.steps if self._scan is not None else IMAGE_SIDE
        self._controls.set_position_text(scan_text.position_text(row, self._controls.rows(), steps))
        self._plots.set_row(row)
        if self._scan is None:
            return
        self._summary.setText(scan_text.summary_html(self._scan, row))
        self.row_changed.emit(row)

    # ------------------------------------------------------------------ slots

    def changeEvent(self, event: QEvent) -> None:  # noqa: D102 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # zoomed: columns and rows need more room
            self._plots.fit_to_font(self.font())

    def _on_row_moved(self, row: int) -> None:
        self._show_row()

    def _on_cell_selected(self, row: int, unit: int) -> None:
        self.set_hovered_unit(unit)  # the trace plots the selected unit

    def _on_mouse_moved(self, position: QPointF) -> None:
        unit = self._plots.heatmaps.unit_at(position) if self._scan is not None else None
        if unit is not None and unit != self._unit:
            self.set_hovered_unit(unit)
