"""Clicking a row-scan heatmap cell shows that unit's equations with the model's own numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
import pytest
import torch
from PySide6.QtCore import QPointF, Qt

from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.export.training_script import training_script
from lstm_gui.core.reading.digit_strokes import synthetic_digit
from lstm_gui.core.run.checkpoint import Checkpoint, save_checkpoint
from lstm_gui.core.run.model import Gate, SequenceClassifier
from lstm_gui.gui.draw.cell_numbers_panel import number
from lstm_gui.gui.draw.draw_tab import DrawTab


@pytest.fixture
def seven(draw_tab: DrawTab, qtbot: Any) -> DrawTab:
    """The Draw tab reading a drawn 7, its row scan shown."""
    with qtbot.waitSignal(draw_tab.prediction_updated, timeout=10_000):
        draw_tab.pad.set_drawing(strokes=synthetic_digit(7, np.random.default_rng(7)))
    qtbot.waitUntil(lambda: draw_tab.row_scan.scan() is not None, timeout=10_000)
    return draw_tab


def heatmap(tab: DrawTab, title_start: str) -> pg.PlotItem:
    plots = [p for p in tab.row_scan.plots() if p.titleLabel.text.startswith(title_start)]
    assert len(plots) == 1, title_start
    return plots[0]


def click_cell(tab: DrawTab, qtbot: Any, title_start: str, row: int, unit: int) -> None:
    """Click the middle of heatmap cell (row 1-based, unit 0-based) with the mouse."""
    view_box = heatmap(tab, title_start).getViewBox()
    graphics = view_box.scene().views()[0]
    scene = view_box.mapViewToScene(QPointF(unit + 0.5, row - 0.5))
    position = graphics.mapFromScene(scene)
    qtbot.mouseClick(graphics.viewport(), Qt.MouseButton.LeftButton, pos=position)


def shown_values(tab: DrawTab, row: int, unit: int) -> list[str]:
    """The h, c and gate values the heatmaps hold for a cell, as the panel writes numbers."""
    scan = tab.row_scan.scan()
    assert scan is not None and scan.cell is not None
    values = [scan.hidden[row - 1, unit], scan.cell[row - 1, unit]]
    values += [scan.gates[gate][row - 1, unit] for gate in Gate if gate in scan.gates]
    return [number(float(value)) for value in values]


def test_a_clicked_cell_shows_its_units_equations_with_the_scans_values(
    seven: DrawTab, qtbot: Any
) -> None:
    panel = seven.cell_numbers
    assert not panel.isVisible()
    click_cell(seven, qtbot, "c:", 12, 44)
    qtbot.waitUntil(panel.isVisible, timeout=5000)
    text = panel.text()
    assert "Row 12, unit 45" in text
    for value in shown_values(seven, 12, 44):
        assert value in text
    scan = seven.row_scan.scan()
    assert scan is not None and scan.cell is not None
    assert f"c(t−1) = {number(float(scan.cell[10, 44]))}" in text
    inked = int(np.count_nonzero(scan.image[11] >= 0.5))
    assert f"{inked} of them inked" in text
    # The line that runs the cell in the exported script, found in the script's text.
    checkpoint = seven.predictor().checkpoint  # type: ignore[union-attr]
    lines = training_script(checkpoint.model_config, checkpoint.train_config).splitlines()
    call = next(n for n, line in enumerate(lines, 1) if "= self.rnn(sequences)" in line)
    assert f"line {call}:" in text
    assert "self.rnn(sequences)" in text


def test_a_gate_heatmap_selects_the_same_cell_and_the_trace_follows_it(
    seven: DrawTab, qtbot: Any
) -> None:
    click_cell(seven, qtbot, "f:", 20, 17)
    qtbot.waitUntil(seven.cell_numbers.isVisible, timeout=5000)
    numbers = seven.cell_numbers.numbers()
    assert numbers is not None and (numbers.entry, numbers.unit) == (20, 17)
    assert "Row 20, unit 18" in seven.cell_numbers.text()
    assert seven.row_scan.hovered_unit() == 17


def test_arrow_keys_move_the_cell_and_esc_closes_the_panel(seven: DrawTab, qtbot: Any) -> None:
    panel = seven.cell_numbers
    click_cell(seven, qtbot, "h:", 12, 44)
    qtbot.waitUntil(panel.isVisible, timeout=5000)
    graphics = heatmap(seven, "h:").getViewBox().scene().views()[0]
    assert graphics.hasFocus()
    qtbot.keyClick(graphics, Qt.Key.Key_Down)
    qtbot.keyClick(graphics, Qt.Key.Key_Right)
    assert seven.row_scan.cell_cursor.cell() == (13, 45)
    text = panel.text()
    assert "Row 13, unit 46" in text
    for value in shown_values(seven, 13, 45):
        assert value in text
    qtbot.keyClick(graphics, Qt.Key.Key_Up)
    qtbot.keyClick(graphics, Qt.Key.Key_Up)
    assert "Row 11, unit 46" in panel.text()
    qtbot.keyClick(graphics, Qt.Key.Key_Escape)
    assert not panel.isVisible()
    assert seven.row_scan.cell_cursor.cell() is None
    # With nothing selected, an arrow selects the scan line's row and the traced unit.
    qtbot.keyClick(graphics, Qt.Key.Key_Left)
    assert seven.row_scan.cell_cursor.cell() == (seven.row_scan.current_row(), 45)
    assert panel.isVisible()


def test_the_panel_fits_beside_the_heatmaps_at_a_small_laptops_size(
    seven: DrawTab, qtbot: Any
) -> None:
    seven.resize(1366, 768)
    click_cell(seven, qtbot, "c:", 12, 44)
    qtbot.waitUntil(seven.cell_numbers.isVisible, timeout=5000)
    panel = seven.cell_numbers.geometry()
    assert seven.rect().contains(panel)
    # It lies over the pad's column, not over the row scan it explains.
    scan_left = seven.row_scan.mapTo(seven, seven.row_scan.rect().topLeft()).x()
    assert panel.right() < scan_left
    # Everything is shown at once: nothing to scroll at this size.
    assert seven.cell_numbers.numbers_area.verticalScrollBar().maximum() == 0


@pytest.mark.parametrize(
    ("cell", "symbols", "memory"),
    [
        ("gru", ["r = σ", "z = σ", "n = tanh"], "h(t) = (1−z)·n + z·h(t−1)"),
        ("rnn", ["h = tanh"], ""),
    ],
)
def test_gru_and_rnn_cells_show_their_own_equations(
    draw_tab: DrawTab, qtbot: Any, tmp_path: Path, cell: str, symbols: list[str], memory: str
) -> None:
    config = ModelConfig(cell=cell, hidden_size=16)
    torch.manual_seed(0)
    checkpoint = Checkpoint(config, TrainConfig(), SequenceClassifier(config).state_dict())
    draw_tab.set_model(save_checkpoint(tmp_path / f"{cell}.safetensors", checkpoint), cell)
    with qtbot.waitSignal(draw_tab.prediction_updated, timeout=10_000):
        draw_tab.pad.set_drawing(strokes=synthetic_digit(4, np.random.default_rng(4)))
    click_cell(draw_tab, qtbot, "h:", 15, 3)
    qtbot.waitUntil(draw_tab.cell_numbers.isVisible, timeout=5000)
    text = draw_tab.cell_numbers.text()
    assert f"the {cell.upper()} at step 15 of 28" in text
    for symbol in symbols:
        assert symbol in text
    assert "f = σ" not in text and "c(t)" not in text
    assert memory in text
    scan = draw_tab.row_scan.scan()
    assert scan is not None
    assert number(float(scan.hidden[14, 3])) in text


def test_an_open_panel_follows_a_new_drawing(seven: DrawTab, qtbot: Any) -> None:
    click_cell(seven, qtbot, "c:", 12, 44)
    qtbot.waitUntil(seven.cell_numbers.isVisible, timeout=5000)
    before = seven.cell_numbers.text()
    with qtbot.waitSignal(seven.prediction_updated, timeout=10_000):
        seven.pad.set_drawing(strokes=synthetic_digit(3, np.random.default_rng(3)))
    assert seven.cell_numbers.isVisible()
    text = seven.cell_numbers.text()
    assert "Row 12, unit 45" in text and text != before
    for value in shown_values(seven, 12, 44):
        assert value in text
    assert "intervention" not in text  # the heatmaps and the panel agree


def test_a_deep_memory_models_top_layer_reads_the_layer_below_at_a_blank_step(
    draw_tab: DrawTab, qtbot: Any, tmp_path: Path
) -> None:
    train = TrainConfig(blank_steps=3)
    config = train.model_config(hidden_size=8, num_layers=2)
    torch.manual_seed(0)
    checkpoint = Checkpoint(config, train, SequenceClassifier(config).state_dict())
    draw_tab.set_model(save_checkpoint(tmp_path / "deep.safetensors", checkpoint), "deep")
    with qtbot.waitSignal(draw_tab.prediction_updated, timeout=10_000):
        draw_tab.pad.set_drawing(strokes=synthetic_digit(4, np.random.default_rng(4)))
    click_cell(draw_tab, qtbot, "h:", 29, 3)
    qtbot.waitUntil(draw_tab.cell_numbers.isVisible, timeout=5000)
    numbers = draw_tab.cell_numbers.numbers()
    text = draw_tab.cell_numbers.text()

    assert numbers is not None and numbers.input.blank  # the image's pixels have ended
    # Yet the top layer's input is the lower layer's h, which is not 0 at a blank step.
    assert "the 8 values of h(t) of the layer below" in text
    assert "W·x is 0" not in text
    assert any(abs(term.from_input) > 1e-3 for term in numbers.terms)
