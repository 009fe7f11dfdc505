"""Does a long session leak: resident memory before and after 20 short runs in one window.

Usage: python benchmarks/memory_growth.py [--data-dir D] [--runs N] [--train N]

Opens the main window (offscreen unless QT_QPA_PLATFORM says otherwise), trains one short
run to warm up (PyTorch's allocator, the plots, the data in memory), notes the resident set
size, trains N more short runs (default 20, one epoch each on the first 1,000 samples) and
prints `rss_before_mb=… rss_after_mb=… growth_mb=…`. Goal: growth < 50 MB.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist"


def rss_mb() -> float:
    """The resident set size of the process in MB, from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_once(window, timeout_ms: int = 300_000) -> str:
    """Click Start and wait until the run has ended; returns its ending."""
    loop = QEventLoop()
    ended: list[str] = []

    def on_ended(status: str) -> None:
        ended.append(status)
        loop.quit()

    window.run_ended.connect(on_ended)
    QTimer.singleShot(timeout_ms, loop.quit)
    window.train_tab.training_panel.start_button.click()
    loop.exec()
    window.run_ended.disconnect(on_ended)
    return ended[0] if ended else "timed out"


def main() -> int:
    """Measure and print the growth."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--train", type=int, default=1000)
    args = parser.parse_args()
    os.environ["LSTM_GUI_DATA"] = str(args.data_dir)
    app = QApplication.instance() or QApplication(sys.argv)
    from lstm_gui.gui.app import create_main_window

    with tempfile.TemporaryDirectory() as workdir:
        settings = QSettings(str(Path(workdir) / "settings.ini"), QSettings.Format.IniFormat)
        window = create_main_window(settings, runs_root=Path(workdir) / "runs")
        loop = QEventLoop()
        window.startup_finished.connect(loop.quit)
        window.show()
        loop.exec()
        panel = window.train_tab.training_panel
        panel.epochs.setValue(1)
        panel.train_limit.setValue(args.train)
        panel.test_limit.setValue(500)
        print(f"warm-up run: {run_once(window)}")
        gc.collect()
        app.processEvents()
        before = rss_mb()
        for index in range(args.runs):
            status = run_once(window)
            print(f"run {index + 1}/{args.runs}: {status}, rss {rss_mb():.0f} MB", flush=True)
        gc.collect()
        app.processEvents()
        after = rss_mb()
        window.shutdown(10_000)
        window.close()
    print(f"rss_before_mb={before:.0f} rss_after_mb={after:.0f} growth_mb={after - before:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
