"""ClaimsTab: the tutorial's three claims, a one-click experiment each, live plots and a verdict.

It composes the claim list, the experiment's form and the saved experiments (left) with the
plots, the results table and the verdict (right). The experiment runs in a worker thread;
what it measures and concludes comes from core.claims and core.claims.verdicts.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from lstm_gui.core.claims.experiments import CLAIMS, DEFAULT_SETTINGS, claims_dir
from lstm_gui.core.errors import ConfigError, LstmGuiError
from lstm_gui.gui.claims.claim_texts import claim_texts
from lstm_gui.gui.claims.experiment_form import ExperimentForm
from lstm_gui.gui.claims.experiment_plots import ExperimentPlots
from lstm_gui.gui.claims.experiment_worker import ExperimentWorker
from lstm_gui.gui.claims.results_table import ResultsTable
from lstm_gui.gui.widgets import dialogs
from lstm_gui.gui.widgets.threads import start_in_thread

if TYPE_CHECKING:
    from lstm_gui.core.claims.experiments import ClaimRun, Experiment
    from lstm_gui.core.claims.sweep import SweepProgress
    from lstm_gui.gui.run_controller import RunController

LEFT_WIDTH = 360


class ClaimsTab(QSplitter):
    """Claims and experiments | plots, results and verdict."""

    experiment_started = Signal()
    experiment_finished = Signal(object)  # Experiment, saved
    experiment_ended = Signal()  # the worker's thread is done (after finishing, failing, stop)
    runs_changed = Signal()  # new run folders exist (the Runs list may refresh)

    def __init__(self, runs_root: Path | None = None, trainer: RunController | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self._runs_root = runs_root
        # The Train tab's runs: an experiment measures speed, so it never shares the CPU.
        self._trainer = trainer
        self.data_folder: Path | None = None  # kept current by the window
        self._texts = claim_texts()
        self._worker: ExperimentWorker | None = None
        self._thread: QThread | None = None
        self._live_runs: list[ClaimRun] = []
        self._shown: Experiment | None = None
        self._build()
        self.claims.setCurrentRow(0)

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.claims = QListWidget()
        self.claims.setAccessibleName(self.tr("Claims"))
        for claim in CLAIMS:
            self.claims.addItem(self._texts[claim].title)
        self.claims.setFixedHeight(3 * self.claims.sizeHintForRow(0) + 8)
        self.claims.currentRowChanged.connect(self._on_claim_chosen)
        self.statement = QLabel()
        self.statement.setWordWrap(True)
        self.statement.setStyleSheet("font-weight: bold;")
        self.measure = QLabel()
        self.measure.setWordWrap(True)
        self.measure.setStyleSheet("color: #5d6675;")
        self.form = ExperimentForm()
        self.form.changed.connect(self._update_buttons)
        self.run_button = QPushButton(self.tr("Run the experiment"))
        self.run_button.clicked.connect(self._on_run_clicked)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Ends the current run; finished runs are kept."))
        self.stop_button.clicked.connect(self._on_stop_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button, 1)
        buttons.addWidget(self.stop_button)
        self.progress_label = QLabel()
        self.progress_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.saved = QListWidget()
        self.saved.setAccessibleName(self.tr("Saved experiments"))
        self.saved.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.saved.itemClicked.connect(self._on_saved_clicked)
        self.saved.setMinimumHeight(80)
        self.saved.setWordWrap(True)
        self.saved.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        saved_box = QGroupBox(self.tr("Saved experiments"))
        QVBoxLayout(saved_box).addWidget(self.saved)

        experiment_box = QGroupBox(self.tr("Experiment"))
        experiment_layout = QVBoxLayout(experiment_box)
        experiment_layout.addWidget(self.measure)
        experiment_layout.addWidget(self.form)
        experiment_layout.addLayout(buttons)
        experiment_layout.addWidget(self.progress_label)
        experiment_layout.addWidget(self.progress)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 6, 6)
        left_layout.addWidget(self.claims)
        left_layout.addWidget(self.statement)
        left_layout.addWidget(experiment_box)
        left_layout.addWidget(saved_box, 1)
        scroll = QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(LEFT_WIDTH)

        self.shown_label = QLabel()
        self.shown_label.setWordWrap(True)
        self.plots = ExperimentPlots()
        self.table = ResultsTable()
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        self.verdict.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.next_steps = QLabel()
        self.next_steps.setWordWrap(True)
        self.next_steps.setStyleSheet("color: #5d6675;")
        words = QWidget()
        words_layout = QVBoxLayout(words)
        words_layout.setContentsMargins(4, 4, 4, 4)
        words_layout.addWidget(self.verdict)
        words_layout.addWidget(self.next_steps)
        words_layout.addStretch(1)
        words_scroll = QScrollArea()
        words_scroll.setWidget(words)
        words_scroll.setWidgetResizable(True)
        words_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        right_split = QSplitter(Qt.Orientation.Vertical)
        right_split.addWidget(self.plots)
        right_split.addWidget(self.table)
        right_split.addWidget(words_scroll)
        right_split.setStretchFactor(0, 3)
        right_split.setStretchFactor(1, 0)
        right_split.setStretchFactor(2, 2)
        right_split.setChildrenCollapsible(False)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 4, 4, 4)
        right_layout.addWidget(self.shown_label)
        right_layout.addWidget(right_split, 1)

        self.addWidget(scroll)
        self.addWidget(right)
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
        return self._thread is not None

    @property
    def shown_experiment(self) -> Experiment | None:
        """The finished or reopened experiment shown (None: none, or a live one)."""
        return self._shown

    def verdict_text(self) -> str:
        """The verdict as plain text."""
        return self.verdict.text().replace("<br>", "\n")

    def refresh_saved(self) -> None:
        """List the saved experiments again, newest first."""
        from lstm_gui.core.claims.experiments import list_experiments

        self.saved.clear()
        for experiment in list_experiments(claims_dir(self._runs_root)):
            title = self._texts[experiment.claim].title
            text = f"{experiment.created.replace('T', ' ')[:16]} · {title} · {experiment.title}"
            if experiment.stopped:
                text += " " + self.tr("(stopped)")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, experiment)
            item.setToolTip(str(experiment.path))
            self.saved.addItem(item)

    def show_experiment(self, experiment: Experiment, with_settings: bool = True) -> None:
        """Show a finished or saved experiment: its claim, settings, plots, table, verdict."""
        self._shown = experiment
        self.claims.blockSignals(True)
        self.claims.setCurrentRow(CLAIMS.index(experiment.claim))
        self.claims.blockSignals(False)
        self._show_claim_texts(experiment.claim)
        if with_settings:
            self.form.set_settings(experiment.settings)
        self.plots.show_runs(experiment.runs)
        self.table.show_runs(experiment.runs)
        self.shown_label.setText(
            self.tr("Experiment of {0}: {1}").format(
                experiment.created.replace("T", " "), experiment.title
            )
        )
        self.verdict.setText(self._verdict_html(experiment))

    def stop(self) -> None:
        """Ask the experiment to end after the current batch (finished runs are kept)."""
        if self._worker is not None:
            self._worker.stop()
            self.progress_label.setText(self.tr("Stopping after this batch…"))

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Stop an experiment and wait for its thread (closing the window); True when done."""
        if self._thread is None or self._worker is None:
            return True
        self._worker.stop()
        done = self._thread.wait(timeout_ms)
        if done:
            self._forget_thread()
        return done

    # ------------------------------------------------------------------ showing

    def _verdict_html(self, experiment: Experiment) -> str:
        from lstm_gui.core.claims.verdicts import CONTEXT, verdict

        sentences = [
            sentence.text(QCoreApplication.translate(CONTEXT, sentence.template))
            for sentence in verdict(experiment)
        ]
        title = self.tr("Verdict")
        escaped = [s.replace("&", "&amp;").replace("<", "&lt;") for s in sentences]
        return f"<b>{title}</b><br>" + "<br>".join(escaped)

    def _show_claim_texts(self, claim: str) -> None:
        text = self._texts[claim]
        self.statement.setText(self.tr("The claim: {0}").format(text.statement))
        self.measure.setText(text.measure)
        self.next_steps.setText(text.next_steps)

    def _update_buttons(self) -> None:
        running = self.is_running
        self.run_button.setEnabled(not running and self.form.is_valid())
        self.stop_button.setEnabled(running)
        self.form.setEnabled(not running)
        self.claims.setEnabled(not running)

    # ------------------------------------------------------------------ slots

    def _on_claim_chosen(self, row: int) -> None:
        if row < 0:
            return
        claim = CLAIMS[row]
        self._show_claim_texts(claim)
        self.form.set_settings(DEFAULT_SETTINGS[claim])
        # The claim's newest saved experiment, if there is one; else a blank page.
        for index in range(self.saved.count()):
            experiment = self.saved.item(index).data(Qt.ItemDataRole.UserRole)
            if experiment is not None and experiment.claim == claim:
                self.show_experiment(experiment, with_settings=False)
                break
        else:
            self._shown = None
            self.plots.clear()
            self.table.show_runs([])
            self.shown_label.setText("")
            self.verdict.setText(self.tr("Run the experiment to see what the numbers say."))
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
        self._live_runs = []
        self._shown = None
        self.plots.clear()
        self.table.show_runs([])
        self.verdict.setText(self.tr("The verdict is written when the experiment ends."))
        self.shown_label.setText(self.tr("Running: {0}").format(self._texts[self.claim].title))
        self.progress_label.setText(self.tr("Loading the data…"))
        self.progress.setValue(0)
        worker = ExperimentWorker(self.claim, settings, self._runs_root, self.data_folder)
        worker.progressed.connect(self._on_progressed)
        worker.run_finished.connect(self._on_run_finished)
        worker.experiment_finished.connect(self._on_experiment_finished)
        worker.failed.connect(self._on_failed)
        thread = start_in_thread(worker, "ClaimsExperimentThread", self._on_thread_finished)
        self._thread, self._worker = thread, worker
        self._update_buttons()
        self.experiment_started.emit()

    def _on_stop_clicked(self) -> None:
        self.stop()

    @Slot(object)
    def _on_progressed(self, progress: SweepProgress) -> None:
        from lstm_gui.core.progress import BatchProgress

        record = progress.record
        fraction = 0.0
        where = ""
        if isinstance(record, BatchProgress):
            fraction = (record.epoch - 1 + record.epoch_fraction) / record.epochs
            where = self.tr("epoch {0} of {1}, {2}%").format(
                record.epoch, record.epochs, f"{100 * record.epoch_fraction:.0f}"
            )
        self.progress.setValue(round(1000 * (progress.index + fraction) / progress.total))
        self.progress_label.setText(
            self.tr("Run {0} of {1}: {2} at {3} steps {4}").format(
                progress.index + 1, progress.total, progress.cell.upper(), progress.steps, where
            )
        )

    @Slot(object)
    def _on_run_finished(self, run: ClaimRun) -> None:
        self._live_runs.append(run)
        self.plots.show_runs(self._live_runs)
        self.table.show_runs(self._live_runs)
        self.runs_changed.emit()

    @Slot(object)
    def _on_experiment_finished(self, experiment: Experiment) -> None:
        self.progress.setValue(1000 if not experiment.stopped else self.progress.value())
        self.progress_label.setText(
            self.tr("Stopped; {0} finished run(s) kept and saved.").format(len(experiment.runs))
            if experiment.stopped
            else self.tr("Done: {0} runs, saved.").format(len(experiment.runs))
        )
        self.show_experiment(experiment)
        self.refresh_saved()
        self.experiment_finished.emit(experiment)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.progress_label.setText(message)
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

    def _on_thread_finished(self) -> None:
        thread = self._thread
        if self.sender() is not thread or thread is None or not shiboken6.isValid(thread):
            return
        # Only after wait() has returned is the worker's deleteLater done (see start_in_thread).
        thread.wait()
        self._forget_thread()
        self._update_buttons()
        self.experiment_ended.emit()

    def _forget_thread(self) -> None:
        self._thread = None
        self._worker = None
