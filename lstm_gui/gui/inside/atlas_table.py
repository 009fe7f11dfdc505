"""The unit atlas as a sortable table: one row per unit, thumbnails of the digits that drive it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from lstm_gui.core.config import IMAGE_SIDE

if TYPE_CHECKING:
    import torch

    from lstm_gui.core.inside.unit_atlas import UnitAtlas

MARK = QColor("#e0245e")  # the row at which a digit drives the unit most
DRAWN_IN_TOP = QColor("#fff3b0")  # the drawn digit drives this unit as hard as its top digits
THUMB_GAP = 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # the number a column sorts by
TIE_ROLE = Qt.ItemDataRole.UserRole + 2  # the number that orders equal SORT_ROLE values


class SortableItem(QTableWidgetItem):
    """A cell that sorts by the number stored under SORT_ROLE, not by its text."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_ROLE), other.data(SORT_ROLE)
        if mine is None or theirs is None:
            return super().__lt__(other)
        return (float(mine), float(self.data(TIE_ROLE) or 0.0)) < (
            float(theirs),
            float(other.data(TIE_ROLE) or 0.0),
        )


def number_item(text: str, value: float, tip: str = "", tie: float = 0.0) -> SortableItem:
    """A right-aligned cell showing `text` that sorts by `value`, then by `tie`."""
    item = SortableItem(text)
    item.setData(SORT_ROLE, value)
    item.setData(TIE_ROLE, tie)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if tip:
        item.setToolTip(tip)
    return item


def thumbnail_strip(images: np.ndarray, rows: np.ndarray) -> QPixmap:
    """uint8 digits (k, 28, 28) side by side, ink dark, each with its driving row marked."""
    count = len(images)
    width = count * (IMAGE_SIDE + THUMB_GAP)
    canvas = np.full((IMAGE_SIDE, width), 255, dtype=np.uint8)
    for index, image in enumerate(images):
        left = index * (IMAGE_SIDE + THUMB_GAP)
        canvas[:, left : left + IMAGE_SIDE] = 255 - image
    qimage = QImage(canvas.data, width, IMAGE_SIDE, width, QImage.Format.Format_Grayscale8)
    pixmap = QPixmap.fromImage(qimage.copy())  # copy: the array goes away
    painter = QPainter(pixmap)
    painter.setPen(QPen(MARK, 1))
    for index, row in enumerate(rows):
        left = index * (IMAGE_SIDE + THUMB_GAP)
        y = min(int(row), IMAGE_SIDE) - 1  # a blank step marks the last row
        painter.drawLine(left, y, left + 3, y)
        painter.drawLine(left + IMAGE_SIDE - 4, y, left + IMAGE_SIDE - 1, y)
    painter.end()
    return pixmap


