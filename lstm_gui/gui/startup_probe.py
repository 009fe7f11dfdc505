"""A start-up probe: with LSTM_GUI_STARTUP_PROBE=1 the app reports its first paint and quits.

benchmarks/startup.py and the packaging tests time the real start-up path of the installed
app or the bundle with it.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

STARTUP_PROBE_ENV = "LSTM_GUI_STARTUP_PROBE"
STARTUP_PROBE_MARKER = "lstm-gui-startup-probe"


class FirstPaintProbe(QObject):
    """Prints the marker with the monotonic clock at the main window's first paint, then quits."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Watch every widget's events for the main window's first paint."""
        if event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow):
            self._app.removeEventFilter(self)
            sys.stdout.write(
                f"{STARTUP_PROBE_MARKER} painted_monotonic={time.monotonic():.6f} "
                f"torch_imported={int('torch' in sys.modules)}\n"
            )
            sys.stdout.flush()
            QTimer.singleShot(0, self._app.quit)
        return False


def install_startup_probe_if_asked(app: QApplication) -> None:
    """Install the probe on `app` when the environment asks for it."""
    if os.environ.get(STARTUP_PROBE_ENV) == "1":
        app.installEventFilter(FirstPaintProbe(app))
