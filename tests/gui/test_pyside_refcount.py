"""Regression test for PySide6 6.12.0 on CPython 3.11, which loses references to None/True/False.

6.12.0 killed the app within seconds (`Fatal Python error: none_dealloc`) once many signals
reached Python slots across threads or pyqtgraph redrew often. The child process does both,
offscreen, and must exit 0.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

CHILD = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot
    from PySide6.QtWidgets import QApplication
    import numpy as np
    import pyqtgraph as pg

    SIGNALS, REDRAWS = 5000, 2000

    class Sender(QObject):
        value = Signal(object, bool)
        done = Signal()

        @Slot()
        def run(self):
            for index in range(SIGNALS):
                self.value.emit(None if index % 2 else index, bool(index % 3))
            self.done.emit()

    class Receiver(QObject):
        def __init__(self):
            super().__init__()
            self.count = 0

        @Slot(object, bool)
        def on_value(self, value, flag):
            self.count += 1

    app = QApplication([])
    plot = pg.PlotWidget()
    plot.resize(400, 300)
    plot.show()
    curve = plot.plot([], [])
    x = np.arange(1000, dtype=float)
    receiver = Receiver()
    sender = Sender()
    thread = QThread()
    sender.moveToThread(thread)
    thread.started.connect(sender.run)
    sender.value.connect(receiver.on_value)
    sender.done.connect(thread.quit)
    redraws = [0]

    def redraw():
        curve.setData(x, np.sin(x / 50 + redraws[0]))
        plot.repaint()
        redraws[0] += 1
        if redraws[0] >= REDRAWS and receiver.count >= SIGNALS and thread.isFinished():
            app.quit()

    timer = QTimer()
    timer.timeout.connect(redraw)
    timer.start(0)
    thread.start()
    app.exec()
    thread.wait()
    assert receiver.count == SIGNALS, receiver.count
    assert redraws[0] >= REDRAWS
    print("ok", receiver.count, redraws[0])
    """
)


@pytest.mark.slow
def test_many_cross_thread_signals_and_redraws_do_not_crash() -> None:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("ok 5000")
