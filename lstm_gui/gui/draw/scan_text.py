"""The row scan's words: the sentence above the heatmaps, the legend under them, the titles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from lstm_gui.core.config import IMAGE_SIDE
from lstm_gui.gui.draw.draw_style import ACCENT, DECIDED
from lstm_gui.gui.draw.state_heatmaps import CELL as CELL_SCALE
from lstm_gui.gui.draw.state_heatmaps import GATE, SIGNED, StateLayer

if TYPE_CHECKING:  # the view is built before torch is imported; RowScan only types it
    from lstm_gui.core.reading.inference import RowScan

# Every text here keeps the RowScanView context, where the translations have them.


def empty_summary() -> str:
    """The sentence shown while there is no digit."""
    return QCoreApplication.translate(
        "RowScanView", "Draw a digit to watch the network read it row by row."
    )


def layers_for(keys: tuple[str, ...]) -> list[StateLayer]:
    """A heatmap and a trace curve for every state the scan has, titled for a learner."""
    from lstm_gui.core.reading.inference import CELL, HIDDEN
    from lstm_gui.core.run.model import Gate  # a scan exists, so torch is loaded already

    gate_titles = {
        Gate.INPUT: QCoreApplication.translate("RowScanView", "input gate (write)"),
        Gate.FORGET: QCoreApplication.translate("RowScanView", "forget gate (keep)"),
        Gate.CELL_CANDIDATE: QCoreApplication.translate("RowScanView", "candidate (new content)"),
        Gate.OUTPUT: QCoreApplication.translate("RowScanView", "output gate (show)"),
        Gate.RESET: QCoreApplication.translate("RowScanView", "reset gate (use the past)"),
        Gate.UPDATE: QCoreApplication.translate("RowScanView", "update gate (keep)"),
        Gate.CANDIDATE: QCoreApplication.translate("RowScanView", "candidate (new content)"),
    }
    layers = []
    for key in keys:
        if key == HIDDEN:
            title = QCoreApplication.translate("RowScanView", "h: hidden state")
            layers.append(StateLayer(key, title, "h", SIGNED, True))
        elif key == CELL:
            title = QCoreApplication.translate("RowScanView", "c: cell state (memory)")
            layers.append(StateLayer(key, title, "c", CELL_SCALE, True))
        else:
            gate = Gate(key)
            title = f"{gate.symbol}: {gate_titles[gate]}"
            scale = SIGNED if gate.signed else GATE
            layers.append(StateLayer(key, title, gate.symbol, scale, False))
    return layers


def legend_text(hidden_size: int, layers: list[StateLayer], blank_steps: int) -> str:
    """The explanation under the heatmaps, for this cell type and number of blank steps."""
    text = QCoreApplication.translate(
        "RowScanView",
        "Each heatmap row is one image row; each column of a state is one of the {units} "
        "units. h is what the network passes on to the next row and, after row 28, to the "
        "answer. The dashed line marks the row where the network decided. The bars show "
        "how much each row moved the answer: the size of the gradient of its probability "
        "with respect to that row's pixels.",
    ).format(units=hidden_size)
    if any(layer.scale == CELL_SCALE for layer in layers):
        text += " " + QCoreApplication.translate(
            "RowScanView",
            "c is the LSTM's memory and g the new content it may add (−1 to 1); the gates "
            "decide, unit by unit, how much of g to write (i), how much memory to keep (f) "
            "and how much of it to show as h (o): 0 closed, 1 open.",
        )
    elif any(not layer.memory for layer in layers):
        text += " " + QCoreApplication.translate(
            "RowScanView", "The gates run from 0 (closed) to 1 (open)."
        )
    if blank_steps:
        text += " " + QCoreApplication.translate(
            "RowScanView",
            "Below the grey line come the {blank} blank steps of the memory task: the "
            "network reads zeros there and must keep the digit in memory, for its answer "
            "is read after the last one.",
        ).format(blank=blank_steps)
    return text


def summary_html(scan: RowScan, row: int) -> str:
    """What the network guesses after `row` rows, and where it settled on its answer."""
    guess = int(scan.guesses[row - 1])
    sure = float(scan.probabilities[row - 1, guess])
    decided = scan.decided_at
    percent = f"{100 * sure:.0f}"
    if scan.is_blank(row):
        now = QCoreApplication.translate(
            "RowScanView",
            "After all 28 rows and {blank} blank steps the network guesses "
            "<b style='color:{colour}'>{guess}</b> ({percent}% sure).",
        ).format(blank=row - IMAGE_SIDE, colour=ACCENT, guess=guess, percent=percent)
    else:
        now = QCoreApplication.translate(
            "RowScanView",
            "After reading rows 1–{row} the network guesses <b style='color:{colour}'>"
            "{guess}</b> ({percent}% sure).",
        ).format(row=row, colour=ACCENT, guess=guess, percent=percent)
    if scan.is_blank(decided):
        final = QCoreApplication.translate(
            "RowScanView",
            "Its final answer <b>{final}</b> was reached at blank step "
            "<b style='color:{colour}'>{decided}</b> and kept to the end.",
        ).format(final=scan.final, colour=DECIDED, decided=decided - IMAGE_SIDE)
    else:
        final = QCoreApplication.translate(
            "RowScanView",
            "Its final answer <b>{final}</b> was reached at row <b style='color:{colour}'>"
            "{decided}</b> and kept to the end.",
        ).format(final=scan.final, colour=DECIDED, decided=decided)
    return f"{now} {final}"


def position_text(row: int, rows: int, steps: int) -> str:
    """Where the scan line is: the row, and the step that finishes it when T is not 28."""
    if row > IMAGE_SIDE:
        return QCoreApplication.translate("RowScanView", "blank step {step} of {steps}").format(
            step=row - IMAGE_SIDE, steps=rows - IMAGE_SIDE
        )
    text = QCoreApplication.translate("RowScanView", "row {row} of {rows}").format(
        row=row, rows=IMAGE_SIDE
    )
    if steps == IMAGE_SIDE:
        return text
    from lstm_gui.core.reading.inference import row_end_steps  # a scan exists: torch is loaded

    step = int(row_end_steps(steps)[row - 1]) + 1
    return (
        text
        + " · "
        + QCoreApplication.translate("RowScanView", "step {step} of {steps}").format(
            step=step, steps=steps
        )
    )
