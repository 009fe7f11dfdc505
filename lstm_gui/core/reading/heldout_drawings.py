"""Held-out drawn digits in several styles, to measure how the pad's reading generalises.

These digits are built from templates of their own (cubic Bézier pen paths, not the
Catmull-Rom and arc templates of digit_strokes.py, which the tests and the pad's examples use),
so a model or a preprocessing tuned on one set is measured on shapes it has not seen. Each
style changes one thing people do differently from MNIST's writers: the pen's width, the slant,
the size and place on the pad, the pen's pressure, a shaky mouse, or the digit's very shape
(an open 4, a crossed 7, a 1 with serifs, ...).

Nothing here is used for training. Settings are chosen on DEV_SEED; HELDOUT_SEED is kept for
the figures reported (benchmarks/drawn_accuracy.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from lstm_gui.core.reading.strokes import CANVAS_SIDE, Drawing, Stroke

DEV_SEED = 20_201
HELDOUT_SEED = 20_202

Point = tuple[float, float]
PenPath = list[Point]  # one pen-down movement in the unit box: x right, y down, about 0.6 x 1.0
Shape = list[PenPath]


def bezier(p0: Point, p1: Point, p2: Point, p3: Point, steps: int = 16) -> PenPath:
    """A cubic Bézier segment (its first point included)."""
    t = np.linspace(0.0, 1.0, steps)[:, None]
    points = (
        (1 - t) ** 3 * np.array(p0)
        + 3 * (1 - t) ** 2 * t * np.array(p1)
        + 3 * (1 - t) * t**2 * np.array(p2)
        + t**3 * np.array(p3)
    )
    return [(float(x), float(y)) for x, y in points]


def chain(*parts: Sequence[Point]) -> PenPath:
    """Parts joined end to end into one pen movement."""
    return [point for part in parts for point in part]


def oval(cx: float, cy: float, rx: float, ry: float, start: str = "top") -> PenPath:
    """A closed, anticlockwise oval from four Bézier quarters, starting at the top or right."""
    k = 0.5523  # the control distance that makes a Bézier quarter look circular
    top, left, bottom, right = (cx, cy - ry), (cx - rx, cy), (cx, cy + ry), (cx + rx, cy)
    quarters = [
        bezier(top, (cx - k * rx, cy - ry), (cx - rx, cy - k * ry), left),
        bezier(left, (cx - rx, cy + k * ry), (cx - k * rx, cy + ry), bottom),
        bezier(bottom, (cx + k * rx, cy + ry), (cx + rx, cy + k * ry), right),
        bezier(right, (cx + rx, cy - k * ry), (cx + k * rx, cy - ry), top),
    ]
    if start == "right":
        quarters = quarters[3:] + quarters[:3]
    return chain(*quarters)


# The shapes most people draw: the "plain" style and every style but "other shapes" use these.
COMMON_SHAPES: dict[int, list[Shape]] = {
    0: [[oval(0.5, 0.5, 0.28, 0.47)]],
    1: [[[(0.46, 0.02), (0.54, 0.98)]], [[(0.36, 0.16), (0.55, 0.02), (0.5, 0.98)]]],
    2: [
        [
            chain(
                bezier((0.2, 0.25), (0.25, -0.04), (0.8, -0.02), (0.76, 0.3)),
                bezier((0.76, 0.3), (0.72, 0.55), (0.35, 0.75), (0.18, 0.96)),
                [(0.86, 0.95)],
            )
        ]
    ],
    3: [
        [
            chain(
                bezier((0.2, 0.12), (0.45, -0.05), (0.85, 0.05), (0.72, 0.3)),
                bezier((0.72, 0.3), (0.64, 0.45), (0.45, 0.47), (0.4, 0.48)),
                bezier((0.4, 0.48), (0.9, 0.46), (0.9, 0.98), (0.46, 0.97)),
                [(0.18, 0.86)],
            )
        ]
    ],
    4: [[[(0.68, 0.98), (0.68, 0.02), (0.12, 0.68), (0.9, 0.68)]]],
    5: [
        [
            chain(
                [(0.3, 0.04), (0.26, 0.45)],
                bezier((0.26, 0.45), (0.6, 0.3), (0.92, 0.55), (0.74, 0.82)),
                bezier((0.74, 0.82), (0.6, 1.02), (0.3, 0.98), (0.18, 0.86)),
            ),
            [(0.3, 0.04), (0.82, 0.03)],
        ]
    ],
    6: [
        [
            chain(
                bezier((0.72, 0.04), (0.4, 0.1), (0.2, 0.45), (0.24, 0.72)),
                bezier((0.24, 0.72), (0.28, 1.02), (0.78, 1.02), (0.76, 0.72)),
                bezier((0.76, 0.72), (0.74, 0.45), (0.35, 0.45), (0.25, 0.66)),
            )
        ]
    ],
    7: [[[(0.14, 0.06), (0.86, 0.05), (0.4, 0.98)]]],
    8: [
        [
            chain(
                bezier((0.72, 0.18), (0.68, -0.04), (0.24, -0.04), (0.28, 0.22)),
                bezier((0.28, 0.22), (0.32, 0.42), (0.78, 0.5), (0.78, 0.74)),
                bezier((0.78, 0.74), (0.78, 1.02), (0.22, 1.02), (0.22, 0.74)),
                bezier((0.22, 0.74), (0.22, 0.5), (0.7, 0.42), (0.72, 0.18)),
            )
        ]
    ],
    9: [
        [
            chain(
                oval(0.5, 0.28, 0.25, 0.24, start="right"),
                bezier((0.75, 0.28), (0.75, 0.55), (0.7, 0.8), (0.66, 0.98)),
            )
        ]
    ],
}

# Shapes from other hands and schools: the "other shapes" style draws only these.
OTHER_SHAPES: dict[int, list[Shape]] = {
    0: [[chain(oval(0.5, 0.52, 0.3, 0.44, start="right"), [(0.8, 0.4), (0.74, 0.2)])]],
    1: [
        [[(0.3, 0.2), (0.52, 0.02), (0.52, 0.98)], [(0.28, 0.98), (0.76, 0.98)]],  # serifs
        [[(0.18, 0.34), (0.6, 0.02), (0.6, 0.98)]],  # a long continental flag
    ],
    2: [
        [  # a loop at the foot
            chain(
                bezier((0.18, 0.24), (0.22, -0.04), (0.82, -0.04), (0.76, 0.3)),
                bezier((0.76, 0.3), (0.7, 0.55), (0.3, 0.72), (0.24, 0.9)),
                bezier((0.24, 0.9), (0.2, 1.02), (0.46, 0.98), (0.38, 0.86)),
                bezier((0.38, 0.86), (0.5, 0.98), (0.7, 0.94), (0.88, 0.92)),
            )
        ]
    ],
    3: [
        [  # a flat top, like a Z
            chain(
                [(0.18, 0.04), (0.8, 0.04), (0.42, 0.42)],
                bezier((0.42, 0.42), (0.92, 0.38), (0.94, 0.98), (0.44, 0.97)),
                [(0.16, 0.86)],
            )
        ]
    ],
    4: [
        [[(0.2, 0.02), (0.14, 0.6), (0.88, 0.6)], [(0.68, 0.24), (0.68, 0.98)]],  # open
        [[(0.14, 0.02), (0.2, 0.58), (0.84, 0.58)], [(0.62, 0.3), (0.58, 0.98)]],
    ],
    5: [
        [  # an angular belly, the flag drawn in the same movement
            [(0.8, 0.03), (0.28, 0.04), (0.24, 0.44), (0.7, 0.44), (0.78, 0.72)]
            + bezier((0.78, 0.72), (0.78, 1.0), (0.3, 1.02), (0.18, 0.86))
        ]
    ],
    6: [
        [  # a straight stem into a small loop
            chain(
                [(0.62, 0.02), (0.28, 0.66)],
                bezier((0.28, 0.66), (0.16, 1.0), (0.76, 1.04), (0.74, 0.74)),
                bezier((0.74, 0.74), (0.72, 0.52), (0.38, 0.52), (0.29, 0.68)),
            )
        ]
    ],
    7: [
        [[(0.14, 0.06), (0.86, 0.05), (0.42, 0.98)], [(0.34, 0.5), (0.8, 0.48)]],  # crossed
        [[(0.14, 0.22), (0.16, 0.05), (0.86, 0.06), (0.46, 0.98)]],  # a serif at the top left
    ],
    8: [[oval(0.5, 0.25, 0.21, 0.23), oval(0.5, 0.72, 0.28, 0.26)]],  # two loops
    9: [
        [  # a curved tail
            chain(
                oval(0.5, 0.28, 0.26, 0.24, start="right"),
                bezier((0.76, 0.28), (0.8, 0.7), (0.6, 1.0), (0.26, 0.9)),
            )
        ]
    ],
}


@dataclass(frozen=True)
class Style:
    """How one style draws: ranges that each drawing's settings are drawn from."""

    name: str
    height: tuple[float, float] = (0.55, 0.8)  # of the pad's side
    pen: tuple[float, float] = (14.0, 24.0)  # canvas pixels
    slant: tuple[float, float] = (-0.12, 0.25)  # shear, positive leaning right
    rotation_deg: float = 5.0
    off_centre: float = 0.15  # of the room left on the pad, either way
    tremor: float = 0.5  # canvas pixels, on every reported point
    wobble: float = 0.012  # a slow bend of the whole path, in unit-box units
    point_spacing: tuple[float, float] = (2.0, 4.0)  # canvas pixels between reported points
    pressure: bool = False
    shapes: dict[int, list[Shape]] = field(default_factory=lambda: COMMON_SHAPES)


