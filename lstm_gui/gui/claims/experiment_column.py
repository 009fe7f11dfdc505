"""ExperimentColumn: the Claims tab's left column: claims, the claim, its form, Run, saved ones."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lstm_gui.core.claims.experiments import CLAIMS
from lstm_gui.gui.claims.claim_texts import claim_texts
from lstm_gui.gui.claims.experiment_form import ExperimentForm
from lstm_gui.gui.claims.progress_panel import ProgressPanel
from lstm_gui.gui.claims.saved_list import SavedExperiments
from lstm_gui.gui.widgets.labels import NOTE_STYLE, wrapped_label


class ExperimentColumn(QWidget):
    """Claims; the claim and its measure; the form, Run and Stop, progress; saved ones.

    The tab connects their signals.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        texts = claim_texts()
        self.claims = QListWidget()
        self.claims.setAccessibleName(self.tr("Claims"))
        for claim in CLAIMS:
            self.claims.addItem(texts[claim].title)
        self.claims.setFixedHeight(3 * self.claims.sizeHintForRow(0) + 8)
        self.statement = wrapped_label(style="font-weight: bold;")
        self.measure = wrapped_label(style=NOTE_STYLE)
        self.form = ExperimentForm()
        self.run_button = QPushButton(self.tr("Run the experiment"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Ends the current run; finished runs are kept."))
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button, 1)
        buttons.addWidget(self.stop_button)
        self.progress = ProgressPanel()
        self.saved = SavedExperiments()
        saved_box = QGroupBox(self.tr("Saved experiments"))
        QVBoxLayout(saved_box).addWidget(self.saved)
        experiment_box = QGroupBox(self.tr("Experiment"))
        experiment_layout = QVBoxLayout(experiment_box)
        experiment_layout.addWidget(self.measure)
        experiment_layout.addWidget(self.form)
        experiment_layout.addLayout(buttons)
        experiment_layout.addWidget(self.progress)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.claims)
        layout.addWidget(self.statement)
        layout.addWidget(experiment_box)
        layout.addWidget(saved_box, 1)
