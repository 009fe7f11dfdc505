"""ClaimsTab: the tutorial's three claims, an experiment each over seeds, and what it decides.

Left: the claim list, the experiment's form, Run and Stop with the progress, the saved
experiments. Right: the claim's plots with their spread, then the verdict beside the results
table and the reference results. The experiment runs in a worker thread; what it measures
and concludes comes from core.claims.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QWidget,
)

from lstm_gui.core.claims.experiments import CLAIMS, COST, claims_dir
from lstm_gui.core.errors import ConfigError, LstmGuiError
from lstm_gui.gui.app_state import AppState
from lstm_gui.gui.claims.claim_texts import claim_texts
from lstm_gui.gui.claims.experiment_column import ExperimentColumn
from lstm_gui.gui.claims.experiment_plots import ExperimentPlots
from lstm_gui.gui.claims.experiment_runner import ExperimentRunner
from lstm_gui.gui.claims.reference_panel import ReferencePanel
from lstm_gui.gui.claims.results_table import ResultsTable
from lstm_gui.gui.claims.saved_list import describe
from lstm_gui.gui.claims.verdict_panel import VerdictPanel
from lstm_gui.gui.widgets import dialogs

if TYPE_CHECKING:
    from lstm_gui.core.claims.cost import CostProgress
    from lstm_gui.core.claims.experiments import Experiment, ExperimentProgress
    from lstm_gui.core.claims.records import ClaimRun, CostTiming, ExperimentSettings
    from lstm_gui.gui.run_controller import RunController

LEFT_WIDTH = 360


def _scrolling(widget: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setWidget(widget)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return scroll


class ClaimsTab(QSplitter):
    """Claims and experiments | plots, verdict, results and references."""

    experiment_started = Signal()
    experiment_finished = Signal(object)  # Experiment, saved
    experiment_ended = Signal()  # the worker's thread is done (after finishing, failing, stop)
    runs_changed = Signal()  # new run folders exist (the Runs list may refresh)

    def __init__(
        self,
        runs_root: Path | None = None,
        trainer: RunController | None = None,
        reference_folder: Path | None = None,
        state: AppState | None = None,
    ) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        # The data folder and busy work are shared with the other tabs (a tab alone: its own).
        self._state = state if state is not None else AppState(runs_root, self)
        self._runs_root = runs_root
        # The Train tab's runs: an experiment measures speed, so it never shares the CPU.
        self._trainer = trainer
        self._reference_folder = reference_folder  # None: the shipped ones
        self._texts = claim_texts()
        self.runner = runner = ExperimentRunner(self)
        for signal, slot in (
            (runner.progressed, self._on_progressed),
            (runner.run_finished, self._on_run_finished),
            (runner.timing_finished, self._on_timing_finished),
            (runner.experiment_finished, self._on_experiment_finished),
            (runner.failed, self._on_failed),
            (runner.ended, self._on_runner_ended),
        ):
            signal.connect(slot)
        self._running: tuple[str, ExperimentSettings] | None = None
        self._live_runs: list[ClaimRun] = []
        self._live_timings: list[CostTiming] = []
        self._shown: Experiment | None = None
        self._build()
        self.claims.setCurrentRow(0)

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        column = ExperimentColumn()
        self.claims, self.statement, self.measure = column.claims, column.statement, column.measure
        self.form, self.progress, self.saved = column.form, column.progress, column.saved
        self.run_button, self.stop_button = column.run_button, column.stop_button
        self.claims.currentRowChanged.connect(self._on_claim_chosen)
        self.run_button.clicked.connect(self._on_run_clicked)
        self.stop_button.clicked.connect(self._on_stop_clicked)
        self.saved.itemClicked.connect(self._on_saved_clicked)
        left_scroll = _scrolling(column)
        left_scroll.setMinimumWidth(LEFT_WIDTH)

        self.plots = ExperimentPlots()
        self.verdict = VerdictPanel()
        self.table = ResultsTable()
        self.references = ReferencePanel()
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.table)
        side.addWidget(_scrolling(self.references))
        side.setChildrenCollapsible(False)
        side.setSizes([210, 290])
        self.bottom = QSplitter(Qt.Orientation.Horizontal)
        self.bottom.addWidget(_scrolling(self.verdict))
        self.bottom.addWidget(side)
        self.bottom.setStretchFactor(0, 3)
        self.bottom.setStretchFactor(1, 2)
        self.bottom.setSizes([520, 460])
        self.bottom.setChildrenCollapsible(False)
        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.addWidget(self.plots)
        self.right.addWidget(self.bottom)
        self.right.setStretchFactor(0, 1)
        self.right.setStretchFactor(1, 1)
        self.right.setSizes([500, 400])
        self.right.setChildrenCollapsible(False)

        self.addWidget(left_scroll)
        self.addWidget(self.right)
        self.setStretchFactor(0, 0)
        self.setStretchFactor(1, 1)
        self.setSizes([LEFT_WIDTH + 20, 1000])
        self.setChildrenCollapsible(False)

    # ------------------------------------------------------------------ public

    @property
    def claim(self) -> str:
        """The claim chosen in the list."""
        return CLAIMS[max(0, self.claims.currentRow())]

    @property
    def is_running(self) -> bool:
        """True from Run until the experiment's thread has ended."""
        return self.runner.is_running

    @property
    def shown_experiment(self) -> Experiment | None:
        """The finished or reopened experiment shown (None: none, or a live one)."""
        return self._shown

    def verdict_text(self) -> str:
        """The verdict as plain text."""
        return self.verdict.text()

    def refresh_saved(self) -> None:
        """List the saved experiments again, newest first; show the claim's newest if none is."""
        self.saved.refresh(claims_dir(self._runs_root))
        newest = self.saved.newest(self.claim)
        if self._shown is None and not self.is_running and newest is not None:
            self.show_experiment(newest, with_settings=False)

    def show_experiment(self, experiment: Experiment, with_settings: bool = True) -> None:
        """Show a finished or saved experiment: its claim, settings, plots, table, verdict."""
        from lstm_gui.core.claims.verdicts import verdict

        self._shown = experiment
        self.claims.blockSignals(True)
        self.claims.setCurrentRow(CLAIMS.index(experiment.claim))
        self.claims.blockSignals(False)
        self._show_claim(experiment.claim)
        if with_settings:
            self.form.set_settings(experiment.settings)
        self._show_results(experiment.claim, experiment.runs, experiment.timings)
        when = experiment.created.replace("T", " ")[:16]
        shown = self.tr("Your experiment of {0}: {1}").format(when, describe(experiment))
        if experiment.stopped:
            shown += " " + self.tr("(stopped)")
        self.verdict.show_verdict(verdict(experiment), shown)

    def stop(self) -> None:
        """Ask the experiment to end after the current batch (finished runs are kept)."""
        if self.runner.stop():
            self.progress.stopping()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Stop an experiment and wait for its thread (closing the window); True when done."""
        return self.runner.shutdown(timeout_ms)

    # ------------------------------------------------------------------ showing

    def _show_claim(self, claim: str) -> None:
        """The claim's words, its references and published figures, its plots' page."""
        from lstm_gui.core.claims.references import published_results, reference_experiments

        text = self._texts[claim]
        self.statement.setText(self.tr("The claim: {0}").format(text.statement))
        self.measure.setText(text.measure)
        self.verdict.set_next_steps(text.next_steps)
        references = reference_experiments(claim, self._reference_folder)
        published = published_results(claim)
        self.references.show_references(claim, references, published)
        self.plots.set_references(claim, references, published)
        self.plots.show_claim(claim)

    def _show_results(
        self,
        claim: str,
        runs: list[ClaimRun] | tuple[ClaimRun, ...],
        timings: list[CostTiming] | tuple[CostTiming, ...],
    ) -> None:
        self.plots.show_results(claim, runs, timings)
        if claim == COST:
            self.table.show_timings(timings)
        else:
            self.table.show_runs(runs)

    def _update_buttons(self) -> None:
        running = self.is_running
        self.run_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        self.form.setEnabled(not running)
        self.claims.setEnabled(not running)

    # ------------------------------------------------------------------ slots

    def _on_claim_chosen(self, row: int) -> None:
        if row < 0:
            return
        claim = CLAIMS[row]
        self.form.set_claim(claim)
        # The claim's newest saved experiment, if there is one; else a blank page.
        experiment = self.saved.newest(claim)
        if experiment is not None:
            self.show_experiment(experiment, with_settings=False)
        else:
            self._show_claim(claim)
            self._shown = None
            self._show_results(claim, [], [])
            self.verdict.show_message(self.tr("Run the experiment to see what the numbers say."))
        self._update_buttons()

    def _on_run_clicked(self) -> None:
        if self.is_running:
            return
        if self._trainer is not None and self._trainer.is_training:
            dialogs.show_error(
                self,
                self.tr(
                    "A run is training in the Train tab; start the experiment when it has "
                    "ended, so that the two do not share the processor and skew its speeds."
                ),
            )
            return
        try:
            settings = self.form.settings()
        except ConfigError as exc:
            dialogs.show_error(self, str(exc))
            return
        claim = self.claim
        self._running = (claim, settings)
        self._live_runs, self._live_timings = [], []
        self._shown = None
        self._show_results(claim, [], [])
        self.verdict.show_message(
            self.tr("The verdict is written when the experiment ends."),
            self.tr("Running: {0}").format(self._texts[claim].title),
        )
        self.progress.start()
        self.runner.start(claim, settings, self._runs_root, self._state.data_dir)
        self._state.set_busy("experiment", True)
        self._update_buttons()
        self.experiment_started.emit()

    def _on_stop_clicked(self) -> None:
        self.stop()

    @Slot(object)
    def _on_progressed(self, item: ExperimentProgress | CostProgress) -> None:
        if self._running is not None:
            self.progress.show_progress(item, self._running[1])

    @Slot(object)
    def _on_run_finished(self, run: ClaimRun) -> None:
        self._live_runs.append(run)
        if self._running is not None:
            self._show_results(self._running[0], self._live_runs, [])
        self.runs_changed.emit()

    @Slot(object)
    def _on_timing_finished(self, timing: CostTiming) -> None:
        self._live_timings.append(timing)
        self._show_results(COST, [], self._live_timings)

    @Slot(object)
    def _on_experiment_finished(self, experiment: Experiment) -> None:
        count = len(experiment.runs) or len(experiment.timings)
        self.progress.finish(
            self.tr("Stopped; {0} finished result(s) kept and saved.").format(count)
            if experiment.stopped
            else self.tr("Done: {0} results, saved.").format(count),
            complete=not experiment.stopped,
        )
        self.refresh_saved()
        self.show_experiment(experiment)
        self.experiment_finished.emit(experiment)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.progress.finish(message, complete=False)
        dialogs.show_error(self, message)

    def _on_saved_clicked(self, item: QListWidgetItem) -> None:
        if self.is_running:
            return
        experiment = item.data(Qt.ItemDataRole.UserRole)
        if experiment is None:
            return
        try:
            from lstm_gui.core.claims.experiments import load_experiment

            experiment = load_experiment(experiment.path)  # as it is on disk now
        except LstmGuiError as exc:
            dialogs.show_error(self, str(exc))
            self.refresh_saved()
            return
        self.show_experiment(experiment)

    def _on_runner_ended(self) -> None:
        self._running = None
        self._state.set_busy("experiment", False)
        self._update_buttons()
        self.experiment_ended.emit()
