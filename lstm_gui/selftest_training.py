"""The self-test's training check: a tiny run in the real worker thread, on the sample digits.

Split from lstm_gui.selftest (which lists and runs the checks) because it is the one check
that drives a thread and needs a dataset made up for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Slot

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

# Python wrappers of a worker and thread Qt had not deleted yet: released, they would crash.
_kept_alive: list[object] = []
TRAINING_TIMEOUT_S = 120.0


def check_training(app: QApplication, workdir: Path) -> str:
    """A few training steps run in the worker thread, and the loss falls."""
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent, QThread

    from lstm_gui.core.config import TrainConfig
    from lstm_gui.core.run.session import plan_new_run
    from lstm_gui.core.run.training import TrainingControl
    from lstm_gui.gui.train.training_worker import TrainingJob, TrainingWorker
    from lstm_gui.gui.widgets.threads import start_in_thread
    from lstm_gui.selftest import CheckFailed, process_events_until  # imports this module

    config = TrainConfig(
        epochs=4,
        batch_size=20,
        lr=0.005,
        seed=1,
        device="cpu",
        report_every=5,
        torch_threads=1,
    )
    model = config.model_config(hidden_size=32)
    plan = plan_new_run(model, config, output=workdir / "run" / "latest.safetensors")
    job = TrainingJob(plan, data=sample_dataset(workdir))
    control = TrainingControl()
    worker = TrainingWorker(job, control)
    # Slots of a QObject in this thread, not lambdas: PySide routes a lambda through a
    # shared helper object that races with the worker's deleteLater in the worker thread.
    watcher = _TrainingWatcher()
    worker.progressed.connect(watcher.on_progressed)
    worker.epoch_finished.connect(watcher.on_epoch_finished)
    worker.finished.connect(watcher.on_finished)
    worker.failed.connect(watcher.on_failed)
    worker.data_missing.connect(watcher.on_failed)
    thread = start_in_thread(worker, "SelfTestTrainingThread")
    if thread is QThread.currentThread():
        raise CheckFailed("the worker runs in the GUI thread")

    def deleted() -> bool:
        # Worker and thread delete themselves once the thread has finished (deleteLater).
        # Only once Qt has deleted both may their Python wrappers go: a wrapper released
        # while Qt deletes its object in the other thread crashes PySide.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        return not shiboken6.isValid(worker) and not shiboken6.isValid(thread)

    endings, epochs, batches = watcher.endings, watcher.epochs, watcher.batches
    process_events_until(app, lambda: bool(endings) and deleted(), TRAINING_TIMEOUT_S)
    if not endings:
        control.stop()
    process_events_until(app, deleted, 10.0)
    if not deleted():
        _kept_alive.extend([worker, thread])  # never release a wrapper Qt may still delete
    if not endings:
        raise CheckFailed(f"training did not finish within {TRAINING_TIMEOUT_S:.0f} s")
    if endings[0] != "finished (completed)":
        raise CheckFailed(f"the run {endings[0]}")
    if len(epochs) != config.epochs or not batches:
        raise CheckFailed(f"{len(epochs)} epochs and {len(batches)} progress reports arrived")
    first, last = epochs[0].loss, epochs[-1].loss
    if not last < 0.8 * first:
        raise CheckFailed(f"the loss did not fall: {first:.3f} after epoch 1, {last:.3f} after")
    return (
        f"{len(batches)} progress reports, loss {first:.3f} -> {last:.3f} "
        f"over {len(epochs)} epochs in the worker thread"
    )


class _TrainingWatcher(QObject):
    """Collects what a TrainingWorker reports, in the GUI thread."""

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[Any] = []
        self.epochs: list[Any] = []
        self.endings: list[str] = []

    @Slot(object)
    def on_progressed(self, record: Any) -> None:
        self.batches.append(record)

    @Slot(object)
    def on_epoch_finished(self, record: Any) -> None:
        self.epochs.append(record)

    @Slot(object)
    def on_finished(self, record: Any) -> None:
        self.endings.append(f"finished ({record.status})")

    @Slot(str)
    def on_failed(self, message: str) -> None:
        self.endings.append(f"failed: {message}")


def sample_dataset(workdir: Path) -> Any:
    """A tiny dataset of the sample digits, shifted and speckled: no MNIST needed."""
    import numpy as np
    import torch

    from lstm_gui.core.reading.preprocess import load_image, to_mnist
    from lstm_gui.core.run.data import DatasetSplits, ImageSet, dataset_spec
    from lstm_gui.selftest import CheckFailed, sample_digits  # imports this module

    samples = sample_digits()
    if not samples:
        raise CheckFailed("no sample digits to train on (resources/samples/digit-N.png)")
    bases = [(to_mnist(load_image(path)) * 255).astype(np.uint8) for path, _ in samples]
    digits = [digit for _, digit in samples]
    rng = np.random.default_rng(0)

    def variants(count: int) -> ImageSet:
        images, labels = [], []
        for index in range(count):
            which = index % len(bases)
            shifted = np.roll(bases[which], tuple(rng.integers(-2, 3, size=2)), axis=(0, 1))
            noise = rng.integers(0, 40, size=shifted.shape)
            images.append(np.clip(shifted.astype(np.int64) + noise, 0, 255).astype(np.uint8))
            labels.append(digits[which])
        return ImageSet(torch.from_numpy(np.stack(images)), torch.tensor(labels))

    return DatasetSplits(dataset_spec("mnist"), variants(200), variants(50), workdir)
