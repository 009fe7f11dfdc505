"""The three claims in our own words, what each experiment measures, and what to try next."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from lstm_gui.gui.claims.claim_figures import duration_parts

translate = QCoreApplication.translate


@dataclass(frozen=True)
class ClaimText:
    """What a person reads about one claim before and after its experiment."""

    title: str
    statement: str
    measure: str
    next_steps: str


def claim_texts() -> dict[str, ClaimText]:
    """By claim id (core.claims.experiments.CLAIMS), in the current language."""
    return {
        "gradients": ClaimText(
            translate("ClaimsTab", "1. Gradients through time"),
            translate(
                "ClaimsTab",
                "An LSTM keeps gradients alive over many steps, where a plain RNN's vanish as "
                "they travel back through time. (Exploding gradients are another matter: the "
                "LSTM does not cure them, gradient clipping does.)",
            ),
            translate(
                "ClaimsTab",
                "Trains a plain RNN and an LSTM once per seed on the memory task (a digit's 28 "
                "rows, then blank steps up to the length) and measures the gradient of the loss "
                "reaching the memory state at every step (an LSTM's cell state c, else h): how "
                "much of it crosses the blank steps, before and after training.",
            ),
            translate(
                "ClaimsTab",
                "Try next: more seeds, to narrow the ranges; the reference settings; a "
                "forget-gate bias of 5, which lets an LSTM keep its memory across the blank "
                "steps; PyTorch's initialisation, to see what Keras's does by itself.",
            ),
        ),
        "length": ClaimText(
            translate("ClaimsTab", "2. How long a sequence can be"),
            translate(
                "ClaimsTab",
                "Sequences of about a hundred steps are fine for an LSTM; sequences of about "
                "a thousand steps are hard.",
            ),
            translate(
                "ClaimsTab",
                "Trains each cell once per seed at each length (a digit's 28 rows, then blank "
                "steps) on the same budget and compares the test accuracy they reach.",
            ),
            translate(
                "ClaimsTab",
                "Try next: more training digits (a small budget blurs the answer); more seeds; "
                "a forget-gate bias of 5; the GRU; the image cut finer, 784 steps pixel by "
                "pixel, as in the published figures.",
            ),
        ),
        "cost": ClaimText(
            translate("ClaimsTab", "3. The cost of a cell"),
            translate(
                "ClaimsTab",
                "Each LSTM cell holds four dense layers (its gates), so long sequences and "
                "deep networks are slow to train.",
            ),
            translate(
                "ClaimsTab",
                "Times training updates (forward, backward, Adam step) of each cell at each "
                "length and depth, the networks in alternating order, several repeats each, "
                "and compares the medians with their spread over the repeats.",
            ),
            translate(
                "ClaimsTab",
                "Try next: more hidden units (256), where the arithmetic dominates; more "
                "repeats, to narrow the ranges; longer sequences; more layers.",
            ),
        ),
    }


def duration_text(seconds: float) -> str:
    """A time span a person reads at a glance: "1 h 5 min", "3 min 20 s", "40 s"."""
    hours, minutes, rest = duration_parts(seconds)
    if hours:
        return translate("ClaimsTab", "{0} h {1} min").format(hours, minutes)
    if minutes:
        return translate("ClaimsTab", "{0} min {1} s").format(minutes, rest)
    return translate("ClaimsTab", "{0} s").format(rest)


def published_task(task: str) -> str:
    """What a paper trained on, in the current language (core names it in English)."""
    names = {"pixel-by-pixel MNIST": translate("ClaimsTab", "pixel-by-pixel MNIST")}
    return names.get(task, task)
