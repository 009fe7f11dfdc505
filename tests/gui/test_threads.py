"""Workers in threads: started the one safe way, and deleted in the GUI thread afterwards."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, SignalInstance, Slot

from lstm_gui.gui.widgets.threads import returns_to_gui_thread, start_in_thread


class Worker(QObject):
    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.ran_in_gui_thread: bool | None = None

    def terminal_signals(self) -> list[SignalInstance]:
        return [self.finished]

    @Slot()
    @returns_to_gui_thread
    def run(self) -> None:
        self.ran_in_gui_thread = QThread.currentThread() is QCoreApplication.instance().thread()
        self.finished.emit()


class Watcher(QObject):
    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self.worker = worker
        self.home_after_run: bool | None = None

    @Slot()
    def on_thread_finished(self) -> None:
        # deleteLater was posted before this slot ran; the worker is still there to ask.
        gui_thread = QCoreApplication.instance().thread()
        self.home_after_run = self.worker.thread() is gui_thread


def test_a_worker_runs_in_its_thread_and_comes_back_to_be_deleted(qtbot: Any) -> None:
    worker = Worker()
    watcher = Watcher(worker)
    thread = start_in_thread(worker, "TestThread", watcher.on_thread_finished)
    qtbot.waitUntil(lambda: watcher.home_after_run is not None, timeout=10_000)
    if shiboken6.isValid(thread):
        thread.wait()
    assert worker.ran_in_gui_thread is False
    assert watcher.home_after_run is True
    # Its deleteLater then runs here, in the GUI thread.
    qtbot.waitUntil(lambda: not shiboken6.isValid(worker), timeout=10_000)
