"""The Claims tab: what a learner sees of an experiment over seeds, and of a live one."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from claims_data import (
    PROVENANCE,
    claim_run,
    cost_experiment,
    gradient_experiment,
    length_experiment,
    save_reference,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication

from lstm_gui.core.claims.budgets import QUICK_SETTINGS, REFERENCE, REFERENCE_SETTINGS
from lstm_gui.core.claims.experiments import (
    COST,
    GRADIENTS,
    LENGTH,
    ExperimentProgress,
    load_experiment,
)
from lstm_gui.core.claims.references import published_results
from lstm_gui.core.claims.verdicts import verdict
from lstm_gui.core.run.progress import BatchProgress
from lstm_gui.gui.claims.claims_tab import ClaimsTab
from lstm_gui.gui.claims.gradient_views import INITIAL, INPUT_VIEW
from lstm_gui.gui.claims.verdict_panel import decision_words, sentence_text

TIMEOUT_MS = 90_000


@pytest.fixture
def references(tmp_path: Path) -> Path:
    folder = tmp_path / "references"
    folder.mkdir()
    return folder


@pytest.fixture
def tab(qtbot: Any, tmp_path: Path, references: Path) -> ClaimsTab:
    """The tab alone, at a projector's size, with its own runs and reference folders."""
    claims = ClaimsTab(tmp_path / "runs", reference_folder=references)
    qtbot.addWidget(claims)
    claims.resize(1366, 700)
    claims.show()
    return claims


# ---------------------------------------------------------------------- the verdict


def test_separate_ranges_support_the_claim_and_the_headline_says_so(tab: ClaimsTab) -> None:
    experiment = gradient_experiment(rnn_ratios=(1e-6, 1e-5, 1e-4), lstm_ratios=(0.1, 0.2, 0.4))
    tab.show_experiment(experiment)
    headline = tab.verdict.headline.text()
    assert "✔ Supports the claim" in headline and "#1b5e20" in headline
    judged = verdict(experiment)
    assert judged.decision == "supports"
    # The budget line, then every other sentence, as the core wrote them.
    assert tab.verdict.budget.text() == judged.sentences[0].text()
    updates = f"{experiment.settings.updates:,}"
    assert tab.verdict.budget.text().startswith(f"Budget: {updates} weight updates per run")
    lines = tab.verdict_text().splitlines()
    assert lines[0] == "✔ Supports the claim"
    assert lines[3:] == [sentence.text() for sentence in judged.sentences[1:]]
    assert "Your experiment of 2026-01-02 03:04: RNN, LSTM × 28, 64 × 3 seeds" in lines[1]


def test_overlapping_ranges_are_inconclusive(tab: ClaimsTab) -> None:
    experiment = gradient_experiment(rnn_ratios=(0.01, 0.1, 0.3), lstm_ratios=(0.05, 0.2, 0.4))
    tab.show_experiment(experiment)
    assert "? Inconclusive" in tab.verdict.headline.text()
    assert "Supports" not in tab.verdict_text()
    assert "the ranges over seeds overlap" in tab.verdict_text()


# ---------------------------------------------------------------------- table and plots


def test_the_table_lists_each_cell_and_length_over_its_seeds(tab: ClaimsTab) -> None:
    tab.show_experiment(
        gradient_experiment(rnn_ratios=(1e-6, 1e-5, 1e-4), lstm_ratios=(0.1, 0.2, 0.4))
    )
    rows = tab.table.texts()
    assert rows == [
        ["RNN", "28", "60.0% (50.0–70.0%)", "3", rows[0][4]],
        ["RNN", "64", "45.0% (40.0–50.0%)", "3", "1e-05 (1e-06–0.0001)"],
        ["LSTM", "28", "85.0% (80.0–90.0%)", "3", rows[2][4]],
        ["LSTM", "64", "78.3% (70.0–90.0%)", "3", "0.2 (0.1–0.4)"],
    ]


def test_the_cost_table_gives_the_median_and_range_of_the_repeats(tab: ClaimsTab) -> None:
    experiment = cost_experiment(
        {
            ("rnn", 28, 1): (0.002, 0.003, 0.010),
            ("lstm", 28, 1): (0.004, 0.005, 0.006),
            ("lstm", 28, 2): (0.008, 0.009, 0.012),
        }
    )
    tab.show_experiment(experiment)
    assert tab.claim == COST
    assert tab.table.texts() == [
        ["RNN", "28", "1", "3 (2–10)", "3"],
        ["LSTM", "28", "1", "5 (4–6)", "3"],
        ["LSTM", "28", "2", "9 (8–12)", "3"],
    ]
    x, y = tab.plots.cost.by_length.series["lstm"]
    assert list(x) == [28] and list(y) == pytest.approx([5.0])  # the median, not the mean
    low, high = tab.plots.cost.by_layers.ranges["lstm"]
    assert list(low) == pytest.approx([4.0, 8.0]) and list(high) == pytest.approx([6.0, 12.0])


