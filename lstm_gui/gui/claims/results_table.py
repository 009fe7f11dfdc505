"""ResultsTable: an experiment's figures per cell and length, with their spread over seeds."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from lstm_gui.core.claims.records import ClaimRun, CostTiming
from lstm_gui.gui.claims.claim_figures import TableRow, run_rows, timing_rows
from lstm_gui.gui.claims.claim_plot_parts import cell_colour


class ResultsTable(QTableWidget):
    """Training: cell, steps, accuracy, seeds, memory-gradient ratio. Cost: ms per update."""

    def __init__(self) -> None:
        super().__init__(0, 5)
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(self.tr("Results"))
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self._rows: list[TableRow] = []
        self._set_headers(cost=False)

    def _set_headers(self, cost: bool) -> None:
        if cost:
            labels = [
                self.tr("Cell"),
                self.tr("Steps"),
                self.tr("Layers"),
                self.tr("ms per update"),
                self.tr("Repeats"),
            ]
            tips = {3: self.tr("Median over the repeats (fastest–slowest).")}
        else:
            labels = [
                self.tr("Cell"),
                self.tr("Steps"),
                self.tr("Accuracy"),
                self.tr("Seeds"),
                self.tr("Memory gradient kept"),
            ]
            tips = {
                2: self.tr("Test accuracy: mean over the seeds (lowest–highest seed)."),
                4: self.tr(
                    "The gradient reaching the memory state (an LSTM's cell c, else h) at the "
                    "last image row ÷ at the last step, after training: median over the seeds "
                    "(lowest–highest). Far below 1: it vanished across the blank steps."
                ),
            }
        self.setHorizontalHeaderLabels(labels)
        for column, tip in tips.items():
            item = self.horizontalHeaderItem(column)
            if item is not None:
                item.setToolTip(tip)

    def show_runs(self, runs: Sequence[ClaimRun]) -> None:
        """One row per cell and length of training runs."""
        self._set_headers(cost=False)
        self._fill(run_rows(runs), cost=False)

    def show_timings(self, timings: Sequence[CostTiming]) -> None:
        """One row per network timed."""
        self._set_headers(cost=True)
        self._fill(timing_rows(timings), cost=True)

    def _fill(self, rows: list[TableRow], cost: bool) -> None:
        self._rows = rows
        self.setRowCount(len(rows))
        for row, figures in enumerate(rows):
            if cost:
                values = [str(figures.layers), figures.figure, str(figures.count)]
            else:
                values = [figures.figure, str(figures.count), figures.ratio]
            values = [figures.cell.upper(), str(figures.steps), *values]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                else:
                    item.setForeground(QColor(cell_colour(figures.cell)))
                self.setItem(row, column, item)
        # The length claim measures no gradients: no column of dashes.
        self.setColumnHidden(4, not cost and bool(rows) and all(r.ratio == "—" for r in rows))
        self.resizeRowsToContents()

    def changeEvent(self, event: QEvent) -> None:  # noqa: D102 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # zoomed: rows need more room
            self.resizeRowsToContents()

    def rows(self) -> list[TableRow]:
        """The figures shown, row by row, as numbers."""
        return list(self._rows)

    def texts(self) -> list[list[str]]:
        """The table as a person reads it, row by row."""
        rows = []
        for row in range(self.rowCount()):
            items = [self.item(row, column) for column in range(self.columnCount())]
            rows.append([item.text() if item is not None else "" for item in items])
        return rows
