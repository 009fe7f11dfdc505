"""Verdicts decide only where nets learned and ranges over seeds separate; quote the runs' own."""

from __future__ import annotations

import math
from dataclasses import replace
from statistics import median

import pytest

from lstm_gui.core.claims.experiments import COST, GRADIENTS, LENGTH, Experiment
from lstm_gui.core.claims.gradient_verdict import span_ratio, span_start, tenfold_steps
from lstm_gui.core.claims.records import FINER, MEMORY, ClaimRun, CostTiming, ExperimentSettings
from lstm_gui.core.claims.spread import (
    CONTRADICTS,
    INCONCLUSIVE,
    SUPPORTS,
    Spread,
    compare,
    log_spread,
    percent_spread,
)
from lstm_gui.core.claims.verdicts import verdict

SETTINGS = ExperimentSettings(
    cells=("rnn", "lstm"), task=MEMORY, lengths=(28, 128), seeds=3, train_limit=3200
)


def run(cell: str, steps: int, seed: int, acc: float, ratio: float = 1.0) -> ClaimRun:
    """A finished run whose memory state's gradient at the span's start is `ratio` of the last."""
    blank = steps - 28
    profile = [1.0] * steps
    start = 27 if blank else 0
    profile[start] = ratio
    state = "cell" if cell == "lstm" else "hidden"
    profiles = {state: tuple(profile), "hidden": tuple(profile)}
    return ClaimRun(
        cell=cell,
        steps=steps,
        seed=seed,
        params=1,
        macs_per_sample=1,
        samples_per_s=1.0,
        seconds=1.0,
        val_acc=acc,
        early_late_ratio=1.0,
        initial_early_late_ratio=1.0,
        status="completed",
        checkpoint="",
        blank_steps=blank,
        updates=100,
        profiles=profiles,
    )


def gradient_experiment(rnn: list[float], lstm: list[float], short_acc: float = 0.8) -> Experiment:
    runs = []
    for seed in range(len(rnn)):
        runs += [
            run("rnn", 28, seed, short_acc),
            run("rnn", 128, seed, 0.5, rnn[seed]),
            run("lstm", 28, seed, short_acc),
            run("lstm", 128, seed, 0.5, lstm[seed]),
        ]
    return Experiment(GRADIENTS, SETTINGS, tuple(runs))


def test_separated_ranges_decide_and_overlapping_ones_do_not() -> None:
    assert compare(Spread.of([3, 4]), Spread.of([1, 2])) == 1
    assert compare(Spread.of([1, 2]), Spread.of([3, 4])) == -1
    assert compare(Spread.of([1, 3]), Spread.of([2, 4])) == 0
    assert compare(Spread.of([5]), Spread.of([1])) == 0  # one value has no spread
    assert compare(Spread.of([3, 4]), Spread.of([1, 2.5]), margin=1.0) == 0


def test_the_gradient_verdict_supports_when_every_lstm_seed_keeps_more() -> None:
    judged = verdict(gradient_experiment([1e-6, 1e-5, 1e-4], [0.2, 0.5, 0.9]))
    assert judged.decision == SUPPORTS
    text = judged.text()
    # The quoted figures are the runs' own: median and range over seeds.
    assert "RNN 1e-05 (1e-06–0.0001)" in text
    assert "LSTM 0.5 (0.2–0.9)" in text
    assert "step 28" in text and "step 128" in text
    # Steps per tenfold decay across the 100 steps of the span, from the median ratio.
    assert f"RNN {tenfold_steps(1e-5, 100):.3g}" in text
    assert "every seed" in text


def test_the_gradient_verdict_contradicts_when_every_rnn_seed_keeps_more() -> None:
    judged = verdict(gradient_experiment([0.9, 1.2, 1.6], [1e-11, 1e-10, 0.0]))
    assert judged.decision == CONTRADICTS
    assert "LSTM 1e-11 (0–1e-10)" in judged.text()  # a vanished gradient is written 0
    assert "contradicts" in judged.text()


def test_overlapping_gradient_ranges_are_inconclusive_and_name_the_next_budget() -> None:
    judged = verdict(gradient_experiment([0.1, 0.5, 2.0], [0.3, 0.9, 1.5]))
    assert judged.decision == INCONCLUSIVE
    assert "overlap" in judged.text()
    assert f"{4 * SETTINGS.updates:,}" in judged.text()