def test_gradient_curves_are_medians_over_seeds_in_a_min_max_band(tab: ClaimsTab) -> None:
    experiment = gradient_experiment(rnn_ratios=(1e-6, 1e-5, 1e-4), lstm_ratios=(0.1, 0.2, 0.4))
    tab.show_experiment(experiment)
    views = tab.plots.gradients
    assert views.shown_length() == 64  # the longest, where the verdict judges
    drawn = views.drawn()
    for view, name in (("trained", "cell"), ("keras", "cell_init_keras"), ("input", "input")):
        profiles = np.log10(
            [run.profiles[name] for run in experiment.runs if (run.cell, run.steps) == ("lstm", 64)]
        )
        x, y = drawn[view].series["lstm"]
        assert list(x) == list(range(1, 65))
        np.testing.assert_allclose(y, np.median(profiles, axis=0))
        low, high = drawn[view].ranges["lstm"]
        np.testing.assert_allclose(low, profiles.min(axis=0))
        np.testing.assert_allclose(high, profiles.max(axis=0))
    # The RNN's memory state is h; its line sits 1e-5 (the middle seed) below its end at step 28.
    _, rnn = drawn["trained"].series["rnn"]
    assert rnn[27] - rnn[-1] == pytest.approx(-5)
    views.length.setCurrentIndex(views.length.findData(28))
    views.length.activated.emit(views.length.currentIndex())  # as a person picks it
    assert len(drawn["trained"].series["lstm"][0]) == 28
    tab.show_experiment(experiment)  # shown again: the length picked stays
    assert views.shown_length() == 28
    views.show_view(INITIAL)
    assert views.stack.currentWidget() is views.initial_view
    assert views.view_tabs.currentIndex() == 1
    views.show_view(INPUT_VIEW)
    assert "not that the gradient vanished" in views.caveat.text() and views.caveat.isVisible()


def test_the_blank_steps_are_shaded(tab: ClaimsTab) -> None:
    import pyqtgraph as pg

    tab.show_experiment(gradient_experiment((1e-6, 1e-5, 1e-4), (0.1, 0.2, 0.4)))
    regions = [
        item for item in tab.plots.gradients.trained.items if isinstance(item, pg.LinearRegionItem)
    ]
    assert [region.getRegion() for region in regions] == [(28, 64)]


def test_accuracy_points_references_and_published_figures(tab: ClaimsTab, references: Path) -> None:
    mine = length_experiment({("lstm", 28): (0.6, 0.7, 0.8), ("lstm", 100): (0.3, 0.35, 0.5)})
    reference = length_experiment(
        {("lstm", 28): (0.9, 0.92, 0.94), ("lstm", 100): (0.85, 0.9, 0.95)},
        seeds=3,
        train_limit=32000,
        provenance=PROVENANCE,
    )
    save_reference(reference, references, "length")
    tab.claims.setCurrentRow(1)  # the references are read when the claim is chosen
    tab.show_experiment(mine)
    series, ranges = tab.plots.length.drawn.series, tab.plots.length.drawn.ranges
    x, y = series["lstm"]
    assert [round(10**v) for v in x] == [28, 100]
    assert list(y) == pytest.approx([70.0, 38.3333333])  # mean over seeds, in percent
    assert [list(v) for v in ranges["lstm"]] == [pytest.approx([60, 30]), pytest.approx([80, 50])]
    x, y = series["reference 0 lstm"]
    assert list(y) == pytest.approx([92.0, 90.0])
    assert all(10**v > steps for v, steps in zip(x, (28, 100), strict=True))  # beside yours
    legend = [label.text for _, label in tab.plots.length.plot.legend.items]
    assert "LSTM, reference: 3 seeds, 1,000 updates" in legend
    assert "LSTM, yours: 3 seeds" in legend
    published = published_results(LENGTH)
    x, y = series["published"]
    assert list(y) == pytest.approx([100 * result.acc for result in published])
    assert set(np.round(10**x)) == {784}
    assert "Cooijmans et al. 2017" in tab.plots.length.caption.text
    texts = tab.references.texts()
    assert decision_words(verdict(reference).decision) == "? Inconclusive"
    assert "? Inconclusive" in texts[0]
    expected = "reference: 3 seeds, 1,000 updates per run · x86_64, 2 CPU cores, Linux"
    assert expected + " · 2026-02-03 · wall time 12 min 34 s" in texts[0]
    settings = "LSTM × 28, 100 × 3 seeds · 32 units · forget-gate bias Keras default"
    assert settings + " · Keras-like initialisation" in texts[0]
    detail = tab.references.details[0]
    assert detail.isHidden()
    tab.references.entries[0].linkActivated.emit("more")  # "its verdict…"
    assert detail.isVisible()
    assert detail.text().splitlines() == [s.text() for s in verdict(reference).sentences]
    assert "Cooijmans et al., Recurrent Batch Normalization" in texts[-1]
    assert any("not to a plateau" in text for text in texts)