class AtlasTable(QTableWidget):
    """Unit, accuracy drop, true-class probability drop, drivers, the drawn digit, saturation."""

    UNIT, DROP, CONFIDENCE, DRIVERS, DRAWN = range(5)  # then one column per gate

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self._atlas: UnitAtlas | None = None
        self._gate_symbols: list[str] = []
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(IMAGE_SIDE + 6)
        self.setIconSize(QSize(5 * (IMAGE_SIDE + THUMB_GAP), IMAGE_SIDE))
        self._set_headers([])

    def _set_headers(self, gate_symbols: list[str]) -> None:
        headers = [
            self.tr("Unit"),
            self.tr("Accuracy drop\n(points)"),
            self.tr("True-class\nprobability drop"),
            self.tr("Digits that drive it most (|h|)"),
            self.tr("Your digit\n(peak h, row)"),
        ] + [self.tr("{0} saturated\n(% of states)").format(symbol) for symbol in gate_symbols]
        tips = [
            self.tr("The unit's number, from 1 (the Draw tab's heatmap columns)."),
            self.tr(
                "Test accuracy with every unit minus the accuracy with this unit's h set to 0 "
                "after every step, in percentage points; negative: it did better without it."
            ),
            self.tr(
                "The fall of the mean probability given to the true class when the unit is "
                "silenced, in percentage points: it ranks units that flip no answer."
            ),
            self.tr(
                "The test digits at which |h| of this unit peaks highest, each with a red tick "
                "at the row where it peaks; hover for the values."
            ),
            self.tr(
                "The drawn digit's h where its |h| peaks, and that row; yellow: as strong as "
                "the unit's top test digits."
            ),
        ] + [
            self.tr(
                "The share of (test digit, row) states at which gate {0} is saturated: below "
                "0.05 or above 0.95 (the tanh candidate: beyond -0.95 or 0.95)."
            ).format(symbol)
            for symbol in gate_symbols
        ]
        self.setColumnCount(len(headers))
        for column, (text, tip) in enumerate(zip(headers, tips, strict=True)):
            item = QTableWidgetItem(text)
            item.setToolTip(tip)
            self.setHorizontalHeaderItem(column, item)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.DRIVERS, QHeaderView.ResizeMode.Stretch)

    def atlas(self) -> UnitAtlas | None:
        """The atlas shown, or None."""
        return self._atlas

    def show_atlas(
        self, atlas: UnitAtlas | None, images: torch.Tensor | None, labels: torch.Tensor | None
    ) -> None:
        """One row per unit, the most needed first (None: empty the table)."""
        self.setSortingEnabled(False)
        self._atlas = atlas
        self.setRowCount(0)
        if atlas is None or images is None or labels is None:
            return
        gates = list(atlas.saturation)
        self._gate_symbols = [gate.symbol for gate in gates]
        self._set_headers(self._gate_symbols)
        self.setRowCount(atlas.units)
        for row, unit in enumerate(atlas.ranked()):
            unit = int(unit)
            self.setItem(row, self.UNIT, number_item(str(unit + 1), unit + 1))
            drop = 100 * float(atlas.accuracy_drop[unit])
            confidence = 100 * float(atlas.confidence_drop[unit])
            # Few digits flip: units that cost as many are ordered by the probability lost.
            self.setItem(row, self.DROP, number_item(f"{drop:+.1f}", drop, tie=confidence))
            self.setItem(row, self.CONFIDENCE, number_item(f"{confidence:+.2f}", confidence))
            self.setItem(row, self.DRIVERS, self._drivers_item(atlas, unit, images, labels))
            self.setItem(row, self.DRAWN, number_item("", 0.0))
            for column, gate in enumerate(gates, start=self.DRAWN + 1):
                share = 100 * float(atlas.saturation[gate][unit])
                self.setItem(row, column, number_item(f"{share:.1f}", share))
        self.setSortingEnabled(True)
        self.sortItems(self.DROP, Qt.SortOrder.DescendingOrder)

    def _drivers_item(
        self, atlas: UnitAtlas, unit: int, images: torch.Tensor, labels: torch.Tensor
    ) -> SortableItem:
        drivers = atlas.drivers
        digits = drivers.digits[unit]
        item = SortableItem()
        strip = thumbnail_strip(images[digits].numpy(), drivers.entries[unit])
        item.setData(Qt.ItemDataRole.DecorationRole, strip)
        peak = float(np.abs(drivers.values[unit]).max()) if len(digits) else 0.0
        item.setData(SORT_ROLE, peak)
        lines = [
            self.tr("a {label} (test digit #{index}): h = {value:+.2f} at row {row}").format(
                label=int(labels[int(digit)]),
                index=int(digit) + 1,  # counted from 1, as the Interventions view counts
                value=float(value),
                row=int(entry),
            )
            for digit, value, entry in zip(
                digits, drivers.values[unit], drivers.entries[unit], strict=True
            )
        ]
        item.setToolTip("\n".join(lines))
        return item

    def show_drawn(self, hidden: np.ndarray | None) -> None:
        """The drawn digit's peak h per unit (entries, hidden), marked where it is a top driver."""
        atlas = self._atlas
        if atlas is None:
            return
        sorting = self.isSortingEnabled()
        self.setSortingEnabled(False)  # editing cells of a sorted table moves the rows
        weakest_top = np.abs(atlas.drivers.values[:, -1]) if atlas.drivers.values.size else None
        for row in range(self.rowCount()):
            unit_item, drawn_item = self.item(row, self.UNIT), self.item(row, self.DRAWN)
            if unit_item is None or drawn_item is None:
                continue
            unit = int(unit_item.data(SORT_ROLE)) - 1
            if hidden is None:
                drawn_item.setText("")
                drawn_item.setData(SORT_ROLE, 0.0)
                drawn_item.setBackground(QColor(0, 0, 0, 0))
                continue
            entry = int(np.abs(hidden[:, unit]).argmax())
            value = float(hidden[entry, unit])
            drawn_item.setText(f"{value:+.2f} ({entry + 1})")
            drawn_item.setData(SORT_ROLE, abs(value))
            in_top = weakest_top is not None and abs(value) >= weakest_top[unit]
            drawn_item.setBackground(DRAWN_IN_TOP if in_top else QColor(0, 0, 0, 0))
            drawn_item.setToolTip(
                self.tr("Your digit drives this unit as hard as its top test digits.")
                if in_top
                else ""
            )
        self.setSortingEnabled(sorting)

    def column_values(self, column: int) -> list[str]:
        """The texts of a column from top to bottom (the unit numbers for UNIT)."""
        return [
            item.text() if (item := self.item(row, column)) is not None else ""
            for row in range(self.rowCount())
        ]
