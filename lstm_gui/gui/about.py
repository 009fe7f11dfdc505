"""The About box: what lstm-gui is, its licence, MNIST's attribution, the versions in use."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from lstm_gui import __version__
from lstm_gui.gui.widgets import dialogs


def _tr(text: str) -> str:
    return QCoreApplication.translate("About", text)


def about_html() -> str:
    """The About text; PyTorch's version and the device once PyTorch has loaded."""
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    torch_version = _tr("not loaded yet")
    device = "—"
    if "torch" in sys.modules:  # never load PyTorch just to name its version
        import torch

        from lstm_gui.core.run.control import select_device

        torch_version = torch.__version__
        device = str(select_device("auto")).upper()
    return _tr(
        "<h3>lstm-gui {version}</h3>"
        "<p>Watch an LSTM learn to read handwritten digits row by row, then draw your own.</p>"
        "<p>Licence: MIT.</p>"
        "<p>MNIST by Yann LeCun, Corinna Cortes and Christopher J. C. Burges, "
        "used under the Creative Commons Attribution-Share Alike 3.0 licence "
        "(CC BY-SA 3.0).</p>"
        "<p>Qt {qt} · PySide6 {pyside} · PyTorch {torch} · device: {device}</p>"
    ).format(
        version=__version__,
        qt=qVersion(),
        pyside=pyside_version,
        torch=torch_version,
        device=device,
    )


def show_about(parent: QWidget) -> None:
    """Show the About box."""
    dialogs.show_about(parent, _tr("About lstm-gui"), about_html())
