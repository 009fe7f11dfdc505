"""What the `gradients` and `sweep` commands print in a terminal: tables, sparklines."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

SPARK = "▁▂▃▄▅▆▇█"
# Longer profiles are shown as this many bins (each the mean of its steps) in the table.
TABLE_ROWS = 28


def sparkline(values: Sequence[float] | np.ndarray, width: int = 56) -> str:
    """One character per bin of steps, its height the bin's mean on a log scale.

    Gradients span orders of magnitude, so heights are log10; a non-positive bin is a space.
    """
    array = np.asarray(values, dtype=np.float64)
    bins = np.array_split(array, min(width, len(array))) if len(array) else []
    means = np.array([chunk.mean() for chunk in bins]) if bins else np.zeros(0)
    positive = means[means > 0]
    if not len(positive):
        return " " * len(means)
    logs = np.log10(positive)
    low, high = float(logs.min()), float(logs.max())
    span = high - low or 1.0
    characters = []
    for mean in means:
        if not mean > 0:
            characters.append(" ")
            continue
        level = (math.log10(mean) - low) / span
        characters.append(SPARK[min(len(SPARK) - 1, int(level * (len(SPARK) - 1) + 0.5))])
    return "".join(characters)


def profile_table(
    input_norms: Sequence[float] | np.ndarray, hidden_norms: Sequence[float] | np.ndarray | None
) -> list[str]:
    """Lines: the steps (or bins of steps) with their mean input and hidden gradient norms."""
    inputs = np.asarray(input_norms, dtype=np.float64)
    hidden = None if hidden_norms is None else np.asarray(hidden_norms, dtype=np.float64)
    steps = len(inputs)
    edges = np.linspace(0, steps, min(steps, TABLE_ROWS) + 1).round().astype(int)
    lines = [f"{'steps':>11}  {'|dL/dx_t|':>12}  {'|dL/dh_t|':>12}"]
    for first, last in zip(edges[:-1], edges[1:], strict=True):
        label = f"{first + 1}" if last - first == 1 else f"{first + 1}-{last}"
        hidden_text = "-" if hidden is None else f"{hidden[first:last].mean():.4g}"
        lines.append(f"{label:>11}  {inputs[first:last].mean():>12.4g}  {hidden_text:>12}")
    return lines


SWEEP_COLUMNS = (
    ("cell", "{:<5}"),
    ("steps", "{:>5}"),
    ("params", "{:>9,}"),
    ("macs_per_sample", "{:>13,}"),
    ("samples_per_s", "{:>10,.0f}"),
    ("seconds", "{:>8.1f}"),
    ("val_acc", "{:>7.4f}"),
    ("early_late_gradient_ratio", "{:>11.3g}"),
)
_SWEEP_HEADERS = ("cell", "steps", "params", "mult-adds", "samples/s", "seconds", "val_acc")


def sweep_header() -> str:
    """The sweep table's header line."""
    widths = (5, 5, 9, 13, 10, 8, 7)
    names = [
        f"{name:<{w}}" if i == 0 else f"{name:>{w}}"
        for i, (name, w) in enumerate(zip(_SWEEP_HEADERS, widths, strict=True))
    ]
    return "  ".join([*names, f"{'early/late':>11}", "checkpoint"])


def sweep_row(row: Mapping[str, Any]) -> str:
    """One finished run of a sweep as a table line."""
    # Python formats NaN as "nan" in every one of these templates.
    cells = [template.format(row[name]) for name, template in SWEEP_COLUMNS]
    return "  ".join([*cells, str(row["checkpoint"])])
