"""Verdicts on the tutorial's claims, written from an experiment's runs over seeds.

`verdict` returns a `Verdict`: a decision (supports, contradicts, inconclusive), the sentences
that explain it (English templates and the figures they quote, so tests can check every number
and the GUI can translate) and the budget. A decision other than inconclusive needs nets that
learned and ranges over seeds that separate (core.claims.spread); the cost claim's verdict is
in core.claims.cost_verdict.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from lstm_gui.core.claims.experiments import COST, GRADIENTS, Experiment
from lstm_gui.core.claims.records import MEMORY, ClaimRun, ExperimentSettings
from lstm_gui.core.claims.spread import (
    CONTRADICTS,
    INCONCLUSIVE,
    LEARNED,
    MIN_COUNT,
    QT_TRANSLATE_NOOP,
    SUPPORTS,
    VANISHED,
    Sentence,
    Spread,
    Verdict,
    compare,
    log_spread,
    number,
    percent,
    percent_spread,
)

# An accuracy within this many points (0.05 = 5) of the shortest length's counts as holding up.
DROP = 0.05
# "About a hundred steps" is any length from 50 to 200; "about a thousand", 500 and more.
HUNDRED = (50, 200)
THOUSAND = 500
CELL_ORDER = ("rnn", "gru", "lstm")


def _cell(name: str) -> str:
    return name.upper()


def _sorted_cells(runs: Sequence[ClaimRun]) -> list[str]:
    present = {run.cell for run in runs}
    return [cell for cell in CELL_ORDER if cell in present]


def _accuracy(runs: Sequence[ClaimRun], cell: str, steps: int) -> Spread:
    return Spread.of(run.val_acc for run in runs if run.cell == cell and run.steps == steps)


def budget_of(experiment: Experiment) -> dict[str, object]:
    """The budget a verdict names: updates, digits, seeds (and what each run was)."""
    settings = experiment.settings
    budget: dict[str, object] = {
        "task": settings.task,
        "lengths": list(settings.lengths),
        "cells": list(settings.cells),
        "hidden": settings.hidden,
        "batch_size": settings.batch_size,
    }
    if experiment.claim == COST:
        budget.update(
            repeats=settings.repeats,
            timed_updates=settings.timed_updates,
            depths=list(settings.depths),
            threads=experiment.threads,
        )
    else:
        budget.update(
            seeds=settings.seeds,
            seeds_finished=experiment.seeds_done,
            updates=settings.updates,
            digits=settings.digits,
            epochs=settings.epochs,
            test_digits=settings.test_limit or 10000,
        )
    return budget


def budget_sentence(settings: ExperimentSettings) -> Sentence:
    """The budget every training verdict opens with."""
    return Sentence(
        QT_TRANSLATE_NOOP(
            "ClaimVerdict",
            "Budget: {updates} weight updates per run ({digits} training digits × {epochs} "
            "epoch(s), batch {batch}), {seeds} seed(s) per cell and length, {hidden} units.",
        ),
        {
            "updates": f"{settings.updates:,}",
            "digits": f"{settings.digits:,}",
            "epochs": str(settings.epochs),
            "batch": str(settings.batch_size),
            "seeds": str(settings.seeds),
            "hidden": str(settings.hidden),
        },
    )


def task_sentence(settings: ExperimentSettings) -> Sentence:
    """What each run read: the memory task's blank steps, or the image cut finer."""
    if settings.task == MEMORY:
        return Sentence(
            QT_TRANSLATE_NOOP(
                "ClaimVerdict",
                "The memory task: each digit's 28 rows, then blank steps up to each length "
                "({lengths}), the answer read after the last one, so the net must carry the "
                "digit across the blank steps.",
            ),
            {"lengths": ", ".join(str(steps) for steps in settings.lengths)},
        )
    return Sentence(
        QT_TRANSLATE_NOOP(
            "ClaimVerdict",
            "Each image was read cut into {lengths} steps (784 ÷ steps pixels a step).",
        ),
        {"lengths": ", ".join(str(steps) for steps in settings.lengths)},
    )


