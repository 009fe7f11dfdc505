"""The intervention form: what to change (a gate, the memory, units), to what, where."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from lstm_gui.gui.draw.draw_style import TEXT_MUTED
from lstm_gui.gui.widgets.labels import wrapped_label

if TYPE_CHECKING:  # the form is built before torch is imported
    from lstm_gui.core.inside.interventions import Intervention, InterventionLimits

# What each cell lets a person change, in the order offered.
TARGETS_BY_CELL: dict[str, tuple[str, ...]] = {
    "lstm": ("forget", "input", "output", "cell", "state", "unit"),
    "gru": ("reset", "update", "state", "unit"),
    "rnn": ("state", "unit"),
}
GATES = ("forget", "input", "output", "reset", "update")


class InterveneForm(QWidget):
    """Spin boxes and a drop-down that make one Intervention; `changed` says it changed."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._target = QComboBox(self)
        self._value = QDoubleSpinBox(self)
        self._value.setRange(0.0, 1.0)
        self._value.setSingleStep(0.1)
        self._value.setDecimals(2)
        self._first_row, self._last_row = self._spin(), self._spin()
        self._first_unit, self._last_unit = self._spin(), self._spin()
        self._spec = wrapped_label(parent=self, selectable=True, style=f"color: {TEXT_MUTED};")
        # A screen reader announces each box by its own name: the form's labels name only pairs.
        for widget, name in (
            (self._target, self.tr("What to change")),
            (self._value, self.tr("Hold the gate at")),
            (self._first_row, self.tr("First row")),
            (self._last_row, self.tr("Last row")),
            (self._first_unit, self.tr("First unit")),
            (self._last_unit, self.tr("Last unit")),
        ):
            widget.setAccessibleName(name)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow(self.tr("Change"), self._target)
        layout.addRow(self.tr("Hold at"), self._value)
        layout.addRow(self.tr("Rows"), self._pair(self._first_row, self._last_row))
        layout.addRow(self.tr("Units"), self._pair(self._first_unit, self._last_unit))
        layout.addRow(self._spec)
        self._limits: InterventionLimits | None = None
        self._target.currentIndexChanged.connect(self._on_target_changed)
        for spin in (self._value, self._first_row, self._last_row):
            spin.valueChanged.connect(self._on_edited)
        for spin in (self._first_unit, self._last_unit):
            spin.valueChanged.connect(self._on_edited)
        self.setEnabled(False)

    def _spin(self) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(1, 1)
        spin.setKeyboardTracking(False)  # typing "14" is one change, not "1" then "14"
        return spin

    def _pair(self, first: QSpinBox, last: QSpinBox) -> QHBoxLayout:
        layout = QHBoxLayout()
        layout.addWidget(first, 1)
        layout.addWidget(QLabel(self.tr("to"), self))
        layout.addWidget(last, 1)
        return layout

    def target_names(self) -> dict[str, str]:
        """What the drop-down calls each target."""
        return {
            "forget": self.tr("forget gate f"),
            "input": self.tr("input gate i"),
            "output": self.tr("output gate o"),
            "reset": self.tr("reset gate r"),
            "update": self.tr("update gate z"),
            "cell": self.tr("memory c: empty it"),
            "state": self.tr("state h and c: empty it"),
            "unit": self.tr("units: silence them"),
        }

    def set_limits(self, limits: InterventionLimits) -> None:
        """Offer what this model has: its gates, rows (and blank steps) and units."""
        self._limits = limits
        names = self.target_names()
        self._target.blockSignals(True)
        self._target.clear()
        for target in TARGETS_BY_CELL.get(limits.cell, ()):
            self._target.addItem(names[target], target)
        self._target.blockSignals(False)
        for spin, top in (
            (self._first_row, limits.rows),
            (self._last_row, limits.rows),
            (self._first_unit, limits.hidden_size),
            (self._last_unit, limits.hidden_size),
        ):
            spin.blockSignals(True)
            spin.setRange(1, top)
            spin.setValue(1 if spin in (self._first_row, self._first_unit) else top)
            spin.blockSignals(False)
        self._value.blockSignals(True)
        self._value.setValue(0.0)
        self._value.blockSignals(False)
        self.setEnabled(not limits.bidirectional)
        for spin in (self._first_row, self._last_row):
            spin.setEnabled(not limits.permuted)  # its steps are shuffled pixels, not rows
            spin.setToolTip(
                self.tr("A permuted model reads the pixels shuffled: it has no rows to name.")
                if limits.permuted
                else ""
            )
        self._on_target_changed()

    def choose(
        self,
        target: str,
        value: float = 0.0,
        rows: tuple[int, int] | None = None,
        units: tuple[int, int] | None = None,
    ) -> None:
        """Set the form as a person would (e.g. a preset): one `changed` at the end."""
        assert self._limits is not None
        widgets = (self._target, self._value, *self._spins())
        for widget in widgets:
            widget.blockSignals(True)
        self._target.setCurrentIndex(self._target.findData(target))
        self._value.setValue(value)
        first_row, last_row = rows or (1, self._limits.rows)
        first_unit, last_unit = units or (1, self._limits.hidden_size)
        for spin, number in zip(
            self._spins(), (first_row, last_row, first_unit, last_unit), strict=True
        ):
            spin.setValue(number)
        for widget in widgets:
            widget.blockSignals(False)
        self._on_target_changed()

    def _spins(self) -> tuple[QSpinBox, ...]:
        return (self._first_row, self._last_row, self._first_unit, self._last_unit)

    def intervention(self) -> Intervention | None:
        """The Intervention the form shows; None before a model is known or for a bidirectional."""
        from lstm_gui.core.inside.interventions import Intervention

        target = self._target.currentData()
        if self._limits is None or target is None or self._limits.bidirectional:
            return None  # a bidirectional network cannot be changed as it reads
        rows = self._span(self._first_row, self._last_row, self._limits.rows)
        units = self._span(self._first_unit, self._last_unit, self._limits.hidden_size)
        if target == "unit" and units is None:
            units = (1, self._limits.hidden_size)
        value = round(self._value.value(), 2) if target in GATES else None
        return Intervention(target, value, rows, units)

    @staticmethod
    def _span(first: QSpinBox, last: QSpinBox, top: int) -> tuple[int, int] | None:
        span = (min(first.value(), last.value()), max(first.value(), last.value()))
        return None if span == (1, top) else span

    def spec_text(self) -> str:
        """The line that gives the same intervention on the command line."""
        return self._spec.text()

    def _on_target_changed(self) -> None:
        self._value.setEnabled(self._target.currentData() in GATES)
        self._on_edited()

    def _on_edited(self) -> None:
        intervention = self.intervention()
        spec = intervention.spec if intervention is not None else ""
        self._spec.setText(self.tr("On the command line: --intervene {spec}").format(spec=spec))
        self.changed.emit()
