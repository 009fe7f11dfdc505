"""Where the resource files are: the source tree or a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path

APP_ID = "io.github.lstm_gui.LstmGui"
BUNDLED_MODEL = "models/mnist-lstm.safetensors"


def resources_dir() -> Path:
    """The folder holding icons, the bundled model, translations and launcher files."""
    bundle_root = getattr(sys, "_MEIPASS", None)
    if bundle_root is not None:  # a PyInstaller executable unpacks resources here
        return Path(bundle_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(relative: str) -> Path:
    """A resource file's path, e.g. resource_path("models/mnist-lstm.safetensors")."""
    return resources_dir() / relative


def bundled_model_path() -> Path:
    """The pretrained model shipped with the app."""
    return resource_path(BUNDLED_MODEL)
