"""Pen strokes and their rendering into an ink-high canvas, the way the draw pad renders them."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from lstm_gui.core.config import IMAGE_SIDE
from lstm_gui.core.errors import ImageError
from lstm_gui.core.reading.preprocess import is_blank, to_mnist

# The pad's drawing lives on a square canvas of this many pixels a side, whatever the widget's
# size on screen, so the same strokes always give the model the same picture. Ten canvas pixels
# make one MNIST pixel, which lets a 28x28 image be edited on the canvas exactly.
CANVAS_SIDE = 280
CANVAS_SCALE = CANVAS_SIDE // IMAGE_SIDE

# A pen of width 1.0 draws strokes this many canvas pixels wide: about as thick, relative to the
# digit, as MNIST's strokes when a digit fills most of the pad.
DEFAULT_PEN_WIDTH = 20.0
# Pressure 0 still leaves a line this fraction of the pen's width, so light touches show.
MIN_PRESSURE_WIDTH = 0.35
# What a stroke read from a file (a kept digit, a lesson) may hold. The pad's widest pen, doubled
# for the eraser, is far below this width, and the pad holds a pen dragged far past the canvas at
# the edge of this range, so every stroke it records passes; a hostile file's stroke does not.
MAX_PEN_WIDTH = 200.0
COORDINATE_RANGE = (-CANVAS_SIDE, 2 * CANVAS_SIDE)
_STROKE_KEYS = ("points", "pressures", "width", "erase")


@dataclass(frozen=True)
class Stroke:
    """One pen-down to pen-up movement, in canvas coordinates (0..CANVAS_SIDE, y down).

    `points` is an (n, 2) array of x, y; `pressures` an (n,) array in [0, 1] (1 for a mouse);
    `width` the pen width in canvas pixels at full pressure; `erase` marks an eraser stroke.
    """

    points: np.ndarray
    pressures: np.ndarray
    width: float = DEFAULT_PEN_WIDTH
    erase: bool = False

    @classmethod
    def from_points(
        cls,
        points: Iterable[Sequence[float]],
        width: float = DEFAULT_PEN_WIDTH,
        *,
        pressures: Iterable[float] | None = None,
        erase: bool = False,
    ) -> Stroke:
        """A stroke through `points` (x, y pairs), at full pressure unless `pressures` is given."""
        xy = np.asarray(list(points), dtype=np.float32).reshape(-1, 2)
        if pressures is None:
            pressure = np.ones(len(xy), dtype=np.float32)
        else:
            pressure = np.clip(np.asarray(list(pressures), dtype=np.float32), 0.0, 1.0)
        if len(pressure) != len(xy):
            raise ValueError("a stroke needs one pressure per point")
        xy.setflags(write=False)
        pressure.setflags(write=False)
        return cls(xy, pressure, float(width), erase)

    def radii(self) -> np.ndarray:
        """Half the line width at each point, thinner where the pen pressed lightly."""
        scale = MIN_PRESSURE_WIDTH + (1.0 - MIN_PRESSURE_WIDTH) * self.pressures
        return 0.5 * self.width * scale


def stroke_to_json(stroke: Stroke) -> dict[str, Any]:
    """A stroke as JSON values: points to 0.01 px, pressures to 0.001, the width and erase flag."""
    return {
        "points": np.asarray(stroke.points, np.float64).round(2).tolist(),
        "pressures": np.asarray(stroke.pressures, np.float64).round(3).tolist(),
        "width": round(float(stroke.width), 3),
        "erase": bool(stroke.erase),
    }


def stroke_from_json(values: object) -> Stroke:
    """The stroke stroke_to_json wrote, checked; ValueError with a short reason if it is not one.

    The reason is a lower-case phrase without a full stop, for the caller's own sentence.
    """
    if not isinstance(values, dict):
        raise ValueError("a stroke is not an object")
    for key in _STROKE_KEYS:
        if key not in values:
            raise ValueError(f"a stroke has no {key!r}")
    unknown = sorted(str(key) for key in values if key not in _STROKE_KEYS)
    if unknown:
        raise ValueError(
            f"a stroke holds unknown entries {', '.join(repr(k)[:40] for k in unknown[:3])}"
        )
    points = _finite_numbers(values["points"], "points", pairs=True)
    pressures = _finite_numbers(values["pressures"], "pressures", pairs=False)
    if len(pressures) != len(points):
        raise ValueError("a stroke needs one pressure per point")
    low, high = COORDINATE_RANGE
    if points.size and (points.min() < low or points.max() > high):
        raise ValueError(f"a stroke's points must lie between {low} and {high}")
    if pressures.size and (pressures.min() < 0.0 or pressures.max() > 1.0):
        raise ValueError("a stroke's pressures must lie between 0 and 1")
    width, erase = values["width"], values["erase"]
    if not _is_finite_number(width):
        raise ValueError("a stroke's width must be a number")
    if not 0.0 < width <= MAX_PEN_WIDTH:
        raise ValueError(f"a stroke's width must be above 0 and at most {MAX_PEN_WIDTH:g}")
    if not isinstance(erase, bool):
        raise ValueError("a stroke's erase flag must be true or false")
    return Stroke.from_points(points, float(width), pressures=pressures, erase=erase)


def _finite_numbers(values: object, name: str, *, pairs: bool) -> np.ndarray:
    """A float array, (n, 2) or (n,), from a JSON list of finite numbers or of [x, y] pairs."""
    rows = values if isinstance(values, list) else None
    ok = rows is not None
    if ok and pairs:
        ok = all(isinstance(row, list) and len(row) == 2 for row in rows or ())
    flat = [x for row in rows or () for x in row] if ok and pairs else rows or []
    if not ok or not all(_is_finite_number(x) for x in flat):
        shape = "n x 2" if pairs else "n"
        raise ValueError(f"a stroke's {name} must be a list of finite numbers shaped {shape}")
    return (
        np.asarray(flat, dtype=np.float64).reshape(-1, 2) if pairs else np.asarray(flat, np.float64)
    )


def _is_finite_number(value: object) -> bool:
    """A JSON number a float holds (a huge integer overflows one; NaN and infinity are no data)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return abs(value) < 1e300 if isinstance(value, int) else math.isfinite(value)