def test_without_references_the_panel_says_how_to_make_one(tab: ClaimsTab) -> None:
    tab.claims.setCurrentRow(2)
    assert "No reference result ships for this claim yet" in tab.references.texts()[0]
    assert "lstm-gui claims cost --budget reference" in tab.references.texts()[0]


# ---------------------------------------------------------------------- the form


def test_each_claim_starts_from_its_quick_budget_and_offers_the_reference(tab: ClaimsTab) -> None:
    form = tab.form
    assert tab.claim == GRADIENTS
    assert form.settings() == QUICK_SETTINGS[GRADIENTS]
    updates = f"{QUICK_SETTINGS[GRADIENTS].updates:,}"
    assert form.seeds.value() == 3 and form.updates.text() == f"= {updates} weight updates per run"
    tab.claims.setCurrentRow(1)
    assert form.settings() == QUICK_SETTINGS[LENGTH]
    assert form.lengths.text() == "28, 100, 1000" and "a thousand" in tab.statement.text()
    form.budget.setCurrentIndex(form.budget.findData(REFERENCE))
    form.budget.activated.emit(form.budget.currentIndex())
    assert form.settings() == REFERENCE_SETTINGS[LENGTH]
    tab.claims.setCurrentRow(2)
    assert form.settings() == QUICK_SETTINGS[COST]
    assert form.depths.isVisible() and not form.seeds.isVisible()
    form.keras_bias.setChecked(False)
    form.forget_bias.setValue(5.0)
    assert form.settings().forget_bias == 5.0


def test_a_bad_value_gets_one_sentence_in_a_dialog_and_nothing_is_lost(
    tab: ClaimsTab, qtbot: Any, dialog_log: Any
) -> None:
    tab.form.lengths.setText("10, 64")
    qtbot.mouseClick(tab.run_button, Qt.MouseButton.LeftButton)
    assert not tab.is_running
    assert dialog_log.errors == [
        "With 28 rows + blank steps, each length counts the 28 rows and the blank steps after "
        "them: choose lengths from 28 to 5028."
    ]
    assert tab.form.lengths.text() == "10, 64"  # as typed, to be corrected
    tab.form.lengths.setText("28, sixty")
    qtbot.mouseClick(tab.run_button, Qt.MouseButton.LeftButton)
    assert dialog_log.errors[1].startswith("Write the lengths as whole numbers")
    assert not tab.is_running


# ---------------------------------------------------------------------- progress


def test_the_progress_bar_says_the_share_done_and_the_time_left(tab: ClaimsTab) -> None:
    progress = tab.progress
    now = [100.0]
    progress.clock = lambda: now[0]
    progress.start()
    now[0] = 130.0  # 30 s after the start, a quarter done: 90 s to go
    record = BatchProgress(
        epoch=1, epochs=1, batch=5, batches=10, global_step=5, loss=1.0, acc=0.5,
        running_loss=1.0, running_acc=0.5, grad_norm=1.0, samples_per_s=100.0, lr=1e-3,
    )  # fmt: skip
    item = ExperimentProgress(
        index=1, total=8, seed=1, cell="lstm", steps=64, record=record, fraction=0.25
    )
    progress.show_progress(item, QUICK_SETTINGS[GRADIENTS])
    assert progress.bar.value() == 250
    assert progress.left_text() == "25% done · about 1 min 30 s left"
    assert progress.label.text() == "Run 2 of 8: LSTM at 64 steps, seed 2 of 3"


# ---------------------------------------------------------------------- live


def tiny(window: Any, lengths: str = "28, 36", cells: tuple[str, ...] = ("rnn", "lstm")) -> Any:
    tab = window.claims_tab
    form = tab.form
    for cell, box in form.cells.items():
        box.setChecked(cell in cells)
    form.lengths.setText(lengths)
    form.seeds.setValue(2)
    form.train_limit.setValue(56)
    form.hidden.setValue(8)
    form.batch.setValue(28)
    return tab


