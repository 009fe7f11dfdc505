"""What the GUI thread was doing while its event loop stalled: a sampler and a report of causes.

A stall is a probe tick that came more than a threshold late. To say why, a sampler thread
looks every 2 ms at two things:

- the kernel's account of the GUI thread (/proc/self/task/TID/schedstat: nanoseconds spent
  running and nanoseconds spent waiting for a CPU). Over a stall, the growth of the two tells
  whether the thread was *busy* (running our code or Qt's), *waiting for a CPU* (the other
  threads had both cores) or *blocked* (neither: waiting for the GIL or a lock);
- the Python stack of every thread (sys._current_frames), summarised as "entry → innermost"
  inside lstm_gui, pyqtgraph or torch, so a busy stall names the slot or paint that ran and a
  blocked one names what the thread holding the GIL was running.

The sampler needs the GIL too, so it cannot take samples while another thread holds it; the
kernel counters are cumulative, so the readings around such a gap still divide it correctly.
"""

from __future__ import annotations

import bisect
import gc
import os
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from types import FrameType

PACKAGES = ("lstm_gui", "pyqtgraph", "torch")
LOOP_FUNCTIONS = ("main", "app_run", "print_causes", "<module>")


def _package_of(filename: str) -> str | None:
    parts = Path(filename).parts
    for package in PACKAGES:
        if package in parts:
            return package
    return None


def describe_stack(frame: FrameType | None, own_files: tuple[str, ...] = ()) -> str:
    """'entry → innermost' for the frames inside our packages; what the thread was running.

    The entry is the outermost such frame (the slot, paint or event handler Qt called into),
    the innermost is where it was at that instant. A thread with no such frame is in Qt's own
    C++ (layout, text, painting without a Python override) or waiting: "Qt/C++ or idle".
    """
    inside: list[str] = []
    while frame is not None:
        code = frame.f_code
        package = _package_of(code.co_filename)
        if code.co_filename in own_files and code.co_name not in LOOP_FUNCTIONS:
            package = "benchmark"  # e.g. the simulated person's clicks
        elif code.co_filename in own_files:
            package = None  # the loop that drives everything is not a cause
        if package is not None:
            name = getattr(code, "co_qualname", code.co_name)
            inside.append(f"{package}:{Path(code.co_filename).stem}.{name}")
        frame = frame.f_back
    if not inside:
        return "Qt/C++ or idle"
    innermost, entry = inside[0], inside[-1]
    return entry if entry == innermost else f"{entry} → {innermost}"


def _schedstat(native_id: int) -> tuple[int, int]:
    """Nanoseconds this thread has run and waited for a CPU, as the kernel counts them."""
    try:
        fields = Path(f"/proc/self/task/{native_id}/schedstat").read_text().split()
        return int(fields[0]), int(fields[1])
    except (OSError, ValueError, IndexError):
        return 0, 0


@dataclass(frozen=True)
class Sample:
    """One look at the threads."""

    time_ns: int
    gui_run_ns: int
    gui_wait_ns: int
    gui_stack: str
    gui_event: str
    other_stacks: tuple[str, ...]
    others_wait_ns: int  # all other threads' time waiting for a CPU, summed


