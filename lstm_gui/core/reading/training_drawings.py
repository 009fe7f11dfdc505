"""Drawn digits for training the bundled model: pen paths built from random parameters.

MNIST's writers (American census staff and students) share a handful of shapes; people
elsewhere write a 1 with a flag or serifs, cross their 7s, leave their 4s open. A model trained
on MNIST alone reads a 1 with a long flag as a 7. These digits show it such shapes, drawn on the
pad's canvas and prepared as the pad prepares a drawing, so it also sees the pad's own strokes.

Every shape here is built from random parameters (a flag's length and angle, a loop's size,
where a stroke bends), not from the fixed templates of heldout_drawings.py, and the drawing
settings (pen, size, slant, place, pressure, shake) are drawn afresh for every digit. The
held-out drawings stay a measure of generalisation: none of them is drawn here, and the seeds
differ. benchmarks/make_drawn_training_set.py writes these digits beside MNIST's as IDX files.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lstm_gui.core.reading.heldout_drawings import (
    Point,
    Shape,
    Style,
    bezier,
    chain,
    drawn_digit,
    oval,
)
from lstm_gui.core.reading.strokes import CANVAS_SIDE, Drawing

TRAINING_SEED = 7_001  # never DEV_SEED or HELDOUT_SEED


def _near(rng: np.random.Generator, point: Point, spread: float = 0.03) -> Point:
    """`point` moved by a little noise, so no two drawings share a control point."""
    dx, dy = rng.normal(0.0, spread, size=2)
    return (point[0] + float(dx), point[1] + float(dy))


def _zero(rng: np.random.Generator) -> Shape:
    rx, ry = rng.uniform(0.2, 0.34), rng.uniform(0.4, 0.49)
    path = oval(0.5, 0.5, rx, ry, start=str(rng.choice(["top", "right"])))
    if rng.random() < 0.3:  # the pen runs on past where it started
        path = chain(path, path[1:6])
    return [path]


def _one(rng: np.random.Generator) -> Shape:
    top = (rng.uniform(0.45, 0.62), rng.uniform(0.0, 0.06))
    foot = (top[0] + rng.uniform(-0.08, 0.05), rng.uniform(0.93, 1.0))
    flag = rng.choice(["none", "short", "long"], p=[0.3, 0.3, 0.4])
    stem: list[Point] = [top, foot]
    if flag != "none":
        length = rng.uniform(0.08, 0.2) if flag == "short" else rng.uniform(0.22, 0.5)
        angle = np.radians(rng.uniform(15.0, 60.0))  # below the horizontal, to the left
        start = (top[0] - length * np.cos(angle), top[1] + length * np.sin(angle))
        stem = [(float(start[0]), float(start[1])), top, foot]
    shape: Shape = [stem]
    if rng.random() < 0.3:  # a base line across the foot
        half = rng.uniform(0.12, 0.25)
        shape.append([(foot[0] - half, foot[1]), (foot[0] + half, foot[1] + rng.normal(0, 0.01))])
    return shape


def _two(rng: np.random.Generator) -> Shape:
    top = bezier(
        _near(rng, (0.2, 0.25)), _near(rng, (0.24, -0.04)), _near(rng, (0.8, -0.03)), (0.76, 0.3)
    )
    corner = _near(rng, (0.2, 0.94))
    neck = bezier((0.76, 0.3), _near(rng, (0.72, 0.55)), _near(rng, (0.36, 0.75)), corner)
    base: list[Point] = [_near(rng, (0.86, 0.94))]
    if rng.random() < 0.35:  # a small loop where the neck meets the base
        loop_top = _near(rng, (corner[0] + 0.14, corner[1] - 0.1), 0.02)
        base = chain(bezier(corner, (corner[0] - 0.04, corner[1] + 0.1), loop_top, loop_top), base)
    return [chain(top, neck, base)]


def _three(rng: np.random.Generator) -> Shape:
    waist = _near(rng, (0.42, 0.47))
    if rng.random() < 0.35:  # a flat top, like a Z
        upper: list[Point] = [_near(rng, (0.2, 0.04)), _near(rng, (0.8, 0.04)), waist]
    else:
        upper = chain(
            bezier(_near(rng, (0.2, 0.12)), (0.45, -0.05), _near(rng, (0.86, 0.05)), (0.72, 0.3)),
            bezier((0.72, 0.3), (0.64, 0.45), (0.46, 0.47), waist),
        )
    lower = bezier(waist, _near(rng, (0.92, 0.44)), _near(rng, (0.92, 0.98)), (0.46, 0.97))
    return [chain(upper, lower, [_near(rng, (0.18, 0.86))])]


def _four(rng: np.random.Generator) -> Shape:
    bar_y = rng.uniform(0.55, 0.72)
    stem_x = rng.uniform(0.58, 0.72)
    if rng.random() < 0.5:  # closed: one stroke down the diagonal, across, then the stem
        return [[(stem_x, 0.98), (stem_x, 0.02), _near(rng, (0.12, bar_y)), (0.9, bar_y)]]
    return [  # open: a stroke down and across, the stem apart
        [_near(rng, (0.2, 0.02)), _near(rng, (0.15, bar_y)), _near(rng, (0.88, bar_y))],
        [(stem_x, rng.uniform(0.15, 0.35)), (stem_x + rng.normal(0, 0.03), 0.98)],
    ]


def _five(rng: np.random.Generator) -> Shape:
    corner = _near(rng, (0.27, 0.44))
    belly = chain(
        bezier(corner, _near(rng, (0.6, 0.3)), _near(rng, (0.92, 0.55)), (0.75, 0.82)),
        bezier((0.75, 0.82), _near(rng, (0.6, 1.02)), _near(rng, (0.3, 0.98)), (0.18, 0.86)),
    )
    flag_left, flag_right = _near(rng, (0.3, 0.04)), _near(rng, (0.82, 0.03))
    if rng.random() < 0.4:  # the flag in the same movement, from the right
        return [chain([flag_right, flag_left, corner], belly)]
    return [chain([flag_left, corner], belly), [flag_left, flag_right]]


def _six(rng: np.random.Generator) -> Shape:
    entry = _near(rng, (0.25, 0.68))
    if rng.random() < 0.4:  # a straight stem into the loop
        stem: list[Point] = [_near(rng, (0.64, 0.02)), entry]
    else:
        stem = bezier(_near(rng, (0.72, 0.04)), _near(rng, (0.4, 0.1)), (0.2, 0.45), entry)
    loop = chain(
        bezier(entry, (0.24, 1.02), _near(rng, (0.78, 1.02)), (0.76, 0.72)),
        bezier((0.76, 0.72), _near(rng, (0.74, 0.48)), _near(rng, (0.36, 0.48)), (0.26, 0.68)),
    )
    return [chain(stem, loop)]


def _seven(rng: np.random.Generator) -> Shape:
    left, right = _near(rng, (0.14, 0.06)), _near(rng, (0.86, 0.05))
    foot = (rng.uniform(0.3, 0.55), rng.uniform(0.93, 1.0))
    if rng.random() < 0.3:  # a bending downstroke
        down = bezier(right, _near(rng, (0.7, 0.35)), _near(rng, (0.5, 0.6)), foot)
    else:
        down = [right, foot]
    top: list[Point] = [left]
    if rng.random() < 0.25:  # a tick before the bar
        top = [(left[0] + rng.normal(0, 0.02), left[1] + rng.uniform(0.1, 0.2)), left]
    shape: Shape = [chain(top, down)]
    if rng.random() < 0.3:  # crossed, as much of Europe writes it
        mid = (right[0] + foot[0]) / 2, rng.uniform(0.45, 0.55)
        shape.append([(mid[0] - 0.2, mid[1]), (mid[0] + 0.2, mid[1] + rng.normal(0, 0.02))])
    return shape


def _eight(rng: np.random.Generator) -> Shape:
    if rng.random() < 0.35:  # two loops, one on the other
        return [
            oval(0.5, 0.25, rng.uniform(0.17, 0.24), 0.23),
            oval(0.5, 0.72, rng.uniform(0.22, 0.3), 0.26),
        ]
    start, upper_left, lower_right, lower_left, cross = (
        _near(rng, point)
        for point in ((0.72, 0.18), (0.28, 0.22), (0.78, 0.74), (0.22, 0.74), (0.5, 0.47))
    )
    return [
        chain(
            bezier(start, (0.68, -0.04), (0.24, -0.04), upper_left),
            bezier(upper_left, (0.32, 0.4), cross, lower_right),
            bezier(lower_right, (0.78, 1.02), (0.22, 1.02), lower_left),
            bezier(lower_left, (0.22, 0.5), cross, start),
        )
    ]


def _nine(rng: np.random.Generator) -> Shape:
    head = oval(0.5, 0.28, rng.uniform(0.2, 0.28), rng.uniform(0.2, 0.26), start="right")
    start = head[0]
    if rng.random() < 0.4:  # a tail that curls to the left
        tail = bezier(
            start, _near(rng, (0.8, 0.7)), _near(rng, (0.6, 1.0)), _near(rng, (0.26, 0.9))
        )
    else:
        tail = [start, (start[0] + rng.uniform(-0.12, 0.02), rng.uniform(0.93, 1.0))]
    return [chain(head, tail)]


SHAPE_MAKERS: tuple[Callable[[np.random.Generator], Shape], ...] = (
    _zero,
    _one,
    _two,
    _three,
    _four,
    _five,
    _six,
    _seven,
    _eight,
    _nine,
)


def training_style(rng: np.random.Generator, shapes: dict[int, list[Shape]]) -> Style:
    """Drawing settings drawn afresh: pen, size, slant, place, pressure and shake vary widely."""
    size = float(rng.uniform(0.2, 0.95))  # of the pad's side
    # The pen at most a fifth of the digit's height, so a small digit is not one blot.
    pen = float(rng.uniform(4.0, min(44.0, 0.2 * size * CANVAS_SIDE)))
    return Style(
        "training",
        height=(size, size),
        pen=(pen, pen),
        slant=(-0.45, 0.55),
        rotation_deg=10.0,
        off_centre=float(rng.uniform(0.0, 1.0)),
        tremor=float(rng.uniform(0.0, 2.0)),
        wobble=float(rng.uniform(0.005, 0.03)),
        point_spacing=(2.0, 12.0),
        pressure=bool(rng.random() < 0.3),
        shapes=shapes,
    )


def training_images(per_digit: int, seed: int = TRAINING_SEED) -> tuple[np.ndarray, np.ndarray]:
    """`per_digit` drawings of each digit: images (n, 28, 28) as the pad prepares them, labels."""
    rng = np.random.default_rng(seed)
    images, labels = [], []
    for index in range(10 * per_digit):
        digit = index % 10
        shape = SHAPE_MAKERS[digit](rng)
        strokes = drawn_digit(digit, training_style(rng, {digit: [shape]}), rng)
        image = Drawing.render(None, strokes).model_image()
        if image is None:  # every maker draws ink on the pad; a blank is a bug here
            raise ValueError(f"a training drawing of {digit} came out blank")
        images.append(image)
        labels.append(digit)
    return np.stack(images).astype(np.float32), np.array(labels, dtype=np.int64)
