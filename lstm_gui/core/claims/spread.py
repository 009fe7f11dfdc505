"""Figures over seeds (mean, lowest, highest) and the rule that turns two of them into a call.

A verdict may say "supports" or "contradicts" only where the compared ranges separate: every
seed of one side beyond every seed of the other. Overlapping ranges decide nothing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import median

SUPPORTS = "supports"
CONTRADICTS = "contradicts"
INCONCLUSIVE = "inconclusive"
DECISIONS = (SUPPORTS, CONTRADICTS, INCONCLUSIVE)

# Ten classes: guessing is right 10% of the time.
CHANCE = 0.1
# A net "learned" when every seed reached this accuracy: clearly above chance.
LEARNED = 0.3


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate reads
    """Mark a verdict template for the translation catalogue; core stays free of Qt."""
    return text


# The context the GUI translates verdict templates in.
CONTEXT = "ClaimVerdict"


@dataclass(frozen=True)
class Spread:
    """A figure over seeds (or repeats): its mean, lowest and highest value, and count."""

    mean: float
    low: float
    high: float
    count: int
    median: float = math.nan

    @classmethod
    def of(cls, values: Iterable[float]) -> Spread:
        """The spread of the finite values (all NaN when there are none)."""
        finite = [float(v) for v in values if math.isfinite(v)]
        if not finite:
            return cls(math.nan, math.nan, math.nan, 0)
        return cls(sum(finite) / len(finite), min(finite), max(finite), len(finite), median(finite))

    @property
    def known(self) -> bool:
        """Whether any value was finite."""
        return self.count > 0


# A side needs this many values (seeds, repeats) before its range can separate from another:
# one value has no spread to judge by.
MIN_COUNT = 2


def compare(first: Spread, second: Spread, margin: float = 0.0) -> int:
    """Which side is beyond the other on every value, by more than `margin`.

    +1: every value of `first` exceeds every value of `second`; -1: the other way round; 0:
    the ranges overlap, or a side has fewer than MIN_COUNT values.
    """
    if first.count < MIN_COUNT or second.count < MIN_COUNT:
        return 0
    if first.low > second.high + margin:
        return 1
    if first.high < second.low - margin:
        return -1
    return 0


def grouped(items: Iterable[object], *keys: str) -> dict[tuple[object, ...], list[object]]:
    """Items grouped by the values of their attributes `keys`, in first-seen order."""
    groups: dict[tuple[object, ...], list[object]] = {}
    for item in items:
        groups.setdefault(tuple(getattr(item, key) for key in keys), []).append(item)
    return groups


@dataclass(frozen=True)
class Sentence:
    """One sentence of a verdict: an English template and the figures it quotes, formatted."""

    template: str
    values: Mapping[str, str] = field(default_factory=dict)

    def text(self, template: str | None = None) -> str:
        """The sentence, with `template` (a translation) in place of the English one."""
        return (template or self.template).format(**self.values)


@dataclass(frozen=True)
class Verdict:
    """What an experiment's numbers say about its claim: a decision, sentences, the budget."""

    claim: str
    decision: str  # SUPPORTS, CONTRADICTS or INCONCLUSIVE
    sentences: tuple[Sentence, ...]
    budget: Mapping[str, object]

    def text(self, translate: object = None) -> str:
        """The sentences as one paragraph; `translate(template)` gives a translation."""
        if callable(translate):
            return " ".join(s.text(translate(s.template)) for s in self.sentences)
        return " ".join(s.text() for s in self.sentences)

    def to_dict(self) -> dict[str, object]:
        """The last JSON object of `lstm-gui claims --json`."""
        return {
            "claim": self.claim,
            "decision": self.decision,
            "text": self.text(),
            "budget": dict(self.budget),
        }


def percent(value: float) -> str:
    """0.731 -> "73.1%" ("n/a" when not finite)."""
    return "n/a" if not math.isfinite(value) else f"{100 * value:.1f}%"


def percent_spread(spread: Spread) -> str:
    """Text like "73.1% (70.2–75.0%)": mean (lowest–highest); one value alone without a range."""
    if not spread.known:
        return "n/a"
    if spread.count == 1:
        return percent(spread.mean)
    return f"{percent(spread.mean)} ({100 * spread.low:.1f}–{percent(spread.high)})"


def number(value: float) -> str:
    """Three significant figures, scientific where small or large."""
    if not math.isfinite(value):
        return "n/a"
    return f"{value:.3g}"


# A gradient ratio of exactly 0 fell below float32's range (about 1e-38; denormals are flushed
# to zero): it counts as this on the log scale, and is written "0".
VANISHED = 1e-45


def ratio_text(value: float) -> str:
    """A ratio of gradients: three significant figures, "0" where it vanished entirely."""
    return "0" if 0 <= value <= VANISHED else number(value)


def log_spread(values: Sequence[float]) -> tuple[Spread, str]:
    """The spread of log10 of non-negative values, and its text as plain numbers.

    Ratios of gradients span orders of magnitude: the text gives the median seed's value and
    the lowest and highest; the spread is of log10 (NaN values left out).
    """
    logs = Spread.of(
        math.log10(max(v, VANISHED)) if math.isfinite(v) and v >= 0 else math.nan for v in values
    )
    if not logs.known:
        return logs, "n/a"
    text = ratio_text(10**logs.median)
    if logs.count > 1:
        text += f" ({ratio_text(10**logs.low)}–{ratio_text(10**logs.high)})"
    return logs, text
