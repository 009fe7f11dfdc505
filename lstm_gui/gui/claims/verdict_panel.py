"""VerdictPanel: what an experiment's numbers say: the decision, the budget, the sentences.

The decision is written in words with a sign (✔ ✘ ?) as well as a colour, so that it reads
in black and white and to a learner who does not tell red from green. The sentences are
core.claims' English templates, translated in the context "ClaimVerdict".
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from lstm_gui.core.claims.spread import CONTEXT, CONTRADICTS, SUPPORTS
from lstm_gui.gui.widgets.labels import NOTE_STYLE, wrapped_label

if TYPE_CHECKING:
    from lstm_gui.core.claims.spread import Sentence, Verdict

# Text colour and background of each decision (both readable on white when printed grey).
DECISION_COLOURS = {
    SUPPORTS: ("#1b5e20", "#e3f2e5"),
    CONTRADICTS: ("#a31515", "#fbe5e5"),
}
INCONCLUSIVE_COLOURS = ("#6d4c00", "#fdf1cf")


def decision_words(decision: str) -> str:
    """The decision as a sign and words, translated: "✔ Supports the claim"."""
    words = {
        SUPPORTS: QCoreApplication.translate("VerdictPanel", "✔ Supports the claim"),
        CONTRADICTS: QCoreApplication.translate("VerdictPanel", "✘ Contradicts the claim"),
    }
    return words.get(decision, QCoreApplication.translate("VerdictPanel", "? Inconclusive"))


def decision_html(decision: str, scale: float = 1.0) -> str:
    """The decision as a coloured badge (rich text)."""
    colour, background = DECISION_COLOURS.get(decision, INCONCLUSIVE_COLOURS)
    return (
        f'<span style="color:{colour}; background-color:{background}; font-weight:bold; '
        f'font-size:{100 * scale:.0f}%;">&nbsp;{escape(decision_words(decision))}&nbsp;</span>'
    )


def sentence_text(sentence: Sentence) -> str:
    """A verdict sentence in the current language, its figures filled in."""
    return sentence.text(QCoreApplication.translate(CONTEXT, sentence.template))


def split_budget(verdict: Verdict) -> tuple[Sentence | None, list[Sentence]]:
    """The budget sentence (a verdict opens with it) and the others."""
    sentences = list(verdict.sentences)
    if sentences and sentences[0].template.startswith("Budget:"):
        return sentences[0], sentences[1:]
    return None, sentences


class VerdictPanel(QWidget):
    """Headline (decision), the experiment it judges, the budget, then the sentences."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headline = QLabel()
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.headline.setWordWrap(True)
        font = self.headline.font()
        if font.pointSizeF() > 0:  # a font sized in pixels has no point size (-1)
            font.setPointSizeF(font.pointSizeF() * 1.3)
        elif font.pixelSize() > 0:
            font.setPixelSize(round(font.pixelSize() * 1.3))
        self.headline.setFont(font)
        self.shown = wrapped_label(style=NOTE_STYLE)
        self.budget = wrapped_label(style=NOTE_STYLE)
        self.sentences = wrapped_label()
        self.sentences.setTextFormat(Qt.TextFormat.RichText)
        self.sentences.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.next_steps = wrapped_label(style=NOTE_STYLE)
        for label in (self.headline, self.budget, self.sentences, self.next_steps):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        for label in (self.headline, self.shown, self.budget, self.sentences, self.next_steps):
            layout.addWidget(label)
        layout.addStretch(1)
        self._plain = ""

    def show_verdict(self, verdict: Verdict, shown: str = "") -> None:
        """Show a verdict on the experiment described by `shown`."""
        budget, others = split_budget(verdict)
        title = escape(self.tr("Verdict:"))
        self.headline.setText(f"<b>{title}</b> {decision_html(verdict.decision)}")
        self.shown.setText(shown)
        self.shown.setVisible(bool(shown))
        self.budget.setText(sentence_text(budget) if budget is not None else "")
        self.budget.setVisible(budget is not None)
        texts = [sentence_text(sentence) for sentence in others]
        self.sentences.setText(
            "".join(f"<p style='margin:0 0 4px 0'>{escape(t)}</p>" for t in texts)
        )
        self.sentences.show()
        plain = [decision_words(verdict.decision), shown]
        plain += [sentence_text(budget)] if budget is not None else []
        self._plain = "\n".join([*plain, *texts])

    def show_message(self, message: str, shown: str = "") -> None:
        """No verdict yet: say why (before a run, while it runs)."""
        self.headline.setText(escape(message))
        self.shown.setText(shown)
        self.shown.setVisible(bool(shown))
        self.budget.hide()
        self.sentences.hide()
        self._plain = message

    def set_next_steps(self, text: str) -> None:
        """What to try next for this claim."""
        self.next_steps.setText(text)

    def text(self) -> str:
        """The verdict as plain text, a line per part."""
        return self._plain
