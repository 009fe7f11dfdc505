"""BackgroundTask: the one way lstm-gui runs core work (a function or generator) off the GUI thread.

An owner builds a task around a callable, connects its signals and starts it:

    task = BackgroundTask(lambda: rows_needed_curve(...), "RowsNeededThread", parent=self)
    task.item.connect(self._on_progressed)        # each item a generator yields
    task.failed.connect(self._on_failed)          # one sentence for the user
    task.finished.connect(self._on_finished)      # always last, after the thread has ended
    task.start()

Every signal arrives in the GUI thread. `stop()` asks a generator to end before its next item
(and calls the `stop` hook, e.g. a TrainingControl's); `wait()` blocks until the thread ended
(for closing a window). The task keeps its worker and thread referenced until the thread has
finished *and* `QThread.wait()` returned (see widgets.threads.start_in_thread for why), so an
owner may drop the task in its `finished` slot. `result` holds a function's return value.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QThread, Signal, SignalInstance, Slot

from lstm_gui.core.errors import LstmGuiError
from lstm_gui.gui.widgets.threads import returns_to_gui_thread, start_in_thread

_log = logging.getLogger(__name__)

OUT_OF_MEMORY = "There was not enough memory for this; close other programs or use less data."


class _Worker(QObject):
    """Runs the work in the task's thread and reports through signals (queued to the task)."""

    item = Signal(object)
    failed = Signal(str)
    returned = Signal(object)
    done = Signal()

    def __init__(self, work: Callable[[], Any], stopping: Callable[[], bool], failure: str) -> None:
        super().__init__()
        self._work = work
        self._stopping = stopping
        self._failure = failure

    def terminal_signals(self) -> list[SignalInstance]:
        """The signal that ends the thread's work (for start_in_thread)."""
        return [self.done]

    @Slot()
    @returns_to_gui_thread
    def run(self) -> None:
        """Run the work; every item, then its value or a failure; always ends with `done`."""
        try:
            result = self._work()
            if isinstance(result, Iterator):
                try:
                    for item in result:
                        if self._stopping():
                            break
                        self.item.emit(item)
                finally:
                    close = getattr(result, "close", None)
                    if close is not None:
                        close()  # a generator's finally blocks run here, in this thread
                result = None
            self.returned.emit(result)
        except LstmGuiError as exc:
            self.failed.emit(str(exc))
        except MemoryError:
            self.failed.emit(OUT_OF_MEMORY)
        except Exception as exc:  # noqa: BLE001 - a worker must never let an error escape
            _log.exception("background task failed")
            self.failed.emit(f"{self._failure}: {exc}")
        finally:
            self.done.emit()


class BackgroundTask(QObject):
    """A function or generator run once in its own QThread; its signals arrive in the GUI thread.

    `failure` opens the sentence shown for an unexpected error ("The curve could not be
    computed: ..."); errors that are LstmGuiError are shown as they are.
    """

    item = Signal(object)  # each item a generator yields
    failed = Signal(str)  # one sentence for the user
    succeeded = Signal(object)  # the function's return value (None for a generator)
    finished = Signal()  # always last; the thread has ended

    def __init__(
        self,
        work: Callable[[], Any],
        name: str,
        *,
        stop: Callable[[], None] | None = None,
        failure: str = "The task failed",
        parent: QObject | None = None,
        on_item: Callable[[Any], None] | None = None,
        on_value: Callable[[Any], None] | None = None,
        on_failed: Callable[[str], None] | None = None,
        on_finished: Callable[[], None] | None = None,
    ) -> None:
        """`on_...` are connected to the signals of the same names (a shorthand for owners)."""
        super().__init__(parent)
        for signal, slot in (
            (self.item, on_item),
            (self.succeeded, on_value),
            (self.failed, on_failed),
            (self.finished, on_finished),
        ):
            if slot is not None:
                signal.connect(slot)
        self._work = work
        self._name = name
        self._stop_hook = stop
        self._failure = failure
        self._stopping = False
        self._worker: _Worker | None = None
        self._thread: QThread | None = None
        self._started = False
        self.result: Any = None

    @property
    def running(self) -> bool:
        """Started and not yet finished."""
        return self._thread is not None

    @property
    def stopping(self) -> bool:
        """Whether stop() was called."""
        return self._stopping

    def start(self) -> None:
        """Start the thread (once)."""
        if self._started:
            raise RuntimeError("a BackgroundTask runs once; make a new one")
        self._started = True
        worker = _Worker(self._work, lambda: self._stopping, self._failure)
        worker.item.connect(self.item)
        worker.failed.connect(self.failed)
        worker.returned.connect(self._on_returned)
        self._worker = worker
        self._thread = start_in_thread(worker, self._name, self._on_thread_finished)

    def stop(self) -> None:
        """Ask the work to end: before a generator's next item, and through the stop hook."""
        self._stopping = True
        if self._stop_hook is not None:
            self._stop_hook()

    def wait(self, timeout_ms: int = 5000) -> bool:
        """Block until the thread has ended (True) or the time is up (False)."""
        thread = self._thread
        if thread is None or not shiboken6.isValid(thread):
            return True
        return bool(thread.wait(timeout_ms))

    @Slot(object)
    def _on_returned(self, value: object) -> None:
        self.result = value
        self.succeeded.emit(value)

    @Slot()
    def _on_thread_finished(self) -> None:
        if self._thread is not None and shiboken6.isValid(self._thread):
            self._thread.wait()  # only now is the worker's deleteLater done
        self._worker = None
        self._thread = None
        self.finished.emit()


