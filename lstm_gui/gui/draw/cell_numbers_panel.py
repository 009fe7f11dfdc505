"""The numbers behind a heatmap cell: one unit's equations at one row, the real values filled in."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from lstm_gui.gui.draw.draw_style import TEXT_MUTED
from lstm_gui.gui.draw.layout_parts import make_bold
from lstm_gui.gui.widgets.labels import wrapped_label

if TYPE_CHECKING:  # torch is imported when the first model loads, not with the window
    from lstm_gui.core.inside.cell_numbers import CellInspector, CellNumbers, ScriptLine
    from lstm_gui.core.reading.inference import Predictor, RowScan
    from lstm_gui.gui.draw.row_scan_view import RowScanView

# The panel lies over the Draw tab's left column (the pad and its tools), as wide as it.
PANEL_WIDTH = 330
MARGIN = 9
PADDING = (10, 8, 10, 10)  # inside the frame: left, top, right, bottom
BORDER = 2  # the frame's line, in the style sheet
CODE_STYLE = "font-family: monospace;"
MUTED_STYLE = f"color: {TEXT_MUTED};"  # the reading and the script line: grey


def number(value: float) -> str:
    """A value as the panel writes it: three decimals and a real minus sign."""
    return f"{value:.3f}".replace("-", "\u2212")


class CellNumbersPanel(QFrame):
    """Shows the selected heatmap cell's equations over the left column; × or Esc closes it.

    `predictor()` gives the model that read the scan. The numbers come from core's
    CellInspector, which traces the drawing once per scan; the script line from the exported
    training script of the model's settings.
    """

    def __init__(self, predictor: Callable[[], Predictor | None], parent: QWidget) -> None:
        super().__init__(parent)
        self._predictor = predictor
        self._row_scan: RowScanView | None = None
        self._inspected: tuple[RowScan, Predictor, CellInspector] | None = None
        self._script: tuple[Predictor, ScriptLine | None] | None = None
        self._numbers: CellNumbers | None = None
        self.setObjectName("cellNumbersPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#cellNumbersPanel { background: #fbfcfe; border: 2px solid #00b8cc;"
            " border-radius: 4px; }"
            " #cellNumbersPanel QScrollArea > QWidget > QWidget { background: #fbfcfe; }"
        )
        self.setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

        self._title = QLabel(self)
        make_bold(self._title)
        self._title.setWordWrap(True)
        self._close = QToolButton(self)
        self._close.setText("×")
        self._close.setAccessibleName(self.tr("Close the cell numbers"))
        self._close.setToolTip(self.tr("Close (Esc)"))
        self._close.setAutoRaise(True)
        self._close.clicked.connect(self._on_close_clicked)
        numbers_label = partial(wrapped_label, parent=self, rich=True, selectable=True)
        self._input, self._table, self._memory = numbers_label(), numbers_label(), numbers_label()
        self._reading = numbers_label(style=MUTED_STYLE)
        self._script_label = numbers_label(style=MUTED_STYLE)

        header = QHBoxLayout()
        header.addWidget(self._title, 1)
        header.addWidget(self._close, 0, Qt.AlignmentFlag.AlignTop)
        # The numbers scroll when zoomed text no longer fits the window's height.
        body = QWidget(self)
        self._body = QVBoxLayout(body)
        self._body.setContentsMargins(0, 0, 0, 0)
        self._body.setSpacing(6)
        for label in (self._input, self._table, self._memory, self._reading, self._script_label):
            self._body.addWidget(label)
        self._body.addStretch(1)
        self.numbers_area = QScrollArea(self)
        self.numbers_area.setWidget(body)
        self.numbers_area.setWidgetResizable(True)
        self.numbers_area.setFrameShape(QFrame.Shape.NoFrame)
        self.numbers_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PADDING)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self.numbers_area, 1)
        self._header = header
        parent.installEventFilter(self)
        self.hide()

    # ------------------------------------------------------------------ public

    def follow(self, row_scan: RowScanView) -> None:
        """Show the cell that `row_scan`'s heatmaps select; close when it is dropped or hidden."""
        self._row_scan = row_scan
        row_scan.cell_cursor.selected.connect(self._on_cell_selected)
        row_scan.cell_cursor.closed.connect(self.hide)
        row_scan.installEventFilter(self)

    def numbers(self) -> CellNumbers | None:
        """The numbers shown, or None when the panel is closed."""
        return self._numbers if self.isVisible() else None

    def text(self) -> str:
        """Everything the panel says, as plain text (what a reader of the screen gets)."""
        parts = [self._title.text()]
        parts += [label.text() for label in (self._input, self._table, self._memory)]
        parts += [self._reading.text(), self._script_label.text()]
        return _plain("\n".join(parts))

    def show_cell(self, row: int, unit: int) -> None:
        """Fill in unit `unit` (0-based) after scan row `row` (1-based) and show the panel."""
        inspector = self._inspector()
        if inspector is None:
            self.hide()
            return
        numbers = inspector.numbers(row, unit)
        self._numbers = numbers
        self._title.setText(
            self.tr("Row {row}, unit {unit}: the {cell} at step {step} of {steps}").format(
                row=row,
                unit=unit + 1,
                cell=numbers.cell_type.upper(),
                step=numbers.step,
                steps=numbers.steps,
            )
        )
        self._input.setText(self._input_text(numbers) + self._mismatch_text(numbers))
        self._table.setText(self._table_html(numbers))
        self._memory.setText(memory_html(numbers))
        self._reading.setText(self._reading_text(numbers.cell_type))
        self._script_label.setText(self._script_html())
        self._place()
        self.show()
        self.raise_()

    # ------------------------------------------------------------------ texts

    def _input_text(self, numbers: CellNumbers) -> str:
        summary = numbers.input
        # Checked first: at a blank step the top layer still reads the lower layer's h.
        if summary.from_layer_below:
            return self.tr("x(t): the {count} values of h(t) of the layer below.").format(
                count=summary.features
            )
        if summary.blank:
            return self.tr("x(t): a blank step; all {count} inputs are 0, so W·x is 0.").format(
                count=summary.features
            )
        return self.tr(
            "x(t): the {count} pixels read at this step; {on} of them inked (≥ 0.5), ink sum {ink}."
        ).format(count=summary.features, on=summary.pixels_on, ink=f"{summary.ink:.1f}")

    def _mismatch_text(self, numbers: CellNumbers) -> str:
        """A warning when the heatmaps show other values (a scan made under interventions)."""
        scan = self._row_scan.scan() if self._row_scan is not None else None
        if (
            scan is None
            or abs(float(scan.hidden[numbers.entry - 1, numbers.unit]) - numbers.h) < 1e-4
        ):
            return ""
        warning = self.tr(
            "The heatmaps show this network changed by an intervention; these are its own "
            "numbers, unchanged."
        )
        return f"<br><span style='color:#b45309'>{warning}</span>"

    def _table_html(self, numbers: CellNumbers) -> str:
        headers = ["", "W·x", "U·h", "b", self.tr("sum"), self.tr("value")]
        rows = ["<tr>" + "".join(f"<th align='right'>{h}</th>" for h in headers) + "</tr>"]
        for term in numbers.terms:
            squash = "σ" if term.squash == "sigmoid" else "tanh"
            cells = [number(term.from_input), number(term.recurrent), number(term.bias)]
            cells += [number(term.pre_activation), f"<b>{number(term.value)}</b>"]
            rows.append(
                f"<tr><td><b>{term.symbol}</b> = {squash}</td>"
                + "".join(f"<td align='right'>{cell}</td>" for cell in cells)
                + "</tr>"
            )
        note = self.tr("Each line: value = σ(W·x + U·h(t−1) + b); tanh for g, n and h.")
        if numbers.cell_type == "gru":
            note += " " + self.tr("For n, U·h and its bias are first multiplied by r.")
        table = "<table cellspacing='0' cellpadding='2'>" + "".join(rows) + "</table>"
        return f"{table}<span style='color:{TEXT_MUTED}'>{note}</span>"

    def _reading_text(self, cell: str) -> str:
        if cell == "lstm":
            return self.tr(
                "How to read it: f near 1 keeps the memory c, near 0 wipes it; i·g is what this "
                "row writes into it; o decides how much of tanh(c) shows as h."
            )
        if cell == "gru":
            return self.tr(
                "How to read it: z near 1 keeps the old h, near 0 replaces it with the "
                "candidate n; r decides how much of the old h the candidate looks at."
            )
        return self.tr(
            "How to read it: no gates; every step rewrites h from its input and the old h, "
            "which is why a plain RNN forgets early rows quickly."
        )

    def _script_html(self) -> str:
        line = self._script_line()
        if line is None:
            return ""
        code = html.escape(line.text.split("  #")[0])
        return self.tr("In the exported training script, line {number}:").format(
            number=line.number
        ) + (
            f"<br><span style='{CODE_STYLE} color:#1f2937'>{code}</span><br>"
            + self.tr("runs these equations for every step and unit at once.")
        )

    # ------------------------------------------------------------------ computing

    def _inspector(self) -> CellInspector | None:
        """The scan's inspector, traced once per scan and model."""
        scan = self._row_scan.scan() if self._row_scan is not None else None
        predictor = self._predictor()
        if scan is None or predictor is None:
            return None
        inspected = self._inspected
        if inspected is None or inspected[0] is not scan or inspected[1] is not predictor:
            from lstm_gui.core.inside.cell_numbers import CellInspector

            inspected = (scan, predictor, CellInspector.for_image(predictor, scan.image))
            self._inspected = inspected
        return inspected[2]

    def _script_line(self) -> ScriptLine | None:
        predictor = self._predictor()
        if predictor is None:
            return None
        if self._script is None or self._script[0] is not predictor:
            from lstm_gui.core.errors import LstmGuiError
            from lstm_gui.core.inside.cell_numbers import script_line

            checkpoint = predictor.checkpoint
            try:
                line = script_line(checkpoint.model_config, checkpoint.train_config)
            except (LstmGuiError, LookupError):  # a model the script cannot train: no line
                line = None
            self._script = (predictor, line)
        return self._script[1]

    def _place(self) -> None:
        """Over the parent's left column, as tall as its text needs and the parent allows."""
        parent = self.parentWidget()
        if parent is None:
            return
        left, top, right, bottom = PADDING
        inner = PANEL_WIDTH - left - right - 2 * BORDER
        # The text's height as wrapped beside a scroll bar: the scroll area decides whether it
        # needs one at that width, so that is the height at which it needs none.
        bar = self.numbers_area.verticalScrollBar().sizeHint().width()
        needed = self._header.heightForWidth(inner) + 6 + self._body.heightForWidth(inner - bar)
        height = min(needed + top + bottom + 2 * BORDER, parent.height() - 2 * MARGIN)
        self.setGeometry(MARGIN, MARGIN, PANEL_WIDTH, max(height, 0))

    # ------------------------------------------------------------------ events

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: D102 (Qt override)
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            if self.isVisible():
                self._place()
        elif watched is self._row_scan and event.type() == QEvent.Type.Hide:
            self._on_close_clicked()  # another view of the tab: its heatmaps are gone
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: D102 (Qt override)
        if event.key() == Qt.Key.Key_Escape:
            self._on_close_clicked()
            return
        super().keyPressEvent(event)

    def _on_cell_selected(self, row: int, unit: int) -> None:
        self.show_cell(row, unit)

    def _on_close_clicked(self) -> None:
        if self._row_scan is not None:
            self._row_scan.cell_cursor.clear()  # drops the outline; its `closed` hides us
        self.hide()


