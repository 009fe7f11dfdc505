"""LengthPlot: claim 2's accuracy by sequence length, yours beside references and papers.

Each cell's mean over seeds with error bars from the lowest to the highest seed (filled
markers, solid); the shipped reference results as a second series (hollow markers, dashed);
published figures as stars at 784 steps with their citation; guessing's 10% as a line.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from lstm_gui.core.claims.spread import CHANCE
from lstm_gui.gui.claims.claim_figures import accuracy_points, ordered_cells, short_citation
from lstm_gui.gui.claims.claim_plot_parts import (
    CELL_SYMBOLS,
    Drawn,
    cell_colour,
    chance_line,
    draw_points,
    draw_stars,
    fill_with_figure,
    legend_beside,
    new_graphics,
    new_plot,
)
from lstm_gui.gui.claims.claim_texts import published_task

if TYPE_CHECKING:
    from lstm_gui.core.claims.experiments import Experiment
    from lstm_gui.core.claims.records import ClaimRun
    from lstm_gui.core.claims.references import PublishedResult

# A reference series sits this far right of yours (log10 of steps), so the bars stay apart.
REFERENCE_SHIFT = 0.018
PUBLISHED = "published"


def reference_key(index: int, cell: str) -> str:
    """How a reference series is read back: "reference 0 lstm"."""
    return f"reference {index} {cell}"


class LengthPlot(QWidget):
    """Accuracy (%) against steps (log scale), yours, the references', the papers'."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.graphics = new_graphics()
        self.plot = new_plot(
            self.graphics,
            0,
            0,
            self.tr("Test accuracy by sequence length"),
            self.tr("accuracy %"),
            self.tr("steps (log scale)"),
            legend=False,
        )
        # Room above 100: pyqtgraph drops a tick label that would hang past the axis' end.
        self.plot.setYRange(0, 100, padding=0.06)
        self.plot.getAxis("left").setTicks([[(v, str(v)) for v in range(0, 101, 20)], []])
        legend_beside(self.graphics, self.plot, 1)
        self.drawn = Drawn(self.plot)
        self.chance = chance_line(
            self.plot, 100 * CHANCE, self.tr("chance {0}%").format(f"{100 * CHANCE:g}")
        )
        # The citations inside the figure, so that an exported figure keeps them.
        self.caption = self.graphics.addLabel("", row=1, col=0, colspan=2, size="8pt")
        self.caption.setAttr("color", "#5d6675")
        self.figure = fill_with_figure(
            self, self.graphics, self.tr("Accuracy by length"), "claims.length"
        )

    def show_results(
        self,
        runs: Sequence[ClaimRun],
        references: Sequence[Experiment] = (),
        published: Sequence[PublishedResult] = (),
    ) -> None:
        """Draw your runs, the reference experiments and the published figures."""
        self.drawn.clear()
        lengths: set[int] = set()
        for cell in ordered_cells(run.cell for run in runs):
            points = accuracy_points(runs, cell)
            seeds = max((p.spread.count for p in points), default=0)
            name = self.tr("{0}, yours: {1} seeds").format(cell.upper(), seeds)
            draw_points(
                self.drawn,
                points,
                cell,
                name,
                cell_colour(cell),
                CELL_SYMBOLS[cell],
                x_of=math.log10,
                scale=100,
            )
            lengths.update(p.x for p in points)
        for index, reference in enumerate(references):
            settings = reference.settings
            for cell in ordered_cells(run.cell for run in reference.runs):
                points = accuracy_points(reference.runs, cell)
                name = self.tr("{0}, reference: {1} seeds, {2} updates").format(
                    cell.upper(), settings.seeds, f"{settings.updates:,}"
                )
                draw_points(
                    self.drawn,
                    points,
                    reference_key(index, cell),
                    name,
                    cell_colour(cell),
                    CELL_SYMBOLS[cell],
                    x_of=lambda steps: math.log10(steps) + REFERENCE_SHIFT,
                    scale=100,
                    reference=True,
                )
                lengths.update(p.x for p in points)
        self._draw_published(published)
        lengths.update(result.steps for result in published)
        self._set_length_ticks(sorted(lengths))

    def clear(self) -> None:
        """Nothing drawn."""
        self.show_results([])

    def _draw_published(self, published: Sequence[PublishedResult]) -> None:
        if not published:
            self.caption.setText("")
            return
        tips = [
            self.tr("{0} {1}% at {2} steps ({3}): {4}").format(
                r.cell.upper(), f"{100 * r.acc:.1f}", r.steps, published_task(r.task), r.source
            )
            for r in published
        ]
        draw_stars(
            self.drawn,
            [math.log10(r.steps) for r in published],
            [100 * r.acc for r in published],
            [cell_colour(r.cell) for r in published],
            tips,
            PUBLISHED,
            self.tr("published ({0} steps, {1})").format(
                published[0].steps, published_task(published[0].task)
            ),
        )
        sources = dict.fromkeys(short_citation(r.source) for r in published)
        self.caption.setText(
            self.tr("★ published, {0} at {1} steps: {2} (hover a star for the source)").format(
                published_task(published[0].task), published[0].steps, "; ".join(sources)
            )
        )

    def _set_length_ticks(self, lengths: list[int]) -> None:
        axis = self.plot.getAxis("bottom")
        if not lengths:
            axis.setTicks(None)
            return
        axis.setTicks([[(math.log10(steps), str(steps)) for steps in lengths], []])
        low, high = math.log10(lengths[0]), math.log10(lengths[-1])
        margin = max(0.12, 0.06 * (high - low))
        self.plot.setXRange(low - margin, high + margin, padding=0)
