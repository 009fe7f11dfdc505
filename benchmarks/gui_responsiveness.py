"""Does the window stay fluid while it trains, and does training lose speed to the window.

Usage: python benchmarks/gui_responsiveness.py [--data-dir D] [--batches N] [--repeats R]
                                               [--no-causes]

Trains the tutorial's LSTM on MNIST for N batches (default 400, batch 28) in the app's
worker thread with the main window shown (offscreen unless QT_QPA_PLATFORM says otherwise),
while a 5 ms QTimer probe records how late the event loop serves it, and a simulated person
reads a value off the curves each second and switches tabs every four. The probe keeps
recording for a second after the run ends, when the window takes in the finished run. Then
the headless core trainer runs the same batches in this process (in a thread of its own,
the probe ticking meanwhile as it does beside the app's worker). After a shorter first
pair (whose stalls count, its speeds not), R pairs follow, each side going first in turn, so
that the machine's load affects both alike. The last line prints
`max_stall_ms=… p95_stall_ms=… throughput_ratio=…` (app / headless samples per second of
training time, the median of the R pairs; default 10: this machine's speed drifts by a
quarter within seconds, so many short pairs beat a few long ones).
Goals: max ≤ 50 ms, p95 ≤ 20 ms, ratio ≥ 0.95.

Those figures are measured without instrumentation. Then one more app run is made with it
(benchmarks/stall_causes.py: a stack sampler and an event filter), and the benchmark prints
what the GUI thread was doing in every stall over 30 ms of that run, grouped by cause (busy
with which slot or paint, waiting for a CPU, or blocked on the GIL while which other thread
ran Python). The instruments take the GIL thousands of times a second, so that run's stalls
are longer than the measured ones; `--no-causes` skips it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stall_causes import StackSampler, cpu_by_activity, report, stalls_over

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist"
PROBE_MS = 5
CAUSE_THRESHOLD_MS = 30
AFTER_RUN_MS = 1000
WARM_UP_BATCHES = 300


class StallProbe:
    """A precise 5 ms timer; how late each tick comes is how long the event loop was busy."""

    def __init__(self) -> None:
        self.lateness_ms: list[float] = []
        self.segments: list[list[int]] = []  # tick times (perf_counter_ns) per recorded run
        self.recording = False
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(PROBE_MS)
        self._timer.timeout.connect(self._on_tick)
        self._last = 0

    def start(self) -> None:
        """Start ticking (recording only while `recording` is set)."""
        self._last = time.perf_counter_ns()
        self._timer.start()

    def stop(self) -> None:
        """Stop ticking."""
        self._timer.stop()

    def begin(self) -> None:
        """Record from now on (the gap since the last tick, e.g. a headless run, is not a stall)."""
        self._last = time.perf_counter_ns()
        self.segments.append([self._last])
        self.recording = True

    def _on_tick(self) -> None:
        now = time.perf_counter_ns()
        if self.recording:
            self.lateness_ms.append(max(0.0, (now - self._last) / 1e6 - PROBE_MS))
            self.segments[-1].append(now)
        self._last = now


class EventTracer(QObject):
    """Tells the sampler which Qt event the GUI thread dispatched last (type and receiver)."""

    def __init__(self, sampler: StackSampler) -> None:
        super().__init__()
        self._sampler = sampler

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note the event; never filter it out."""
        name = watched.objectName() or type(watched).__name__
        parent = watched.parent()
        if parent is not None and type(watched) is QWidget:  # a viewport: say whose
            owner = parent.accessibleName() or parent.objectName() or type(parent).__name__
            name = f"{name} in {owner}"
        self._sampler.note_event(f"{event.type().name} → {name}")
        return False