STYLES: dict[str, Style] = {
    style.name: style
    for style in (
        Style("plain"),
        Style("thin pen", pen=(4.0, 8.0)),
        Style("thick pen", height=(0.6, 0.85), pen=(34.0, 48.0)),
        Style("slanted", slant=(0.35, 0.6), rotation_deg=14.0),
        Style("back-slanted", slant=(-0.5, -0.3), rotation_deg=8.0),
        Style("small, off-centre", height=(0.18, 0.32), pen=(8.0, 14.0), off_centre=1.0),
        Style("large", height=(0.9, 0.97), pen=(20.0, 32.0), off_centre=0.0),
        Style("pen pressure", pen=(18.0, 32.0), pressure=True),
        Style("shaky mouse", tremor=2.2, wobble=0.03, point_spacing=(7.0, 14.0)),
        Style("other shapes", shapes=OTHER_SHAPES),
    )
}


def drawn_digit(digit: int, style: Style, rng: np.random.Generator) -> list[Stroke]:
    """One `digit` in `style`, as pad strokes (canvas coordinates)."""
    shapes = style.shapes[digit]
    shape = shapes[int(rng.integers(len(shapes)))]
    height = rng.uniform(*style.height) * CANVAS_SIDE
    aspect = rng.uniform(0.8, 1.15)
    slant = rng.uniform(*style.slant)
    angle = np.radians(rng.uniform(-style.rotation_deg, style.rotation_deg))
    pen = rng.uniform(*style.pen)
    turn = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    bend = rng.normal(0.0, style.wobble, size=(2, 2))

    paths = []
    for path in shape:
        unit = _resampled(np.asarray(path), rng.uniform(*style.point_spacing) / height)
        y = unit[:, 1:2]
        unit = unit + np.concatenate([np.sin(np.pi * y), np.cos(np.pi * y)], 1) @ bend.T
        x = (unit[:, 0] - 0.5) * aspect + slant * (0.5 - unit[:, 1])
        paths.append((np.stack([x, unit[:, 1] - 0.5], axis=1) @ turn.T) * height)
    every = np.concatenate(paths)
    margin = pen / 2 + 3
    low, high = margin - every.min(axis=0), CANVAS_SIDE - margin - every.max(axis=0)
    middle = (low + high) / 2
    # A digit too large for the pad is centred; the pad clips what overflows, as it would.
    spread = np.maximum(high - low, 0.0) / 2 * style.off_centre
    offset = middle + rng.uniform(-1.0, 1.0, size=2) * spread

    strokes = []
    for path in paths:
        points = path + offset + rng.normal(0.0, style.tremor, size=path.shape)
        pressures = _pressure_profile(len(points), rng) if style.pressure else None
        strokes.append(Stroke.from_points(points, width=pen, pressures=pressures))
    return strokes


