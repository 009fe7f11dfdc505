"""ExperimentPlots: the plots of the claim shown, one page per claim.

Claim 1: the gradient through time (gradient_views); claim 2: accuracy by length
(length_plot); claim 3: the time per update (cost_plots). Each draws an experiment's results
with their spread over seeds or repeats, beside the shipped references where there are any.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStackedWidget, QWidget

from lstm_gui.core.claims.experiments import CLAIMS, COST, GRADIENTS, LENGTH
from lstm_gui.gui.claims.cost_plots import CostPlots
from lstm_gui.gui.claims.gradient_views import GradientViews
from lstm_gui.gui.claims.length_plot import LengthPlot

if TYPE_CHECKING:
    import pyqtgraph as pg

    from lstm_gui.core.claims.experiments import Experiment
    from lstm_gui.core.claims.records import ClaimRun, CostTiming
    from lstm_gui.core.claims.references import PublishedResult


class ExperimentPlots(QStackedWidget):
    """A page per claim (in CLAIMS order); `show_claim` turns to one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gradients = GradientViews()
        self.length = LengthPlot()
        self.cost = CostPlots()
        self._pages: dict[str, QWidget] = {
            GRADIENTS: self.gradients,
            LENGTH: self.length,
            COST: self.cost,
        }
        for claim in CLAIMS:
            self.addWidget(self._pages[claim])
        self._references: dict[str, tuple[Sequence[Experiment], Sequence[PublishedResult]]] = {}

    @property
    def accuracy_plot(self) -> pg.PlotItem:
        """Claim 2's plot of accuracy by length."""
        return self.length.plot

    def show_claim(self, claim: str) -> None:
        """Turn to the claim's page."""
        self.setCurrentWidget(self._pages[claim])

    def set_references(
        self, claim: str, references: Sequence[Experiment], published: Sequence[PublishedResult]
    ) -> None:
        """The results drawn beside a claim's own (shipped references, published figures)."""
        self._references[claim] = (references, published)

    def show_results(
        self, claim: str, runs: Sequence[ClaimRun], timings: Sequence[CostTiming] = ()
    ) -> None:
        """Draw a claim's runs (or timings) and its references, on its page."""
        references, published = self._references.get(claim, ((), ()))
        if claim == GRADIENTS:
            self.gradients.show_runs(runs)
        elif claim == LENGTH:
            self.length.show_results(runs, references, published)
        else:
            self.cost.show_results(timings, references)
        self.show_claim(claim)

    def clear(self, claim: str) -> None:
        """Only the references on the claim's page (none of yours)."""
        self.show_results(claim, [], [])
