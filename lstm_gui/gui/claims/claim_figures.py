"""What the Claims tab draws and lists, computed from an experiment's runs with core (no Qt).

Plots draw medians over seeds with the lowest and highest seed as a band or bars; the table
lists the same spreads. Gradient norms span tens of decades, so profiles are kept as log10,
a norm of exactly 0 (below float32's range) counting as core's VANISHED, as the verdicts do.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from lstm_gui.core.claims.evidence import CELL_ORDER
from lstm_gui.core.claims.gradient_verdict import span_ratio, span_start
from lstm_gui.core.claims.records import ClaimRun, CostTiming
from lstm_gui.core.claims.spread import VANISHED, Spread, log_spread, percent_spread

# The profile of the state that carries memory: an LSTM's cell c, the others' h.
MEMORY = "memory"
INPUT = "input"


def ordered_cells(cells: Iterable[str]) -> list[str]:
    """RNN, GRU, LSTM, in that order, those present."""
    present = set(cells)
    return [cell for cell in CELL_ORDER if cell in present] + sorted(present - set(CELL_ORDER))


@dataclass(frozen=True)
class Band:
    """A gradient profile over seeds: per step (1 = first), log10 of the median, lowest, highest.

    `span` is the first and last step of the span the gradient must cross (the blank steps,
    from the last image row on), or None when the sequence has no blank steps.
    """

    cell: str
    steps: np.ndarray
    median: np.ndarray
    low: np.ndarray
    high: np.ndarray
    seeds: int
    span: tuple[int, int] | None


def profile_name(run: ClaimRun, name: str) -> str:
    """The key in `run.profiles`: MEMORY stands for the run's memory state ("cell" or "hidden")."""
    return name.replace(MEMORY, run.memory_state)


