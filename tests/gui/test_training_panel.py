"""TrainingPanel on its own: validation beside the fields, run states, progress and ETA."""

from __future__ import annotations

from typing import Any

import pytest

from lstm_gui.core.run.progress import BatchProgress
from lstm_gui.gui.train.training_panel import (
    IDLE,
    LOADING,
    PAUSED,
    STOPPING,
    TRAINING,
    PanelState,
    TrainingPanel,
    format_duration,
)


@pytest.fixture
def panel(qtbot: Any) -> TrainingPanel:
    widget = TrainingPanel()
    qtbot.addWidget(widget)
    return widget


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0:00"),
        (59.4, "0:59"),
        (61, "1:01"),
        (3725, "1:02:05"),
        (float("nan"), "—"),
        (float("inf"), "—"),
        (-1, "—"),
    ],
)
def test_durations_read_like_clocks(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


def test_buttons_follow_the_run_state(panel: TrainingPanel) -> None:
    def enabled() -> tuple[bool, bool, bool, bool]:
        return (
            panel.start_button.isEnabled(),
            panel.pause_button.isEnabled(),
            panel.stop_button.isEnabled(),
            panel.extra_epoch_button.isEnabled(),
        )

    assert enabled() == (True, False, False, False)
    panel.set_state(LOADING)
    assert enabled() == (False, False, True, False)
    panel.set_state(TRAINING)
    assert enabled() == (False, True, True, True)
    assert panel.learning_rate.isEnabled() and not panel.batch_size.isEnabled()
    panel.set_state(PAUSED)
    assert panel.pause_button.text() == "Resume"
    panel.set_state(STOPPING)
    assert enabled() == (False, False, False, False)
    panel.set_state(IDLE, can_extend=True)
    assert enabled() == (True, False, False, True)


def progress(epoch: int, batch: int, running_loss: float, running_acc: float) -> BatchProgress:
    """A record of 2 epochs of 100 batches at 1,400 samples/s."""
    step = (epoch - 1) * 100 + batch
    return BatchProgress(
        epoch, 2, batch, 100, step, 0.0, 0.0, running_loss, running_acc, 1.0, 1400.0, 0.001
    )


def test_progress_shows_position_and_time_left(panel: TrainingPanel) -> None:
    panel.start_progress(epochs_done=0, epochs=2, batch_size=28)
    panel.show_progress(progress(1, 50, running_loss=0.5, running_acc=0.75))
    assert panel.epoch_label.text() == "Epoch 1 of 2 · batch 50 of 100"
    assert panel.epoch_bar.value() == 500 and panel.run_bar.value() == 250
    # 50 batches of 28 at 1,400 samples/s: one second left in the epoch, three in the run.
    assert panel.epoch_bar.format() == "%p% · 0:01 left"
    assert panel.run_bar.format() == "%p% · 0:03 left"
    assert panel.figures_label.text() == "Loss 0.5000 · accuracy 75.00% (this epoch so far)"
    panel.show_epoch(1, 2, 0.9, eval_seconds=2.0)
    assert panel.figures_label.text() == "Epoch 1: validation accuracy 90.00%"
    panel.show_progress(progress(2, 50, running_loss=0.3, running_acc=0.9))
    assert panel.run_bar.format() == "%p% · 0:03 left"  # one second of training, two of testing


def test_learning_rate_edits_during_a_run_are_announced(panel: TrainingPanel, qtbot: Any) -> None:
    panel.set_state(TRAINING)
    with qtbot.waitSignal(panel.learning_rate_changed, timeout=1000) as blocker:
        panel.learning_rate.setValue(0.0005)
    assert blocker.args == [pytest.approx(0.0005)]
    panel.set_state(IDLE)
    with qtbot.assertNotEmitted(panel.learning_rate_changed):
        panel.learning_rate.setValue(0.002)


def test_limits_mean_quick_runs(panel: TrainingPanel) -> None:
    assert panel.train_limit.text() == "all"
    panel.train_limit.setValue(3000)
    panel.test_limit.setValue(500)
    _, train = panel.configs()
    assert (train.train_limit, train.test_limit) == (3000, 500)
    # The form leaves the report interval and threads to core, as the CLI does.
    assert train.report_every is None and train.torch_threads is None
    assert train.with_run_defaults().report_every == 14


def test_long_sequences_get_a_hint(panel: TrainingPanel) -> None:
    assert panel.hint.isHidden()
    panel.sequence.setCurrentIndex(panel.sequence.findData("pixels"))
    assert "784 steps" in panel.hint.text() and not panel.hint.isHidden()
    assert panel.configs()[0].input_size == 1


def test_states_are_an_enum_that_reads_as_the_old_strings(panel: TrainingPanel, qtbot: Any) -> None:
    assert PAUSED is PanelState.PAUSED and PAUSED == "paused" and f"{PAUSED}" == "paused"
    panel.set_state("paused")
    assert panel.state is PanelState.PAUSED
    with qtbot.waitSignal(panel.resume_requested, timeout=1000):
        panel.pause_button.click()
    panel.set_state(TRAINING)
    with qtbot.waitSignal(panel.pause_requested, timeout=1000):
        panel.pause_button.click()


def test_the_fast_preset_button_sets_the_recipe_and_reset_brings_the_tutorial_back(
    panel: TrainingPanel, qtbot: Any
) -> None:
    from PySide6.QtCore import Qt

    panel.cell.setCurrentIndex(panel.cell.findData("gru"))
    qtbot.mouseClick(panel.fast_button, Qt.MouseButton.LeftButton)
    model, train = panel.configs()
    assert (train.batch_size, train.lr, train.lr_schedule, train.epochs) == (
        128,
        0.003,
        "cosine",
        12,
    )
    assert train.precision == "bf16" and model.cell == "lstm"  # the tutorial's model
    assert panel.batch_size.value() == 128 and panel.learning_rate.text() == "0.003"
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    _, train = panel.configs()
    assert (train.batch_size, train.lr, train.epochs, train.precision) == (28, 0.001, 20, "fp32")
    panel.set_state(TRAINING)
    assert not panel.fast_button.isEnabled()  # settings are locked while a run trains