class TaskSlot(QObject):
    """An owner's one task at a time: started through the slot, forgotten when it finishes.

    The bookkeeping every one-shot owner needs and used to write by hand: `busy` while a task
    runs, `wait()` before closing, `stop()` that forgets a task whose last signals are then
    ignored (`is_current(sender)`), and the finished task deleted once its thread has ended.
    `on_finished` runs after the slot has forgotten the task, so it may start the next one.
    `stop(wait=False)` returns at once: the forgotten task ends in its thread, and `wait()`
    (before closing) waits for it too.
    """

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._task: BackgroundTask | None = None
        self._stopped: list[BackgroundTask] = []  # forgotten, their threads not yet ended
        # What to call when each task finishes. Kept here, with a slot of this QObject
        # connected, not in a lambda: a lambda connected to a task that is deleted once it has
        # finished made PySide call a freed slot now and then (a segfault in the GUI tests).
        self._then: dict[BackgroundTask, Callable[[], None] | None] = {}

    @property
    def busy(self) -> bool:
        """A task is running (and was not stopped)."""
        return self._task is not None

    def start(
        self,
        work: Callable[[], Any],
        name: str,
        *,
        on_finished: Callable[[], None] | None = None,
        **options: Any,
    ) -> BackgroundTask:
        """Run `work` in a BackgroundTask (`options` as BackgroundTask's) and hold it."""
        if self._task is not None:
            raise RuntimeError("this slot's task is still running; stop it first")
        task = BackgroundTask(work, name, parent=self.parent(), **options)
        self._then[task] = on_finished
        task.finished.connect(self._on_task_finished)
        self._task = task
        task.start()
        return task

    def is_current(self, sender: QObject | None) -> bool:
        """Whether a signal came from the task held now (not one stopped and forgotten)."""
        return sender is not None and sender is self._task

    def wait(self, timeout_ms: int = 5000) -> bool:
        """Block until the threads of the held task and of those stopped have ended (True)."""
        tasks = [*self._stopped, *([self._task] if self._task is not None else [])]
        return all([task.wait(timeout_ms) for task in tasks])

    def stop(self, wait: bool = True) -> None:
        """Stop the held task and forget it: its last signals are stale.

        `wait`: block until its thread has ended (closing a window); False returns at once
        (a Stop button), the work ending in its thread at its next check.
        """
        task, self._task = self._task, None
        if task is not None:
            task.stop()
            self._stopped.append(task)
        if wait:
            self.wait()

    @Slot()
    def _on_task_finished(self) -> None:
        task = self.sender()
        if not isinstance(task, BackgroundTask) or task not in self._then:
            return
        then = self._then.pop(task)
        task.deleteLater()  # its thread has ended and been waited for
        if task in self._stopped:
            self._stopped.remove(task)
        if task is self._task:  # not one forgotten by stop()
            self._task = None
            if then is not None:
                then()
