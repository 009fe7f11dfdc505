"""Verdicts on the tutorial's claims, written from the numbers of one experiment.

`verdict` returns `Sentence`s: an English template and the figures it quotes, formatted here,
so tests can check every number against the results and the GUI can translate the template.
The thresholds that turn numbers into words are the constants below; nothing is concluded that
the numbers do not show, and where they contradict the textbook story the sentence says so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from lstm_gui.core.claims import GRADIENTS, LENGTH, ClaimRun, Experiment, ExperimentSettings


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate reads
    """Mark a verdict template for the translation catalogue; core stays free of Qt."""
    return text


# The context the GUI translates verdict templates in.
CONTEXT = "ClaimVerdict"

# Early/late gradient ratio (core.gradients.early_late_ratio) below which the first quarter of
# the steps gets less than a tenth of the last quarter's gradient: we call that "faded".
FADED = 0.1
# Accuracy within this many points (0.05 = 5 percentage points) of chance counts as learning
# nothing; ten classes, so chance is 10%.
CHANCE = 0.1
NEAR_CHANCE = 0.05
# An accuracy lower by more than this than at the shortest length "dropped"; otherwise it
# "held up".
DROP = 0.05
# "About a hundred steps" is any length from 50 to 200; "about a thousand", 500 and more.
HUNDRED = (50, 200)
THOUSAND = 500
# Below this accuracy at the shortest length, the budget was too small to tell much.
UNDERTRAINED = 0.5
# A slowdown at least this fraction of the multiply-add ratio counts as "in proportion".
PROPORTIONAL = 0.5
# A slowdown below this is no slowdown at all (timings on a busy machine vary by about 10%).
NOISE = 1.1


@dataclass(frozen=True)
class Sentence:
    """One sentence of a verdict: an English template and the figures it quotes, formatted."""

    template: str
    values: Mapping[str, str] = field(default_factory=dict)

    def text(self, template: str | None = None) -> str:
        """The sentence, with `template` (a translation) in place of the English one."""
        return (template or self.template).format(**self.values)


def _ratio(value: float) -> str:
    return "n/a" if not math.isfinite(value) else f"{value:.3g}"


def _percent(value: float) -> str:
    return "n/a" if not math.isfinite(value) else f"{100 * value:.1f}%"


def _speed(value: float) -> str:
    return f"{value:,.0f}"


def _times(value: float) -> str:
    return f"{value:.2g}×" if value < 10 else f"{value:.0f}×"


def _cell(name: str) -> str:
    return name.upper()


def _by(runs: Sequence[ClaimRun]) -> dict[tuple[str, int], ClaimRun]:
    return {(run.cell, run.steps): run for run in runs}


def _list(pairs: Sequence[tuple[str, str]]) -> str:
    return ", ".join(f"{name} {value}" for name, value in pairs)


def _budget(settings: ExperimentSettings) -> Sentence:
    return Sentence(
        QT_TRANSLATE_NOOP(
            "ClaimVerdict",
            "On this machine, with these settings ({hidden} units, {digits} training digits, "
            "{epochs} epoch(s)):",
        ),
        {
            "hidden": str(settings.hidden),
            "digits": f"{settings.train_limit:,}",
            "epochs": str(settings.epochs),
        },
    )


def verdict(experiment: Experiment) -> list[Sentence]:
    """What the experiment's numbers say about its claim, sentence by sentence."""
    if not experiment.runs:
        return [
            Sentence(
                QT_TRANSLATE_NOOP("ClaimVerdict", "No run finished, so there is nothing to judge.")
            )
        ]
    sentences = [_budget(experiment.settings)]
    if experiment.claim == GRADIENTS:
        sentences += gradient_verdict(experiment.runs)
    elif experiment.claim == LENGTH:
        sentences += length_verdict(experiment.runs)
    else:
        sentences += cost_verdict(experiment.runs)
    if experiment.stopped:
        sentences.append(
            Sentence(
                QT_TRANSLATE_NOOP(
                    "ClaimVerdict",
                    "The experiment was stopped: only the {count} run(s) that finished count.",
                ),
                {"count": str(len(experiment.runs))},
            )
        )
    return sentences


