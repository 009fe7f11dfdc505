"""The three claims in our own words, what each experiment measures, and what to try next."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

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
                "An LSTM keeps gradients alive over many steps, where a plain RNN's fade away "
                "(or blow up) as they travel back through time.",
            ),
            translate(
                "ClaimsTab",
                "Trains a plain RNN, a GRU and an LSTM at each length and measures how much "
                "gradient of the loss reaches each step's input: the early/late ratio is the "
                "mean over the first quarter of the steps ÷ the mean over the last quarter.",
            ),
            translate(
                "ClaimsTab",
                "Try next: longer sequences (392 or 784 steps); PyTorch's initialisation "
                "instead of Keras's (untick it); gradient clipping at 1; more training digits, "
                "so the trained profiles mean more than the initial ones. The forget-gate bias "
                "of 1 comes with Keras's initialisation.",
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
                "Cuts each image into 28, 112 and 784 steps and compares the accuracy each "
                "cell reaches on the same training budget.",
            ),
            translate(
                "ClaimsTab",
                "Try next: more training digits or epochs (a tiny budget blurs the answer); "
                "392 steps, between the two; gradient clipping; the GRU against the LSTM.",
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
                "Counts each cell's multiply-adds per sample (gates × steps × (inputs × units "
                "+ units²)) and measures the samples per second it trains at on this machine.",
            ),
            translate(
                "ClaimsTab",
                "Try next: more hidden units (128, 256), where the arithmetic dominates; "
                "longer sequences; bf16 precision in the Train tab; two layers in the Train "
                "tab for depth.",
            ),
        ),
    }
