"""Claim 3's verdict: is an LSTM update slower than an RNN's; what do length and depth cost.

Decided from the repeated timings (core.claims.cost): a difference counts only when the ranges
over repeats separate; "no measurable difference" comes from that spread, never a fixed factor.
"An LSTM step costs about four RNN steps" is judged apart from "time grows with the length".
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median
from typing import TYPE_CHECKING

from lstm_gui.core.claims.records import CostTiming
from lstm_gui.core.claims.spread import (
    CONTRADICTS,
    INCONCLUSIVE,
    QT_TRANSLATE_NOOP,
    SUPPORTS,
    Sentence,
    Spread,
    compare,
)

if TYPE_CHECKING:
    from lstm_gui.core.claims.experiments import Experiment

# A measured slowdown at least this share of the multiply-add ratio is "roughly in proportion".
PROPORTIONAL = 0.75


def _ms(spread: Spread) -> str:
    """Milliseconds: "12.3 ms (11.9–13.0)"."""
    text = f"{1000 * spread.median:.3g} ms"
    if spread.count > 1:
        text += f" ({1000 * spread.low:.3g}–{1000 * spread.high:.3g})"
    return text


def _times(values: Sequence[float]) -> str:
    """A ratio over repeats: "3.1× (2.9–3.3)"."""
    middle = median(values)
    text = f"{middle:.2g}×"
    if len(values) > 1:
        text += f" ({min(values):.2g}–{max(values):.2g})"
    return text


def _find(timings: Sequence[CostTiming], cell: str, steps: int, layers: int) -> CostTiming | None:
    for timing in timings:
        if (timing.cell, timing.steps, timing.layers) == (cell, steps, layers):
            return timing
    return None


def _ratios(top: CostTiming, bottom: CostTiming) -> list[float]:
    """Per-repeat ratios: both timed in the same repeat, a moment apart."""
    return [a / b for a, b in zip(top.seconds, bottom.seconds, strict=False) if b > 0]


def cost_verdict(experiment: Experiment) -> tuple[str, list[Sentence]]:
    """The decision and its sentences from the experiment's timings."""
    settings = experiment.settings
    timings = experiment.timings
    sentences = [
        Sentence(
            QT_TRANSLATE_NOOP(
                "ClaimVerdict",
                "Budget: {repeats} repeats of {updates} training updates per network, the "
                "networks in alternating order; batch {batch}, {hidden} units, {threads} "
                "thread(s). Times are per update: median (lowest–highest).",
            ),
            {
                "repeats": str(settings.repeats),
                "updates": str(settings.timed_updates),
                "batch": str(settings.batch_size),
                "hidden": str(settings.hidden),
                "threads": str(experiment.threads or "?"),
            },
        )
    ]
    lengths = sorted({t.steps for t in timings if t.layers == 1})
    slower: list[int] = []
    for steps in lengths:
        rnn, lstm = _find(timings, "rnn", steps, 1), _find(timings, "lstm", steps, 1)
        if rnn is None or lstm is None:
            continue
        rnn_spread, lstm_spread = Spread.of(rnn.seconds), Spread.of(lstm.seconds)
        ratios = _ratios(lstm, rnn)
        work = lstm.macs_per_sample / max(1, rnn.macs_per_sample)
        side = compare(lstm_spread, rnn_spread)
        slower.append(side)
        values = {
            "steps": str(steps),
            "lstm": _ms(lstm_spread),
            "rnn": _ms(rnn_spread),
            "ratio": _times(ratios),
            "work": f"{work:.2g}×",
        }
        if side > 0 and median(ratios) >= PROPORTIONAL * work:
            template = QT_TRANSLATE_NOOP(
                "ClaimVerdict",
                "At {steps} steps an LSTM update took {lstm} and a plain RNN's {rnn}: {ratio} "
                "for {work} the multiply-adds, slower on every repeat and roughly in "
                "proportion.",
            )
        elif side > 0:
            template = QT_TRANSLATE_NOOP(
                "ClaimVerdict",
                "At {steps} steps an LSTM update took {lstm} and a plain RNN's {rnn}: {ratio} "
                "for {work} the multiply-adds, slower on every repeat but less than in "
                "proportion (fixed costs per step weigh in at this size).",
            )
        elif side < 0:
            template = QT_TRANSLATE_NOOP(
                "ClaimVerdict",
                "At {steps} steps an LSTM update took {lstm} and a plain RNN's {rnn} ({ratio}): "
                "the LSTM was faster on every repeat despite {work} the multiply-adds.",
            )
        else:
            template = QT_TRANSLATE_NOOP(
                "ClaimVerdict",
                "At {steps} steps an LSTM update took {lstm} and a plain RNN's {rnn} ({ratio}): "
                "the ranges overlap, no measurable difference despite {work} the multiply-adds.",
            )
        sentences.append(Sentence(template, values))
    grows = _growth(timings, lengths, sentences)
    deeper = _depth(timings, sentences)
    if not slower:
        sentences.append(
            Sentence(
                QT_TRANSLATE_NOOP(
                    "ClaimVerdict",
                    "Inconclusive: time both a plain RNN and an LSTM to compare them.",
                )
            )
        )
        return INCONCLUSIVE, sentences
    if all(side > 0 for side in slower) and grows > 0 and deeper >= 0:
        decision = SUPPORTS
    elif all(side < 0 for side in slower) or grows < 0:
        decision = CONTRADICTS
    else:
        decision = INCONCLUSIVE
    return decision, sentences


