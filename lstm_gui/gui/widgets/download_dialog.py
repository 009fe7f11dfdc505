"""DownloadDialog: a dataset download's progress, with a Cancel button that stops the run."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from lstm_gui.core.run.progress import DownloadProgress


class DownloadDialog(QProgressDialog):
    """Window-modal progress of the file being downloaded (bytes; busy when the size is unknown)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Downloading the dataset"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(0)

    def show_progress(self, progress: DownloadProgress) -> None:
        """Show how much of which file has arrived."""
        megabytes = progress.done / 1e6
        self.setLabelText(
            self.tr("Downloading {0}: {1} MB").format(progress.filename, f"{megabytes:.1f}")
        )
        self.setMaximum(max(progress.total, 1) if progress.total else 0)
        self.setValue(min(progress.done, progress.total) if progress.total else 0)
