"""The memory task in the Draw tab: a model trained with blank steps reads them after the rows."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.run.checkpoint import Checkpoint, save_checkpoint
from lstm_gui.core.run.model import SequenceClassifier
from lstm_gui.gui.draw.draw_tab import DrawTab
from lstm_gui.resources import bundled_model_path
from tests.conftest import draw_digit


@pytest.fixture
def tab(draw_tab: DrawTab) -> DrawTab:
    """The shown Draw tab of tests/gui/conftest.py."""
    return draw_tab


def memory_model(folder: Path, blank_steps: int = 5) -> Path:
    torch.manual_seed(0)
    train = TrainConfig(blank_steps=blank_steps)
    config = ModelConfig(hidden_size=16, forget_bias=4.0)
    checkpoint = Checkpoint(config, train, SequenceClassifier(config).state_dict())
    return save_checkpoint(folder / "memory.safetensors", checkpoint)


def test_a_memory_task_model_reads_the_blank_steps_after_the_rows(
    tab: DrawTab, tmp_path: Path
) -> None:
    tab.set_model(memory_model(tmp_path), "memory")
    image = draw_digit(4, np.random.default_rng(5)).astype(np.float32) / 255.0
    tab.show_digit(image)

    view = tab.row_scan
    scan = view.scan()
    predictor = tab.predictor()
    assert scan is not None and predictor is not None
    assert (scan.blank_steps, scan.entries) == (5, 33)
    assert scan.probabilities.shape == (33, 10)
    full = predictor.probabilities(image)[0]
    np.testing.assert_allclose(scan.probabilities[-1], full, atol=1e-5)
    np.testing.assert_allclose(tab.prediction.bar_heights(), full, atol=1e-5)
    assert all(values.shape == (33, 16) for values in view.heatmap_images().values())
    assert view.row_count() == 33 and view.current_row() == 33  # at the answer
    assert view.row_label_text() == "blank step 5 of 5"
    assert "5 blank steps of the memory task" in view.explanation_text()
    assert view.plots()[0].titleLabel.text == "input: 28 rows + 5 blank"

    view.set_row(30)
    assert view.row_label_text() == "blank step 2 of 5"
    assert "After all 28 rows and 2 blank steps" in view.summary_text()
    view.set_row(12)
    assert view.row_label_text() == "row 12 of 28"
    assert "rows 1–12" in view.summary_text()
    tab.grab().save(str(tmp_path / "draw-memory.png"))

    tab.set_model(bundled_model_path(), "bundled")
    assert view.row_count() == 28 and view.scan() is not None
    assert view.scan().entries == 28  # type: ignore[union-attr]
    assert "blank" not in view.explanation_text()