def _growth(timings: Sequence[CostTiming], lengths: Sequence[int], out: list[Sentence]) -> int:
    """Time against length for the LSTM: +1 grows on every repeat, -1 shrinks, 0 unclear."""
    if len(lengths) < 2:
        return 0
    short, long = lengths[0], lengths[-1]
    first, last = _find(timings, "lstm", short, 1), _find(timings, "lstm", long, 1)
    if first is None or last is None:
        return 0
    side = compare(Spread.of(last.seconds), Spread.of(first.seconds))
    values = {
        "short": str(short),
        "long": str(long),
        "factor": f"{long / short:.2g}×",
        "slower": _times(_ratios(last, first)),
    }
    template = (
        QT_TRANSLATE_NOOP(
            "ClaimVerdict",
            "{factor} the steps ({short} → {long}) made an LSTM update {slower} as long, on "
            "every repeat: long sequences are slow, as the claim says.",
        )
        if side > 0
        else QT_TRANSLATE_NOOP(
            "ClaimVerdict",
            "{factor} the steps ({short} → {long}) changed an LSTM update's time by {slower}: "
            "not separated from the noise of the repeats.",
        )
    )
    out.append(Sentence(template, values))
    return side


def _depth(timings: Sequence[CostTiming], out: list[Sentence]) -> int:
    """Time against layers for the LSTM at the shortest length (0 when not measured)."""
    stacked = sorted((t for t in timings if t.cell == "lstm"), key=lambda t: (t.steps, t.layers))
    if not stacked:
        return 0
    steps = stacked[0].steps
    by_layers = {t.layers: t for t in stacked if t.steps == steps}
    if len(by_layers) < 2:
        return 0
    low, high = min(by_layers), max(by_layers)
    side = compare(Spread.of(by_layers[high].seconds), Spread.of(by_layers[low].seconds))
    template = (
        QT_TRANSLATE_NOOP(
            "ClaimVerdict",
            "Deeper is slower: at {steps} steps an LSTM update took {figures} by layers; "
            "{high} layers took {ratio} the time of {low}, on every repeat.",
        )
        if side > 0
        else QT_TRANSLATE_NOOP(
            "ClaimVerdict",
            "At {steps} steps an LSTM update took {figures} by layers; {high} layers took "
            "{ratio} the time of {low}: not separated from the noise of the repeats.",
        )
    )
    out.append(
        Sentence(
            template,
            {
                "steps": str(steps),
                "figures": ", ".join(
                    f"{layers}: {_ms(Spread.of(by_layers[layers].seconds))}"
                    for layers in sorted(by_layers)
                ),
                "high": str(high),
                "low": str(low),
                "ratio": _times(_ratios(by_layers[high], by_layers[low])),
            },
        )
    )
    return side
