"""Running a worker QObject in its own QThread, wired the one safe way."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import Protocol, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, SignalInstance


class ThreadWorker(Protocol):
    """A QObject with a `run` slot and the signals of which one ends its work."""

    def moveToThread(self, thread: QThread) -> bool: ...  # noqa: D102, N802
    def deleteLater(self) -> None: ...  # noqa: D102, N802
    def run(self) -> None: ...  # noqa: D102
    def terminal_signals(self) -> list[SignalInstance]: ...  # noqa: D102


WorkerT = TypeVar("WorkerT", bound=QObject)


def returns_to_gui_thread(run: Callable[[WorkerT], None]) -> Callable[[WorkerT], None]:
    """Decorate a worker's run(): when it returns, the worker belongs to the GUI thread again.

    Its deleteLater then runs in the GUI thread. Destroyed in its own thread, a Python QObject
    asks for the GIL while Qt holds a connection lock that the GUI thread, holding the GIL,
    may be waiting for in a disconnect: a deadlock seen when a run ended during a plot update.
    """

    @functools.wraps(run)
    def run_then_return(worker: WorkerT) -> None:
        try:
            run(worker)
        finally:
            application = QCoreApplication.instance()
            if application is not None:
                worker.moveToThread(application.thread())  # allowed: from its own thread

    return run_then_return


def start_in_thread(
    worker: ThreadWorker, name: str, on_finished: Callable[[], None] | None = None
) -> QThread:
    """Move `worker` to a new QThread, wire it the canonical way and start it.

    Keep Python references to the worker and the thread until the thread has finished
    *and* `thread.wait()` has returned: `finished` is emitted while the thread may still be
    deleting the worker (deleteLater), and a reference dropped in between makes Python
    delete the same object a second time (an intermittent segfault in the GUI tests).
    """
    thread = QThread()
    thread.setObjectName(name)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    for signal in worker.terminal_signals():
        # A direct connection: quit() is thread-safe, and a queued one would never be
        # delivered while the GUI thread blocks in thread.wait() (deadlock on close).
        signal.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    if on_finished is not None:
        # Before start(): a worker that fails at once can end its thread before the caller
        # would get to connect, and a `finished` emitted before the connection is lost.
        thread.finished.connect(on_finished)
    thread.finished.connect(worker.deleteLater)
    thread.finished.connect(thread.deleteLater)
    thread.start()
    return thread


def running_qthreads() -> list[QThread]:
    """Every QThread of this process that is still running (the GUI thread's own is not one).

    Used to prove that nothing is left running when a window closes or a run ends: the tests
    fail a test that leaves one, and `--self-test` fails a check that does.
    """
    running = []
    for thing in gc.get_objects():
        # type(), not isinstance(): isinstance reads __class__, which warns on some torch objects.
        if issubclass(type(thing), QThread):
            try:
                if thing.isRunning():
                    running.append(thing)
            except RuntimeError:  # its C++ object is gone already
                continue
    return running


def describe_threads(threads: list[QThread]) -> str:
    """Their names, for a message: "TrainingThread, QThread"."""
    return ", ".join(thread.objectName() or type(thread).__name__ for thread in threads)
