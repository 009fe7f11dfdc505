"""The Claims tab: a tiny experiment runs live, is judged from its numbers, saved and reopened."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt

from lstm_gui.core.claims.verdicts import verdict
from lstm_gui.core.claims.experiments import COST, DEFAULT_SETTINGS, GRADIENTS, LENGTH, load_experiment

TIMEOUT_MS = 90_000


def tiny(window: Any, lengths: str = "28, 56", cells: tuple[str, ...] = ("rnn", "lstm")) -> Any:
    tab = window.claims_tab
    form = tab.form
    for cell, box in form.cells.items():
        box.setChecked(cell in cells)
    form.lengths.setText(lengths)
    form.train_limit.setValue(56)
    form.hidden.setValue(8)
    return tab


def test_the_tab_is_titled_claims_and_offers_three_claims(window: Any) -> None:
    index = window.tabs.indexOf(window.claims_tab)
    assert "Claims" in window.tabs.tabText(index)
    tab = window.claims_tab
    assert tab.claims.count() == 3
    assert "LSTM keeps gradients alive" in tab.statement.text()
    assert tab.form.settings() == DEFAULT_SETTINGS[GRADIENTS]
    tab.claims.setCurrentRow(1)
    assert tab.claim == LENGTH and "a thousand" in tab.statement.text()
    assert tab.form.lengths.text() == "28, 112, 784"
    tab.claims.setCurrentRow(2)
    assert tab.claim == COST and "four dense layers" in tab.statement.text()
    assert "hidden units" in tab.next_steps.text()
    tab.form.lengths.setText("28, 100")
    assert not tab.run_button.isEnabled() and "784" in tab.form.problem.text()


def test_an_experiment_runs_live_is_judged_saved_and_reopens(window: Any, qtbot: Any) -> None:
    tab = tiny(window)
    with qtbot.waitSignal(tab.experiment_finished, timeout=TIMEOUT_MS) as done:
        qtbot.mouseClick(tab.run_button, Qt.MouseButton.LeftButton)
        assert tab.is_running and tab.stop_button.isEnabled() and not tab.run_button.isEnabled()
        # Live: the first run's row and accuracy appear before the experiment ends.
        qtbot.waitUntil(lambda: tab.table.rowCount() >= 1, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: not tab.is_running, timeout=10_000)
    experiment = done.args[0]
    assert [(run.cell, run.steps) for run in experiment.runs] == [
        ("rnn", 28),
        ("rnn", 56),
        ("lstm", 28),
        ("lstm", 56),
    ]
    # The table, the plots and the verdict show the experiment's own numbers.
    rows = tab.table.texts()
    assert [row[:2] for row in rows] == [
        ["RNN", "28"],
        ["RNN", "56"],
        ["LSTM", "28"],
        ["LSTM", "56"],
    ]
    assert rows[3][3] == f"{experiment.runs[3].macs_per_sample:,}"
    assert rows[2][5] == f"{100 * experiment.runs[2].val_acc:.1f}%"
    curves = tab.plots.accuracy_curves()
    assert curves["lstm"][0] == [28, 56]
    assert curves["lstm"][1] == pytest.approx([100 * r.val_acc for r in experiment.runs[2:]])
    profiles = tab.plots.profile_curves()
    assert np.allclose(profiles["LSTM 56"], experiment.runs[3].profile)
    text = tab.verdict_text()
    for sentence in verdict(experiment):
        assert sentence.text() in text
    assert text.count("On this machine, with these settings (8 units, 56 training digits") == 1
    # Saved under the runs root, listed, and the runs appear in the Runs list.
    assert experiment.path.parent.name == ".claims" and experiment.path.is_file()
    assert load_experiment(experiment.path).runs == experiment.runs
    assert tab.saved.count() == 1
    window.train_tab.refresh_runs()
    assert len(window.runs_panel.runs()) == 4
    # Another claim starts blank; coming back, or clicking the saved one, reopens the plots.
    tab.claims.setCurrentRow(2)
    assert tab.table.rowCount() == 0 and tab.plots.accuracy_curves() == {}
    tab.claims.setCurrentRow(0)
    assert tab.table.rowCount() == 4
    tab.claims.setCurrentRow(2)
    tab.saved.itemClicked.emit(tab.saved.item(0))
    assert tab.table.texts() == rows and tab.claim == GRADIENTS
    assert tab.plots.accuracy_curves()["rnn"][0] == [28, 56]
    assert np.allclose(tab.plots.profile_curves()["RNN 28"], experiment.runs[0].profile)


def test_stop_keeps_the_finished_runs(window: Any, qtbot: Any) -> None:
    tab = tiny(window, lengths="28", cells=("rnn", "gru", "lstm"))
    tab.form.train_limit.setValue(600)  # long enough to be stopped within the second run
    # Stop as soon as the first run is reported (a person would click Stop then).
    tab.runs_changed.connect(lambda: qtbot.mouseClick(tab.stop_button, Qt.MouseButton.LeftButton))
    with qtbot.waitSignal(tab.experiment_finished, timeout=TIMEOUT_MS) as done:
        qtbot.mouseClick(tab.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.is_running, timeout=10_000)
    experiment = done.args[0]
    assert experiment.stopped
    assert [run.cell for run in experiment.runs] == ["rnn"]
    assert "(stopped)" in tab.saved.item(0).text()
    assert "The experiment was stopped" in tab.verdict_text()
    assert tab.run_button.isEnabled()