def gradient_verdict(runs: Sequence[ClaimRun]) -> list[Sentence]:
    """Claim 1: compare early/late gradient ratios at the longest length, RNN against LSTM."""
    longest = max(run.steps for run in runs)
    at_longest = sorted(
        (run for run in runs if run.steps == longest), key=lambda run: "rnn gru lstm".find(run.cell)
    )
    sentences = [
        Sentence(
            QT_TRANSLATE_NOOP(
                "ClaimVerdict",
                "At {steps} steps, the gradient reaching the first quarter of the steps ÷ the "
                "last quarter's was {trained} after training ({initial} at initialisation).",
            ),
            {
                "steps": str(longest),
                "trained": _list([(_cell(r.cell), _ratio(r.early_late_ratio)) for r in at_longest]),
                "initial": _list(
                    [(_cell(r.cell), _ratio(r.initial_early_late_ratio)) for r in at_longest]
                ),
            },
        )
    ]
    by = _by(runs)
    rnn, lstm = by.get(("rnn", longest)), by.get(("lstm", longest))
    if rnn is None or lstm is None:
        sentences.append(
            Sentence(
                QT_TRANSLATE_NOOP(
                    "ClaimVerdict",
                    "Train both a plain RNN and an LSTM at the same length to compare them.",
                )
            )
        )
        return sentences
    values = {
        "rnn": _ratio(rnn.early_late_ratio),
        "lstm": _ratio(lstm.early_late_ratio),
        "threshold": f"{FADED:g}",
        "steps": str(longest),
    }
    rnn_faded = rnn.early_late_ratio < FADED
    lstm_faded = lstm.early_late_ratio < FADED
    if not (math.isfinite(rnn.early_late_ratio) and math.isfinite(lstm.early_late_ratio)):
        template = QT_TRANSLATE_NOOP(
            "ClaimVerdict", "A ratio could not be measured (a zero gradient), so no verdict."
        )
    elif rnn_faded and not lstm_faded:
        template = QT_TRANSLATE_NOOP(
            "ClaimVerdict",
            "This supports the claim: the RNN's ratio ({rnn}) fell below {threshold} (faded) "
            "and the LSTM's ({lstm}) did not.",
        )
    elif lstm_faded and not rnn_faded:
        template = QT_TRANSLATE_NOOP(
            "ClaimVerdict",
            "This contradicts the textbook story: here the LSTM's ratio ({lstm}) fell below "
            "{threshold} and the plain RNN's ({rnn}) did not. One ratio is not the whole truth: "
            "a trained network may simply learn to ignore early input it does not need.",
        )
    elif lstm_faded and rnn_faded:
        template = (
            QT_TRANSLATE_NOOP(
                "ClaimVerdict",
                "Both faded below {threshold} at {steps} steps; the LSTM's ratio ({lstm}) is "
                "higher than the RNN's ({rnn}), which leans towards the claim.",
            )
            if lstm.early_late_ratio > rnn.early_late_ratio
            else QT_TRANSLATE_NOOP(
                "ClaimVerdict",
                "Both faded below {threshold} at {steps} steps, and the LSTM's ratio ({lstm}) is "
                "not higher than the RNN's ({rnn}): no sign of the LSTM's advantage here.",
            )
        )
    else:
        template = QT_TRANSLATE_NOOP(
            "ClaimVerdict",
            "Neither faded below {threshold} at {steps} steps (RNN {rnn}, LSTM {lstm}): the "
            "difference the claim predicts does not show at this length.",
        )
    sentences.append(Sentence(template, values))
    initial = {
        "rnn": _ratio(rnn.initial_early_late_ratio),
        "lstm": _ratio(lstm.initial_early_late_ratio),
    }
    if math.isfinite(rnn.initial_early_late_ratio) and math.isfinite(lstm.initial_early_late_ratio):
        sentences.append(
            Sentence(
                QT_TRANSLATE_NOOP(
                    "ClaimVerdict",
                    "Before any training the LSTM's ratio ({lstm}) was higher than the RNN's "
                    "({rnn}), as the claim predicts.",
                )
                if lstm.initial_early_late_ratio > rnn.initial_early_late_ratio
                else QT_TRANSLATE_NOOP(
                    "ClaimVerdict",
                    "Before any training the LSTM's ratio ({lstm}) was not higher than the "
                    "RNN's ({rnn}) either.",
                ),
                initial,
            )
        )
    sentences.append(
        Sentence(
            QT_TRANSLATE_NOOP(
                "ClaimVerdict",
                "Accuracy at {steps} steps: RNN {rnn}, LSTM {lstm}.",
            ),
            {"steps": str(longest), "rnn": _percent(rnn.val_acc), "lstm": _percent(lstm.val_acc)},
        )
    )
    return sentences