def verdict(experiment: Experiment) -> Verdict:
    """What the experiment's numbers say about its claim."""
    budget = budget_of(experiment)
    if experiment.claim == COST:
        from lstm_gui.core.claims.cost_verdict import cost_verdict

        decision, sentences = cost_verdict(experiment)
    elif not experiment.runs:
        decision = INCONCLUSIVE
        sentences = [
            Sentence(
                QT_TRANSLATE_NOOP("ClaimVerdict", "No run finished, so there is nothing to judge.")
            )
        ]
    else:
        sentences = [budget_sentence(experiment.settings), task_sentence(experiment.settings)]
        judge = gradient_verdict if experiment.claim == GRADIENTS else length_verdict
        decision, more = judge(experiment.runs, experiment.settings)
        sentences += more
    counts = [len(timing.seconds) for timing in experiment.timings]
    finished = min(counts) if counts else experiment.seeds_done
    if finished < MIN_COUNT and (experiment.runs or experiment.timings):
        sentences.append(
            Sentence(
                QT_TRANSLATE_NOOP(
                    "ClaimVerdict",
                    "One seed (or repeat) has no spread to judge by: a decision needs at least "
                    "{count}.",
                ),
                {"count": str(MIN_COUNT)},
            )
        )
    if experiment.stopped:
        sentences.append(
            Sentence(
                QT_TRANSLATE_NOOP(
                    "ClaimVerdict",
                    "The experiment was stopped: only the {count} run(s) that finished count.",
                ),
                {"count": str(len(experiment.runs) or len(experiment.timings))},
            )
        )
    return Verdict(experiment.claim, decision, tuple(sentences), budget)


def _next_budget(settings: ExperimentSettings) -> str:
    """The budget to try next: four times the updates."""
    return f"{4 * settings.updates:,}"


def _competence(
    runs: Sequence[ClaimRun], cells: Sequence[str], steps: int, settings: ExperimentSettings
) -> Sentence | None:
    """None when every cell learned at `steps` on every seed; else why nothing can be decided."""
    failing = [
        (cell, _accuracy(runs, cell, steps))
        for cell in cells
        if not _accuracy(runs, cell, steps).low >= LEARNED
    ]
    if not failing:
        return None
    return Sentence(
        QT_TRANSLATE_NOOP(
            "ClaimVerdict",
            "Inconclusive: at {steps} steps {figures} stayed below {learned} on some seed, so "
            "these nets had not learned the task and their figures cannot judge the claim. "
            "Try about {next} weight updates per run.",
        ),
        {
            "steps": str(steps),
            "figures": ", ".join(f"{_cell(c)} {percent_spread(s)}" for c, s in failing),
            "learned": percent(LEARNED),
            "next": _next_budget(settings),
        },
    )


