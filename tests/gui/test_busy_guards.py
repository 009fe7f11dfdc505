"""Training and a Claims experiment never run at once (the experiment measures speed)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from lstm_gui.gui.claims.gradient_views import GradientViews

TIMEOUT_MS = 90_000


def test_an_experiment_is_refused_while_training(window: Any, qtbot: Any, dialog_log: Any) -> None:
    panel = window.train_tab.training_panel
    panel.epochs.setValue(1)
    panel.train_limit.setValue(280)
    panel.test_limit.setValue(100)
    panel.hidden.setValue(8)
    tab = window.claims_tab
    with qtbot.waitSignal(window.run_ended, timeout=TIMEOUT_MS):
        with qtbot.waitSignal(window.run_started, timeout=5000):
            qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(tab.run_button, Qt.MouseButton.LeftButton)
        assert not tab.is_running
        assert len(dialog_log.errors) == 1
        assert dialog_log.errors[0].startswith("A run is training in the Train tab;")


def test_training_is_refused_while_an_experiment_runs(
    window: Any, qtbot: Any, dialog_log: Any
) -> None:
    tab = window.claims_tab
    for cell, box in tab.form.cells.items():
        box.setChecked(cell == "rnn")
    tab.form.lengths.setText("28")
    tab.form.seeds.setValue(1)
    tab.form.train_limit.setValue(56)
    tab.form.hidden.setValue(8)
    with qtbot.waitSignal(tab.experiment_ended, timeout=TIMEOUT_MS):
        qtbot.mouseClick(tab.run_button, Qt.MouseButton.LeftButton)
        assert tab.is_running
        qtbot.mouseClick(window.train_tab.training_panel.start_button, Qt.MouseButton.LeftButton)
        assert not window.is_training
        assert len(dialog_log.errors) == 1
        assert dialog_log.errors[0].startswith("An experiment is running in the Claims tab;")


def test_profiles_over_forty_decades_get_labels_that_do_not_overlap(qtbot: Any) -> None:
    from claims_data import claim_run

    views = GradientViews()
    qtbot.addWidget(views)
    views.resize(760, 300)
    run = claim_run("rnn", 64, 0, 0.5, ratio=1e-40)  # 40 decades across the blank steps
    views.show_runs([run])
    views.show()
    qtbot.waitExposed(views)
    plot = views.trained.plot
    axis = plot.getAxis("left")
    view = plot.vb
    qtbot.waitUntil(lambda: view.viewRange()[1][1] - view.viewRange()[1][0] > 35, timeout=5000)
    low, high = view.viewRange()[1]  # forty decades shown
    height = axis.geometry().height()
    labelled = [value for spacing, values in axis.tickValues(low, high, height) for value in values]
    labels = axis.tickStrings(labelled, 1.0, 1.0)
    # Each label needs a line of 8-9 pt text (about 14 px) and a gap.
    assert 2 <= len(labels) and len(labels) * 18 <= height, labels
