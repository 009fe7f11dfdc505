"""The personal set as thumbnails with their labels, deletable with the Delete key or a button."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QKeyEvent, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem, QWidget

if TYPE_CHECKING:
    from lstm_gui.core.reading.personal_set import PersonalDigit

THUMBNAIL = 44
# The item's data role holding the digit's id.
ID_ROLE = Qt.ItemDataRole.UserRole
DELETE_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


def thumbnail(image: np.ndarray, side: int = THUMBNAIL) -> QPixmap:
    """A 28x28 uint8 image (ink high) as a square pixmap, white ink on black like MNIST."""
    pixels = np.ascontiguousarray(image, dtype=np.uint8)
    qimage = QImage(pixels.data, 28, 28, 28, QImage.Format.Format_Grayscale8).copy()
    return QPixmap.fromImage(qimage).scaled(
        side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
    )


class MyDigitsList(QListWidget):
    """Kept digits, oldest first, as thumbnails labelled with their digit.

    Selecting several and pressing Delete (or Backspace) asks for their deletion through
    `delete_requested`; the owner deletes them and shows the set again.
    """

    delete_requested = Signal(list)  # the ids of the selected digits

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setSpacing(2)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAccessibleName(self.tr("My digits"))
        self.setToolTip(self.tr("Your kept digits; select some and press Delete to remove them"))

    def show_digits(self, digits: Sequence[PersonalDigit]) -> None:
        """Show these digits (the selection is kept where the same digits remain)."""
        selected = set(self.selected_ids())
        self.clear()
        for digit in digits:
            item = QListWidgetItem(QIcon(thumbnail(digit.image)), str(digit.label))
            item.setData(ID_ROLE, digit.id)
            item.setToolTip(
                self.tr("A {digit}, kept {time}").format(
                    digit=digit.label, time=digit.created.replace("T", " ")
                )
            )
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.addItem(item)
            item.setSelected(digit.id in selected)
        if digits:
            self.scrollToBottom()  # the newest, just kept

    def labels(self) -> list[str]:
        """The labels shown, in order."""
        return [self.item(row).text() for row in range(self.count())]

    def ids(self) -> list[str]:
        """The ids of the digits shown, in order."""
        return [str(self.item(row).data(ID_ROLE)) for row in range(self.count())]

    def selected_ids(self) -> list[str]:
        """The ids of the selected digits, in the list's order."""
        return [
            str(self.item(row).data(ID_ROLE))
            for row in range(self.count())
            if self.item(row).isSelected()
        ]

    def event(self, event: QEvent) -> bool:  # noqa: D102 (Qt override)
        # The Draw tab's Delete shortcut clears the pad; in the list, Delete deletes digits.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.key() in DELETE_KEYS:
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: D102 (Qt override)
        if event.key() in DELETE_KEYS and self.selected_ids():
            self.delete_requested.emit(self.selected_ids())
            event.accept()
            return
        super().keyPressEvent(event)