@dataclass
class StackSampler:
    """Samples the GUI thread's kernel counters and every thread's stack every few ms."""

    interval_s: float = 0.002
    own_files: tuple[str, ...] = ()
    samples: list[Sample] = field(default_factory=list)
    # The Qt event the GUI thread dispatched last, set by an application event filter: when a
    # stall runs in Qt's C++ with no Python frame, this says which event started it.
    last_event: str = "none"
    # Every event the filter saw: (perf_counter_ns, name). The gap after an event until the
    # next one is roughly how long Qt took to handle it (children's paints come as events
    # of their own), which names the slow event inside a stall.
    events: list[tuple[int, str]] = field(default_factory=list)

    # Garbage collections: (start ns, end ns, generation, thread name). A collection holds
    # the GIL, so it stalls every thread that runs Python, whichever thread started it.
    collections: list[tuple[int, int, int, str]] = field(default_factory=list)

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        now = time.perf_counter_ns()
        if phase == "start":
            self._gc_started = now
        else:
            thread = threading.current_thread().name
            self.collections.append((self._gc_started, now, info["generation"], thread))

    def note_event(self, name: str) -> None:
        """Called by the event filter for every event the GUI thread dispatches."""
        self.last_event = name
        self.events.append((time.perf_counter_ns(), name))

    def __post_init__(self) -> None:
        self._gui_ident = threading.main_thread().ident
        self._gui_native = threading.main_thread().native_id or os.getpid()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="stall-sampler", daemon=True)

    def start(self) -> None:
        """Begin sampling in a daemon thread, and timing garbage collections."""
        self._gc_started = 0
        gc.callbacks.append(self._on_gc)
        self._thread.start()

    def stop(self) -> None:
        """Stop sampling and wait for the thread."""
        self._stop.set()
        self._thread.join()
        gc.callbacks.remove(self._on_gc)

    def _loop(self) -> None:
        me = threading.get_ident()
        while not self._stop.wait(self.interval_s):
            frames = sys._current_frames()
            run, wait = _schedstat(self._gui_native)
            others_wait = sum(
                _schedstat(int(task.name))[1]
                for task in Path("/proc/self/task").iterdir()
                if int(task.name) not in (self._gui_native, threading.get_native_id())
            )
            others = tuple(
                describe_stack(frame, self.own_files)
                for ident, frame in frames.items()
                if ident not in (me, self._gui_ident)
            )
            gui = describe_stack(frames.get(self._gui_ident or 0), self.own_files)
            now = time.perf_counter_ns()
            sample = Sample(now, run, wait, gui, self.last_event, others, others_wait)
            self.samples.append(sample)


@dataclass(frozen=True)
class Stall:
    """An interval in which the event loop served nothing, and what the samples say of it."""

    start_ns: int
    end_ns: int
    cause: str

    @property
    def ms(self) -> float:
        """The stall's length in milliseconds."""
        return (self.end_ns - self.start_ns) / 1e6


def slowest_event(start_ns: int, end_ns: int, events: list[tuple[int, str]]) -> str | None:
    """The event inside [start, end] followed by the longest gap, with the gap in ms."""
    index = bisect.bisect_left(events, (start_ns, ""))
    if index > 0:
        index -= 1  # the event that was being handled when the interval began
    best: tuple[int, str] | None = None
    for (at, name), (after, _) in pairwise(events[index:]):
        if at > end_ns:
            break
        gap = min(after, end_ns) - max(at, start_ns)
        if best is None or gap > best[0]:
            best = (gap, name)
    return None if best is None else f"{best[1]} ({best[0] / 1e6:.0f} ms)"


