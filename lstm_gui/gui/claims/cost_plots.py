"""CostPlots: claim 3's seconds per training update by length and by layers, per cell.

The median over repeats with error bars from the fastest to the slowest repeat; the shipped
reference timings as a second series (hollow markers, dashed). Axes are linear, so time that
grows in proportion to the length is a straight line through the origin.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from lstm_gui.gui.claims.claim_figures import Point, depth_length, ordered_cells, timing_points
from lstm_gui.gui.claims.claim_plot_parts import (
    CELL_SYMBOLS,
    Drawn,
    cell_colour,
    draw_points,
    fill_with_figure,
    legend_beside,
    new_graphics,
    new_plot,
    shifted,
)

if TYPE_CHECKING:
    from lstm_gui.core.claims.experiments import Experiment
    from lstm_gui.core.claims.records import CostTiming


def _median_first(points: list[Point]) -> list[Point]:
    """Points whose mean is the median: a timing's typical value is its median repeat."""
    return [replace(p, spread=replace(p.spread, mean=p.spread.median)) for p in points]


class CostPlots(QWidget):
    """Milliseconds per update: against steps at one layer | against layers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.graphics = new_graphics()
        milliseconds = self.tr("ms per update")
        self.by_length, self.by_layers = (
            Drawn(new_plot(self.graphics, 0, col, title, milliseconds, bottom, legend=False))
            for col, title, bottom in (
                (0, self.tr("Time per training update by length (1 layer)"), self.tr("steps")),
                (1, self.tr("Time per update by layers"), self.tr("layers")),
            )
        )
        legend_beside(self.graphics, self.by_length.plot, 2)
        self.graphics.ci.layout.setColumnStretchFactor(0, 3)
        self.graphics.ci.layout.setColumnStretchFactor(1, 2)
        self.figure = fill_with_figure(
            self, self.graphics, self.tr("Cost of an update"), "claims.cost"
        )

    def show_results(
        self, timings: Sequence[CostTiming], references: Sequence[Experiment] = ()
    ) -> None:
        """Draw your timings and the reference experiments'."""
        for drawn in (self.by_length, self.by_layers):
            drawn.clear()
        series = [(None, timings)] + [(i, ref.timings) for i, ref in enumerate(references)]
        steps_seen = [t.steps for _, measured in series for t in measured]
        shift = 0.012 * (max(steps_seen) - min(steps_seen)) if steps_seen else 0.0
        for index, measured in series:
            repeats = max((len(t.seconds) for t in measured), default=0)
            for cell in ordered_cells(t.cell for t in measured):
                colour, symbol = cell_colour(cell), CELL_SYMBOLS[cell]
                if index is None:
                    key = cell
                    name = self.tr("{0}, yours: {1} repeats").format(cell.upper(), repeats)
                    reference, offset = False, 0.0
                else:
                    key = f"reference {index} {cell}"
                    updates = references[index].settings.timed_updates
                    name = self.tr("{0}, reference: {1} repeats × {2} updates").format(
                        cell.upper(), repeats, updates
                    )
                    reference, offset = True, 1.0
                draw_points(
                    self.by_length,
                    _median_first(timing_points(measured, cell, False)),
                    key,
                    name,
                    colour,
                    symbol,
                    x_of=shifted(offset * shift),
                    reference=reference,
                )
                draw_points(
                    self.by_layers,
                    _median_first(timing_points(measured, cell, True)),
                    key,
                    None,
                    colour,
                    symbol,
                    x_of=shifted(offset * 0.06),
                    reference=reference,
                )
        self._set_ticks(timings, references)

    def clear(self) -> None:
        """Nothing drawn."""
        self.show_results([])

    def _set_ticks(self, timings: Sequence[CostTiming], references: Sequence[Experiment]) -> None:
        every = list(timings) + [t for ref in references for t in ref.timings]
        lengths = sorted({t.steps for t in every if t.layers == 1})
        layers = sorted({t.layers for t in every})
        self.by_length.plot.getAxis("bottom").setTicks(
            [[(steps, str(steps)) for steps in lengths], []] if lengths else None
        )
        self.by_layers.plot.getAxis("bottom").setTicks(
            [[(n, str(n)) for n in layers], []] if layers else None
        )
        if lengths:
            self.by_length.plot.setXRange(0, lengths[-1] * 1.05, padding=0)
        if layers:
            self.by_layers.plot.setXRange(layers[0] - 0.4, layers[-1] + 0.4, padding=0)
        steps = depth_length(every)
        title = self.tr("Time per update by layers")
        if steps is not None:
            title = self.tr("Time per update by layers (at {0} steps)").format(steps)
        self.by_layers.plot.setTitle(title, size="9pt")
        for drawn in (self.by_length, self.by_layers):
            drawn.plot.enableAutoRange(axis="y")
            drawn.plot.setLimits(yMin=0)