def test_an_experiment_runs_live_is_judged_saved_and_reopens(window: Any, qtbot: Any) -> None:
    tab = tiny(window)
    with qtbot.waitSignal(tab.experiment_finished, timeout=TIMEOUT_MS) as done:
        qtbot.mouseClick(tab.run_button, Qt.MouseButton.LeftButton)
        assert tab.is_running and tab.stop_button.isEnabled() and not tab.run_button.isEnabled()
        assert window.state.is_busy_with("experiment")  # the window's shared state hears of it
        # Live: the first run's row appears before the experiment ends.
        qtbot.waitUntil(lambda: tab.table.rowCount() >= 1, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: not tab.is_running, timeout=10_000)
    assert not window.state.busy
    experiment = done.args[0]
    assert sorted((run.cell, run.steps, run.seed) for run in experiment.runs) == [
        (cell, steps, seed) for cell in ("lstm", "rnn") for steps in (28, 36) for seed in (0, 1)
    ]
    assert tab.progress.bar.value() == 1000 and "100% done in" in tab.progress.left_text()
    rows = tab.table.texts()
    assert [row[:2] + row[3:4] for row in rows] == [
        ["RNN", "28", "2"], ["RNN", "36", "2"], ["LSTM", "28", "2"], ["LSTM", "36", "2"]
    ]  # fmt: skip
    lstm = [run.val_acc for run in experiment.runs if (run.cell, run.steps) == ("lstm", 36)]
    assert rows[3][2].startswith(f"{100 * sum(lstm) / 2:.1f}%")
    judged = verdict(experiment)
    assert [sentence_text(s) for s in judged.sentences[1:]] == tab.verdict_text().splitlines()[3:]
    assert experiment.path.parent.name == ".claims" and experiment.path.is_file()
    assert load_experiment(experiment.path).runs == experiment.runs
    assert tab.saved.count() == 1
    window.train_tab.refresh_runs()
    assert len(window.train_tab.runs_panel.runs()) == 0  # the experiment's runs stay in its folder
    # Another claim starts blank; clicking the saved experiment reopens it.
    tab.claims.setCurrentRow(2)
    assert tab.table.rowCount() == 0
    assert not {"rnn", "gru", "lstm"} & set(tab.plots.cost.by_length.series)  # references only
    tab.saved.itemClicked.emit(tab.saved.item(0))
    assert tab.table.texts() == rows and tab.claim == GRADIENTS
    assert tab.plots.gradients.shown_length() == 36


def test_stop_keeps_the_finished_runs(window: Any, qtbot: Any) -> None:
    tab = tiny(window, lengths="28", cells=("rnn", "gru", "lstm"))
    tab.form.seeds.setValue(1)
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
    assert not math.isnan(tab.progress.bar.value())


def test_a_run_of_one_seed_is_drawn_as_it_finishes(tab: ClaimsTab) -> None:
    tab._running = (GRADIENTS, QUICK_SETTINGS[GRADIENTS])
    tab._on_run_finished(claim_run("lstm", 64, 0, 0.8, ratio=0.3))
    x, y = tab.plots.gradients.trained.series["lstm"]
    assert len(x) == 64 and y[27] - y[-1] == pytest.approx(math.log10(0.3))
    assert tab.table.texts() == [["LSTM", "64", "80.0%", "1", "0.3"]]


def test_the_tab_fits_a_projector_zoomed_to_200_percent(
    window: Any, qtbot: Any, settle: Callable[[], None]
) -> None:
    window.resize(1366, 768)
    tab = window.claims_tab
    window.tabs.setCurrentWidget(tab)
    tab.show_experiment(length_experiment({("lstm", 28): (0.6, 0.7), ("lstm", 100): (0.3, 0.4)}))
    window.presentation.set_zoom(200)  # after the table was filled: its rows must grow
    settle()
    # The tab itself needs no more than the screen (the Train tab may: the window scrolls).
    assert tab.minimumSizeHint().width() <= 1366
    assert tab.minimumSizeHint().height() <= 768 - 100  # menus, tab bar and status bar
    # Each table row is a line of the zoomed text high.
    line = QFontMetricsF(QApplication.font()).height()
    assert min(tab.table.rowHeight(row) for row in range(tab.table.rowCount())) >= line
    # The legend stands beside the plot, not over its points.
    plot = tab.plots.length.plot
    legend = plot.legend
    assert legend.sceneBoundingRect().left() >= plot.vb.sceneBoundingRect().right()
