"""Row experiments: change which rows the network reads, or their order, and see its answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSpinBox,
    QWidget,
)

from lstm_gui.core.config import IMAGE_SIDE
from lstm_gui.gui.draw.draw_style import CHANGED, TEXT_MUTED, UNCHANGED
from lstm_gui.gui.draw.layout_parts import column, make_bold
from lstm_gui.gui.widgets.figure_export import register_figure
from lstm_gui.gui.widgets.labels import wrapped_label
from lstm_gui.gui.widgets.look_for import attach_look_for

if TYPE_CHECKING:  # torch is imported only once a model is loaded
    from lstm_gui.core.reading.inference import Predictor, RowScan
    from lstm_gui.core.reading.row_experiments import ExperimentOutcome, RowExperiment

THUMBNAIL_SCALE = 4
WIDE_COLUMNS, NARROW_COLUMNS = 3, 2  # cards side by side, as room allows
ERASED_TINT = np.array([150, 30, 50], dtype=np.float32)  # rows blanked on purpose
UNREAD_TINT = np.array([52, 62, 82], dtype=np.float32)  # rows the network never reads


def _thumbnail(image: np.ndarray, tinted_rows: np.ndarray | None, tint: np.ndarray) -> QPixmap:
    """A 28x28 image enlarged pixel for pixel, with some rows coloured to show what changed."""
    grey = np.clip(image, 0.0, 1.0)[..., None] * 255.0
    rgb = np.repeat(grey, 3, axis=2)
    if tinted_rows is not None:
        rgb[tinted_rows] = 0.45 * rgb[tinted_rows] + tint
    rgb = np.ascontiguousarray(np.clip(rgb, 0, 255).astype(np.uint8))
    picture = QImage(rgb.data, IMAGE_SIDE, IMAGE_SIDE, 3 * IMAGE_SIDE, QImage.Format.Format_RGB888)
    side = IMAGE_SIDE * THUMBNAIL_SCALE
    return QPixmap.fromImage(picture.copy()).scaled(
        side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
    )


class _Card(QFrame):
    """One experiment: what it does, its settings, the input as fed, and the answer."""

    def __init__(
        self, title: str, explanation: str, parent: QWidget, *controls: QWidget | str
    ) -> None:
        """`controls`: the settings, in a row under the explanation (a string becomes a label)."""
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("experimentCard")
        self.title = QLabel(title, self)
        make_bold(self.title)
        self.explanation = wrapped_label(explanation, parent=self, style=f"color: {TEXT_MUTED};")
        self.picture = QLabel(self)
        self.picture.setFixedSize(IMAGE_SIDE * THUMBNAIL_SCALE, IMAGE_SIDE * THUMBNAIL_SCALE)
        self.picture.setStyleSheet("background: black;")
        self.result = wrapped_label(parent=self, rich=True)
        settings = QHBoxLayout()
        settings.setContentsMargins(0, 0, 0, 0)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(column(self.title, self.explanation, settings, self.result), 1)
        for control in controls:
            settings.addWidget(QLabel(control, self) if isinstance(control, str) else control)
        if controls:
            settings.addStretch(1)


class RowExperimentsView(QWidget):
    """Six cards: the digit as drawn, and five ways of changing the rows the network reads."""

    settings_changed = Signal()  # a setting changed: the experiments must be run again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shuffle_seed = 1
        self._image: np.ndarray | None = None

        self._original = _Card(
            self.tr("Your digit"), self.tr("All 28 rows, top to bottom, as drawn."), self
        )
        self._erase_from = self._spin_box(12, self.tr("first row to erase"))
        self._erase_to = self._spin_box(14, self.tr("last row to erase"))
        self._erase = _Card(
            self.tr("Erase rows"),
            self.tr("Blank some rows. Which rows does the answer depend on?"),
            self,
            self.tr("rows"),
            self._erase_from,
            "–",
            self._erase_to,
        )
        self._stop_after = self._spin_box(14, self.tr("rows read before answering"))
        self._stop = _Card(
            self.tr("Stop early"),
            self.tr("Read only the first rows, then answer. How many rows are enough?"),
            self,
            self.tr("stop after row"),
            self._stop_after,
        )

        self._reverse = _Card(
            self.tr("Reverse the rows"),
            self.tr("Read from the bottom row up. The network learned top-down reading."),
            self,
        )
        self._columns = _Card(
            self.tr("Columns instead of rows"),
            self.tr("Read the columns left to right (the image turned on its side)."),
            self,
        )
        self._reshuffle = QPushButton(self.tr("Shuffle again"), self)
        self._reshuffle.clicked.connect(self._on_reshuffle_clicked)
        self._shuffle = _Card(
            self.tr("Shuffle the rows"),
            self.tr("Read the rows in a random order. Does the order matter?"),
            self,
            self._reshuffle,
        )

        # The changed inputs' cards, in the order of experiments_for.
        self._changed = (self._erase, self._stop, self._reverse, self._columns, self._shuffle)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(4, 4, 4, 4)
        # The cards reflow to two columns when three do not fit (a lesson's notes beside the
        # tab at 1366 px): the view's minimum is the two-column one, not the layout's.
        self._grid.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._columns_shown = 0
        self._arrange(WIDE_COLUMNS)
        self.show_outcomes(None, None)
        self.figure = register_figure(self, self.tr("Row experiments"))
        attach_look_for(self, "draw.experiments")

    def _cards(self) -> tuple[_Card, ...]:
        return (self._original, *self._changed)

    def _arrange(self, columns: int) -> None:
        """Lay the six cards out `columns` wide, in reading order."""
        if columns == self._columns_shown:
            return
        self._columns_shown = columns
        for card in self._cards():
            self._grid.removeWidget(card)
        for index, card in enumerate(self._cards()):
            self._grid.addWidget(card, index // columns, index % columns)

    def columns(self) -> int:
        """How many cards stand side by side now (3, or 2 when the view is narrow)."""
        return self._columns_shown

    def _needed_width(self, columns: int) -> int:
        margins = self._grid.contentsMargins()
        card = max(c.minimumSizeHint().width() for c in self._cards())
        spacing = max(self._grid.horizontalSpacing(), 0)
        return columns * card + (columns - 1) * spacing + margins.left() + margins.right()

    def _needed_height(self, columns: int) -> int:
        margins = self._grid.contentsMargins()
        card = max(c.minimumSizeHint().height() for c in self._cards())
        rows = -(-len(self._cards()) // columns)
        spacing = max(self._grid.verticalSpacing(), 0)
        return rows * card + (rows - 1) * spacing + margins.top() + margins.bottom()

    def minimumSizeHint(self) -> QSize:  # noqa: D102 (Qt override)
        return QSize(self._needed_width(NARROW_COLUMNS), self._needed_height(NARROW_COLUMNS))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: D102 (Qt override)
        super().resizeEvent(event)
        wide = event.size().width() >= self._needed_width(WIDE_COLUMNS)
        self._arrange(WIDE_COLUMNS if wide else NARROW_COLUMNS)

    def _spin_box(self, value: int, tip: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(1, IMAGE_SIDE)
        spin.setValue(value)
        spin.setToolTip(tip)
        spin.setAccessibleName(tip)  # "first row to erase" and the like
        spin.valueChanged.connect(self._on_setting_changed)
        return spin

    # ------------------------------------------------------------------ public

    def set_erase_rows(self, first: int, last: int) -> None:
        """Choose the band of rows to erase (1-based, inclusive)."""
        self._erase_from.setValue(first)
        self._erase_to.setValue(last)

    def set_stop_after(self, rows: int) -> None:
        """Choose after how many rows the network must answer."""
        self._stop_after.setValue(rows)

    def experiments_for(self, image: np.ndarray) -> list[RowExperiment]:
        """The five changed inputs for an image, with the settings shown."""
        from lstm_gui.core.reading import row_experiments as experiments

        return [
            experiments.erase_rows(image, self._erase_from.value(), self._erase_to.value()),
            experiments.stop_after(image, self._stop_after.value()),
            experiments.reverse_rows(image),
            experiments.columns_as_rows(image),
            experiments.shuffle_rows(image, self._shuffle_seed),
        ]

    def run_for(
        self, predictor: Predictor | None, image: np.ndarray | None, scan: RowScan | None
    ) -> None:
        """Run the five experiments on `image` with this model and show them (None: clear)."""
        from lstm_gui.core.reading.row_experiments import one_thread, run_experiments

        if image is None or scan is None or predictor is None:
            self.show_outcomes(None, None)
            return
        with one_thread():
            outcomes = run_experiments(predictor, self.experiments_for(image))
        self.show_outcomes((image, scan.probabilities[-1]), outcomes)

    def result_texts(self) -> list[str]:
        """Each card's answer line, as shown (rich text), original first."""
        return [card.result.text() for card in (self._original, *self._changed)]

    def show_outcomes(
        self,
        original: tuple[np.ndarray, np.ndarray] | None,
        outcomes: list[ExperimentOutcome] | None,
    ) -> None:
        """Show the original (image, probabilities) and each experiment's outcome."""
        if original is None or outcomes is None:
            blank = np.zeros((IMAGE_SIDE, IMAGE_SIDE), dtype=np.float32)
            for card in (self._original, *self._changed):
                card.picture.setPixmap(_thumbnail(blank, None, ERASED_TINT))
                card.result.setText(self.tr("Draw a digit first."))
            return
        image, probabilities = original
        digit = int(np.argmax(probabilities))
        self._original.picture.setPixmap(_thumbnail(image, None, ERASED_TINT))
        self._original.result.setText(
            self.tr("reads <b>{digit}</b> ({percent}% sure)").format(
                digit=digit, percent=f"{100 * probabilities[digit]:.0f}"
            )
        )
        for card, outcome in zip(self._changed, outcomes, strict=True):
            card.picture.setPixmap(self._picture_of(outcome.experiment))
            same = outcome.digit == digit
            verdict = self.tr("same answer") if same else self.tr("changed!")
            card.result.setText(
                self.tr(
                    "reads <b>{digit}</b> ({percent}% sure): <b style='color:{colour}'>"
                    "{verdict}</b>"
                ).format(
                    digit=outcome.digit,
                    percent=f"{100 * outcome.confidence:.0f}",
                    colour=UNCHANGED if same else CHANGED,
                    verdict=verdict,
                )
            )

    def _picture_of(self, experiment: RowExperiment) -> QPixmap:
        rows = np.arange(IMAGE_SIDE)
        if experiment.kind == "erase_rows":
            first, last = sorted((self._erase_from.value(), self._erase_to.value()))
            return _thumbnail(experiment.image, (rows >= first - 1) & (rows < last), ERASED_TINT)
        if experiment.kind == "stop_after":
            return _thumbnail(experiment.image, rows >= experiment.rows_read, UNREAD_TINT)
        return _thumbnail(experiment.image, None, ERASED_TINT)

    # ------------------------------------------------------------------ slots

    def _on_setting_changed(self) -> None:
        self.settings_changed.emit()

    def _on_reshuffle_clicked(self) -> None:
        self._shuffle_seed += 1
        self.settings_changed.emit()
