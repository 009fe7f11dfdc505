"""Verdicts on the tutorial's claims, written from an experiment's runs over seeds.

`verdict` returns a `Verdict`: a decision (supports, contradicts, inconclusive), the sentences
that explain it (English templates and the figures they quote, so tests can check every number
and the GUI can translate) and the budget. A decision other than inconclusive needs nets that
learned and ranges over seeds that separate (core.claims.spread); each claim's own reasoning is
in gradient_verdict, length_verdict and cost_verdict.
"""

from __future__ import annotations

from lstm_gui.core.claims.experiments import COST, GRADIENTS, Experiment
from lstm_gui.core.claims.records import MEMORY, ExperimentSettings
from lstm_gui.core.claims.spread import (
    INCONCLUSIVE,
    MIN_COUNT,
    QT_TRANSLATE_NOOP,
    Sentence,
    Verdict,
)


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
        from lstm_gui.core.claims.gradient_verdict import gradient_verdict
        from lstm_gui.core.claims.length_verdict import length_verdict

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
