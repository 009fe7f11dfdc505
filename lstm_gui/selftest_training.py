"""The self-test's training check: a tiny run in a background thread, on the sample digits.

Split from lstm_gui.selftest (which lists and runs the checks) because it is the one check
that drives a thread and needs a dataset made up for it.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Slot

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

# Python wrappers of a worker and thread Qt had not deleted yet: released, they would crash.
_kept_alive: list[object] = []
TRAINING_TIMEOUT_S = 120.0


def check_training(app: QApplication, workdir: Path) -> str:
    """A few training steps run in a background thread, as the app runs them, and the loss falls."""
    from lstm_gui.core.config import TrainConfig
    from lstm_gui.core.run.control import TrainingControl
    from lstm_gui.core.run.session import plan_new_run
    from lstm_gui.gui.training_run import TrainingJob, training_records
    from lstm_gui.gui.widgets.background_task import BackgroundTask
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
    watcher = _TrainingWatcher()
    in_gui_thread: list[bool] = []

    def work() -> Any:
        in_gui_thread.append(threading.current_thread() is threading.main_thread())
        return training_records(job, control)

    # Slots of a QObject in this thread, not lambdas: PySide routes a lambda through a shared
    # helper object that raced with the worker's deletion in the worker thread.
    task = BackgroundTask(
        work,
        "SelfTestTrainingThread",
        parent=watcher,
        on_item=watcher.on_item,
        on_failed=watcher.on_failed,
        on_finished=watcher.on_thread_ended,
    )
    task.start()
    endings, epochs, batches = watcher.endings, watcher.epochs, watcher.batches
    process_events_until(app, lambda: watcher.thread_ended, TRAINING_TIMEOUT_S)
    if not watcher.thread_ended:
        control.stop()
        process_events_until(app, lambda: watcher.thread_ended, 10.0)
        _kept_alive.append(watcher)  # never release a task whose thread may still run
    if not endings:
        raise CheckFailed(f"training did not finish within {TRAINING_TIMEOUT_S:.0f} s")
    if in_gui_thread != [False]:
        raise CheckFailed("the training did not run in a thread of its own")
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
    """Collects what the training reports, in the GUI thread, by the kind of record."""

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[Any] = []
        self.epochs: list[Any] = []
        self.endings: list[str] = []
        self.thread_ended = False

    @Slot(object)
    def on_item(self, record: Any) -> None:
        from lstm_gui.core.run.progress import BatchProgress, EpochResult, RunFinished
        from lstm_gui.gui.training_run import DataMissing, RunFailed, dispatch_record

        dispatch_record(
            record,
            {
                BatchProgress: self.batches.append,
                EpochResult: self.epochs.append,
                RunFinished: lambda ended: self.endings.append(f"finished ({ended.status})"),
                RunFailed: lambda failed: self.on_failed(failed.message),
                DataMissing: lambda failed: self.on_failed(failed.message),
            },
        )

    @Slot(str)
    def on_failed(self, message: str) -> None:
        self.endings.append(f"failed: {message}")

    @Slot()
    def on_thread_ended(self) -> None:
        self.thread_ended = True


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
