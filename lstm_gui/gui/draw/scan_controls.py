"""The row scan's controls: play, pause, one row back or forward, and the slider of rows read."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QToolButton, QWidget

from lstm_gui.core.config import IMAGE_SIDE

PLAY_INTERVAL_MS = 160


class ScanControls(QWidget):
    """Moves the scan line over `rows` rows (1..rows) by hand or by itself; says where it is.

    Its texts keep the RowScanView context, where the translations have them.
    """

    moved = Signal(int)  # the row the scan line is now below

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows = IMAGE_SIDE
        self._timer = QTimer(self)
        self._timer.setInterval(PLAY_INTERVAL_MS)
        self._timer.timeout.connect(self._on_tick)

        self._play = QToolButton(self)
        self._play.setCheckable(True)
        self._play.setToolTip(
            QCoreApplication.translate("RowScanView", "Play: read the digit row by row (Space)")
        )
        self._play.setShortcut(Qt.Key.Key_Space)
        self._play.toggled.connect(self._on_play_toggled)
        self._back = QToolButton(self)
        self._back.setText("◀")
        self._back.setToolTip(QCoreApplication.translate("RowScanView", "One row back"))
        self._back.clicked.connect(self._on_back_clicked)
        self._forward = QToolButton(self)
        self._forward.setText("▶")
        self._forward.setToolTip(QCoreApplication.translate("RowScanView", "One row forward"))
        self._forward.clicked.connect(self._on_forward_clicked)
        self._slider = QSlider(Qt.Orientation.Horizontal, self)
        self._slider.setRange(1, IMAGE_SIDE)
        self._slider.setValue(IMAGE_SIDE)
        self._slider.setToolTip(
            QCoreApplication.translate(
                "RowScanView", "Drag to choose how many rows the network has read"
            )
        )
        self._slider.valueChanged.connect(self._on_slider_moved)
        self._slider.setAccessibleName(QCoreApplication.translate("RowScanView", "Rows read"))
        self._slider.setAccessibleDescription(
            QCoreApplication.translate(
                "RowScanView",
                "How many rows of the digit the network has read; arrow keys move it",
            )
        )
        self._row_label = QLabel(self)
        self._row_label.setMinimumWidth(110)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._play)
        layout.addWidget(self._back)
        layout.addWidget(self._forward)
        layout.addWidget(self._slider, 1)
        layout.addWidget(self._row_label)
        self._update_play_button()

    def row(self) -> int:
        """The row the scan line is below (1..rows)."""
        return self._slider.value()

    def rows(self) -> int:
        """The rows the scan line moves over."""
        return self._rows

    def set_rows(self, rows: int) -> None:
        """Move over `rows` rows from now on; a line at the end stays at the end, the answer."""
        at_end = self.row() >= self._rows
        self._rows = rows
        self._slider.setRange(1, rows)
        if at_end:
            self._slider.setValue(rows)

    def set_row(self, row: int) -> None:
        """Move the scan line to just below row `row` (clipped to 1..rows)."""
        self._slider.setValue(int(np.clip(row, 1, self._rows)))

    def step(self, rows: int) -> None:
        """Move the scan line by `rows` (negative: back)."""
        self.set_row(self.row() + rows)

    def play(self) -> None:
        """Move the line by itself, from the top when it is at the end."""
        self._play.setChecked(True)

    def pause(self) -> None:
        """Stop the scan line where it is."""
        self._play.setChecked(False)

    def is_playing(self) -> bool:
        """True while the scan line moves by itself."""
        return self._timer.isActive()

    def set_position_text(self, text: str) -> None:
        """Where the scan line is, beside the slider."""
        self._row_label.setText(text)

    def position_text(self) -> str:
        """The text beside the slider."""
        return self._row_label.text()

    def set_controls_enabled(self, enabled: bool) -> None:
        """Enable the buttons and slider (off while there is nothing to scan)."""
        for widget in (self._play, self._back, self._forward, self._slider):
            widget.setEnabled(enabled)

    def _update_play_button(self) -> None:
        playing = self._play.isChecked()
        self._play.setText(
            QCoreApplication.translate("RowScanView", "❚❚ Pause")
            if playing
            else QCoreApplication.translate("RowScanView", "▶ Play")
        )

    # ------------------------------------------------------------------ slots

    def _on_play_toggled(self, playing: bool) -> None:
        if playing:
            if self.row() >= self._rows:
                self.set_row(1)
            self._timer.start()
        else:
            self._timer.stop()
        self._update_play_button()

    def _on_tick(self) -> None:
        if self.row() >= self._rows:
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
        self.moved.emit(row)