def classify(
    start_ns: int,
    end_ns: int,
    samples: list[Sample],
    events: list[tuple[int, str]] = (),
    collections: list[tuple[int, int, int, str]] = (),
) -> str:
    """One cause for the interval: busy (with what), waiting for a CPU, or blocked (by what)."""
    collected = sum(
        min(stop, end_ns) - max(begin, start_ns)
        for begin, stop, _, _ in collections
        if begin < end_ns and stop > start_ns
    )
    if collected >= 0.5 * (end_ns - start_ns):
        longest = max(
            (c for c in collections if c[0] < end_ns and c[1] > start_ns),
            key=lambda c: c[1] - c[0],
        )
        return f"garbage collection (generation {longest[2]}, in {longest[3]})"
    before = [s for s in samples if s.time_ns <= start_ns]
    after = [s for s in samples if s.time_ns >= end_ns]
    inside = [s for s in samples if start_ns < s.time_ns < end_ns]
    if not before or not after:
        return "unknown (no samples around it)"
    first, last = before[-1], after[0]
    span = max(1, last.time_ns - first.time_ns)
    ran = (last.gui_run_ns - first.gui_run_ns) / span
    waited = (last.gui_wait_ns - first.gui_wait_ns) / span
    if ran >= 0.5:
        stacks = Counter(s.gui_stack for s in inside) or Counter([last.gui_stack])
        stack = stacks.most_common(1)[0][0]
        if stack == "Qt/C++ or idle":
            slowest = slowest_event(start_ns, end_ns, list(events))
            if slowest is not None:
                return f"busy in Qt/C++ handling {slowest.rsplit(' (', 1)[0]}"
            names = Counter(s.gui_event for s in inside) or Counter([last.gui_event])
            return f"busy in Qt/C++ after event {names.most_common(1)[0][0]}"
        return f"busy: {stack}"
    if waited >= 0.5:
        return "waiting for a CPU (both cores taken by other threads)"
    # Neither running nor runnable: the GUI thread slept on the GIL or a lock. If the other
    # threads spent the time queued for a CPU, the GIL's holder was among them: the machine
    # was busy. Otherwise whoever ran Python meanwhile is in their stacks around the gap.
    if (last.others_wait_ns - first.others_wait_ns) / span >= 0.5:
        return "blocked on the GIL while its holder waited for a CPU (machine busy)"
    holders = Counter(stack for s in [*inside, last] for stack in s.other_stacks)
    holders.pop("Qt/C++ or idle", None)
    culprit = holders.most_common(1)[0][0] if holders else "another thread"
    return f"blocked (GIL or a lock), meanwhile: {culprit}"


def stalls_over(
    ticks_ns: list[int],
    expected_ns: int,
    threshold_ms: float,
    samples: list[Sample],
    events: list[tuple[int, str]] = (),
    collections: list[tuple[int, int, int, str]] = (),
) -> list[Stall]:
    """Every gap between consecutive probe ticks later than `threshold_ms`, with its cause."""
    found = []
    for previous, current in pairwise(ticks_ns):
        if (current - previous - expected_ns) / 1e6 > threshold_ms:
            cause = classify(previous, current, samples, events, collections)
            found.append(Stall(previous, current, cause))
    return found


def report(stalls: list[Stall], limit: int = 8) -> list[str]:
    """Lines naming the top causes: count, total and longest stall for each."""
    if not stalls:
        return ["no stalls over the threshold"]
    by_cause: dict[str, list[float]] = {}
    for stall in stalls:
        by_cause.setdefault(stall.cause, []).append(stall.ms)
    ranked = sorted(by_cause.items(), key=lambda item: -sum(item[1]))
    lines = [f"{'count':>5} {'total ms':>9} {'max ms':>7}  cause"]
    for cause, lengths in ranked[:limit]:
        lines.append(f"{len(lengths):>5} {sum(lengths):>9.0f} {max(lengths):>7.0f}  {cause}")
    return lines


def cpu_by_activity(windows: list[list[Sample]], limit: int = 10) -> list[str]:
    """Lines: the GUI thread's CPU time by what it ran, from the kernel's count between samples.

    `windows` are runs of consecutive samples (one per measured app run; the gaps between
    them are not counted). Each interval's growth in run time is given to the stack seen at
    its end (with the last event's name where no Python of ours ran), so the table sums to
    the thread's CPU time within the windows.
    """
    spent: Counter[str] = Counter()
    for before, after in (pair for window in windows for pair in pairwise(window)):
        ran_ms = (after.gui_run_ns - before.gui_run_ns) / 1e6
        where = after.gui_stack
        if where == "Qt/C++ or idle":
            where = f"Qt/C++ after {after.gui_event}"
        spent[where] += ran_ms
    total = sum(spent.values())
    lines = [f"GUI thread CPU {total:.0f} ms; by what it ran:"]
    for where, ms in spent.most_common(limit):
        lines.append(f"{ms:>9.0f} ms {100 * ms / max(total, 1e-9):>5.1f}%  {where}")
    return lines