def app_run(app: QApplication, window: Any, batches: int, probe: StallProbe) -> float:
    """Train in the window; samples per second of training time."""
    panel = window.train_tab.training_panel
    panel.reset_to_tutorial()
    panel.epochs.setValue(1)
    panel.train_limit.setValue(batches * 28)
    panel.test_limit.setValue(1000)
    ticks = [0]

    def act() -> None:
        # What a person might do meanwhile: switch tabs, point at the curves.
        ticks[0] += 1
        if ticks[0] % 4 == 0:
            window.train_tab.side_tabs.setCurrentIndex((ticks[0] // 4) % 2)
        window.train_tab.metrics.show_readout_at(0.1 + 0.8 * (ticks[0] % 5) / 5)

    person = QTimer()
    person.setInterval(1000)  # reads a value each second, switches tabs every 4 s
    person.timeout.connect(act)
    # The app's own event loop until the run ends, as `app.exec()` runs it: a Python loop
    # around processEvents would re-enter Python (and take the GIL) at every wake-up.
    loop = QEventLoop()
    window.run_ended.connect(loop.quit)
    probe.begin()
    person.start()
    gui_cpu, wall = time.thread_time(), time.perf_counter()
    panel.start_button.click()
    loop.exec()
    gui_cpu, wall = time.thread_time() - gui_cpu, time.perf_counter() - wall
    # The window takes in the finished run (checkpoint list, Draw tab's model) after
    # run_ended: a person looking at it would see a stall there too.
    QTimer.singleShot(AFTER_RUN_MS, loop.quit)
    loop.exec()
    probe.recording = False
    print(f"GUI thread busy {100 * gui_cpu / wall:.1f}% of {wall:.1f} s", flush=True)
    person.stop()
    window.run_ended.disconnect(loop.quit)
    return float(window.train_tab.metrics.history[-1]["samples_per_s"])


def headless_run(data: Any, batches: int, threads: int) -> float:
    """The core trainer alone in this thread; samples per second of training time."""
    import torch

    from lstm_gui.core.config import TrainConfig, report_interval
    from lstm_gui.core.run.control import prepare_thread
    from lstm_gui.core.run.model import SequenceClassifier
    from lstm_gui.core.run.progress import EpochResult
    from lstm_gui.core.run.training import train

    config = TrainConfig(
        epochs=1,
        train_limit=batches * 28,
        test_limit=1000,
        report_every=report_interval(28),
        torch_threads=threads,
    )
    prepare_thread(config)  # this thread trains: as session.prepare_run sets a run's thread up
    torch.manual_seed(config.seed)
    model = SequenceClassifier(config.model_config())
    speed = 0.0
    for record in train(model, data, config):
        if isinstance(record, EpochResult):
            speed = record.samples_per_s
    return speed


def headless_beside_probe(data: Any, batches: int, threads: int) -> float:
    """headless_run in a thread of its own while this thread's event loop serves the probe.

    The app trains in a worker thread while the probe's timer ticks in the GUI thread, and
    each tick takes the GIL; the headless side gets the same threads and the same ticks, so
    that the ratio measures what the window costs, not what the probe does.
    """
    speeds: list[float] = []
    worker = threading.Thread(
        target=lambda: speeds.append(headless_run(data, batches, threads)), name="headless"
    )
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(50)
    poll.timeout.connect(lambda: None if worker.is_alive() else loop.quit())
    worker.start()
    poll.start()
    loop.exec()
    poll.stop()
    worker.join()
    if not speeds:
        raise RuntimeError("the headless run failed (see the error above)")
    return speeds[0]


def longest_stalls(segments: list[list[int]], count: int = 5) -> list[str]:
    """Where the longest stalls were: which app run (0: the warm-up) and when in it."""
    found = []
    for run, ticks in enumerate(segments):
        for previous, current in zip(ticks, ticks[1:], strict=False):
            late_ms = (current - previous) / 1e6 - PROBE_MS
            found.append((late_ms, run, (previous - ticks[0]) / 1e9, (ticks[-1] - previous) / 1e9))
    found.sort(reverse=True)
    return [
        f"{late:.0f} ms in run {run} at {start:.1f} s ({left:.1f} s before its end)"
        for late, run, start, left in found[:count]
    ]


def print_causes(app: QApplication, window: Any, batches: int) -> None:
    """One app run with the stack sampler and event filter; what each stall over 30 ms was."""
    probe = StallProbe()
    sampler = StackSampler(own_files=(__file__,))
    tracer = EventTracer(sampler)
    app.installEventFilter(tracer)
    sampler.start()
    probe.start()
    try:
        app_run(app, window, batches, probe)
    finally:
        app.removeEventFilter(tracer)
        sampler.stop()
    ticks = probe.segments[0]
    causes = stalls_over(
        ticks,
        PROBE_MS * 1_000_000,
        CAUSE_THRESHOLD_MS,
        sampler.samples,
        sampler.events,
        sampler.collections,
    )
    during_run = [sample for sample in sampler.samples if ticks[0] <= sample.time_ns <= ticks[-1]]
    print("\n".join(cpu_by_activity([during_run])))
    full = [
        (stop - begin) / 1e6
        for begin, stop, generation, _ in sampler.collections
        if generation == 2
    ]
    print(
        f"garbage collections: {len(sampler.collections)}, of generation 2: {len(full)}"
        + (f", longest {max(full):.0f} ms" if full else "")
    )
    stalls = sorted(probe.lateness_ms)
    print(f"instrumented run: longest stall {stalls[-1]:.1f} ms")
    print(f"stalls over {CAUSE_THRESHOLD_MS} ms by cause:")
    print("\n".join(report(causes)))


def main() -> int:
    """Run the benchmark; the last line holds the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--batches", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument(
        "--no-causes",
        dest="causes",
        action="store_false",
        help="skip the instrumented run that names the causes of stalls",
    )
    args = parser.parse_args()
    os.environ["LSTM_GUI_DATA"] = str(args.data_dir)

    app = QApplication(sys.argv[:1])
    from lstm_gui.core.config import default_torch_threads
    from lstm_gui.core.run.data import load_dataset
    from lstm_gui.gui.app import configure_application, create_main_window

    configure_application(app)
    with tempfile.TemporaryDirectory() as scratch:
        settings = QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat)
        window = create_main_window(settings, runs_root=Path(scratch) / "runs")
        window.resize(1280, 800)
        window.show()
        started = []
        window.startup_finished.connect(lambda: started.append(True))
        while not started:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        data = load_dataset("mnist", args.data_dir, download=False)
        threads = default_torch_threads()
        probe = StallProbe()
        probe.start()
        # A first, shorter pair: the first run's one-off costs (PyTorch's kernels, the
        # runs folder) would otherwise go to the app's side only. Its stalls count.
        app_run(app, window, WARM_UP_BATCHES, probe)
        headless_beside_probe(data, WARM_UP_BATCHES, threads)
        app_speeds, headless_speeds = [], []
        for repeat in range(args.repeats):
            # Which side goes first alternates, so that a machine slowing down or speeding up
            # during a pair favours neither.
            if repeat % 2 == 0:
                app_speeds.append(app_run(app, window, args.batches, probe))
                headless_speeds.append(headless_beside_probe(data, args.batches, threads))
            else:
                headless_speeds.append(headless_beside_probe(data, args.batches, threads))
                app_speeds.append(app_run(app, window, args.batches, probe))
            print(
                f"repeat {repeat + 1}: app {app_speeds[-1]:,.0f} samples/s, "
                f"headless {headless_speeds[-1]:,.0f} samples/s, "
                f"ratio {app_speeds[-1] / headless_speeds[-1]:.3f}",
                flush=True,
            )
        probe.stop()
        if args.causes:
            print("one more app run, instrumented, for the causes of its stalls:", flush=True)
            print_causes(app, window, args.batches)
        window.close()
    stalls = sorted(probe.lateness_ms)
    p95 = stalls[int(0.95 * (len(stalls) - 1))] if stalls else float("nan")
    print("longest stalls: " + ", ".join(longest_stalls(probe.segments)))
    ratios = [a / h for a, h in zip(app_speeds, headless_speeds, strict=True)]
    print(f"ratios from {min(ratios):.3f} to {max(ratios):.3f}")
    print(f"probe ticks: {len(stalls)}, torch threads: {threads}, cpus: {os.cpu_count()}")
    ratio = statistics.median(ratios)
    print(f"max_stall_ms={max(stalls):.1f} p95_stall_ms={p95:.1f} throughput_ratio={ratio:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
