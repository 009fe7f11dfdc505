"""The settings form's sequence length and precision: offered, shown in the summary, trained."""

from __future__ import annotations

from typing import Any

import torch
from PySide6.QtCore import Qt

from lstm_gui.core.config import STEP_CHOICES
from lstm_gui.core.numerics import bf16_supported
from lstm_gui.core.run.checkpoint import load_checkpoint

RUN_TIMEOUT_MS = 90_000


def test_every_length_that_divides_784_is_offered_with_the_tutorials_marked(window: Any) -> None:
    steps = window.train_tab.training_panel.steps
    offered = [steps.itemData(index) for index in range(steps.count())]
    assert offered == list(STEP_CHOICES)
    assert steps.currentData() == 28
    assert steps.currentText() == "28 steps × 28 pixels (tutorial)"
    assert steps.itemText(offered.index(56)) == "56 steps × 14 pixels"
    precision = window.train_tab.training_panel.precision
    assert precision.currentData() == "fp32"
    assert [precision.itemText(i) for i in range(precision.count())][1] == (
        "bf16 (faster where the CPU has it)"
    )


def test_the_pixels_view_fixes_784_steps_and_rows_come_back_at_28(window: Any) -> None:
    panel = window.train_tab.training_panel
    panel.sequence.setCurrentIndex(panel.sequence.findData("pixels"))
    assert panel.steps.currentData() == 784 and not panel.steps.isEnabled()
    panel.sequence.setCurrentIndex(panel.sequence.findData("rows"))
    assert panel.steps.currentData() == 28 and panel.steps.isEnabled()
    assert panel.problem.isHidden()


def test_56_steps_reach_the_summary_and_the_runs_checkpoint(window: Any, qtbot: Any) -> None:
    panel = window.train_tab.training_panel
    panel.steps.setCurrentIndex(panel.steps.findData(56))
    panel.precision.setCurrentIndex(panel.precision.findData("bf16"))
    panel.hidden.setValue(8)
    panel.epochs.setValue(1)
    panel.train_limit.setValue(112)
    panel.test_limit.setValue(56)
    window.train_tab.summary.rebuild()
    table = window.train_tab.summary.table
    assert table.item(0, 1).text() == "(None, 56, 14)"
    # LSTM(8) on 14 pixels a step: 4 x (14*8 + 8*8) = 704 multiply-adds per step.
    assert "704 per step, 39,424 per image of 56 steps" in window.train_tab.summary.total_text()
    assert "56 steps per image" in panel.hint.text()
    with qtbot.waitSignal(window.run_ended, timeout=RUN_TIMEOUT_MS) as ended:
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    assert ended.args[0] == "completed"
    checkpoint = load_checkpoint(window.train_tab.runs_panel.runs()[0].latest)
    assert checkpoint.train_config.steps == 56
    assert checkpoint.model_config.input_size == 14
    # What was asked for, or fp32 where this CPU has no bf16 (the run records what it used).
    expected = "bf16" if bf16_supported(torch.device("cpu")) else "fp32"
    assert checkpoint.train_config.precision == expected