def test_nets_that_did_not_learn_cannot_judge_the_claim() -> None:
    judged = verdict(gradient_experiment([1e-6, 1e-5, 1e-4], [0.2, 0.5, 0.9], short_acc=0.12))
    assert judged.decision == INCONCLUSIVE
    assert "had not learned" in judged.text()
    assert f"RNN {percent_spread(Spread.of([0.12] * 3))}" in judged.text()


def test_every_verdict_names_its_budget() -> None:
    judged = verdict(gradient_experiment([1, 1, 1], [1, 1, 1]))
    assert judged.budget["updates"] == SETTINGS.updates == 100
    assert judged.budget["digits"] == 3200
    assert judged.budget["seeds"] == 3
    assert "Budget: 100 weight updates per run (3,200 training digits" in judged.text()
    assert judged.to_dict()["decision"] == judged.decision
    assert set(judged.to_dict()) == {"claim", "decision", "text", "budget"}


def test_the_forget_gate_sentence_computes_what_the_bias_keeps() -> None:
    experiment = gradient_experiment([1, 1, 1], [1, 1, 1])
    text = verdict(experiment).text()
    assert f"sigmoid(1)^100 = {(1 / (1 + math.exp(-1))) ** 100:.3g}" in text
    chrono = Experiment(GRADIENTS, ExperimentSettings(**{**SETTINGS.__dict__, "forget_bias": 5.0}))
    chrono = Experiment(GRADIENTS, chrono.settings, experiment.runs)
    assert f"sigmoid(5)^100 = {(1 / (1 + math.exp(-5))) ** 100:.3g}" in verdict(chrono).text()


def test_the_span_of_the_memory_task_starts_at_the_last_image_row() -> None:
    memory = run("lstm", 128, 0, 0.5, ratio=0.25)
    assert span_start(memory) == 27
    assert span_ratio(memory.profiles["cell"], 27) == 0.25
    assert span_start(run("lstm", 28, 0, 0.5)) == 0
    assert tenfold_steps(0.01, 100) == pytest.approx(50)
    assert tenfold_steps(2.0, 100) == math.inf


def length_experiment(accuracies: dict[int, list[float]]) -> Experiment:
    settings = ExperimentSettings(cells=("lstm",), lengths=tuple(accuracies), seeds=3)
    runs = tuple(
        run("lstm", steps, seed, acc)
        for steps, values in accuracies.items()
        for seed, acc in enumerate(values)
    )
    return Experiment(LENGTH, settings, runs)


def test_the_length_claim_is_supported_when_a_hundred_holds_and_a_thousand_falls() -> None:
    judged = verdict(
        length_experiment({28: [0.9, 0.92, 0.95], 100: [0.91, 0.93, 0.9], 1000: [0.1, 0.11, 0.3]})
    )
    assert judged.decision == SUPPORTS
    text = judged.text()
    assert "About a hundred steps is fine" in text and "About a thousand steps is hard" in text
    assert f"1000 → {percent_spread(Spread.of([0.1, 0.11, 0.3]))}" in text
    assert "92.3% (90.0–95.0%)" in text  # the 28-step mean and range


def test_a_thousand_steps_that_hold_up_contradict_the_claim() -> None:
    judged = verdict(
        length_experiment({28: [0.9, 0.91, 0.92], 100: [0.9, 0.91, 0.9], 1000: [0.89, 0.9, 0.9]})
    )
    assert judged.decision == CONTRADICTS
    assert "not hard here" in judged.text()


def test_seeds_straddling_the_line_leave_the_length_claim_open() -> None:
    judged = verdict(
        length_experiment({28: [0.9, 0.91, 0.92], 100: [0.6, 0.9, 0.91], 1000: [0.1, 0.1, 0.1]})
    )
    assert judged.decision == INCONCLUSIVE
    assert "decides nothing" in judged.text()


def test_an_untested_half_leaves_the_length_claim_open() -> None:
    judged = verdict(length_experiment({28: [0.9, 0.91, 0.92], 100: [0.9, 0.91, 0.9]}))
    assert judged.decision == INCONCLUSIVE
    assert "second half is untested" in judged.text()