def length_verdict(runs: Sequence[ClaimRun]) -> list[Sentence]:
    """Claim 2: accuracy against length, about a hundred steps and about a thousand."""
    sentences = []
    cells = [cell for cell in ("rnn", "gru", "lstm") if any(run.cell == cell for run in runs)]
    for cell in cells:
        mine = sorted((run for run in runs if run.cell == cell), key=lambda run: run.steps)
        sentences.append(
            Sentence(
                QT_TRANSLATE_NOOP("ClaimVerdict", "{cell} accuracy by length: {figures}."),
                {
                    "cell": _cell(cell),
                    "figures": ", ".join(f"{run.steps} → {_percent(run.val_acc)}" for run in mine),
                },
            )
        )
    judged = "lstm" if "lstm" in cells else cells[0]
    mine = sorted((run for run in runs if run.cell == judged), key=lambda run: run.steps)
    shortest = mine[0]
    if shortest.val_acc < UNDERTRAINED:
        sentences.append(
            Sentence(
                QT_TRANSLATE_NOOP(
                    "ClaimVerdict",
                    "Even at {steps} steps the {cell} reached only {acc} (below {threshold}): "
                    "this budget is small, so differences are small and noisy; raise the "
                    "training digits or epochs for a firmer answer.",
                ),
                {
                    "steps": str(shortest.steps),
                    "cell": _cell(judged),
                    "acc": _percent(shortest.val_acc),
                    "threshold": _percent(UNDERTRAINED),
                },
            )
        )
    for run in mine[1:]:
        drop = shortest.val_acc - run.val_acc
        values = {
            "cell": _cell(judged),
            "steps": str(run.steps),
            "short": str(shortest.steps),
            "acc": _percent(run.val_acc),
            "points": f"{100 * abs(drop):.1f}",
            "drop": f"{100 * DROP:g}",
        }
        near_chance = run.val_acc <= CHANCE + NEAR_CHANCE
        if HUNDRED[0] <= run.steps <= HUNDRED[1]:
            template = (
                QT_TRANSLATE_NOOP(
                    "ClaimVerdict",
                    "At {steps} steps (about a hundred) the {cell} held up: {acc}, within {drop} "
                    "points of {short} steps. This supports the first half of the claim.",
                )
                if drop <= DROP
                else QT_TRANSLATE_NOOP(
                    "ClaimVerdict",
                    "At {steps} steps (about a hundred) the {cell} lost {points} points against "
                    "{short} steps ({acc}): on this budget a hundred steps is not yet fine, "
                    "which contradicts the first half of the claim.",
                )
            )
        elif run.steps >= THOUSAND:
            if near_chance:
                template = QT_TRANSLATE_NOOP(
                    "ClaimVerdict",
                    "At {steps} steps the {cell} stayed near chance ({acc}): hard indeed, as "
                    "the claim says.",
                )
            elif drop > DROP:
                template = QT_TRANSLATE_NOOP(
                    "ClaimVerdict",
                    "At {steps} steps the {cell} lost {points} points against {short} steps "
                    "({acc}): harder, as the claim says.",
                )
            else:
                template = QT_TRANSLATE_NOOP(
                    "ClaimVerdict",
                    "At {steps} steps the {cell} held up ({acc}, within {drop} points of {short} "
                    "steps): that contradicts the claim that a thousand steps is hard.",
                )
        else:
            continue
        sentences.append(Sentence(template, values))
    if max(run.steps for run in mine) < THOUSAND:
        sentences.append(
            Sentence(
                QT_TRANSLATE_NOOP(
                    "ClaimVerdict",
                    "No length of {long} steps or more was tried, so the claim's second half "
                    "is untested here: add 784.",
                ),
                {"long": str(THOUSAND)},
            )
        )
    return sentences