# --------------------------------------------------------------------------- claim 1


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
    cells = _sorted_cells(runs)
    at_longest = [run for run in runs if run.steps == longest]
    sample = at_longest[0]
    start = span_start(sample)
    span = longest - 1 - start
    sentences = []
    accuracy = {cell: _accuracy(runs, cell, longest) for cell in cells}
    sentences.append(
        Sentence(
            QT_TRANSLATE_NOOP(
                "ClaimVerdict", "Test accuracy at {steps} steps (mean, lowest–highest): {figures}."
            ),
            {
                "steps": str(longest),
                "figures": ", ".join(f"{_cell(c)} {percent_spread(accuracy[c])}" for c in cells),
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
                "figures": ", ".join(f"{_cell(c)} {texts[c][0]}" for c in cells),
                "tenfold": ", ".join(f"{_cell(c)} {texts[c][1]}" for c in cells),
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
    sentences += _forget_gate_sentence(settings, sample.blank_steps, cells)
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
    learned = _competence(runs, ("rnn", "lstm"), shortest, settings)
    if learned is not None:
        return INCONCLUSIVE, [*sentences, learned]
    sentences += _remembered(accuracy["rnn"], accuracy["lstm"], longest)
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
        values["next"] = _next_budget(settings)
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
            figures.append(f"{_cell(cell)} {log_spread(ratios)[1]}")
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


def _forget_gate_sentence(
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


# --------------------------------------------------------------------------- claim 2


def length_verdict(
    runs: Sequence[ClaimRun], settings: ExperimentSettings
) -> tuple[str, list[Sentence]]:
    """Claim 2: accuracy by length; about a hundred steps fine, about a thousand hard."""
    cells = _sorted_cells(runs)
    lengths = sorted({run.steps for run in runs})
    sentences = [
        Sentence(
            QT_TRANSLATE_NOOP("ClaimVerdict", "{cell} test accuracy by length: {figures}."),
            {
                "cell": _cell(cell),
                "figures": ", ".join(
                    f"{steps} → {percent_spread(_accuracy(runs, cell, steps))}"
                    for steps in lengths
                    if _accuracy(runs, cell, steps).known
                ),
            },
        )
        for cell in cells
    ]
    hundreds = [run.blank_steps for run in runs if HUNDRED[0] <= run.steps <= HUNDRED[1]]
    if hundreds:
        sentences += _forget_gate_sentence(settings, max(hundreds), cells)
    judged = "lstm" if "lstm" in cells else cells[0]
    shortest = lengths[0]
    learned = _competence(runs, (judged,), shortest, settings)
    if learned is not None:
        return INCONCLUSIVE, [*sentences, learned]
    short = _accuracy(runs, judged, shortest)
    calls: dict[str, list[str]] = {}
    for steps in lengths[1:]:
        acc = _accuracy(runs, judged, steps)
        if not acc.known or not (HUNDRED[0] <= steps <= HUNDRED[1] or steps >= THOUSAND):
            continue
        values = {
            "cell": _cell(judged),
            "steps": str(steps),
            "short": str(shortest),
            "acc": percent_spread(acc),
            "short_acc": percent_spread(short),
            "drop": f"{100 * DROP:g}",
        }
        enough = min(acc.count, short.count) >= MIN_COUNT
        held = enough and acc.low >= short.high - DROP  # every seed within DROP of each short one
        fell = enough and acc.high < short.low - DROP  # every seed more than DROP below them
        hundred = steps <= HUNDRED[1]
        if hundred and held:
            call, template = (
                SUPPORTS,
                QT_TRANSLATE_NOOP(
                    "ClaimVerdict",
                    "About a hundred steps is fine, as the claim says: at {steps} steps the "
                    "{cell} reached {acc} against {short_acc} at {short}, every seed within "
                    "{drop} points.",
                ),
            )
        elif hundred and fell:
            call, template = (
                CONTRADICTS,
                QT_TRANSLATE_NOOP(
                    "ClaimVerdict",
                    "At {steps} steps the {cell} reached {acc} against {short_acc} at {short}: "
                    "every seed lost more than {drop} points, so on this budget about a hundred "
                    "steps is not fine, against the claim.",
                ),
            )
        elif not hundred and fell:
            call, template = (
                SUPPORTS,
                QT_TRANSLATE_NOOP(
                    "ClaimVerdict",
                    "About a thousand steps is hard, as the claim says: at {steps} steps the "
                    "{cell} reached {acc} against {short_acc} at {short}, every seed more than "
                    "{drop} points lower.",
                ),
            )
        elif not hundred and held:
            call, template = (
                CONTRADICTS,
                QT_TRANSLATE_NOOP(
                    "ClaimVerdict",
                    "At {steps} steps the {cell} reached {acc} against {short_acc} at {short}, "
                    "every seed within {drop} points: not hard here, against the claim.",
                ),
            )
        else:
            call, template = (
                INCONCLUSIVE,
                QT_TRANSLATE_NOOP(
                    "ClaimVerdict",
                    "At {steps} steps the {cell} reached {acc} against {short_acc} at {short}: the "
                    "seeds spread across the {drop}-point line, so this length decides nothing.",
                ),
            )
        calls.setdefault("hundred" if hundred else "thousand", []).append(call)
        sentences.append(Sentence(template, values))
    halves = {name: _half(found) for name, found in calls.items()}
    if "hundred" not in halves:
        sentences.append(
            Sentence(
                QT_TRANSLATE_NOOP(
                    "ClaimVerdict",
                    "No length of about a hundred steps (50–200) was tried, so the claim's "
                    "first half is untested here; add 100.",
                )
            )
        )
    if "thousand" not in halves:
        sentences.append(
            Sentence(
                QT_TRANSLATE_NOOP(
                    "ClaimVerdict",
                    "No length of {long} steps or more was tried, so the claim's second half "
                    "is untested here; add 1000.",
                ),
                {"long": str(THOUSAND)},
            )
        )
    if CONTRADICTS in halves.values():
        decision = CONTRADICTS
    elif len(halves) == 2 and all(call == SUPPORTS for call in halves.values()):
        decision = SUPPORTS
    else:
        decision = INCONCLUSIVE
    return decision, sentences


def _half(calls: Sequence[str]) -> str:
    """A half of the claim over its lengths.

    Any contrary length contradicts it; it is supported only when every length supports it.
    """
    if CONTRADICTS in calls:
        return CONTRADICTS
    return SUPPORTS if all(call == SUPPORTS for call in calls) else INCONCLUSIVE
