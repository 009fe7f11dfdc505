"""RunsSide: the Train tab's part for the stored runs — listing, overlays, use, delete, export.

It keeps the runs list current (from a cache that re-reads changed runs only), puts ticked runs'
curves beside the current one, and deletes or exports runs on request. Dialogs open over the
tab (its Qt parent); what the window must do (use a model, show a message) goes out as signals.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from lstm_gui.core.errors import LstmGuiError
from lstm_gui.core.run.runs_cache import RunsCache
from lstm_gui.gui.train.metrics_plot import OverlayRun
from lstm_gui.gui.train.wiring import connect_all
from lstm_gui.gui.widgets import dialogs

if TYPE_CHECKING:
    from lstm_gui.core.run.runs import DamagedRun, StoredRun
    from lstm_gui.gui.run_controller import RunController
    from lstm_gui.gui.train.gradient_view import GradientView
    from lstm_gui.gui.train.metrics_plot import MetricsPlot
    from lstm_gui.gui.train.runs_panel import RunsPanel
    from lstm_gui.gui.train.training_panel import TrainingPanel
    from lstm_gui.gui.widgets.deferred import DeferredWidget


def tr(text: str) -> str:
    """Translated in the TrainingTab context, where these strings were first written."""
    return QCoreApplication.translate("TrainingTab", text)


class RunsSide(QObject):
    """The runs list and what is asked of a stored run."""

    status_message = Signal(str)
    use_model_requested = Signal(object, str)  # a stored run's checkpoint, its name

    def __init__(
        self,
        controller: RunController,
        runs_root: Path | None,
        parts: tuple[RunsPanel, QTabWidget, MetricsPlot, TrainingPanel],
        gradients: DeferredWidget[GradientView],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._runs_root = runs_root
        self._runs_panel, self._side_tabs, self._metrics, self._panel = parts
        self._gradients = gradients
        self._listing_enabled = False  # runs are listed once PyTorch has loaded
        self._runs_cache = RunsCache()  # at every epoch's end: re-read changed runs only
        runs = self._runs_panel
        connect_all(
            [
                # Runs trained meanwhile from the command line appear when the list is looked at.
                (self._side_tabs.currentChanged, self._on_side_tab_changed),
                (runs.overlay_changed, self._on_overlay_changed),
                (runs.use_requested, self._on_use_run_requested),
                (runs.delete_requested, self._on_delete_run_requested),
                (runs.delete_damaged_requested, self._on_delete_damaged_requested),
                (runs.export_requested, self.ask_export_csv),
                (runs.refresh_requested, self.refresh_runs),
            ]
        )

    def enable(self) -> None:
        """PyTorch has loaded: runs are listed from now on."""
        self._listing_enabled = True
        self.refresh_runs()

    def _window(self) -> QWidget:
        """The tab, for dialogs: its Qt parent, not a Python reference (no cycle)."""
        parent = self.parent()
        assert isinstance(parent, QWidget)
        return parent

    # ------------------------------------------------------------------ runs

    def refresh_runs(self) -> None:
        """List the runs folder again (the run in progress is marked as such)."""
        if not self._listing_enabled:
            return
        plan = self._controller.plan
        listing = self._runs_cache.scan(self._runs_root)
        self._runs_panel.set_runs(
            listing.runs, plan.folder if plan is not None else None, listing.damaged
        )

    def _on_side_tab_changed(self, index: int) -> None:
        if self._side_tabs.widget(index) is self._runs_panel:
            self.refresh_runs()

    def _on_overlay_changed(self, runs: list[StoredRun]) -> None:
        from lstm_gui.core.run.curve_file import load_batch_curves

        self._metrics.set_overlays(
            [OverlayRun(run.label, run.history, load_batch_curves(run.folder)) for run in runs]
        )
        self._gradients.widget().set_overlays(runs, [run.label for run in runs])

    def _on_use_run_requested(self, run: StoredRun) -> None:
        self.use_model_requested.emit(run.model_path, run.name)

    def _on_delete_run_requested(self, run: StoredRun) -> None:
        question = tr("Delete the run {0} and its checkpoints? This cannot be undone.")
        if self._delete(run.folder, question.format(run.name), damaged=False):
            self._controller.forget_run_in(run.folder)
            if self._controller.last_run is None:
                self._panel.set_state(self._panel.state, can_extend=False)
        self.refresh_runs()

    def _on_delete_damaged_requested(self, entry: DamagedRun) -> None:
        question = tr("Delete {0}? It is not a usable run: {1}")
        self._delete(entry.folder, question.format(entry.name, entry.reason), damaged=True)
        self.refresh_runs()

    def _delete(self, folder: Path, question: str, damaged: bool) -> bool:
        """Ask, then delete a run folder; True when it is gone."""
        if not dialogs.ask_yes_no(self._window(), tr("Delete run"), question):
            return False
        from lstm_gui.core.run.runs import delete_run

        try:
            delete_run(folder, self._runs_root, damaged=damaged)
        except LstmGuiError as exc:
            dialogs.show_error(self._window(), str(exc))
            return False
        return True

    # ------------------------------------------------------------------ export

    def ask_export_csv(self) -> None:
        """Ask where, then export the curves as CSV."""
        path = dialogs.choose_save_file(
            self._window(), tr("Export curves"), tr("CSV files (*.csv)"), Path.home() / "curves.csv"
        )
        if path is not None:
            self.export_curves(path)

    def export_curves(self, path: Path) -> None:
        """Write the shown run's curves and the ticked runs' as one CSV table (from the files)."""
        from lstm_gui.core.run.curve_file import export_runs_csv

        shown = self._controller.plan or self._controller.last_run
        runs = [(shown.name, shown.folder)] if shown and shown.paths.latest.is_file() else []
        runs += [
            (run.label, run.folder)
            for run in self._runs_panel.checked_runs()
            if shown is None or run.folder != shown.folder
        ]
        try:
            export_runs_csv(path, runs)
        except LstmGuiError as exc:
            dialogs.show_error(self._window(), str(exc))
            return
        self.status_message.emit(tr("Curves saved to {0}.").format(path))