def _log10(values: Sequence[float]) -> np.ndarray:
    array = np.asarray(values, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        return np.where(
            np.isfinite(array) & (array >= 0), np.log10(np.maximum(array, VANISHED)), np.nan
        )


def profile_band(runs: Sequence[ClaimRun], cell: str, steps: int, name: str) -> Band | None:
    """The profile `name` ("memory", "input", "memory_init_keras"…) of `cell` at `steps`.

    None when no seed measured it.
    """
    mine = [run for run in runs if run.cell == cell and run.steps == steps]
    rows = [run.profiles.get(profile_name(run, name), ()) for run in mine]
    measured = [(run, row) for run, row in zip(mine, rows, strict=True) if len(row) == steps]
    if not measured:
        return None
    logs = np.vstack([_log10(row) for _, row in measured])
    sample = measured[0][0]
    start = span_start(sample)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a step no seed measured stays NaN
        median = np.nanmedian(logs, axis=0)
        low, high = np.nanmin(logs, axis=0), np.nanmax(logs, axis=0)
    return Band(
        cell=cell,
        steps=np.arange(1, steps + 1, dtype=np.float64),
        median=median,
        low=low,
        high=high,
        seeds=len(measured),
        span=(start + 1, steps) if sample.blank_steps else None,
    )


def profile_bands(runs: Sequence[ClaimRun], steps: int, name: str) -> list[Band]:
    """One band per cell (in CELL_ORDER) that measured the profile at `steps`."""
    bands = [profile_band(runs, cell, steps, name) for cell in ordered_cells(r.cell for r in runs)]
    return [band for band in bands if band is not None]


def profiled_lengths(runs: Sequence[ClaimRun]) -> list[int]:
    """The lengths whose runs measured gradient profiles, shortest first."""
    return sorted({run.steps for run in runs if run.profiles})


@dataclass(frozen=True)
class Point:
    """One plotted point: x (steps or layers) and a spread over seeds or repeats."""

    x: int
    spread: Spread


def accuracy_points(runs: Sequence[ClaimRun], cell: str) -> list[Point]:
    """Test accuracy (0..1) of `cell` per length: mean, lowest, highest over seeds."""
    lengths = sorted({run.steps for run in runs if run.cell == cell})
    return [
        Point(steps, Spread.of(r.val_acc for r in runs if r.cell == cell and r.steps == steps))
        for steps in lengths
    ]


def timing_points(timings: Sequence[CostTiming], cell: str, by_layers: bool) -> list[Point]:
    """Milliseconds per update of `cell` over repeats: by length at one layer, or by layers.

    By layers at the shortest length timed with more than one depth.
    """
    mine = [t for t in timings if t.cell == cell]
    if by_layers:
        deep = [t.steps for t in mine if t.layers > 1]
        if not deep:
            return []
        shortest = min(deep)
        chosen = sorted((t for t in mine if t.steps == shortest), key=lambda t: t.layers)
        return [Point(t.layers, Spread.of(1000 * s for s in t.seconds)) for t in chosen]
    chosen = sorted((t for t in mine if t.layers == 1), key=lambda t: t.steps)
    return [Point(t.steps, Spread.of(1000 * s for s in t.seconds)) for t in chosen]


def depth_length(timings: Sequence[CostTiming]) -> int | None:
    """The length the depths were timed at (None when only one layer was timed)."""
    deep = [t.steps for t in timings if t.layers > 1]
    return min(deep) if deep else None


@dataclass(frozen=True)
class TableRow:
    """One row of the results table, its figures already written as text."""

    cell: str
    steps: int
    layers: int
    figure: str  # accuracy "73.1% (70.2–75.0%)" or "12.3 ms (11.9–13.0)"
    count: int  # seeds (training) or repeats (cost) done
    ratio: str  # the memory gradient's span ratio: median (range), or "—"
    spread: Spread  # what `figure` says, as numbers


def memory_ratios(runs: Sequence[ClaimRun]) -> list[float]:
    """Per run: the memory state's gradient at the span's start ÷ at the last step."""
    return [
        span_ratio(run.profiles.get(run.memory_state, ()), span_start(run))
        for run in runs
        if run.profiles.get(run.memory_state)
    ]


def run_rows(runs: Sequence[ClaimRun]) -> list[TableRow]:
    """Cell x length: accuracy over seeds, seeds done, the memory-gradient ratio."""
    rows = []
    for cell in ordered_cells(run.cell for run in runs):
        for steps in sorted({run.steps for run in runs if run.cell == cell}):
            mine = [run for run in runs if run.cell == cell and run.steps == steps]
            spread = Spread.of(run.val_acc for run in mine)
            ratios = memory_ratios(mine)
            ratio = log_spread(ratios)[1] if ratios else "—"
            rows.append(TableRow(cell, steps, 1, percent_spread(spread), len(mine), ratio, spread))
    return rows


def ms_text(spread: Spread) -> str:
    """Milliseconds: "12.3 (11.9–13.0)", the median and the range over repeats."""
    if not spread.known:
        return "n/a"
    text = f"{spread.median:.3g}"
    if spread.count > 1:
        text += f" ({spread.low:.3g}–{spread.high:.3g})"
    return text


def timing_rows(timings: Sequence[CostTiming]) -> list[TableRow]:
    """Cell x length (then x layers): milliseconds per update over repeats."""
    rows = []
    for cell in ordered_cells(t.cell for t in timings):
        mine = sorted((t for t in timings if t.cell == cell), key=lambda t: (t.layers, t.steps))
        for timing in mine:
            spread = Spread.of(1000 * s for s in timing.seconds)
            rows.append(
                TableRow(
                    cell, timing.steps, timing.layers, ms_text(spread), spread.count, "—", spread
                )
            )
    return rows


@dataclass(frozen=True)
class ReferenceFacts:
    """What a reference result was run with, to name beside it."""

    seeds: int
    updates: int
    repeats: int
    timed_updates: int
    machine: str
    date: str
    wall_seconds: float
    command: str


def reference_facts(
    settings: Any, provenance: Mapping[str, Any] | None, seconds: float
) -> ReferenceFacts:
    """Seeds, updates, machine, date and wall time of a (reference) experiment."""
    provenance = provenance or {}
    wall = provenance.get("wall_seconds", seconds)
    try:
        wall = float(wall)
    except (TypeError, ValueError):
        wall = math.nan
    return ReferenceFacts(
        seeds=settings.seeds,
        updates=settings.updates,
        repeats=settings.repeats,
        timed_updates=settings.timed_updates,
        machine=str(provenance.get("machine", "")),
        date=str(provenance.get("date", ""))[:10],
        wall_seconds=wall,
        command=str(provenance.get("command", "")),
    )


def short_citation(source: str) -> str:
    """A source cut to its authors and year: "Cooijmans et al. 2017"."""
    parts = source.split(", ")
    authors = parts[0] + (f", {parts[1]}" if len(parts) > 1 and "&" in parts[1] else "")
    years = re.findall(r"\b(?:19|20)\d\d\b", source)
    return f"{authors} {years[0]}" if years else authors


def time_left(elapsed: float, fraction: float) -> float | None:
    """Seconds still to go at this pace (None until a share is done to judge the pace by)."""
    if not 0.0 < fraction <= 1.0 or elapsed <= 0:
        return None
    return max(0.0, elapsed * (1.0 - fraction) / fraction)


def duration_parts(seconds: float) -> tuple[int, int, int]:
    """Hours, minutes and seconds, rounded to the second."""
    total = max(0, round(seconds))
    return total // 3600, total % 3600 // 60, total % 60
