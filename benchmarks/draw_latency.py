"""Time from the end of a stroke on the draw pad to the updated prediction and row-scan data.

Draws hand-like digits (lstm_gui.core.reading.digit_strokes) on the real Draw tab, offscreen, with
mouse events, and times each final mouse release until the tab has shown the new prediction,
row scan and decided-row marker on the rows-needed curve (its `prediction_updated` signal). The
repaint that follows is timed separately. Also times one row scan with torch's default thread
count and with one thread.

    .venv/bin/python benchmarks/draw_latency.py [--digits 100] [--model CHECKPOINT] [--scans 200]

`--model` reads with another checkpoint than the bundled one, e.g. one of 784 steps (a pixel
at a time), to see whether the reading must leave the GUI thread.

The last line is `p95_ms=...` (goal: 30 ms or less).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget


def _mouse(widget: QWidget, kind: QEvent.Type, point: QPointF, buttons: Qt.MouseButton) -> None:
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    event = QMouseEvent(
        kind, point, widget.mapToGlobal(point), button, buttons, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, event)


def _percentiles(values: list[float]) -> str:
    array = np.asarray(values) * 1000
    p50, p95 = np.percentile(array, [50, 95])
    return f"p50_ms={p50:.1f} p95_ms={p95:.1f} max_ms={array.max():.1f}"


def main() -> None:
    """Draw digits on the Draw tab and print latency percentiles."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--digits", type=int, default=100, help="digits to draw (default 100)")
    parser.add_argument("--model", type=Path, help="checkpoint to read with (default: bundled)")
    parser.add_argument("--scans", type=int, default=200, help="row scans timed alone")
    args = parser.parse_args()

    app = QApplication.instance() or QApplication([])
    import torch

    from lstm_gui.core.reading.digit_strokes import synthetic_digit
    from lstm_gui.core.reading.row_experiments import scan_drawing
    from lstm_gui.core.reading.strokes import CANVAS_SIDE
    from lstm_gui.gui.draw.draw_tab import DrawTab

    tab = DrawTab()
    tab.resize(1280, 760)
    tab.show()
    app.processEvents()
    if args.model is not None and not tab.set_model(args.model):
        raise SystemExit(f"{args.model} cannot be used")
    predictor = tab.predictor()
    assert predictor is not None
    pad = tab.pad
    finished_at: list[float] = []
    tab.prediction_updated.connect(lambda scan: finished_at.append(time.perf_counter()))

    rng = np.random.default_rng(0)
    latencies, blocked, repaints, correct = [], [], [], 0
    for index in range(args.digits + 3):  # the first three warm up caches
        digit = index % 10
        pad.clear()
        app.processEvents()
        side = min(pad.width(), pad.height())
        origin = QPointF((pad.width() - side) / 2, (pad.height() - side) / 2)
        scale = side / CANVAS_SIDE
        strokes = synthetic_digit(digit, rng)
        for number, stroke in enumerate(strokes):
            points = [origin + QPointF(x * scale, y * scale) for x, y in stroke.points]
            _mouse(pad, QEvent.Type.MouseButtonPress, points[0], Qt.MouseButton.LeftButton)
            for point in points[1:]:
                _mouse(pad, QEvent.Type.MouseMove, point, Qt.MouseButton.LeftButton)
            app.processEvents()  # live predictions and repaints while drawing
            finished_at.clear()
            started = time.perf_counter()
            _mouse(pad, QEvent.Type.MouseButtonRelease, points[-1], Qt.MouseButton.NoButton)
            if number == len(strokes) - 1 and index >= 3:
                # The GUI thread is blocked this long; the reading may finish later, in a thread.
                blocked.append(time.perf_counter() - started)
                deadline = started + 30
                while not finished_at and time.perf_counter() < deadline:
                    app.processEvents()
                    time.sleep(0.0005)
                assert finished_at, "the release did not update the prediction"
                latencies.append(finished_at[-1] - started)
                painted = time.perf_counter()
                tab.repaint()
                repaints.append(time.perf_counter() - painted)
                correct += tab.prediction.digit_text() == str(digit)
            app.processEvents()
    tab.shutdown()

    image = tab.preview.image()
    assert image is not None
    scans = {}
    for label, threads in (("default", torch.get_num_threads()), ("one-thread", 1)):
        times = []
        for _ in range(args.scans):
            started = time.perf_counter()
            if threads == 1:
                scan_drawing(predictor, image)
            else:
                predictor.row_scan(image)
            times.append(time.perf_counter() - started)
        scans[label] = (threads, _percentiles(times))
    for label, (threads, figures) in scans.items():
        print(f"row scan alone, {label} ({threads} thread(s)): {figures}")
    print(f"repaint of the whole tab after a stroke: {_percentiles(repaints)}")
    print(f"GUI thread blocked by the stroke's end: {_percentiles(blocked)}")
    print(f"digits read right: {correct}/{len(latencies)}")
    print(
        f"stroke end -> prediction + row scan shown, {len(latencies)} digits: "
        f"{_percentiles(latencies)}"
    )
    print(f"p95_ms={np.percentile(np.asarray(latencies) * 1000, 95):.1f}")


if __name__ == "__main__":
    main()
