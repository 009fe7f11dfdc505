"""A log axis that stays readable when values span tens of decades (gradients through time)."""

from __future__ import annotations

import math

from lstm_gui.gui.train.plot_parts import ReadableLogAxis

# Up to this many decades every decade is labelled (and 2 and 5 between a few of them).
READABLE_DECADES = 6
# Pixels one label needs along a vertical axis: a line of 8-9 pt text and a gap.
LABEL_PIXELS = 30
# Steps between labelled decades, the smallest that leaves room for each label.
DECADE_STEPS = (1, 2, 5, 10, 20, 50, 100)


class SparseLogAxis(ReadableLogAxis):
    """ReadableLogAxis over a few decades; beyond, only every 2nd, 5th, 10th... decade."""

    def logTickValues(
        self,
        minVal: float,
        maxVal: float,
        size: float,
        stdTicks: list,
    ) -> list:
        """Decades at a step that lets every label fit in `size` pixels."""
        low, high = math.ceil(minVal), math.floor(maxVal)
        if high - low <= READABLE_DECADES:
            return super().logTickValues(minVal, maxVal, size, stdTicks)
        room = max(2, int(size // LABEL_PIXELS))
        step = next((s for s in DECADE_STEPS if (high - low) / s < room), DECADE_STEPS[-1])
        first = math.ceil(low / step) * step
        return [(float(step), [float(v) for v in range(first, high + 1, step)])]