def new_canvas(base: np.ndarray | None = None) -> np.ndarray:
    """An empty float32 canvas, or one holding a 28x28 image enlarged pixel for pixel."""
    if base is None:
        return np.zeros((CANVAS_SIDE, CANVAS_SIDE), dtype=np.float32)
    base = np.asarray(base, dtype=np.float32)
    if base.shape != (IMAGE_SIDE, IMAGE_SIDE):
        raise ValueError(f"a base image must be 28x28, not {base.shape}")
    return np.kron(np.clip(base, 0.0, 1.0), np.ones((CANVAS_SCALE, CANVAS_SCALE), np.float32))


def shrink_canvas(canvas: np.ndarray) -> np.ndarray:
    """Average each 10x10 block of the canvas into one pixel of a 28x28 image."""
    blocks = canvas.reshape(IMAGE_SIDE, CANVAS_SCALE, IMAGE_SIDE, CANVAS_SCALE)
    return blocks.mean(axis=(1, 3)).astype(np.float32)


def render_strokes(strokes: Iterable[Stroke], canvas: np.ndarray | None = None) -> np.ndarray:
    """Draw strokes in order onto a float canvas (ink high, 0..1) and return it.

    Pen strokes raise the ink to their antialiased coverage; eraser strokes lower it. A fresh
    canvas is used when none is given; a given canvas is drawn on in place.
    """
    if canvas is None:
        canvas = new_canvas()
    for stroke in strokes:
        draw_segments(canvas, stroke, 0)
    return canvas


def draw_segments(canvas: np.ndarray, stroke: Stroke, first: int) -> None:
    """Draw a stroke's segments from point `first` on (a single point draws a dot).

    The pad calls this with the newest points while a stroke is under way, so drawing costs
    only the new segment's neighbourhood, not the whole canvas.
    """
    points = stroke.points
    radii = stroke.radii()
    if len(points) == 1:
        _draw_capsule(canvas, points[0], points[0], radii[0], radii[0], stroke.erase)
        return
    for index in range(max(first, 1), len(points)):
        _draw_capsule(
            canvas, points[index - 1], points[index], radii[index - 1], radii[index], stroke.erase
        )


def _draw_capsule(
    canvas: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    start_radius: float,
    end_radius: float,
    erase: bool,
) -> None:
    """Draw a segment with round ends whose radius runs from start to end, antialiased."""
    height, width = canvas.shape
    reach = max(start_radius, end_radius) + 1.0
    left = max(int(np.floor(min(start[0], end[0]) - reach)), 0)
    right = min(int(np.ceil(max(start[0], end[0]) + reach)) + 1, width)
    top = max(int(np.floor(min(start[1], end[1]) - reach)), 0)
    bottom = min(int(np.ceil(max(start[1], end[1]) + reach)) + 1, height)
    if left >= right or top >= bottom:
        return
    # Pixel centres sit at half-integer coordinates, like QPainter's.
    xs = np.arange(left, right, dtype=np.float32) + 0.5
    ys = np.arange(top, bottom, dtype=np.float32)[:, None] + 0.5
    direction = end - start
    length_squared = float(direction @ direction)
    if length_squared > 0:
        along = ((xs - start[0]) * direction[0] + (ys - start[1]) * direction[1]) / length_squared
        along = np.clip(along, 0.0, 1.0)
    else:
        along = np.zeros((len(ys), len(xs)), dtype=np.float32)
    distance = np.hypot(
        xs - (start[0] + along * direction[0]), ys - (start[1] + along * direction[1])
    )
    radius = start_radius + along * (end_radius - start_radius)
    # One pixel of soft edge: coverage falls from 1 to 0 as the distance crosses the radius.
    coverage = np.clip(radius - distance + 0.5, 0.0, 1.0)
    window = canvas[top:bottom, left:right]
    if erase:
        np.minimum(window, 1.0 - coverage, out=window)
    else:
        np.maximum(window, coverage, out=window)


@dataclass(frozen=True)
class Drawing:
    """What is on the pad: an image underneath (optional), strokes over it, and their canvas.

    `base` is a 28x28 ink-high image or None; `canvas` is CANVAS_SIDE square, ink high.
    """

    base: np.ndarray | None
    strokes: tuple[Stroke, ...]
    canvas: np.ndarray

    @classmethod
    def render(cls, base: np.ndarray | None = None, strokes: Iterable[Stroke] = ()) -> Drawing:
        """A drawing with its canvas rendered from scratch."""
        strokes = tuple(strokes)
        return cls(base, strokes, render_strokes(strokes, new_canvas(base)))

    def is_blank(self) -> bool:
        """True when nothing worth reading is on the pad."""
        return is_blank(self.canvas)

    def model_image(self) -> np.ndarray | None:
        """The 28x28 image the model reads, or None when the pad holds no digit.

        A free drawing is prepared like MNIST (cropped, scaled to 20 px, centred by mass). An
        opened 28x28 image keeps its frame: strokes drawn over it edit its pixels in place,
        and with no strokes the model reads the image exactly as it was given.
        """
        if self.is_blank():
            return None
        if self.base is not None:
            return shrink_canvas(self.canvas) if self.strokes else self.base.copy()
        try:
            return to_mnist(self.canvas, invert=False)
        except ImageError:  # a few specks of ink: nothing to read yet
            return None
