"""A compact 10x10 confusion table of the model on the personal set: what each digit was read as."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

CLASSES = 10
CELL = 22
RIGHT = QColor("#cdebd3")  # read correctly (the diagonal)
WRONG = QColor("#f6c9c9")  # read as another digit


class ConfusionGrid(QTableWidget):
    """Rows: the digit you meant; columns: the digit the model read. Empty cells are zero."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(CLASSES, CLASSES, parent)
        digits = [str(digit) for digit in range(CLASSES)]
        self.setHorizontalHeaderLabels(digits)
        self.setVerticalHeaderLabels(digits)
        for header in (self.horizontalHeader(), self.verticalHeader()):
            header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            header.setDefaultSectionSize(CELL)
            header.setMinimumSectionSize(CELL)
            for section in range(CLASSES):  # the default size does not reach existing sections
                header.resizeSection(section, CELL)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName(self.tr("Confusion on my digits"))
        # The corner button would select all; nothing here is selectable, so it only has a name.
        self.setCornerButtonEnabled(False)
        corner = self.findChild(QAbstractButton)
        if corner is not None:
            corner.setAccessibleName(self.accessibleName())
        self.setToolTip(
            self.tr("Rows: the digit you drew; columns: what the model read. Green: right.")
        )
        self._counts = np.zeros((CLASSES, CLASSES), dtype=np.int64)
        self.show_confusion(None)

    def fit_size(self) -> None:
        """Be exactly as large as the cells and the headers, which are a cell wide and high."""
        self.verticalHeader().setFixedWidth(CELL)
        self.horizontalHeader().setFixedHeight(CELL)
        side = (CLASSES + 1) * CELL + 2 * self.frameWidth()
        self.setFixedSize(side, side)

    def show_confusion(self, confusion: np.ndarray | None) -> None:
        """Show counts [true, read as]; None empties the table."""
        counts = (
            np.zeros((CLASSES, CLASSES), np.int64)
            if confusion is None
            else np.asarray(confusion, dtype=np.int64)[:CLASSES, :CLASSES]
        )
        self._counts = counts
        for true_class in range(CLASSES):
            for read_as in range(CLASSES):
                count = int(counts[true_class, read_as])
                item = QTableWidgetItem(str(count) if count else "")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if count:
                    item.setBackground(QBrush(RIGHT if true_class == read_as else WRONG))
                self.setItem(true_class, read_as, item)
        self.fit_size()

    def counts(self) -> np.ndarray:
        """The counts shown."""
        return self._counts.copy()
