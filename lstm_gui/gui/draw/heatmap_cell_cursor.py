"""The selected cell of the row scan's state heatmaps: picked by a click, moved by arrow keys."""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent

from lstm_gui.gui.draw.state_heatmaps import StateHeatmaps

# Arrow keys move the selection by (rows, units); rows run down the heatmaps, units across.
_MOVES = {
    Qt.Key.Key_Up: (-1, 0),
    Qt.Key.Key_Down: (1, 0),
    Qt.Key.Key_Left: (0, -1),
    Qt.Key.Key_Right: (0, 1),
}


class HeatmapCellCursor(QObject):
    """Which (row, unit) of the heatmaps is selected; `selected` says so, `closed` on Esc.

    A click on a heatmap cell selects it. While the figure has the focus, the arrow keys move
    the selection (the first press starts at `start()`: the scan line's row and the traced
    unit) and Esc drops it. Rows are 1-based like the scan's, units 0-based.
    """

    selected = Signal(int, int)  # row, unit
    closed = Signal()

    def __init__(
        self,
        graphics: pg.GraphicsLayoutWidget,
        heatmaps: Callable[[], StateHeatmaps],
        start: Callable[[], tuple[int, int]],
    ) -> None:
        super().__init__(graphics)
        self._graphics = graphics
        self._heatmaps = heatmaps
        self._start = start
        self._cell: tuple[int, int] | None = None
        self._rows = 0  # 0: nothing to select (no scan)
        self._units = 0
        graphics.scene().sigMouseClicked.connect(self._on_clicked)
        graphics.installEventFilter(self)

    def cell(self) -> tuple[int, int] | None:
        """The selected (row, unit), or None."""
        return self._cell

    def set_extent(self, rows: int, units: int) -> None:
        """A new scan of `rows` rows and `units` units (0: none); a selection is shown again.

        A selection that no longer fits is dropped (and `closed` emitted).
        """
        self._rows, self._units = rows, units
        cell = self._cell
        if cell is not None and cell[0] <= rows and cell[1] < units:
            self.select(*cell)
        elif cell is not None:
            self.clear()

    def select(self, row: int, unit: int) -> None:
        """Select the cell at `row` (1-based) and `unit` (0-based), clamped to the heatmaps."""
        if self._rows == 0:
            return
        row = min(max(row, 1), self._rows)
        unit = min(max(unit, 0), self._units - 1)
        self._cell = (row, unit)
        self._heatmaps().mark_cell(self._cell)
        self.selected.emit(row, unit)

    def clear(self) -> None:
        """Drop the selection and say so."""
        had_cell = self._cell is not None
        self._cell = None
        self._heatmaps().mark_cell(None)
        if had_cell:
            self.closed.emit()

    def remark(self) -> None:
        """Outline the selection again (the heatmaps were rebuilt)."""
        self._heatmaps().mark_cell(self._cell)

    # ------------------------------------------------------------------ events

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: D102 (Qt override)
        if watched is self._graphics and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._on_key(Qt.Key(event.key()))
        return super().eventFilter(watched, event)

    def _on_key(self, key: Qt.Key) -> bool:
        """Handle an arrow or Esc; False for any other key (it goes on to the figure)."""
        if key == Qt.Key.Key_Escape and self._cell is not None:
            self.clear()
            return True
        if key not in _MOVES or self._rows == 0:
            return False
        if self._cell is None:
            self.select(*self._start())
            return True
        rows, units = _MOVES[key]
        self.select(self._cell[0] + rows, self._cell[1] + units)
        return True

    def _on_clicked(self, event: object) -> None:
        if self._rows == 0:
            return
        cell = self._heatmaps().cell_at(event.scenePos())  # type: ignore[attr-defined]
        if cell is not None:
            self._graphics.setFocus(Qt.FocusReason.MouseFocusReason)
            self.select(*cell)