def cost_verdict(runs: Sequence[ClaimRun]) -> list[Sentence]:
    """Claim 3: multiply-adds per cell against the speed measured, per cell and per length."""
    sentences = []
    by = _by(runs)
    lengths = sorted({run.steps for run in runs})
    for steps in lengths:
        rnn, lstm = by.get(("rnn", steps)), by.get(("lstm", steps))
        if rnn is None or lstm is None:
            continue
        work = lstm.macs_per_sample / max(rnn.macs_per_sample, 1)
        slowdown = rnn.samples_per_s / max(lstm.samples_per_s, 1e-9)
        values = {
            "steps": str(steps),
            "work": _times(work),
            "lstm": _speed(lstm.samples_per_s),
            "rnn": _speed(rnn.samples_per_s),
            "slowdown": _times(slowdown),
        }
        if slowdown >= PROPORTIONAL * work:
            template = QT_TRANSLATE_NOOP(
                "ClaimVerdict",
                "At {steps} steps the LSTM does {work} the RNN's multiply-adds and trained at "
                "{lstm} samples/s against the RNN's {rnn}: {slowdown} slower, roughly in "
                "proportion. This supports the claim.",
            )
        elif slowdown >= NOISE:
            template = QT_TRANSLATE_NOOP(
                "ClaimVerdict",
                "At {steps} steps the LSTM does {work} the RNN's multiply-adds but trained at "
                "{lstm} samples/s against the RNN's {rnn}: only {slowdown} slower. At this size "
                "fixed costs per step outweigh the arithmetic; the claim holds only in part.",
            )
        else:
            template = QT_TRANSLATE_NOOP(
                "ClaimVerdict",
                "At {steps} steps the LSTM does {work} the RNN's multiply-adds, yet trained at "
                "{lstm} samples/s against the RNN's {rnn} ({slowdown}): not slower on this "
                "machine, which contradicts the claim at this size.",
            )
        sentences.append(Sentence(template, values))
    if not sentences:
        sentences.append(
            Sentence(
                QT_TRANSLATE_NOOP(
                    "ClaimVerdict",
                    "Train both a plain RNN and an LSTM at the same length to compare them.",
                )
            )
        )
    if len(lengths) >= 2:
        short, long = lengths[0], lengths[-1]
        cell = "lstm" if ("lstm", short) in by and ("lstm", long) in by else None
        if cell is not None:
            first, last = by[(cell, short)], by[(cell, long)]
            longer = long / short
            slower = first.samples_per_s / max(last.samples_per_s, 1e-9)
            template = (
                QT_TRANSLATE_NOOP(
                    "ClaimVerdict",
                    "{factor} the steps ({short} → {long}) made each LSTM sample {slower} slower "
                    "to train: long sequences are slow, as the claim says.",
                )
                if slower >= PROPORTIONAL * longer
                else QT_TRANSLATE_NOOP(
                    "ClaimVerdict",
                    "{factor} the steps ({short} → {long}) made each LSTM sample only {slower} "
                    "slower to train: less than in proportion at this size.",
                )
            )
            sentences.append(
                Sentence(
                    template,
                    {
                        "factor": _times(longer),
                        "short": str(short),
                        "long": str(long),
                        "slower": _times(slower),
                    },
                )
            )
    return sentences
