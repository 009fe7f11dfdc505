"""ResultsTable: one row per finished run of an experiment: cost, speed, accuracy, gradients."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from lstm_gui.gui.claims.experiment_plots import CELL_COLOURS

if TYPE_CHECKING:
    from lstm_gui.core.claims.experiments import ClaimRun


def _ratio(value: float) -> str:
    return "—" if not math.isfinite(value) else f"{value:.3g}"


class ResultsTable(QTableWidget):
    """Cell, steps, parameters, multiply-adds per sample, samples/s, accuracy, early/late."""

    def __init__(self) -> None:
        super().__init__(0, 8)
        self.setHorizontalHeaderLabels(
            [
                self.tr("Cell"),
                self.tr("Steps"),
                self.tr("Parameters"),
                self.tr("Mult-adds / sample"),
                self.tr("Samples/s"),
                self.tr("Accuracy"),
                self.tr("Early/late trained"),
                self.tr("Early/late at start"),
            ]
        )
        tips = {
            6: self.tr(
                "Mean gradient reaching the first quarter of the steps ÷ the last quarter's, "
                "after training. Far below 1: the early steps barely move the loss."
            ),
            7: self.tr("The same before training."),
        }
        for column, tip in tips.items():
            header = self.horizontalHeaderItem(column)
            if header is not None:
                header.setToolTip(tip)
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(self.tr("Results"))
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)

    def show_runs(self, runs: Sequence[ClaimRun]) -> None:
        """One row per run, in the order they finished."""
        self.setRowCount(len(runs))
        for row, run in enumerate(runs):
            values = [
                run.cell.upper(),
                str(run.steps),
                f"{run.params:,}",
                f"{run.macs_per_sample:,}",
                f"{run.samples_per_s:,.0f}",
                f"{100 * run.val_acc:.1f}%",
                _ratio(run.early_late_ratio),
                _ratio(run.initial_early_late_ratio),
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                else:
                    item.setForeground(QColor(CELL_COLOURS.get(run.cell, "#333333")))
                self.setItem(row, column, item)
        self.resizeRowsToContents()
        # As tall as its rows, so the verdict below gets the room the table does not need.
        height = self.horizontalHeader().height() + 2 * self.frameWidth() + 4
        height += sum(self.rowHeight(row) for row in range(self.rowCount()))
        self.setMaximumHeight(max(height, 4 * self.horizontalHeader().height()))

    def texts(self) -> list[list[str]]:
        """The table as a person reads it, row by row."""
        rows = []
        for row in range(self.rowCount()):
            items = [self.item(row, column) for column in range(self.columnCount())]
            rows.append([item.text() if item is not None else "" for item in items])
        return rows
