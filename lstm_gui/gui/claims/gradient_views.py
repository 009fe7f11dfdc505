"""GradientViews: claim 1's plots, the gradient reaching each step, one band per cell.

Three views: the memory state (an LSTM's cell c, the others' h) after training; the same at
initialisation under Keras's and PyTorch's initialisation side by side; the input gradient
after training, with its caveat. Each line is the median over seeds, its band the lowest and
highest seed; the blank steps the gradient must cross are shaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

# isort: split
import pyqtgraph as pg

from lstm_gui.gui.claims.claim_figures import (
    INPUT,
    MEMORY,
    profile_bands,
    profiled_lengths,
)
from lstm_gui.gui.claims.claim_plot_parts import (
    Drawn,
    draw_band,
    legend_beside,
    new_graphics,
    new_plot,
    shade_span,
)
from lstm_gui.gui.widgets.figure_export import register_figure
from lstm_gui.gui.widgets.labels import NOTE_STYLE, wrapped_label
from lstm_gui.gui.widgets.look_for import attach_look_for

if TYPE_CHECKING:
    from lstm_gui.core.claims.records import ClaimRun

TRAINED, INITIAL, INPUT_VIEW = "trained", "initial", "input"
VIEWS = (TRAINED, INITIAL, INPUT_VIEW)


class GradientViews(QWidget):
    """After training | at initialisation (two initialisations) | input gradient; a length."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runs: list[ClaimRun] = []
        self._chosen: int | None = None  # a length the person picked; else the longest
        names = {
            TRAINED: self.tr("Memory state, after training"),
            INITIAL: self.tr("At initialisation"),
            INPUT_VIEW: self.tr("Input gradient"),
        }
        # Tabs, not buttons: zoomed for a projector they scroll instead of widening the tab.
        self.view_tabs = QTabBar()
        self.view_tabs.setExpanding(False)
        self.view_tabs.setUsesScrollButtons(True)
        self.view_tabs.setAccessibleName(self.tr("Gradient view"))
        for view in VIEWS:
            self.view_tabs.addTab(names[view])
        self.view_tabs.currentChanged.connect(self._on_view_chosen)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.view_tabs, 1)
        self.length_label = QLabel(self.tr("Length:"))
        bar.addWidget(self.length_label)
        self.length = QComboBox()
        self.length.setAccessibleName(self.tr("Sequence length shown"))
        self.length.currentIndexChanged.connect(self._on_length_shown)
        self.length.activated.connect(self._on_length_chosen)
        bar.addWidget(self.length)

        left = self.tr("gradient norm (log scale)")
        bottom = self.tr("step")

        def gradient_plot(graphics: pg.GraphicsLayoutWidget, col: int, title: str) -> Drawn:
            """A log-scale plot of gradient norm by step, its legend placed by the caller."""
            return Drawn(new_plot(graphics, 0, col, title, left, bottom, log_y=True, legend=False))

        self.trained_view = new_graphics()
        self.trained = gradient_plot(
            self.trained_view,
            0,
            self.tr("Gradient reaching the memory state at each step, after training"),
        )
        self.initial_view = new_graphics()
        self.keras = gradient_plot(
            self.initial_view, 0, self.tr("Before training: Keras-like (Glorot, orthogonal)")
        )
        self.pytorch = gradient_plot(
            self.initial_view, 1, self.tr("Before training: PyTorch default (uniform)")
        )
        self.pytorch.plot.setYLink(self.keras.plot)
        legend_beside(self.trained_view, self.trained.plot, 1)
        legend_beside(self.initial_view, self.keras.plot, 2)  # the right plot's lines alike
        self.input_graphics = new_graphics()
        self.input = gradient_plot(
            self.input_graphics, 0, self.tr("Gradient reaching each step's input, after training")
        )
        self.caveat = wrapped_label(
            self.tr(
                "Caveat: an MNIST digit's first and last rows are blank, so a net that has "
                "learned well also gives them a small input gradient (they carry nothing to "
                "learn from). A small input gradient says a step's input does not matter, not "
                "that the gradient vanished: for that, read the memory state's view."
            ),
            style=NOTE_STYLE,
        )
        legend_beside(self.input_graphics, self.input.plot, 1)
        self.input_view = QWidget()
        input_layout = QVBoxLayout(self.input_view)
        input_layout.setContentsMargins(0, 0, 0, 0)
        input_layout.addWidget(self.input_graphics, 1)
        input_layout.addWidget(self.caveat)
        self.stack = QStackedWidget()
        for page in (self.trained_view, self.initial_view, self.input_view):
            self.stack.addWidget(page)
        # A figure exported from the File menu turns the page itself: the tabs follow.
        self.stack.currentChanged.connect(self._on_page_shown)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        # Each plot by its key, with the profile it draws (the runs' records name them so).
        self._profiles = {
            "trained": (self.trained, MEMORY),
            "keras": (self.keras, f"{MEMORY}_init_keras"),
            "pytorch": (self.pytorch, f"{MEMORY}_init_pytorch"),
            "input": (self.input, INPUT),
        }
        self.figures = [
            register_figure(self.trained_view, self.tr("Memory gradient after training")),
            register_figure(self.initial_view, self.tr("Memory gradient at initialisation")),
            register_figure(self.input_graphics, self.tr("Input gradient after training")),
        ]
        attach_look_for(self.stack, "claims.memory_gradient", "claims.input_gradient")

    # ------------------------------------------------------------------ public

    def show_runs(self, runs: Sequence[ClaimRun]) -> None:
        """Draw these runs' profiles at the length picked (else the longest: the verdict's)."""
        self._runs = list(runs)
        if not self._runs:
            self._chosen = None  # a new experiment: shown at its longest again
        lengths = profiled_lengths(self._runs)
        chosen = self._chosen
        self.length.blockSignals(True)
        self.length.clear()
        for steps in lengths:
            self.length.addItem(str(steps), steps)
        if lengths:
            index = lengths.index(chosen) if chosen in lengths else len(lengths) - 1
            self.length.setCurrentIndex(index)
        self.length.blockSignals(False)
        self._redraw()

    def clear(self) -> None:
        """Nothing drawn; the next runs are shown at their longest length."""
        self.show_runs([])

    def show_view(self, view: str) -> None:
        """Show TRAINED, INITIAL or INPUT_VIEW."""
        self.view_tabs.setCurrentIndex(VIEWS.index(view))

    def shown_view(self) -> str:
        """The view shown."""
        return VIEWS[self.stack.currentIndex()]

    def shown_length(self) -> int | None:
        """The sequence length drawn (None: nothing)."""
        data = self.length.currentData()
        return int(data) if data is not None else None

    def drawn(self) -> dict[str, Drawn]:
        """What each plot holds: "trained", "keras", "pytorch", "input"."""
        return {key: drawn for key, (drawn, _profile) in self._profiles.items()}

    # ------------------------------------------------------------------ drawing

    def _redraw(self) -> None:
        steps = self.shown_length()
        for drawn, name in self._profiles.values():
            drawn.clear()
            if steps is None:
                continue
            bands = profile_bands(self._runs, steps, name)
            span = next((band.span for band in bands if band.span is not None), None)
            if span is not None:
                shade_span(drawn, span[0], span[1], self.tr("blank steps"))
            for band in bands:
                draw_band(drawn, band, self._legend_name(band.cell, band.seeds, name))
            if bands:
                drawn.plot.setXRange(1, steps, padding=0.02)
                self._fit_y(drawn)

    def _legend_name(self, cell: str, seeds: int, name: str) -> str:
        if name == INPUT:
            state = self.tr("input x")
        else:
            state = self.tr("cell state c") if cell == "lstm" else self.tr("state h")
        return self.tr("{0}, {1} ({2} seeds)").format(cell.upper(), state, seeds)

    @staticmethod
    def _fit_y(drawn: Drawn) -> None:
        values = [array for low, high in drawn.ranges.values() for array in (low, high)]
        finite = np.concatenate([v[np.isfinite(v)] for v in values]) if values else np.array([])
        if finite.size:
            low, high = float(finite.min()), float(finite.max())
            margin = max(0.3, 0.06 * (high - low))
            drawn.plot.setYRange(low - margin, high + margin, padding=0)

    # ------------------------------------------------------------------ slots

    def _on_view_chosen(self, index: int) -> None:
        self.stack.setCurrentIndex(index)

    def _on_page_shown(self, index: int) -> None:
        self.view_tabs.setCurrentIndex(index)

    def _on_length_chosen(self, _index: int) -> None:
        self._chosen = self.shown_length()

    def _on_length_shown(self, _index: int) -> None:
        self._redraw()
