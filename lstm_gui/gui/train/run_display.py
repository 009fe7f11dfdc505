"""RunDisplay: the Train tab's part that shows a run's events as the RunController reports them.

It fills the training panel, the curves, the confusion matrix and the status bar's speed and
device labels; progress labels are refreshed on a timer, not per record, so the GUI thread keeps
time for training. Dialogs open over the tab (its Qt parent); what the tab must do in turn
(list the runs again, stop a download, offer a model) it is told through signals, not calls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QWidget

from lstm_gui.core.errors import LstmGuiError
from lstm_gui.core.run.progress import RunStatus
from lstm_gui.gui.train.panel_state import PanelState
from lstm_gui.gui.train.wiring import connect_all
from lstm_gui.gui.widgets import dialogs
from lstm_gui.gui.widgets.download_dialog import DownloadDialog

if TYPE_CHECKING:
    from lstm_gui.core.run.progress import BatchProgress, DownloadProgress, EpochResult, RunFinished
    from lstm_gui.gui.run_controller import Launch, RunController
    from lstm_gui.gui.train.confusion_matrix_view import ConfusionMatrixView
    from lstm_gui.gui.train.metrics_plot import MetricsPlot
    from lstm_gui.gui.train.training_panel import TrainingPanel
    from lstm_gui.gui.training_run import DataReady, ValidationPredictions

# Progress labels and bars are refreshed at most this often (records arrive 10-20 times a
# second; each repaint costs the GUI thread time that training needs on small machines).
PROGRESS_REFRESH_MS = 250


def tr(text: str) -> str:
    """Translated in the TrainingTab context, where these strings were first written."""
    return QCoreApplication.translate("TrainingTab", text)


class RunDisplay(QObject):
    """Shows what the controller reports on the tab's panel, plots and labels."""

    status_message = Signal(str)
    model_trained = Signal(object, str)  # checkpoint Path to predict with, run name
    runs_changed = Signal()  # a run was saved or ended: list the runs again
    cancel_requested = Signal()  # the person cancelled the download

    def __init__(
        self,
        controller: RunController,
        panel: TrainingPanel,
        metrics: MetricsPlot,
        confusion: ConfusionMatrixView,
        labels: tuple[QLabel, QLabel],  # speed, device (shown in the window's status bar)
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._panel, self._metrics, self._confusion = panel, metrics, confusion
        self._speed_label, self._device_label = labels
        self._download: DownloadDialog | None = None
        self._pending_record: BatchProgress | None = None
        self._progress_timer = QTimer(self, interval=PROGRESS_REFRESH_MS)
        self._progress_timer.timeout.connect(self._on_progress_timer)
        self._progress_timer.start()
        connect_all(
            [
                (controller.launched, self._on_launched),
                (controller.download_progressed, self._on_download_progressed),
                (controller.data_ready, self._on_data_ready),
                (controller.progressed, self._on_progressed),
                (controller.predictions_ready, self._on_predictions_ready),
                (controller.epoch_finished, self._on_epoch_finished),
                (controller.run_finished, self._on_run_finished),
                (controller.refused, self._on_refused),
                (controller.ended, self._on_ended),
            ]
        )

    @property
    def download(self) -> DownloadDialog | None:
        """The download dialog while the dataset downloads."""
        return self._download

    def _window(self) -> QWidget:
        """The tab, for dialogs: its Qt parent, not a Python reference (no cycle)."""
        parent = self.parent()
        assert isinstance(parent, QWidget)
        return parent

    @Slot(object)
    def _on_launched(self, launch: Launch) -> None:
        plan = launch.plan
        train = plan.train_config
        if plan.resume_from is None:
            self._metrics.clear(train.epochs)
        elif not launch.keep_curves:
            from lstm_gui.core.run.curve_file import load_batch_curves
            from lstm_gui.core.run.runs import read_run

            try:
                history = read_run(plan.folder).history
            except LstmGuiError:
                history = ()
            self._metrics.load_run(history, load_batch_curves(plan.folder))
        if plan.resume_from is not None:
            self._panel.set_configs(plan.model_config, train)
        self._panel.start_progress(plan.epochs_done, train.epochs, train.batch_size)
        self._panel.set_state(PanelState.LOADING)
        self.runs_changed.emit()
        self.status_message.emit(tr("Loading the data…"))

    @Slot(object)
    def _on_download_progressed(self, progress: DownloadProgress) -> None:
        if self._download is None:
            self._download = DownloadDialog(self._window())
            self._download.canceled.connect(self.cancel_requested)
        self._download.show_progress(progress)

    def close_download(self) -> None:
        """Close the download dialog, if one is open."""
        if self._download is not None:
            self._download.canceled.disconnect(self.cancel_requested)
            self._download.close()
            self._download.deleteLater()
            self._download = None

    @Slot(object)
    def _on_data_ready(self, ready: DataReady) -> None:
        self.close_download()
        test = ready.data.test.head(ready.test_samples)
        self._confusion.set_test_set(
            test.images.numpy(), test.labels.numpy(), ready.data.spec.classes
        )
        plan = self._controller.plan
        threads = plan.train_config.torch_threads if plan is not None else None
        self._device_label.setText(
            tr("Device: {0} · CPU threads: {1}").format(ready.device.upper(), threads or "—")
        )
        self._panel.set_state(PanelState.TRAINING)
        self.status_message.emit(
            tr("Training on {0} digits, validating on {1}.").format(
                f"{ready.train_samples:,}", f"{ready.test_samples:,}"
            )
        )

    @Slot(object)
    def _on_progressed(self, record: BatchProgress) -> None:
        self._metrics.append_batch(record)
        self._pending_record = record

    def _on_progress_timer(self) -> None:
        record, self._pending_record = self._pending_record, None
        if record is None:
            return
        self._panel.show_progress(record)
        self._speed_label.setText(tr("{0} samples/s").format(f"{record.samples_per_s:,.0f}"))

    @Slot(object)
    def _on_predictions_ready(self, predictions: ValidationPredictions) -> None:
        self._confusion.add_predictions(predictions.epoch, predictions.predictions)

    @Slot(object)
    def _on_epoch_finished(self, result: EpochResult) -> None:
        self._on_progress_timer()  # show the epoch's last record before its result
        self._metrics.append_epoch(result.to_dict())
        self._confusion.show_epoch(result.epoch, result.confusion)
        self._panel.show_epoch(
            result.epoch, result.epochs, result.val_acc, result.seconds - result.train_seconds
        )
        self.runs_changed.emit()
        self.status_message.emit(
            tr(
                "Epoch {0} of {1}: loss {2:.4f}, accuracy {3:.2f}%, validation loss {4:.4f}, "
                "validation accuracy {5:.2f}% ({6:.1f} s)."
            ).format(
                result.epoch,
                result.epochs,
                result.loss,
                100 * result.acc,
                result.val_loss,
                100 * result.val_acc,
                result.seconds,
            )
        )

    @Slot(object)
    def _on_run_finished(self, finished: RunFinished) -> None:
        self._pending_record = None
        self.close_download()
        texts = {
            RunStatus.COMPLETED: tr("Training completed: {0} epochs.").format(finished.epochs_done),
            RunStatus.STOPPED: tr(
                "Training stopped in epoch {0}; what was trained is saved."
            ).format(finished.epochs_done + 1),
            RunStatus.DIVERGED: tr("Training diverged; the last good weights were kept."),
        }
        text = texts.get(finished.status, finished.message)
        self._panel.show_finished(text)
        self.status_message.emit(text)
        if finished.status == RunStatus.DIVERGED:
            dialogs.show_error(self._window(), finished.message or text)
        plan = self._controller.last_run
        if plan is not None and plan.paths.latest.is_file():
            best = plan.paths.best
            self.model_trained.emit(best if best.is_file() else plan.paths.latest, plan.name)

    @Slot(str)
    def _on_ended(self, status: str) -> None:
        self._panel.set_state(PanelState.IDLE, can_extend=self._controller.last_run is not None)
        self._speed_label.setText("")
        self.runs_changed.emit()

    @Slot(str)
    def _on_refused(self, message: str) -> None:
        dialogs.show_error(self._window(), message)