def cost_experiment(times: dict[tuple[str, int, int], list[float]]) -> Experiment:
    settings = ExperimentSettings(
        cells=("rnn", "lstm"), task=FINER, lengths=(28, 112), repeats=3, depths=(1, 2)
    )
    timings = tuple(
        CostTiming(cell, steps, layers, (4 if cell == "lstm" else 1) * 1000 * steps, tuple(sec))
        for (cell, steps, layers), sec in times.items()
    )
    return Experiment(COST, settings, timings=timings, threads=1)


def test_the_cost_verdict_separates_slower_cells_from_noise() -> None:
    judged = verdict(
        cost_experiment(
            {
                ("rnn", 28, 1): [0.010, 0.011, 0.012],
                ("rnn", 112, 1): [0.040, 0.041, 0.042],
                ("lstm", 28, 1): [0.020, 0.021, 0.024],
                ("lstm", 112, 1): [0.080, 0.084, 0.090],
                ("lstm", 28, 2): [0.040, 0.042, 0.044],
            }
        )
    )
    assert judged.decision == SUPPORTS
    text = judged.text()
    ratios = [0.020 / 0.010, 0.021 / 0.011, 0.024 / 0.012]  # paired by repeat
    assert f"{median(ratios):.2g}× ({min(ratios):.2g}–{max(ratios):.2g})" in text
    assert "21 ms (20–24)" in text  # the LSTM's median and range at 28 steps
    assert "less than in proportion" in text  # 2x the time for 4x the multiply-adds
    assert "Deeper is slower" in text
    assert judged.budget["repeats"] == 3


def test_overlapping_timings_are_no_measurable_difference() -> None:
    judged = verdict(
        cost_experiment(
            {
                ("rnn", 28, 1): [0.010, 0.013, 0.011],
                ("lstm", 28, 1): [0.012, 0.011, 0.014],
                ("rnn", 112, 1): [0.040, 0.041, 0.042],
                ("lstm", 112, 1): [0.041, 0.039, 0.045],
            }
        )
    )
    assert judged.decision == INCONCLUSIVE
    assert "no measurable difference" in judged.text()


def test_log_spread_quotes_the_median_seed_and_the_extremes() -> None:
    spread, text = log_spread([1e-3, 1e-1, 1e-2])
    assert text == "0.01 (0.001–0.1)"
    assert spread.low == pytest.approx(-3) and spread.high == pytest.approx(-1)


def test_the_gru_update_gate_is_quoted_beside_the_lstm_forget_gate() -> None:
    runs = tuple(
        run(cell, steps, seed, 0.8)
        for seed in range(3)
        for cell in ("rnn", "gru", "lstm")
        for steps in (28, 128)
    )
    text = verdict(Experiment(GRADIENTS, SETTINGS, runs)).text()
    assert (
        f"GRU's update gate started with bias 0: by itself it keeps sigmoid(0)^100 = {0.5**100:.3g}"
        in text
    )
    pytorch = replace(SETTINGS, keras_init=False)
    assert "update gate" not in verdict(Experiment(GRADIENTS, pytorch, runs)).text()


def test_the_accuracy_at_the_longest_length_is_compared_when_every_seed_agrees() -> None:
    runs = []
    for seed, (rnn_acc, lstm_acc) in enumerate([(0.4, 0.9), (0.55, 0.88), (0.77, 0.92)]):
        runs += [
            run("rnn", 28, seed, 0.9),
            run("rnn", 128, seed, rnn_acc, 2.0),
            run("lstm", 28, seed, 0.9),
            run("lstm", 128, seed, lstm_acc, 3.0),
        ]
    text = verdict(Experiment(GRADIENTS, SETTINGS, tuple(runs))).text()
    rnn, lstm = Spread.of([0.4, 0.55, 0.77]), Spread.of([0.9, 0.88, 0.92])
    assert (
        "every LSTM seed answered better than every plain-RNN seed "
        f"({percent_spread(lstm)} against {percent_spread(rnn)})"
    ) in text
    overlapping = [replace(r, val_acc=0.5) if r.steps == 128 else r for r in runs]
    assert (
        "answered better" not in verdict(Experiment(GRADIENTS, SETTINGS, tuple(overlapping))).text()
    )
