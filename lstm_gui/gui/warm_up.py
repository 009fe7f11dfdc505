"""The warm-up: PyTorch and the training modules imported in a thread after the window shows.

Importing torch takes about a second, and creating the first optimizer imports
torch._dynamo (900 more modules, another second). Done in the GUI thread, that froze the
new window; done in the first training run's worker, it stalled the window for 200 ms at
a time while the run started. Here it happens once, early, off the GUI thread.
"""

from __future__ import annotations

import importlib
import logging

from PySide6.QtCore import QObject

from lstm_gui.gui.widgets.background_task import BackgroundTask

_log = logging.getLogger(__name__)

MODULES = (
    "torch",
    "lstm_gui.core.run.model",
    "lstm_gui.core.run.training",
    "lstm_gui.core.run.runs",
    "lstm_gui.core.reading.inference",
    # Imported by torch.optim when the first optimizer is created.
    "torch._dynamo",
)


def import_modules() -> None:
    """Import MODULES; a missing optional module only costs its later import time."""
    for name in MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - warming up must never break start-up
            _log.warning("could not import %s ahead of time", name, exc_info=True)


def warm_up_task(parent: QObject | None = None) -> BackgroundTask:
    """A task (not started) that imports MODULES; its `finished` comes after its thread ended."""
    return BackgroundTask(
        import_modules, "WarmUpThread", failure="Warming up failed", parent=parent
    )
