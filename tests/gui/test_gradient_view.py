"""The Train tab's gradient through time: live from epoch records, from a run folder, overlays."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
from PySide6.QtCore import Qt

from lstm_gui.core.inside.gradient_history import GradientHistory
from lstm_gui.core.inside.gradients import StepGradientLog
from lstm_gui.gui.run_controller import RunController
from lstm_gui.gui.train.gradient_view import GradientView

RUN_TIMEOUT_MS = 90_000


def test_a_short_run_fills_the_heatmap_and_line_and_a_ticked_run_adds_a_line(
    window: Any, qtbot: Any
) -> None:
    panel = window.train_tab.training_panel
    panel.epochs.setValue(2)
    panel.train_limit.setValue(280)
    panel.test_limit.setValue(100)
    panel.hidden.setValue(8)
    records: list[Any] = []
    window.runs.epoch_finished.connect(records.append)
    with qtbot.waitSignal(window.run_ended, timeout=RUN_TIMEOUT_MS):
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    view = window.train_tab.gradients
    tabs = window.train_tab.side_tabs
    # The tab holds the page it is built into (after the window's first paint).
    assert tabs.tabText(tabs.indexOf(view.parentWidget())) == "Gradient through time"

    profiles = np.array(
        [records[0].initial_step_gradient_norms, *(r.step_gradient_norms for r in records)]
    )
    assert profiles.shape == (3, 28) and (profiles > 0).all()
    np.testing.assert_allclose(view.heatmap_values(), np.log10(profiles), rtol=1e-6)
    steps, latest = view.latest_line()
    np.testing.assert_array_equal(steps, np.arange(1, 29))
    np.testing.assert_allclose(latest, profiles[-1], rtol=1e-6)
    assert view.describe(0, 1).startswith("Epoch 0, step 1: ")

    run = window.train_tab.runs_panel.runs()[0]
    window.train_tab.runs_panel.set_checked(run.folder, True)
    (name,) = view.overlay_lines()
    assert name.startswith("LSTM-8 rows mnist")
    np.testing.assert_allclose(view.overlay_lines()[name], profiles[-1], rtol=1e-3)
    legend = [label.text for _, label in view.legend.items]
    assert legend == ["this run", name]
    window.train_tab.runs_panel.set_checked(run.folder, False)
    assert view.overlay_lines() == {}


def test_zeros_are_drawn_at_the_smallest_value_and_named(qtbot: Any) -> None:
    view = GradientView()
    qtbot.addWidget(view)
    history = GradientHistory()
    history.add(0, [1e-3, 1e-2, 1e-1])
    history.add(1, [0.0, 1e-40, 1.0])
    view.show_history(history)
    values = view.heatmap_values()
    assert values is not None
    np.testing.assert_allclose(values, [[-3, -2, -1], [-40, -40, 0]])
    np.testing.assert_allclose(view.latest_line()[1], [1e-40, 1e-40, 1.0])
    assert view.describe(1, 1) == "Epoch 1, step 1: ‖∂L/∂x_t‖ = 0 (below float32's range)"
    assert "1 values are 0 (below float32's range), drawn at 1e-40" in view.readout_text()


def test_a_resumed_run_shows_its_stored_profiles(qtbot: Any, tmp_path: Path) -> None:
    with StepGradientLog(tmp_path) as log:
        for epoch in range(4):
            log.append(epoch, [10.0**-epoch, 1.0])
    controller = RunController()
    view = GradientView()
    qtbot.addWidget(view)
    view.follow(controller)
    plan = SimpleNamespace(resume_from=tmp_path / "latest.safetensors", folder=tmp_path)
    plan.epochs_done = 2  # the checkpoint resumed from; the file's epoch 3 is redone
    controller.launched.emit(SimpleNamespace(plan=plan, keep_curves=False))
    values = view.heatmap_values()
    assert values is not None
    np.testing.assert_allclose(values[:, 0], [0, -1, -2])
    plan.resume_from = None  # a new run: nothing until its first epoch
    controller.launched.emit(SimpleNamespace(plan=plan, keep_curves=False))
    assert view.heatmap_values() is None
    assert view.latest_line()[1].size == 0


def test_nothing_shown_before_a_run(qtbot: Any) -> None:
    view = GradientView()
    qtbot.addWidget(view)
    assert view.heatmap_values() is None
    assert view.readout_text().startswith("Train a run to see")


def test_a_hidden_view_draws_when_it_is_shown(qtbot: Any) -> None:
    """Behind another side tab the view does not redraw at every epoch; shown, it catches up."""
    from PySide6.QtWidgets import QLabel, QTabWidget

    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QLabel("confusion matrix"), "Confusion matrix")
    view = GradientView()
    tabs.addTab(view, "Gradient through time")
    tabs.show()
    qtbot.waitExposed(tabs)
    history = GradientHistory()
    history.add(0, [1e-3, 1e-2, 1e-1])
    history.add(1, [1e-2, 1e-2, 1e-1])

    view.show_history(history)
    assert view.image.image is None  # hidden: nothing drawn yet

    tabs.setCurrentWidget(view)
    expected = np.log10([[1e-3, 1e-2, 1e-1], [1e-2, 1e-2, 1e-1]])
    np.testing.assert_allclose(view.image.image, expected)
    np.testing.assert_allclose(view.line.getOriginalDataset()[1], [1e-2, 1e-2, 1e-1])
