"""BackgroundTask: items, value, failure and finished arrive in the GUI thread, in order."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QThread

from lstm_gui.core.errors import LstmGuiError
from lstm_gui.gui.widgets.background_task import BackgroundTask


def record(task: BackgroundTask) -> list[tuple[str, Any, bool]]:
    """(signal, value, whether it arrived in the GUI thread), in arrival order."""
    events: list[tuple[str, Any, bool]] = []

    def note(name: str) -> Any:
        return lambda *value: events.append(
            (name, value[0] if value else None, QThread.currentThread().isMainThread())
        )

    task.item.connect(note("item"))
    task.failed.connect(note("failed"))
    task.succeeded.connect(note("succeeded"))
    task.finished.connect(note("finished"))
    return events


def test_a_generator_s_items_then_finished_arrive_in_the_gui_thread(qtbot: Any) -> None:
    workers: list[str] = []

    def count() -> Iterator[int]:
        workers.append(threading.current_thread().name)
        yield from range(3)

    task = BackgroundTask(count, "CountThread")
    events = record(task)
    with qtbot.waitSignal(task.finished, timeout=10_000):
        task.start()
    assert [(name, value) for name, value, _ in events] == [
        ("item", 0),
        ("item", 1),
        ("item", 2),
        ("succeeded", None),
        ("finished", None),
    ]
    assert all(in_gui for _, _, in_gui in events)
    assert workers != [threading.main_thread().name]
    assert not task.running


def test_a_function_s_value_is_kept_and_a_failure_is_one_sentence(qtbot: Any) -> None:
    task = BackgroundTask(lambda: 42, "AnswerThread")
    with qtbot.waitSignal(task.finished, timeout=10_000):
        task.start()
    assert task.result == 42

    def refuse() -> None:
        raise LstmGuiError("The file is not a checkpoint.")

    failing = BackgroundTask(refuse, "RefuseThread")
    events = record(failing)
    with qtbot.waitSignal(failing.finished, timeout=10_000):
        failing.start()
    assert [(name, value) for name, value, _ in events] == [
        ("failed", "The file is not a checkpoint."),
        ("finished", None),
    ]

    def crash() -> None:
        raise ValueError("bad shape")

    crashing = BackgroundTask(crash, "CrashThread", failure="The curve could not be computed")
    events = record(crashing)
    with qtbot.waitSignal(crashing.finished, timeout=10_000):
        crashing.start()
    assert events[0][:2] == ("failed", "The curve could not be computed: bad shape")


def test_stop_ends_a_generator_before_its_next_item_and_calls_the_hook(qtbot: Any) -> None:
    gate = threading.Event()
    hooked: list[bool] = []
    closed: list[bool] = []

    def slow() -> Iterator[int]:
        try:
            for number in range(1000):
                gate.wait(5)
                yield number
        finally:
            closed.append(True)

    task = BackgroundTask(slow, "SlowThread", stop=lambda: hooked.append(True))
    events = record(task)
    task.start()
    task.stop()
    gate.set()
    qtbot.waitUntil(lambda: not task.running, timeout=10_000)
    items = [value for name, value, _ in events if name == "item"]
    assert len(items) <= 1  # at most the item already on its way when stop() came
    assert hooked == [True] and closed == [True]
    assert events[-1][0] == "finished"
    assert task.wait(100)


def test_callbacks_given_at_construction_are_connected(qtbot: Any) -> None:
    heard: list[tuple[str, Any]] = []
    task = BackgroundTask(
        lambda: iter([1, 2]),
        "CallbackThread",
        on_item=lambda item: heard.append(("item", item)),
        on_value=lambda value: heard.append(("value", value)),
        on_finished=lambda: heard.append(("finished", None)),
    )
    with qtbot.waitSignal(task.finished, timeout=10_000):
        task.start()
    assert heard == [("item", 1), ("item", 2), ("value", None), ("finished", None)]


def test_a_task_slot_holds_one_task_and_forgets_it_when_it_ends(qtbot: Any) -> None:
    from PySide6.QtCore import QObject

    from lstm_gui.gui.widgets.background_task import TaskSlot

    owner = QObject()
    slot = TaskSlot(owner)
    release = threading.Event()
    seen: list[tuple[str, Any]] = []

    def wait_then_count() -> Iterator[int]:
        release.wait(10)
        yield from range(2)

    task = slot.start(
        wait_then_count,
        "SlotThread",
        on_item=lambda item: seen.append(("item", item)),
        on_finished=lambda: seen.append(("finished, busy", slot.busy)),
    )
    assert slot.busy and slot.is_current(task) and task.parent() is owner
    try:
        slot.start(lambda: None, "SecondThread")
        raise AssertionError("a second task started while the first ran")
    except RuntimeError:
        pass
    release.set()
    qtbot.waitUntil(lambda: not slot.busy, timeout=10_000)
    # Its items, then on_finished with the task already forgotten (a next one could start).
    assert seen == [("item", 0), ("item", 1), ("finished, busy", False)]
    assert not slot.is_current(task)


def test_a_stopped_slot_task_is_forgotten_at_once_and_its_end_is_not_reported(
    qtbot: Any,
) -> None:
    from PySide6.QtCore import QObject

    from lstm_gui.gui.widgets.background_task import TaskSlot

    owner = QObject()
    slot = TaskSlot(owner)
    ended: list[str] = []
    started = threading.Event()

    def forever() -> Iterator[int]:
        started.set()
        while True:
            yield 0

    task = slot.start(forever, "ForeverThread", on_finished=lambda: ended.append("ended"))
    started.wait(10)
    slot.stop()  # stops, waits for the thread, forgets it
    assert not slot.busy and not slot.is_current(task) and task.stopping
    qtbot.waitUntil(lambda: not task.running, timeout=10_000)  # its `finished` has come
    assert ended == []
    slot.wait()  # nothing held: returns at once


def test_a_slot_task_stopped_without_waiting_is_still_waited_for_before_closing(
    qtbot: Any,
) -> None:
    from PySide6.QtCore import QObject

    from lstm_gui.gui.widgets.background_task import TaskSlot

    owner = QObject()
    slot = TaskSlot(owner)
    started, release = threading.Event(), threading.Event()
    closed: list[bool] = []
    ended: list[str] = []

    def blocked() -> Iterator[int]:
        started.set()
        try:
            release.wait(10)
            yield 0
        finally:
            closed.append(True)

    task = slot.start(blocked, "BlockedThread", on_finished=lambda: ended.append("ended"))
    started.wait(10)

    slot.stop(wait=False)  # returns while the work is still blocked in its thread

    assert not slot.busy and not slot.is_current(task) and task.stopping
    assert task.running and closed == []
    release.set()
    assert slot.wait()  # waits for the forgotten task's thread too
    assert closed == [True]
    qtbot.waitUntil(lambda: not task.running, timeout=10_000)
    assert ended == []  # a stopped task's end is not reported to its owner
