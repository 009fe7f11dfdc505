"""MetricsLegend: one legend above the three training plots, with a line per overlaid run."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QResizeEvent, QTextDocument
from PySide6.QtWidgets import QLabel, QWidget

from lstm_gui.gui.presentation import mark_sizes_itself
from lstm_gui.gui.train.plot_parts import (
    GRADIENT_COLOUR,
    TRAIN_COLOUR,
    VALIDATION_COLOUR,
    overlay_colour,
)

# The strings here are translated in the MetricsPlot context: they were MetricsPlot's, and the
# catalogue keeps them there (the same texts name the curves in MetricsPlot).


# Chinese may break between any two characters, spaces or not ("验证，每 / 轮"): a word joiner
# between characters forbids it.
WORD_JOINER = "\u2060"


def _entry(colour: str, glyph: str, text: str) -> str:
    # Non-breaking spaces keep each entry on one line; lines break between entries.
    # (and non-breaking hyphens, since a line may break after "-", as in "RNN-128").
    glyph = glyph.replace(" ", "&nbsp;")
    text = WORD_JOINER.join(text.replace(" ", "\u00a0").replace("-", "\u2011"))
    text = html.escape(text).replace("\u00a0", "&nbsp;")
    return f'<span style="color:{colour}">{glyph}</span>&nbsp;{text}'


class MetricsLegend(QLabel):
    """What each line means, in the curves' colours; legends inside the plots covered them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        # Its minimum height is that of its wrapped lines: the plots' column sits in a splitter
        # and a scroll area, whose minimum ignores wrapping, and the plots overlapped at 200%.
        mark_sizes_itself(self)
        self.show_runs([])

    def show_runs(self, names: Sequence[str]) -> None:
        """The current run's curves, then one entry per overlaid run, named."""
        translate = QCoreApplication.translate
        entries = [
            _entry(TRAIN_COLOUR, "━━", translate("MetricsPlot", "training (smoothed)")),
            _entry(TRAIN_COLOUR, "●", translate("MetricsPlot", "training, per epoch")),
            _entry(VALIDATION_COLOUR, "━■━", translate("MetricsPlot", "validation, per epoch")),
            _entry(
                GRADIENT_COLOUR,
                "━━",
                translate("MetricsPlot", "gradient norm of the last batch of each record"),
            ),
        ]
        for index, name in enumerate(names):
            label = translate("MetricsPlot", "{0} (validation)").format(name)
            entries.append(_entry(overlay_colour(index), "┅▼┅", label))
        self.setText(" &nbsp;&nbsp; ".join(entries))
        self._fit_height()

    def _fit_height(self) -> None:
        self.setMinimumHeight(self.heightForWidth(max(self.width(), 1)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: D102 (Qt override)
        super().resizeEvent(event)
        self._fit_height()

    def changeEvent(self, event: QEvent) -> None:  # noqa: D102 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # zoomed: the lines are taller
            self._fit_height()

    def plain_text(self) -> str:
        """The legend as plain text."""
        document = QTextDocument()
        document.setHtml(self.text())
        return document.toPlainText().replace(WORD_JOINER, "")
