"""Colours and colour maps shared by the Draw tab's panels, chosen to read well for a learner."""

from __future__ import annotations

import pyqtgraph as pg

ACCENT = "#2f6fdf"  # the network's answer
TEXT_MUTED = "#5d6675"
BAR = pg.mkBrush("#b8c3d6")
BAR_BEST = pg.mkBrush(ACCENT)
SCAN_LINE = "#ff9f1c"  # the row being read
DECIDED = "#e0245e"  # the row where the network made up its mind
CHANGED = "#c2410c"  # an experiment changed the answer
UNCHANGED = "#15803d"  # an experiment left the answer as it was

# Probabilities and gate openings run from 0 to 1; hidden and cell states are signed.
PROBABILITY_MAP = "viridis"
GATE_MAP = "magma"
STATE_MAP = "CET-D1"  # blue (negative) - white (0) - red (positive)


def colour_map(name: str) -> pg.ColorMap:
    """One of pyqtgraph's bundled colour maps by name."""
    colour_map = pg.colormap.get(name)
    assert colour_map is not None
    return colour_map
