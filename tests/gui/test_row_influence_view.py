"""The row scan says which chunk of a longer sequence is read and how much each row mattered."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QPointF

from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.run.checkpoint import Checkpoint, save_checkpoint
from lstm_gui.core.run.model import SequenceClassifier
from lstm_gui.gui.draw.draw_tab import DrawTab


@pytest.fixture
def tab(qtbot: Any) -> Iterator[DrawTab]:
    widget = DrawTab()
    qtbot.addWidget(widget)
    widget.resize(1366, 720)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()


def use_untrained(tab: DrawTab, tmp_path: Path, steps: int) -> None:
    config = ModelConfig(input_size=784 // steps, hidden_size=8)
    checkpoint = Checkpoint(
        config, TrainConfig(steps=steps), SequenceClassifier(config).state_dict()
    )
    tab.set_model(save_checkpoint(tmp_path / f"t{steps}.safetensors", checkpoint), f"T={steps}")


def test_the_bars_are_each_rows_influence_on_the_drawn_answer(tab: DrawTab) -> None:
    view = tab.row_scan
    assert view.influence_values() is None  # nothing drawn yet
    tab.draw_example(7)
    image, predictor = tab.preview.image(), tab.predictor()
    assert image is not None and predictor is not None
    shown = view.influence_values()
    assert shown is not None
    np.testing.assert_allclose(shown, predictor.row_influence(image), rtol=1e-6)
    assert shown.max() > 0
    plot = view.plots()[2]
    assert plot.titleLabel.text == "influence"
    assert plot.getAxis("bottom").labelText == f"max {shown.max():.2g}"
    # Aligned with the rows: row 1's top and row 28's bottom at the input's heights.
    for row in (0.0, 28.0):
        here = plot.vb.mapViewToScene(QPointF(0, row)).y()
        there = view.plots()[0].vb.mapViewToScene(QPointF(0, row)).y()
        assert here == pytest.approx(there, abs=1.0)
    assert plot.vb.yInverted()
    assert view.row_label_text() == "row 28 of 28"  # 28 steps: a step is a row
    tab.pad.clear()
    assert view.influence_values() is None


@pytest.mark.parametrize(
    ("steps", "row", "label"),
    [(56, 7, "row 7 of 28 · step 14 of 56"), (14, 7, "row 7 of 28 · step 4 of 14")],
)
def test_another_length_says_which_step_finishes_the_row(
    tab: DrawTab, tmp_path: Path, steps: int, row: int, label: str
) -> None:
    use_untrained(tab, tmp_path, steps)
    tab.draw_example(2)
    view = tab.row_scan
    scan = view.scan()
    assert scan is not None and scan.steps == steps
    view.set_row(row)
    assert view.row_label_text() == label
    view.set_row(28)
    assert view.row_label_text() == f"row 28 of 28 · step {steps} of {steps}"
