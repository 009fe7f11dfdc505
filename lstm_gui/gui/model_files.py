"""ModelFiles: the model the draw pad predicts with — open, use, save a copy, remember it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QWidget

from lstm_gui.core.errors import LstmGuiError
from lstm_gui.gui.draw.draw_tab import DrawTab
from lstm_gui.gui.widgets import dialogs

if TYPE_CHECKING:
    from lstm_gui.core.reading.inference import Predictor

# QSettings keys: the model in use at the next start.
MODEL_PATH_KEY = "model/path"
MODEL_NAME_KEY = "model/name"
CHECKPOINT_SUFFIX = ".safetensors"


class ModelFiles(QObject):
    """Which checkpoint the draw pad uses; the File menu's Open model and Save model as."""

    status_message = Signal(str)

    def __init__(self, draw_tab: DrawTab, settings: QSettings, window: QWidget) -> None:
        super().__init__(window)
        self._draw_tab = draw_tab
        self._state = draw_tab.state
        self._settings = settings
        # Whatever chose the model (File → Open, the Draw tab's own list, a fine-tuned model,
        # a lesson), the state says which one is in use: remember that one.
        self._state.model_changed.connect(self._on_model_changed)

    @property
    def path(self) -> Path | None:
        """The checkpoint in use; None: the bundled model, loaded by default."""
        return self._state.model_path

    @property
    def name(self) -> str:
        """The display name of the model in use."""
        return self._state.model_name

    def _dialog_parent(self) -> QWidget | None:
        # The parent, not an attribute: a reference back to the window would make a cycle.
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None

    def use(self, path: Path, name: str, loaded: Predictor | None = None) -> bool:
        """Predict with this checkpoint in the draw pad; remember it for the next start.

        A checkpoint the pad refuses (it says why) is not remembered: the model in use stays.
        `loaded`: the checkpoint already loaded, off the GUI thread (a lesson's model).
        """
        return self._draw_tab.set_model(path, name, loaded)  # the state follows, then settings

    def _on_model_changed(self, _path: object, _name: str) -> None:
        self.save_settings()

    def save_settings(self) -> None:
        """Store the model in use for the next start."""
        if self.path is not None:
            self._settings.setValue(MODEL_PATH_KEY, str(self.path))
            self._settings.setValue(MODEL_NAME_KEY, self.name)

    def ask_open(self) -> None:
        """Ask for a checkpoint, then open it."""
        path = dialogs.choose_open_file(
            self._dialog_parent(),
            self.tr("Open a model"),
            self.tr("lstm-gui checkpoints (*.safetensors)"),
            self.path,
        )
        if path is not None:
            self.open(path)

    def open(self, path: Path, loaded: Predictor | None = None) -> bool:
        """Validate a checkpoint and predict with it; a dialog explains files that fail.

        `loaded`: the checkpoint at `path` already loaded, off the GUI thread.
        """
        from lstm_gui.core.run.checkpoint import load_checkpoint

        try:
            checkpoint = loaded.checkpoint if loaded is not None else load_checkpoint(path)
        except LstmGuiError as exc:
            dialogs.show_error(self._dialog_parent(), str(exc), self.tr("Cannot open this model"))
            return False
        name = checkpoint.name or path.stem
        if not self.use(path, name, loaded):
            return False
        accuracy = checkpoint.val_acc
        if accuracy is None:
            text = self.tr("Opened {0}.").format(name)
        else:
            text = self.tr("Opened {0}: validation accuracy {1:.2f}%.").format(name, 100 * accuracy)
        self.status_message.emit(text)
        return True

    def ask_save(self) -> None:
        """Ask where, then save a copy of the model in use."""
        if self.path is None:
            dialogs.show_info(self._dialog_parent(), self.tr("Train a model or open one first."))
            return
        suggested = f"{self.name or 'model'}{CHECKPOINT_SUFFIX}".replace(" ", "-")
        target = dialogs.choose_save_file(
            self._dialog_parent(),
            self.tr("Save the model"),
            self.tr("lstm-gui checkpoints (*.safetensors)"),
            Path.home() / suggested,
        )
        if target is None:
            return
        if target.suffix != CHECKPOINT_SUFFIX:
            target = target.with_name(target.name + CHECKPOINT_SUFFIX)
        try:
            shutil.copyfile(self.path, target)
        except OSError as exc:
            dialogs.show_error(
                self._dialog_parent(),
                self.tr("Cannot save {0}: {1}.").format(target, exc.strerror or exc),
            )
            return
        self.status_message.emit(self.tr("Saved the model as {0}.").format(target))
