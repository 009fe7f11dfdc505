"""ModelSummaryView: Keras-style layers, output shapes and parameter counts of the settings."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lstm_gui.core.config import ModelConfig, sequence_shape
from lstm_gui.gui.presentation import mark_sizes_itself
from lstm_gui.gui.widgets.labels import wrapped_label

DEBOUNCE_MS = 150  # rebuild once typing pauses, not on every keystroke


class ModelSummaryView(QWidget):
    """Follows the settings: the summary is rebuilt shortly after they change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pending: tuple[ModelConfig, str, int | None, int] | None = None
        self._shown: tuple[ModelConfig, str, int | None, int] | None = None
        self._ready = False  # False until torch may be imported (after the window shows)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Layer"), self.tr("Output shape"), self.tr("Parameters")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setAccessibleName(self.tr("Model layers"))
        mark_sizes_itself(self.table)  # its height is its rows': _fit_table
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.total = wrapped_label(self.tr("Loading PyTorch…"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(self.total)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._on_debounce_timeout)

    def set_config(
        self, model: ModelConfig, sequence: str, steps: int | None = None, blank_steps: int = 0
    ) -> None:
        """Summarise this model (read with this view, cut into `steps`) once settings settle.

        `blank_steps` follow the image's steps (the memory task): the network reads them too.
        """
        self._pending = (model, sequence, steps, blank_steps)
        if self._ready:
            self._timer.start()

    def enable(self) -> None:
        """PyTorch may be imported now: build the pending summary at once."""
        self._ready = True
        self.rebuild()

    def rebuild(self) -> None:
        """Build the summary of the pending settings now."""
        self._timer.stop()
        if self._pending is None:
            return
        from lstm_gui.core.run.costs import recurrent_macs_per_step
        from lstm_gui.core.run.model import SequenceClassifier, keras_parameter_count, model_summary

        if self._pending == self._shown:
            return
        config, sequence, pending_steps, blank_steps = self._pending
        self._shown = self._pending
        # Counting needs no Keras-style initialisation, whose QR decompositions cost
        # a visible fraction of a second for large layers.
        model = SequenceClassifier(replace(config, keras_init=False))
        image_steps, _ = sequence_shape(sequence, pending_steps)
        steps = image_steps + blank_steps  # every step the network reads
        rows = model_summary(model, steps)
        # Core names two rows in English; the layer names (LSTM(128)) are the same everywhere.
        names = {
            "Input": self.tr("Input"),
            "Softmax (in the loss)": self.tr("Softmax (in the loss)"),
        }
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            values = [names.get(row.layer, row.layer), row.output_shape, f"{row.parameters:,}"]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(index, column, item)
        self._fit_table()
        total = sum(p.numel() for p in model.parameters())
        text = self.tr("Total parameters: {0}").format(f"{total:,}")
        keras_total = keras_parameter_count(model)
        if keras_total != total:
            text += " " + self.tr(
                "(Keras counts {0}: it keeps one bias per gate, PyTorch two.)"
            ).format(f"{keras_total:,}")
        macs = recurrent_macs_per_step(config)
        text += "\n" + self.tr(
            "Multiply-adds of the recurrent layer: {0} per step, {1} per image of {2} steps."
        ).format(f"{macs:,}", f"{macs * steps:,}", steps)
        self.total.setText(text)

    def _fit_table(self) -> None:
        """As tall as its rows, which grow with the font (zoomed, they overlapped)."""
        self.table.resizeRowsToContents()
        height = self.table.horizontalHeader().sizeHint().height() + sum(
            self.table.rowHeight(i) for i in range(self.table.rowCount())
        )
        self.table.setFixedHeight(height + 2 * self.table.frameWidth())

    def changeEvent(self, event: QEvent) -> None:  # noqa: D102 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self.table.rowCount():
            # Once the table, told after its parent, has the new font too.
            QTimer.singleShot(0, self, self._fit_table)  # not once the view is gone

    def total_text(self) -> str:
        """The total line a person reads."""
        return self.total.text()

    def _on_debounce_timeout(self) -> None:
        self.rebuild()
