"""Claim 2's verdict: accuracy by length; about a hundred steps fine, about a thousand hard."""

from __future__ import annotations

from collections.abc import Sequence

from lstm_gui.core.claims.evidence import accuracy, cell_name, competence, sorted_cells
from lstm_gui.core.claims.gradient_verdict import forget_gate_sentences
from lstm_gui.core.claims.records import ClaimRun, ExperimentSettings
from lstm_gui.core.claims.spread import (
    CONTRADICTS,
    INCONCLUSIVE,
    MIN_COUNT,
    QT_TRANSLATE_NOOP,
    SUPPORTS,
    Sentence,
    percent_spread,
)

# An accuracy within this many points (0.05 = 5) of the shortest length's counts as holding up.
DROP = 0.05
# "About a hundred steps" is any length from 50 to 200; "about a thousand", 500 and more.
HUNDRED = (50, 200)
THOUSAND = 500


def length_verdict(
    runs: Sequence[ClaimRun], settings: ExperimentSettings
) -> tuple[str, list[Sentence]]:
    """Claim 2: accuracy by length; about a hundred steps fine, about a thousand hard."""
    cells = sorted_cells(runs)
    lengths = sorted({run.steps for run in runs})
    sentences = [
        Sentence(
            QT_TRANSLATE_NOOP("ClaimVerdict", "{cell} test accuracy by length: {figures}."),
            {
                "cell": cell_name(cell),
                "figures": ", ".join(
                    f"{steps} → {percent_spread(accuracy(runs, cell, steps))}"
                    for steps in lengths
                    if accuracy(runs, cell, steps).known
                ),
            },
        )
        for cell in cells
    ]
    hundreds = [run.blank_steps for run in runs if HUNDRED[0] <= run.steps <= HUNDRED[1]]
    if hundreds:
        sentences += forget_gate_sentences(settings, max(hundreds), cells)
    judged = "lstm" if "lstm" in cells else cells[0]
    shortest = lengths[0]
    learned = competence(runs, (judged,), shortest, settings)
    if learned is not None:
        return INCONCLUSIVE, [*sentences, learned]
    short = accuracy(runs, judged, shortest)
    calls: dict[str, list[str]] = {}
    for steps in lengths[1:]:
        acc = accuracy(runs, judged, steps)
        if not acc.known or not (HUNDRED[0] <= steps <= HUNDRED[1] or steps >= THOUSAND):
            continue
        values = {
            "cell": cell_name(judged),
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
