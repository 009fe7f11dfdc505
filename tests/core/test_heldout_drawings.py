"""The held-out drawn digits: fixed by their seed, accepted by the pad's preprocessing, and read."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_gui.core.reading.digit_strokes import DIGIT_TEMPLATES
from lstm_gui.core.reading.heldout_drawings import (
    COMMON_SHAPES,
    DEV_SEED,
    HELDOUT_SEED,
    OTHER_SHAPES,
    STYLES,
    drawn_canvases,
    heldout_images,
)
from lstm_gui.core.reading.inference import Predictor
from lstm_gui.core.reading.preprocess import center_of_mass
from lstm_gui.core.reading.strokes import CANVAS_SIDE

# Measured with `benchmarks/drawn_accuracy.py --seed heldout --per-digit 50`: the bundled model
# retrained with drawn digits (5 Dec 2026) reads every style at 100% but "other shapes" at 98.8%
# (a few flagged 1s read as 7s); the model before it read "other shapes" at 95.8%. The floor is
# the goal the model was retrained for, 97% on every style, at 200 drawings a style.
PER_DIGIT = 20
FLOORS = dict.fromkeys(STYLES, 0.97)


def test_the_same_seed_draws_the_same_digits_and_another_seed_others() -> None:
    for style in STYLES:
        first, first_labels = heldout_images(style, DEV_SEED, 1)
        again, again_labels = heldout_images(style, DEV_SEED, 1)
        other, _ = heldout_images(style, HELDOUT_SEED, 1)
        np.testing.assert_array_equal(first, again)
        np.testing.assert_array_equal(first_labels, again_labels)
        assert np.abs(first - other).max() > 0.5, style
        assert list(first_labels) == list(range(10))


def test_a_style_does_not_depend_on_how_many_drawings_are_asked_for() -> None:
    few = [canvas for canvas, _ in drawn_canvases("shaky mouse", DEV_SEED, 1)]
    more = [canvas for canvas, _ in drawn_canvases("shaky mouse", DEV_SEED, 2)]
    for canvas, again in zip(few, more, strict=False):
        np.testing.assert_array_equal(canvas, again)


def test_every_style_gives_images_the_preprocessing_accepts() -> None:
    for style in STYLES:
        images, labels = heldout_images(style, DEV_SEED, 1)
        assert images.shape == (10, 28, 28) and images.dtype == np.float32
        assert images.min() >= 0.0 and images.max() == pytest.approx(1.0)
        for image in images:
            row, col = center_of_mass(image)
            assert abs(row - 14) <= 1.0 and abs(col - 14) <= 1.0, style
            inked = np.flatnonzero(image.max(axis=0) > 0.1), np.flatnonzero(image.max(axis=1) > 0.1)
            longer = max(ink[-1] - ink[0] + 1 for ink in inked)
            assert 19 <= longer <= 21, style  # MNIST's 20-pixel box


def test_styles_differ_as_they_say() -> None:
    def pen_share(style: str) -> float:
        canvases = [canvas for canvas, _ in drawn_canvases(style, DEV_SEED, 2)]
        return float(np.mean([(canvas > 0.5).mean() for canvas in canvases]))

    assert pen_share("thin pen") < 0.5 * pen_share("plain") < pen_share("thick pen")
    small = [canvas for canvas, _ in drawn_canvases("small, off-centre", DEV_SEED, 2)]
    for canvas in small:
        rows = np.flatnonzero(canvas.max(axis=1) > 0.5)
        assert rows[-1] - rows[0] < 0.4 * CANVAS_SIDE


def test_the_templates_are_not_the_pads_examples() -> None:
    for digit in range(10):
        ours = [np.concatenate(shape_paths(shape)) for shape in COMMON_SHAPES[digit]]
        ours += [np.concatenate(shape_paths(shape)) for shape in OTHER_SHAPES[digit]]
        theirs = [np.concatenate(shape_paths(shape)) for shape in DIGIT_TEMPLATES[digit]]
        for mine in ours:
            for other in theirs:
                assert mine.shape != other.shape or not np.allclose(mine, other)


def shape_paths(shape: object) -> list[np.ndarray]:
    return [np.asarray(path, dtype=np.float64).reshape(-1, 2) for path in shape]  # type: ignore[attr-defined]


@pytest.mark.slow
def test_the_bundled_model_reads_every_held_out_style() -> None:
    predictor = Predictor.bundled()
    accuracies = {}
    for style in STYLES:
        images, labels = heldout_images(style, HELDOUT_SEED, PER_DIGIT)
        guesses = predictor.probabilities(images).argmax(axis=1)
        accuracies[style] = float((guesses == labels).mean())
    failing = {style: acc for style, acc in accuracies.items() if acc < FLOORS[style]}
    assert not failing, accuracies
