"""Claims experiments: run, saved and reopened; verdicts quote the results' own numbers."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import pytest

from lstm_gui.core.claims.verdicts import (
    FADED,
    cost_verdict,
    gradient_verdict,
    length_verdict,
    verdict,
)
from lstm_gui.core.claims.experiments import (
    COST,
    GRADIENTS,
    LENGTH,
    ClaimRun,
    Experiment,
    ExperimentSettings,
    claims_dir,
    list_experiments,
    load_experiment,
    run_experiment,
    save_experiment,
)
from lstm_gui.core.data import DatasetSplits
from lstm_gui.core.errors import ConfigError, LstmGuiError
from lstm_gui.core.runs import scan_runs
from lstm_gui.core.training import TrainingControl


def claim_run(cell: str, steps: int, **figures: float) -> ClaimRun:
    values = {
        "samples_per_s": 1000.0,
        "val_acc": 0.5,
        "early_late_ratio": 1.0,
        "initial_early_late_ratio": 1.0,
        "macs_per_sample": {"rnn": 1, "gru": 3, "lstm": 4}[cell] * 1000 * steps,
    }
    values.update(figures)
    return ClaimRun(
        cell=cell,
        steps=steps,
        params=100,
        macs_per_sample=int(values["macs_per_sample"]),
        samples_per_s=values["samples_per_s"],
        seconds=1.0,
        val_acc=values["val_acc"],
        early_late_ratio=values["early_late_ratio"],
        initial_early_late_ratio=values["initial_early_late_ratio"],
        profile=(0.1, 0.2, 0.3, 0.4),
        initial_profile=(0.4, 0.3, 0.2, 0.1),
        status="completed",
        checkpoint="x/latest.safetensors",
    )


def texts(sentences: list) -> str:
    return " ".join(sentence.text() for sentence in sentences)


def test_the_gradient_verdict_says_plainly_when_the_numbers_contradict_the_story() -> None:
    runs = [
        claim_run("rnn", 112, early_late_ratio=0.855, initial_early_late_ratio=0.31),
        claim_run("lstm", 112, early_late_ratio=0.0288, initial_early_late_ratio=0.0051),
        claim_run("lstm", 28, early_late_ratio=0.41),
    ]
    text = texts(gradient_verdict(runs))
    assert "At 112 steps" in text
    assert "RNN 0.855, LSTM 0.0288 after training (RNN 0.31, LSTM 0.0051 at initialisation)" in text
    assert "contradicts the textbook story" in text
    assert "the LSTM's ratio (0.0051) was not higher than the RNN's (0.31) either" in text
    assert f"below {FADED:g}" in text
    assert "supports" not in text


def test_the_gradient_verdict_supports_the_claim_when_only_the_rnn_fades() -> None:
    runs = [
        claim_run("rnn", 112, early_late_ratio=0.002, val_acc=0.25),
        claim_run("lstm", 112, early_late_ratio=0.6, val_acc=0.42),
    ]
    text = texts(gradient_verdict(runs))
    assert "supports the claim: the RNN's ratio (0.002) fell below 0.1" in text
    assert "the LSTM's (0.6) did not" in text
    assert "Accuracy at 112 steps: RNN 25.0%, LSTM 42.0%." in text
    assert "was higher than the RNN's (1), as the claim predicts" not in text


def test_the_gradient_verdict_asks_for_both_cells() -> None:
    text = texts(gradient_verdict([claim_run("lstm", 28)]))
    assert "Train both a plain RNN and an LSTM" in text


def test_the_length_verdict_judges_a_hundred_and_a_thousand_steps() -> None:
    runs = [
        claim_run("lstm", 28, val_acc=0.80),
        claim_run("lstm", 112, val_acc=0.78),
        claim_run("lstm", 784, val_acc=0.12),
        claim_run("rnn", 28, val_acc=0.6),
        claim_run("rnn", 784, val_acc=0.11),
    ]
    text = texts(length_verdict(runs))
    assert "RNN accuracy by length: 28 → 60.0%, 784 → 11.0%." in text
    assert "LSTM accuracy by length: 28 → 80.0%, 112 → 78.0%, 784 → 12.0%." in text
    assert "At 112 steps (about a hundred) the LSTM held up: 78.0%, within 5 points" in text
    assert "At 784 steps the LSTM stayed near chance (12.0%): hard indeed" in text
    assert "undertrained" not in text and "budget is small" not in text


def test_the_length_verdict_contradicts_when_long_sequences_hold_up_and_notes_small_budgets() -> (
    None
):
    runs = [claim_run("lstm", 28, val_acc=0.34), claim_run("lstm", 784, val_acc=0.33)]
    text = texts(length_verdict(runs))
    assert "reached only 34.0% (below 50.0%)" in text
    assert "held up (33.0%, within 5 points of 28 steps)" in text
    assert "contradicts the claim that a thousand steps is hard" in text
    short = texts(length_verdict([claim_run("gru", 28), claim_run("gru", 112, val_acc=0.3)]))
    assert "the GRU lost 20.0 points against 28 steps (30.0%)" in short
    assert "add 784" in short


def test_the_cost_verdict_compares_multiply_adds_with_measured_speed() -> None:
    runs = [
        claim_run("rnn", 28, samples_per_s=6000.0),
        claim_run("lstm", 28, samples_per_s=5000.0),
        claim_run("rnn", 112, samples_per_s=4000.0),
        claim_run("lstm", 112, samples_per_s=1000.0),
    ]
    sentences = cost_verdict(runs)
    text = texts(sentences)
    # 4 x 1000 x 28 over 1 x 1000 x 28 multiply-adds; 6000 / 5000 = 1.2 times slower.
    assert "At 28 steps the LSTM does 4× the RNN's multiply-adds but trained at 5,000" in text
    assert "against the RNN's 6,000: only 1.2× slower" in text
    assert "At 112 steps the LSTM does 4× the RNN's multiply-adds and trained at 1,000" in text
    assert "4× slower, roughly in proportion. This supports the claim." in text
    assert "4× the steps (28 → 112) made each LSTM sample 5× slower" in text
    faster = texts(cost_verdict([claim_run("rnn", 28, samples_per_s=900.0), claim_run("lstm", 28)]))
    assert "not slower on this machine, which contradicts the claim" in faster
    assert "(0.9×)" in faster


def test_a_verdict_starts_with_the_settings_and_says_when_it_was_stopped() -> None:
    settings = ExperimentSettings(hidden=48, train_limit=2500, epochs=2)
    experiment = Experiment(COST, settings, (claim_run("lstm", 28),), stopped=True)
    sentences = verdict(experiment)
    assert sentences[0].text() == (
        "On this machine, with these settings (48 units, 2,500 training digits, 2 epoch(s)):"
    )
    assert "only the 1 run(s) that finished count" in sentences[-1].text()
    empty = verdict(Experiment(LENGTH, settings))
    assert [s.text() for s in empty] == ["No run finished, so there is nothing to judge."]


def test_a_translated_template_takes_the_same_figures() -> None:
    sentence = gradient_verdict([claim_run("lstm", 28, val_acc=0.5)])[0]
    translated = sentence.text("{steps} 步：{trained}")
    assert translated == "28 步：LSTM 1"


def test_settings_refuse_lengths_that_do_not_divide_784() -> None:
    with pytest.raises(ConfigError, match="must be one of"):
        ExperimentSettings(lengths=(28, 100))
    with pytest.raises(ConfigError, match="at least one cell"):
        ExperimentSettings(cells=())


def test_experiments_save_reopen_and_list_newest_first(tmp_path: Path) -> None:
    runs = (claim_run("rnn", 28, early_late_ratio=math.nan), claim_run("lstm", 28))
    first = Experiment(GRADIENTS, ExperimentSettings(), runs, created="2026-01-02T03:04:05")
    second = replace(first, claim=COST, created="2026-02-02T03:04:05", stopped=True)
    folder = claims_dir(tmp_path / "runs")
    saved = save_experiment(first, folder)
    save_experiment(second, folder)
    assert saved.path is not None and saved.path.parent == tmp_path / "runs" / ".claims"
    reopened = load_experiment(saved.path)
    assert reopened.runs[1] == runs[1]
    assert math.isnan(reopened.runs[0].early_late_ratio)
    assert reopened.settings == first.settings
    assert [e.claim for e in list_experiments(folder)] == [COST, GRADIENTS]
    # The runs list does not take the experiments' folder for a damaged run.
    assert scan_runs(tmp_path / "runs").damaged == []
    (folder / "broken.json").write_text("{", encoding="utf-8")
    assert len(list_experiments(folder)) == 2
    with pytest.raises(LstmGuiError, match="broken.json"):
        load_experiment(folder / "broken.json")
    (folder / "other.json").write_text(json.dumps({"claim": "x"}), encoding="utf-8")
    with pytest.raises(LstmGuiError, match="other.json is not a saved experiment"):
        load_experiment(folder / "other.json")


def test_an_experiment_runs_ordinary_runs_and_keeps_their_profiles(
    digits: DatasetSplits, tmp_path: Path
) -> None:
    settings = ExperimentSettings(
        cells=("rnn", "lstm"), lengths=(28, 56), train_limit=56, test_limit=32, hidden=8
    )
    items = list(run_experiment(COST, settings, runs_root=tmp_path, data=digits))
    runs = [item for item in items if isinstance(item, ClaimRun)]
    experiment = items[-1]
    assert isinstance(experiment, Experiment) and not experiment.stopped
    assert experiment.runs == tuple(runs)
    assert [(run.cell, run.steps) for run in runs] == [
        ("rnn", 28),
        ("rnn", 56),
        ("lstm", 28),
        ("lstm", 56),
    ]
    assert [len(run.profile) for run in runs] == [28, 56, 28, 56]
    assert [len(run.initial_profile) for run in runs] == [28, 56, 28, 56]
    # LSTM(8) on 28 pixels a step: 4 x (28*8 + 8*8) x 28 steps.
    assert runs[2].macs_per_sample == 4 * (28 * 8 + 64) * 28
    assert len(scan_runs(tmp_path).runs) == 4


def test_a_stopped_experiment_keeps_the_runs_that_finished(
    digits: DatasetSplits, tmp_path: Path
) -> None:
    settings = ExperimentSettings(
        cells=("rnn", "lstm"), lengths=(28,), train_limit=56, test_limit=32, hidden=8
    )
    control = TrainingControl()
    items = []
    for item in run_experiment(
        GRADIENTS, settings, runs_root=tmp_path, data=digits, control=control
    ):
        items.append(item)
        if isinstance(item, ClaimRun):  # the first run ended: stop the second as it starts
            control.stop()
    experiment = items[-1]
    assert isinstance(experiment, Experiment) and experiment.stopped
    assert [(run.cell, run.steps) for run in experiment.runs] == [("rnn", 28)]
