"""LearningRateSpinBox: a learning-rate field that reads like a person writes learning rates."""

from __future__ import annotations

import math

from PySide6.QtCore import QLocale
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QWidget


class LearningRateSpinBox(QDoubleSpinBox):
    """A learning-rate field that shows 0.001, not 0.001000, and steps 1 → 2 → 5 → 10."""

    _MANTISSAS = (1.0, 2.0, 5.0)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(7)
        self.setRange(1e-6, 1.0)
        self.setKeyboardTracking(False)

    def textFromValue(self, value: float) -> str:
        """Shortest form: 0.001, 5e-05."""
        return QLocale().toString(value, "g", 4)

    def valueFromText(self, text: str) -> float:
        """Parse the locale's number format or Python's (1e-4)."""
        value = self._parse(text)
        return self.value() if value is None else value

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        """Acceptable when the text is a number in range; intermediate while typing."""
        value = self._parse(text)
        if value is not None and self.minimum() <= value <= self.maximum():
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Intermediate, text, pos

    @staticmethod
    def _parse(text: str) -> float | None:
        value, ok = QLocale().toDouble(text.strip())
        if ok:
            return value
        try:
            return float(text.strip())
        except ValueError:
            return None

    def stepBy(self, steps: int) -> None:
        """Step along 1, 2, 5 × 10^k."""
        ladder = sorted(
            m * 10.0**k for k in range(-6, 1) for m in self._MANTISSAS if m * 10.0**k <= 1.0
        )
        current = self.value()
        index = min(range(len(ladder)), key=lambda i: abs(math.log10(ladder[i] / current)))
        index = max(0, min(len(ladder) - 1, index + steps))
        self.setValue(ladder[index])
