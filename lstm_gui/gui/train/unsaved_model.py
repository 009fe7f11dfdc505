"""Saving the weights of a run that could not save them itself (disk full, folder gone)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from lstm_gui.core.errors import LstmGuiError
from lstm_gui.gui.widgets import dialogs

if TYPE_CHECKING:  # torch is not imported before the window shows
    from lstm_gui.core.run.checkpoint import Checkpoint


def _tr(text: str) -> str:
    return QCoreApplication.translate("TrainingTab", text)


def save_unsaved_model(parent: QWidget, checkpoint: Checkpoint) -> Path | None:
    """Ask where, then save `checkpoint`; asks again after a failure. The path, or None."""
    from lstm_gui.core.run.checkpoint import save_checkpoint

    while True:
        path = dialogs.choose_save_file(
            parent, _tr("Save the model as"), _tr("Checkpoints (*.safetensors)")
        )
        if path is None:
            return None
        try:
            save_checkpoint(path, checkpoint)
        except LstmGuiError as exc:
            question = _tr("{0}\n\nChoose another place?").format(exc)
            if not dialogs.ask_yes_no(parent, _tr("Training failed"), question):
                return None
            continue
        return path
