"""What the main window keeps in QSettings between starts: layout, settings, data folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings

from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.errors import ConfigError

if TYPE_CHECKING:
    from lstm_gui.gui.main_window import MainWindow

# QSettings keys.
GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"
SPLITTER_KEY = "window/splitter"
SETTINGS_KEY = "training/settings"
DATA_FOLDER_KEY = "data/folder"
LOG_LOSS_KEY = "plots/log_loss"


def stored_data_folder(settings: QSettings) -> Path | None:
    """The folder datasets are read from (None: the default places)."""
    stored = settings.value(DATA_FOLDER_KEY)
    return Path(str(stored)) if stored else None


def store_data_folder(settings: QSettings, folder: Path | None) -> None:
    """Remember `folder` for the next start."""
    if folder is None:
        settings.remove(DATA_FOLDER_KEY)
    else:
        settings.setValue(DATA_FOLDER_KEY, str(folder))


def restore_window(window: MainWindow, settings: QSettings) -> None:
    """Lay the window out and fill the Train tab's settings as they were left."""
    tab = window.train_tab
    geometry = settings.value(GEOMETRY_KEY)
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    else:
        window.resize(1280, 800)
    state = settings.value(STATE_KEY)
    if isinstance(state, QByteArray):
        window.restoreState(state)
    splitter = settings.value(SPLITTER_KEY)
    if isinstance(splitter, QByteArray):
        tab.restoreState(splitter)
    stored = settings.value(SETTINGS_KEY)
    if stored:
        try:
            values = json.loads(str(stored))
            model = ModelConfig.from_dict(values["model"])
            train = TrainConfig.from_dict(values["train"])
        except (ValueError, KeyError, TypeError, ConfigError):
            pass  # settings of another version: keep the tutorial's
        else:
            tab.training_panel.set_configs(model, train)
    log_loss = settings.value(LOG_LOSS_KEY, False)
    tab.metrics.log_loss.setChecked(log_loss in (True, "true"))


def save_window(window: MainWindow, settings: QSettings) -> None:
    """Keep the layout and the Train tab's settings for the next start."""
    tab = window.train_tab
    settings.setValue(GEOMETRY_KEY, window.saveGeometry())
    settings.setValue(STATE_KEY, window.saveState())
    settings.setValue(SPLITTER_KEY, tab.saveState())
    configs = tab.training_panel.valid_configs()
    if configs is not None:
        model, train = configs
        settings.setValue(
            SETTINGS_KEY, json.dumps({"model": model.to_dict(), "train": train.to_dict()})
        )
    settings.setValue(LOG_LOSS_KEY, tab.metrics.log_loss.isChecked())
