"""Hand-drawn-looking digits made of pen strokes: examples for the pad and a check of the model.

Each digit has one or more templates, drawn the ways people draw it (a 1 with and without a
flag, an open and a closed 4, a 7 with a crossbar, ...). `synthetic_digit` picks one and varies
it as hands do: slant, rotation, size, aspect, position on the pad, pen width, wobble and
tremor. The strokes are in pad canvas coordinates, so they render exactly as drawn strokes do.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lstm_gui.core.reading.strokes import CANVAS_SIDE, Stroke

# Templates live in a unit box: x to the right, y down, a digit about 0.6 wide and 1.0 tall.
Points = Sequence[tuple[float, float]]
Template = Sequence[Points]


def _arc(
    cx: float, cy: float, rx: float, ry: float, start_deg: float, end_deg: float, steps: int = 24
) -> list[tuple[float, float]]:
    """Points along an ellipse; angles grow clockwise on screen (y down), 0 pointing right."""
    angles = np.radians(np.linspace(start_deg, end_deg, steps))
    return [(cx + rx * np.cos(a), cy + ry * np.sin(a)) for a in angles]


def _spline(control: Points, steps_per_span: int = 8) -> list[tuple[float, float]]:
    """A smooth curve through the control points (Catmull-Rom), as a hand draws one."""
    points = np.asarray(control, dtype=np.float64)
    padded = np.concatenate([points[:1], points, points[-1:]])
    curve = [tuple(points[0])]
    for index in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[index - 1 : index + 3]
        for t in np.linspace(0.0, 1.0, steps_per_span + 1)[1:]:
            point = 0.5 * (
                2 * p1
                + (p2 - p0) * t
                + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2
                + (3 * p1 - p0 - 3 * p2 + p3) * t**3
            )
            curve.append((float(point[0]), float(point[1])))
    return curve


def _join(*parts: Points) -> list[tuple[float, float]]:
    joined: list[tuple[float, float]] = []
    for part in parts:
        joined.extend(part)
    return joined


DIGIT_TEMPLATES: dict[int, list[Template]] = {
    0: [
        [_arc(0.5, 0.5, 0.3, 0.46, -95, 268, 40)],
        [_arc(0.5, 0.5, 0.26, 0.46, -80, 285, 40)],
    ],
    1: [
        [[(0.5, 0.04), (0.5, 0.96)]],
        [[(0.32, 0.2), (0.52, 0.04), (0.52, 0.96)]],
        [[(0.34, 0.18), (0.52, 0.04), (0.52, 0.96)], [(0.32, 0.96), (0.72, 0.96)]],
    ],
    2: [
        [_join(_arc(0.5, 0.3, 0.3, 0.26, 195, 375, 20), [(0.2, 0.95), (0.85, 0.95)])],
        [
            _join(
                _arc(0.48, 0.28, 0.28, 0.24, 200, 390, 20), [(0.45, 0.7), (0.2, 0.95), (0.82, 0.93)]
            )
        ],
    ],
    3: [
        [
            _join(
                _arc(0.48, 0.27, 0.27, 0.23, 205, 450, 22),
                _arc(0.48, 0.73, 0.3, 0.24, 270, 515, 22),
            )
        ],
        [
            _join(
                [(0.2, 0.06), (0.78, 0.06), (0.45, 0.42)],
                _arc(0.5, 0.69, 0.3, 0.27, 260, 515, 22),
            )
        ],
    ],
    4: [
        [[(0.66, 0.96), (0.66, 0.04), (0.14, 0.66), (0.88, 0.66)]],
        [[(0.24, 0.04), (0.2, 0.62), (0.86, 0.62)], [(0.66, 0.3), (0.66, 0.97)]],
    ],
    5: [
        [
            _join(
                [(0.78, 0.05), (0.32, 0.05), (0.28, 0.46)],
                _arc(0.48, 0.68, 0.3, 0.27, 228, 505, 22),
            )
        ],
        [
            [(0.3, 0.06), (0.27, 0.45)],
            _arc(0.48, 0.68, 0.3, 0.27, 228, 505, 22),
            [(0.3, 0.06), (0.8, 0.06)],
        ],
    ],
    6: [
        [
            _spline(
                [(0.68, 0.04), (0.45, 0.2), (0.3, 0.45), (0.27, 0.7), (0.4, 0.93), (0.6, 0.93)]
                + [(0.72, 0.75), (0.62, 0.55), (0.42, 0.55), (0.29, 0.68)]
            )
        ],
        [
            _spline(
                [(0.62, 0.04), (0.38, 0.3), (0.28, 0.62), (0.36, 0.9), (0.56, 0.95), (0.7, 0.8)]
                + [(0.64, 0.6), (0.45, 0.58), (0.3, 0.72)]
            )
        ],
    ],
    7: [
        [[(0.14, 0.07), (0.86, 0.07), (0.42, 0.96)]],
        [[(0.14, 0.1), (0.86, 0.07), (0.42, 0.96)], [(0.32, 0.52), (0.78, 0.52)]],
        [_join([(0.14, 0.09)], _spline([(0.84, 0.07), (0.68, 0.32), (0.53, 0.62), (0.45, 0.96)]))],
    ],
    8: [
        [
            _spline(
                [(0.72, 0.16), (0.5, 0.04), (0.28, 0.15), (0.31, 0.35), (0.5, 0.48), (0.7, 0.62)]
                + [(0.73, 0.82), (0.5, 0.96), (0.27, 0.82), (0.3, 0.62), (0.5, 0.48), (0.69, 0.35)]
                + [(0.72, 0.16)]
            )
        ],
        [_arc(0.5, 0.26, 0.22, 0.22, 90, 450, 26), _arc(0.5, 0.71, 0.27, 0.25, -90, 270, 28)],
    ],
    9: [
        [_join(_arc(0.47, 0.29, 0.26, 0.24, 5, -355, 30), [(0.73, 0.3), (0.7, 0.96)])],
        [_join(_arc(0.47, 0.29, 0.26, 0.24, 0, -360, 30), [(0.73, 0.29), (0.62, 0.96)])],
    ],
}


def synthetic_digit(digit: int, rng: np.random.Generator) -> list[Stroke]:
    """A randomly varied hand-drawn `digit` as pad strokes (canvas coordinates)."""
    templates = DIGIT_TEMPLATES[digit]
    template = templates[int(rng.integers(len(templates)))]
    height = rng.uniform(0.4, 0.86) * CANVAS_SIDE
    width_factor = rng.uniform(0.75, 1.2)
    slant = rng.uniform(-0.3, 0.3)  # positive leans right, as most handwriting does
    angle = np.radians(rng.uniform(-8.0, 8.0))
    pen = float(np.clip(rng.uniform(0.06, 0.16) * height, 8.0, 36.0))
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    # Low-frequency wobble of the whole shape, then a little tremor on every sampled point.
    wobble = rng.normal(0.0, 0.018, size=(2, 3))

    shapes: list[np.ndarray] = []
    for control in template:
        points = _smooth(np.asarray(control, dtype=np.float64), rng)
        points = points + _wobble(points, wobble)
        x = (points[:, 0] - 0.5) * width_factor + slant * (0.5 - points[:, 1])
        y = points[:, 1] - 0.5
        shapes.append((np.stack([x, y], axis=1) @ rotation.T) * height)
    every = np.concatenate(shapes)
    low, high = every.min(axis=0), every.max(axis=0)
    margin = pen / 2 + 4
    room_low = margin - low
    room_high = CANVAS_SIDE - margin - high
    offset = np.array(
        [
            rng.uniform(min(room_low[i], room_high[i]), max(room_low[i], room_high[i]))
            for i in (0, 1)
        ]
    )
    strokes = []
    for shape in shapes:
        tremor = rng.normal(0.0, 0.6, size=shape.shape)
        strokes.append(Stroke.from_points(shape + offset + tremor, width=pen))
    return strokes


def _smooth(control: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Resample a polyline evenly, about one point per 1% of the box, as a pen would report."""
    segments = np.diff(control, axis=0)
    lengths = np.hypot(segments[:, 0], segments[:, 1])
    total = float(lengths.sum())
    if total == 0:
        return control
    count = max(2, int(total / rng.uniform(0.008, 0.02)))
    along = np.concatenate([[0.0], np.cumsum(lengths)])
    samples = np.linspace(0.0, total, count)
    return np.stack(
        [np.interp(samples, along, control[:, 0]), np.interp(samples, along, control[:, 1])],
        axis=1,
    )


def _wobble(points: np.ndarray, coefficients: np.ndarray) -> np.ndarray:
    """A smooth displacement field over the unit box (a hand's unsteadiness)."""
    y = points[:, 1:2]
    basis = np.concatenate([np.sin(np.pi * y), np.sin(2 * np.pi * y), np.cos(np.pi * y)], axis=1)
    return basis @ coefficients.T