def drawn_canvases(style: str, seed: int, per_digit: int) -> Iterator[tuple[np.ndarray, int]]:
    """(pad canvas, digit) for `per_digit` drawings of each digit, the same for the same seed.

    Each style has its own random stream, so a style's drawings do not depend on which other
    styles are drawn or on how many.
    """
    chosen = STYLES[style]
    rng = np.random.default_rng([seed, list(STYLES).index(style)])
    for index in range(10 * per_digit):
        digit = index % 10
        yield Drawing.render(None, drawn_digit(digit, chosen, rng)).canvas, digit


def heldout_images(style: str, seed: int, per_digit: int) -> tuple[np.ndarray, np.ndarray]:
    """Images (n, 28, 28) and labels (n,) of a style, prepared as the pad prepares drawings."""
    images, labels = [], []
    for canvas, digit in drawn_canvases(style, seed, per_digit):
        image = Drawing(None, (), canvas).model_image()
        if image is None:
            raise ValueError(f"a {style!r} drawing of {digit} came out blank")
        images.append(image)
        labels.append(digit)
    return np.stack(images).astype(np.float32), np.array(labels)


def _resampled(path: np.ndarray, spacing: float) -> np.ndarray:
    """Points evenly along a path, `spacing` apart (in the path's units), as a pen reports."""
    lengths = np.hypot(*np.diff(path, axis=0).T)
    along = np.concatenate([[0.0], np.cumsum(lengths)])
    count = max(2, int(along[-1] / spacing) + 1)
    samples = np.linspace(0.0, along[-1], count)
    return np.stack([np.interp(samples, along, path[:, i]) for i in (0, 1)], axis=1)


def _pressure_profile(count: int, rng: np.random.Generator) -> np.ndarray:
    """A stylus's pressure along a stroke: light at the touch and lift, wavering between."""
    t = np.linspace(0.0, 1.0, count)
    swell = np.sin(np.pi * t) ** rng.uniform(0.3, 1.0)
    waver = 0.25 * np.sin(2 * np.pi * (rng.uniform(1.0, 3.0) * t + rng.uniform()))
    return np.clip(rng.uniform(0.15, 0.4) + 0.7 * swell + waver, 0.05, 1.0)
