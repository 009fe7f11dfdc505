"""ReferencePanel: the shipped reference results of a claim and the published figures.

Each reference names its decision (core.claims.verdicts), its budget and where and when it
ran, so that a learner can set a quick run beside one with more seeds and updates. Its whole
verdict opens under it on request.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import partial
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from lstm_gui.core.claims.experiments import COST
from lstm_gui.core.claims.verdicts import verdict
from lstm_gui.gui.claims.claim_figures import reference_facts
from lstm_gui.gui.claims.claim_texts import duration_text, published_task
from lstm_gui.gui.claims.saved_list import describe
from lstm_gui.gui.claims.verdict_panel import decision_html, sentence_text
from lstm_gui.gui.widgets.labels import wrapped_label

if TYPE_CHECKING:
    from lstm_gui.core.claims.experiments import Experiment
    from lstm_gui.core.claims.references import PublishedResult


# A reference's text: plain unless rich=True is passed, selectable, its links followed, at the top.
_reference_label = partial(wrapped_label, rich=False, selectable=True, links=True, align_top=True)


class ReferencePanel(QWidget):
    """References (decision, budget, machine, date, wall time) and published figures."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = self.tr("Reference results")
        self.title = QLabel(f"<b>{escape(title)}</b>")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(6, 4, 6, 4)
        self._layout.setSpacing(4)
        self._layout.addWidget(self.title)
        self.entries: list[QLabel] = []  # one per reference: decision and facts
        self.details: list[QLabel] = []  # its whole verdict, hidden until asked for
        self.published = _reference_label(rich=True)
        self._layout.addWidget(self.published)
        self._layout.addStretch(1)

    def show_references(
        self, claim: str, references: Sequence[Experiment], published: Sequence[PublishedResult]
    ) -> None:
        """List a claim's references and published figures (either may be empty)."""
        for label in self.entries + self.details:
            self._layout.removeWidget(label)
            label.hide()  # now: deleteLater waits for the event loop
            label.deleteLater()
        self.entries, self.details = [], []
        position = 1
        if not references:
            empty = _reference_label()
            empty.setText(
                self.tr(
                    "No reference result ships for this claim yet. Made with `lstm-gui claims "
                    "{0} --budget reference`, it would appear here."
                ).format(claim)
            )
            empty.setStyleSheet("color: #5d6675;")
            self._layout.insertWidget(position, empty)
            self.entries.append(empty)
        more = escape(self.tr("its verdict…"))
        for reference in references:
            judged = verdict(reference)
            entry = _reference_label(rich=True)
            entry.setText(
                f"{decision_html(judged.decision)}<br>{escape(self.facts(reference))}<br>"
                f"<span style='color:#5d6675'>{escape(self.settings_text(reference))}</span> "
                f"<a href='more'>{more}</a>"
            )
            entry.setToolTip(str((reference.provenance or {}).get("command", "")))
            detail = _reference_label()
            detail.setText("\n".join(sentence_text(s) for s in judged.sentences))
            detail.setStyleSheet("color: #333333; margin-left: 10px;")
            detail.hide()
            entry.linkActivated.connect(lambda _link, d=detail: d.setVisible(not d.isVisible()))
            self._layout.insertWidget(position, entry)
            self._layout.insertWidget(position + 1, detail)
            position += 2
            self.entries.append(entry)
            self.details.append(detail)
        if any(reference.claim != COST for reference in references):
            caveat = _reference_label()
            caveat.setText(
                self.tr(
                    "These references trained for the stated number of updates, not to a "
                    "plateau (two cores, minutes per run); the published figures below trained "
                    "for many epochs."
                )
            )
            caveat.setStyleSheet("color: #5d6675;")
            self._layout.insertWidget(position, caveat)
            self.entries.append(caveat)
        self._show_published(published)

    def facts(self, experiment: Experiment) -> str:
        """Its budget, machine, date and wall time, in one line."""
        facts = reference_facts(experiment.settings, experiment.provenance, experiment.seconds)
        if experiment.claim == COST:
            budget = self.tr("reference: {0} repeats × {1} updates").format(
                facts.repeats, facts.timed_updates
            )
        else:
            budget = self.tr("reference: {0} seeds, {1} updates per run").format(
                facts.seeds, f"{facts.updates:,}"
            )
        parts = [budget, facts.machine, facts.date]
        if math.isfinite(facts.wall_seconds):
            parts.append(self.tr("wall time {0}").format(duration_text(facts.wall_seconds)))
        return " · ".join(part for part in parts if part)

    def settings_text(self, experiment: Experiment) -> str:
        """What it ran: cells × lengths × seeds, units, the forget-gate bias, the initialisation.

        Two references of a claim may differ in one of these alone (a forget-gate bias of 5).
        """
        settings = experiment.settings
        parts = [describe(experiment), self.tr("{0} units").format(settings.hidden)]
        if experiment.claim != COST:
            bias = settings.forget_bias
            parts.append(
                self.tr("forget-gate bias {0}").format(
                    self.tr("Keras default") if bias is None else f"{bias:g}"
                )
            )
            parts.append(
                self.tr("Keras-like initialisation")
                if settings.keras_init
                else self.tr("PyTorch initialisation")
            )
        return " · ".join(parts)

    def _show_published(self, published: Sequence[PublishedResult]) -> None:
        if not published:
            self.published.hide()
            return
        sources: dict[str, list[str]] = {}
        for result in published:
            sources.setdefault(result.source, []).append(
                f"{result.cell.upper()} {100 * result.acc:.1f}%"
            )
        heading = self.tr("Published ({0}, {1} steps):").format(
            published_task(published[0].task), published[0].steps
        )
        lines = [
            f"★ <b>{escape(', '.join(figures))}</b>: {escape(source)}"
            for source, figures in sources.items()
        ]
        self.published.setText(f"<b>{escape(heading)}</b><br>" + "<br>".join(lines))
        self.published.show()

    def texts(self) -> list[str]:
        """Each reference's line as plain text, then the published figures'."""
        lines = [label.text() for label in self.entries]
        if self.published.isVisible() or not self.published.isHidden():
            lines.append(self.published.text())
        return lines
