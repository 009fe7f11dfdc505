"""The network's answer: the digit, how sure it is, and a bar for each of the ten digits."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from lstm_gui.gui.draw.draw_style import ACCENT, BAR, BAR_BEST, TEXT_MUTED
from lstm_gui.gui.draw.layout_parts import column, make_bold
from lstm_gui.gui.widgets.figure_export import register_figure
from lstm_gui.gui.widgets.look_for import attach_look_for
from lstm_gui.gui.widgets.view_box import menuless_view_box

CLASSES = 10


class PredictionPanel(QWidget):
    """Shows a prediction, or a hint when there is nothing to read.

    `title` names the figure (default "Prediction"); `look_for_key` is the what-to-look-for
    text its plot's "?" opens, None for none (a view that shows two panels explains them once).
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        title: str | None = None,
        look_for_key: str | None = "draw.probabilities",
    ) -> None:
        super().__init__(parent)
        self._digit = QLabel("–", self)
        make_bold(self._digit, 4.2)
        self._digit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._digit.setMinimumWidth(90)
        self._digit.setStyleSheet(f"color: {ACCENT};")
        self._caption = QLabel(self.tr("The network reads"), self)
        self._caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._confidence = QLabel(self)
        self._confidence.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._confidence.setWordWrap(True)
        self._confidence.setStyleSheet(f"color: {TEXT_MUTED};")

        self._plot = pg.PlotWidget(self, viewBox=menuless_view_box())
        self._plot.setBackground(None)
        self._plot.setMenuEnabled(False)
        self._plot.setMouseEnabled(x=False, y=False)
        self._plot.hideButtons()
        # A little room above 100% and below 0% keeps those tick labels from being dropped.
        self._plot.setYRange(-0.07, 1.1, padding=0)
        self._plot.setXRange(-0.6, CLASSES - 0.4, padding=0)
        self._plot.setLabel("left", self.tr("probability"))
        self._plot.setLabel("bottom", self.tr("digit"))
        bottom = self._plot.getAxis("bottom")
        bottom.setTicks([[(d, str(d)) for d in range(CLASSES)]])
        left = self._plot.getAxis("left")
        left.setTicks([[(v, f"{v:.0%}") for v in (0.0, 0.5, 1.0)]])
        self._plot.showGrid(y=True, alpha=0.25)
        self._bars = pg.BarGraphItem(
            x=np.arange(CLASSES),
            height=np.zeros(CLASSES),
            width=0.7,
            brushes=[BAR] * CLASSES,
            pen=None,
        )
        self._plot.addItem(self._bars)
        self._plot.setMinimumHeight(120)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(column(self._caption, self._digit, self._confidence))
        layout.addWidget(self._plot, 1)
        self.show_empty()
        self.figure = register_figure(self, title or self.tr("Prediction"))
        if look_for_key is not None:
            attach_look_for(self._plot, look_for_key)

    def digit_text(self) -> str:
        """The digit as shown ("–" when nothing is read)."""
        return self._digit.text()

    def confidence_text(self) -> str:
        """The line under the digit."""
        return self._confidence.text()

    def bar_heights(self) -> np.ndarray:
        """The bars' heights, digit 0 to 9."""
        return np.asarray(self._bars.opts["height"], dtype=np.float64)

    def show_empty(self) -> None:
        """Nothing to read: a dash and a hint, no bars."""
        self._digit.setText("–")
        self._confidence.setText(self.tr("Draw a digit to see what the network reads."))
        self._bars.setOpts(height=np.zeros(CLASSES), brushes=[BAR] * CLASSES)

    def show_probabilities(self, probabilities: np.ndarray) -> None:
        """Show the best guess, its confidence and all ten probabilities."""
        probabilities = np.asarray(probabilities, dtype=np.float64)
        best = int(probabilities.argmax())
        self._digit.setText(str(best))
        self._confidence.setText(
            self.tr("{percent}% sure").format(percent=f"{100 * probabilities[best]:.1f}")
        )
        brushes = [BAR_BEST if d == best else BAR for d in range(CLASSES)]
        self._bars.setOpts(height=probabilities, brushes=brushes)
