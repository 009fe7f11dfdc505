"""Claim 1's verdict: the gradient reaching the memory state across the blank steps, over seeds.

The memory state is h, an LSTM's cell state c; its gradient at the digit's last row is taken
as a fraction of that at the last step, after training and before, under both initialisations.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from lstm_gui.core.claims.evidence import accuracy, cell_name, competence, next_budget, sorted_cells
from lstm_gui.core.claims.records import MEMORY, ClaimRun, ExperimentSettings
from lstm_gui.core.claims.spread import (
    CONTRADICTS,
    INCONCLUSIVE,
    QT_TRANSLATE_NOOP,
    SUPPORTS,
    VANISHED,
    Sentence,
    Spread,
    compare,
    log_spread,
    number,
    percent_spread,
)


def span_start(run: ClaimRun) -> int:
    """Index of the first step of the span the gradient must cross.

    The memory task's last image row (the digit must be carried from there across the blank
    steps); otherwise the first step.
    """
    return max(0, run.image_steps - 1) if run.blank_steps else 0


def span_ratio(profile: Sequence[float], start: int) -> float:
    """||dL/dh|| at step `start` ÷ at the last step (NaN when not measurable)."""
    if len(profile) <= start or not profile[-1] > 0:
        return math.nan
    return float(profile[start]) / float(profile[-1])


def tenfold_steps(ratio: float, span: int) -> float:
    """Steps per tenfold decay across `span` steps (inf: it did not decay)."""
    if not math.isfinite(ratio) or ratio <= 0:
        return math.nan
    return span / -math.log10(ratio) if ratio < 1 else math.inf


def _tenfold_text(logs: Spread, span: int) -> str:
    if not logs.known:
        return "n/a"
    steps = tenfold_steps(10**logs.median, span)
    if steps == math.inf:
        return "∞"
    # A ratio that vanished below float32's range decayed at least this fast.
    return f"≤{steps:.3g}" if 10**logs.median <= VANISHED else f"{steps:.3g}"


def gradient_verdict(
    runs: Sequence[ClaimRun], settings: ExperimentSettings
) -> tuple[str, list[Sentence]]:
    """Claim 1: ||dL/dh_t|| across the span, RNN against LSTM, after training, over seeds."""
    longest, shortest = max(run.steps for run in runs), min(run.steps for run in runs)
    cells = sorted_cells(runs)
    at_longest = [run for run in runs if run.steps == longest]
    sample = at_longest[0]
    start = span_start(sample)
    span = longest - 1 - start
    sentences = []
    accuracies = {cell: accuracy(runs, cell, longest) for cell in cells}
    sentences.append(
        Sentence(
            QT_TRANSLATE_NOOP(
                "ClaimVerdict", "Test accuracy at {steps} steps (mean, lowest–highest): {figures}."
            ),
            {
                "steps": str(longest),
                "figures": ", ".join(
                    f"{cell_name(c)} {percent_spread(accuracies[c])}" for c in cells
                ),
            },
        )
    )
    trained: dict[str, Spread] = {}
    texts: dict[str, tuple[str, str]] = {}
    for cell in cells:
        mine = [run for run in at_longest if run.cell == cell]
        logs, text = log_spread(
            [span_ratio(run.profiles.get(run.memory_state, ()), start) for run in mine]
        )
        trained[cell] = logs
        texts[cell] = (text, _tenfold_text(logs, span))
    sentences.append(
        Sentence(
            QT_TRANSLATE_NOOP(
                "ClaimVerdict",
                "After training, the gradient of the loss reaching the memory state at step "
                "{first} (h; an LSTM's cell state c), as a fraction of that at step {last}: "
                "{figures} (a tenfold decay every {tenfold} steps).",
            ),
            {
                "first": str(start + 1),
                "last": str(longest),
                "figures": ", ".join(f"{cell_name(c)} {texts[c][0]}" for c in cells),
                "tenfold": ", ".join(f"{cell_name(c)} {texts[c][1]}" for c in cells),
            },
        )
    )
    if "lstm" in cells:
        lstm_h = [
            span_ratio(r.profiles.get("hidden", ()), start) for r in at_longest if r.cell == "lstm"
        ]
        sentences.append(
            Sentence(
                QT_TRANSLATE_NOOP(
                    "ClaimVerdict",
                    "The LSTM's output h kept {ratio} of its gradient over the same span (the "
                    "LSTM's path for memory is its cell state c).",
                ),
                {"ratio": log_spread(lstm_h)[1]},
            )
        )
    sentences += _initial_sentences(at_longest, cells, start, longest)
    sentences += forget_gate_sentences(settings, sample.blank_steps, cells)
    if "rnn" not in cells or "lstm" not in cells:
        sentences.append(
            Sentence(
                QT_TRANSLATE_NOOP(
                    "ClaimVerdict",
                    "Inconclusive: train both a plain RNN and an LSTM to compare them.",
                )
            )
        )
        return INCONCLUSIVE, sentences
    learned = competence(runs, ("rnn", "lstm"), shortest, settings)
    if learned is not None:
        return INCONCLUSIVE, [*sentences, learned]
    sentences += _remembered(accuracies["rnn"], accuracies["lstm"], longest)
    values = {"rnn": texts["rnn"][0], "lstm": texts["lstm"][0]}
    side = compare(trained["lstm"], trained["rnn"])
    if side > 0:
        decision, template = (
            SUPPORTS,
            QT_TRANSLATE_NOOP(
                "ClaimVerdict",
                "This supports the claim: on every seed the LSTM's gradient through the recurrence "
                "kept more of its size ({lstm}) than the plain RNN's ({rnn}).",
            ),
        )
    elif side < 0:
        decision, template = (
            CONTRADICTS,
            QT_TRANSLATE_NOOP(
                "ClaimVerdict",
                "This contradicts the claim: on every seed the plain RNN's gradient through the "
                "recurrence kept more of its size ({rnn}) than the LSTM's ({lstm}).",
            ),
        )
    else:
        decision, template = (
            INCONCLUSIVE,
            QT_TRANSLATE_NOOP(
                "ClaimVerdict",
                "Inconclusive: the ranges over seeds overlap (RNN {rnn}, LSTM {lstm}), so this "
                "budget shows no difference; more seeds or about {next} updates per run may.",
            ),
        )
        values["next"] = next_budget(settings)
    sentences.append(Sentence(template, values))
    return decision, sentences


def _remembered(rnn: Spread, lstm: Spread, steps: int) -> list[Sentence]:
    """Which cell answered better at the longest length, when every seed says so.

    The gradient is the claim's measure; the accuracy is what it is for: a net whose gradient
    reaches the digit's rows can learn to carry the digit.
    """
    side = compare(lstm, rnn)
    if not side:
        return []
    values = {"steps": str(steps), "rnn": percent_spread(rnn), "lstm": percent_spread(lstm)}
    template = (
        QT_TRANSLATE_NOOP(
            "ClaimVerdict",
            "At {steps} steps every LSTM seed answered better than every plain-RNN seed "
            "({lstm} against {rnn}).",
        )
        if side > 0
        else QT_TRANSLATE_NOOP(
            "ClaimVerdict",
            "At {steps} steps every plain-RNN seed answered better than every LSTM seed "
            "({rnn} against {lstm}).",
        )
    )
    return [Sentence(template, values)]


def _initial_sentences(
    runs: Sequence[ClaimRun], cells: Sequence[str], start: int, longest: int
) -> list[Sentence]:
    """The same ratio before training, under Keras's initialisation and PyTorch's."""
    parts = []
    for name in ("keras", "pytorch"):
        figures = []
        for cell in cells:
            ratios = [
                span_ratio(run.profiles.get(f"{run.memory_state}_init_{name}", ()), start)
                for run in runs
                if run.cell == cell
            ]
            figures.append(f"{cell_name(cell)} {log_spread(ratios)[1]}")
        parts.append((name, ", ".join(figures)))
    if all(text.endswith("n/a") for _, text in parts):
        return []
    values = dict(parts)
    values.update(first=str(start + 1), last=str(longest))
    return [
        Sentence(
            QT_TRANSLATE_NOOP(
                "ClaimVerdict",
                "Before training, the same fraction (step {first} ÷ step {last}) was {keras} "
                "with Keras's initialisation (Glorot inputs, orthogonal recurrent weights) and "
                "{pytorch} with PyTorch's (uniform weights): what the initialisation alone "
                "does.",
            ),
            values,
        )
    ]


def forget_gate_sentences(
    settings: ExperimentSettings, blank_steps: int, cells: Sequence[str]
) -> list[Sentence]:
    """What the memory gates' starting biases keep across the blank steps, by themselves.

    An LSTM's cell keeps sigmoid(forget bias) of itself a step; a GRU's state keeps
    sigmoid(update bias) (PyTorch's h = (1 - z) n + z h). Keras starts them at 1 and 0.
    """
    if not blank_steps or settings.task != MEMORY:
        return []
    sentences = []
    for cell, default in (("lstm", 1.0), ("gru", 0.0)):
        if cell not in cells:
            continue
        bias = settings.forget_bias
        if bias is None:
            if not settings.keras_init:
                continue  # PyTorch's biases are random draws: no single figure to quote
            bias = default
        kept = (1 / (1 + math.exp(-bias))) ** blank_steps
        values = {"bias": f"{bias:g}", "blank": str(blank_steps), "kept": number(kept)}
        template = (
            QT_TRANSLATE_NOOP(
                "ClaimVerdict",
                "The LSTM's forget gate started with bias {bias}: by itself it keeps "
                "sigmoid({bias})^{blank} = {kept} of the cell's memory across the {blank} "
                "blank steps (the forget-gate bias setting changes this).",
            )
            if cell == "lstm"
            else QT_TRANSLATE_NOOP(
                "ClaimVerdict",
                "The GRU's update gate started with bias {bias}: by itself it keeps "
                "sigmoid({bias})^{blank} = {kept} of its state across the {blank} blank steps "
                "(the same setting changes this).",
            )
        )
        sentences.append(Sentence(template, values))
    return sentences