def operand(value: float) -> str:
    """A value after an operator: in brackets when negative, so that 0.5×(−2.0) reads right."""
    return number(value) if value >= 0 else f"({number(value)})"


def memory_html(numbers: CellNumbers) -> str:
    """The update of the memory and of h, step by step, the values filled in (monospace)."""
    n, op = number, operand
    h_old, h_new = n(numbers.h_previous), n(numbers.h)
    indent = "&nbsp;" * 5
    kept, written, c_new = numbers.kept, numbers.written, numbers.c
    if (
        numbers.cell_type == "lstm"
        and kept is not None
        and written is not None
        and c_new is not None
    ):
        f, i, g, o = (numbers.term(s).value for s in "figo")
        c_old = numbers.c_previous or 0.0
        lines = [
            f"c(t−1) = {n(c_old)} → c(t) = <b>{n(c_new)}</b>",
            "c(t) = f·c(t−1) + i·g",
            f"{indent}= {n(f)}×{op(c_old)} + {n(i)}×{op(g)}",
            f"{indent}= {n(kept)} + {op(written)} = {n(c_new)}",
            f"h(t) = o·tanh(c(t)) = {n(o)}×tanh({n(c_new)})",
            f"{indent}= <b>{h_new}</b>  (h(t−1) = {h_old})",
        ]
    elif numbers.cell_type == "gru":
        z, cand = numbers.term("z").value, numbers.term("n").value
        lines = [
            "h(t) = (1−z)·n + z·h(t−1)",
            f"{indent}= {n(1 - z)}×{op(cand)} + {n(z)}×{op(numbers.h_previous)}",
            f"{indent}= <b>{h_new}</b>",
        ]
    else:
        lines = [f"h(t−1) = {h_old} → h(t) = <b>{h_new}</b>"]
    return f"<div style='{CODE_STYLE}'>" + "<br>".join(lines) + "</div>"


def _plain(rich: str) -> str:
    """Rich text as a person reads it: tags dropped, entities decoded, cells spaced."""
    spaced = re.sub(r"</t[dh]>", " ", rich)
    spaced = re.sub(r"<br>|</tr>|</div>", "\n", spaced)
    return html.unescape(re.sub(r"<[^>]+>", "", spaced)).replace("\xa0", " ")
