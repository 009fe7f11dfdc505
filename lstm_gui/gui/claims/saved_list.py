"""SavedExperiments: the experiments saved in the runs folder, newest first, to reopen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem

from lstm_gui.core.claims.experiments import Experiment, list_experiments
from lstm_gui.gui.claims.claim_texts import claim_texts


class SavedExperiments(QListWidget):
    """One line per saved experiment: when, which claim, what ran; the experiment as data."""

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName(self.tr("Saved experiments"))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setMinimumHeight(80)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def refresh(self, folder: Path) -> None:
        """List the experiments saved in `folder` again."""
        texts = claim_texts()
        self.clear()
        for experiment in list_experiments(folder):
            title = texts[experiment.claim].title
            when = experiment.created.replace("T", " ")[:16]
            text = f"{when} · {title} · {describe(experiment)}"
            if experiment.stopped:
                text += " " + self.tr("(stopped)")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, experiment)
            item.setToolTip(str(experiment.path))
            self.addItem(item)

    def newest(self, claim: str) -> Experiment | None:
        """The newest saved experiment of a claim (None: there is none)."""
        for index in range(self.count()):
            experiment = self.item(index).data(Qt.ItemDataRole.UserRole)
            if experiment is not None and experiment.claim == claim:
                return experiment
        return None


def describe(experiment: Experiment) -> str:
    """Cells × lengths × seeds (or repeats), e.g. RNN, LSTM × 28, 128 × 3 seeds."""
    from PySide6.QtCore import QCoreApplication

    settings = experiment.settings
    cells = ", ".join(cell.upper() for cell in settings.cells)
    lengths = ", ".join(str(steps) for steps in settings.lengths)
    if experiment.claim == "cost":
        count = QCoreApplication.translate("SavedExperiments", "{0} repeats").format(
            settings.repeats
        )
    else:
        count = QCoreApplication.translate("SavedExperiments", "{0} seeds").format(settings.seeds)
    return f"{cells} × {lengths} × {count}"
