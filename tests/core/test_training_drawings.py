"""The bundled model's drawn training digits: fixed by seed, varied, apart from the held-out set."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from lstm_gui.core.reading import training_drawings
from lstm_gui.core.reading.heldout_drawings import (
    DEV_SEED,
    HELDOUT_SEED,
    heldout_images,
)
from lstm_gui.core.reading.preprocess import center_of_mass
from lstm_gui.core.reading.training_drawings import TRAINING_SEED, training_images
from lstm_gui.core.run.data import load_dataset

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_the_same_seed_draws_the_same_digits_and_another_seed_others() -> None:
    first, labels = training_images(2, seed=11)
    again, again_labels = training_images(2, seed=11)
    other, _ = training_images(2, seed=12)
    np.testing.assert_array_equal(first, again)
    np.testing.assert_array_equal(labels, again_labels)
    assert list(labels) == list(range(10)) * 2
    assert all(np.abs(a - b).max() > 0.5 for a, b in zip(first, other, strict=True))


def test_the_digits_are_prepared_as_the_pad_prepares_a_drawing() -> None:
    images, _ = training_images(3, seed=5)
    assert images.shape == (30, 28, 28) and images.dtype == np.float32
    for image in images:
        assert image.min() >= 0.0 and image.max() == pytest.approx(1.0)
        row, col = center_of_mass(image)
        assert abs(row - 14) <= 1.0 and abs(col - 14) <= 1.0
        inked = np.flatnonzero(image.max(axis=0) > 0.1), np.flatnonzero(image.max(axis=1) > 0.1)
        assert 19 <= max(ink[-1] - ink[0] + 1 for ink in inked) <= 21


def test_ones_come_plain_with_short_and_long_flags_and_with_base_lines() -> None:
    rng = np.random.default_rng(3)
    flags, bases = [], 0
    for _ in range(400):
        shape = training_drawings._one(rng)
        stem = np.asarray(shape[0])
        flags.append(float(np.hypot(*(stem[1] - stem[0]))) if len(stem) == 3 else 0.0)
        bases += len(shape) == 2
    flags_array = np.array(flags)
    assert 0.2 < (flags_array == 0).mean() < 0.4
    assert 0.2 < ((flags_array > 0) & (flags_array < 0.21)).mean() < 0.4
    assert 0.3 < (flags_array > 0.21).mean() < 0.5 and flags_array.max() <= 0.5
    assert 0.2 < bases / 400 < 0.4


def test_the_seed_is_not_a_held_out_seed_and_no_drawing_repeats_a_held_out_one() -> None:
    assert TRAINING_SEED not in (DEV_SEED, HELDOUT_SEED)
    ours, our_labels = training_images(10)
    for style in ("plain", "other shapes"):
        held, held_labels = heldout_images(style, HELDOUT_SEED, 10)
        for digit in range(10):
            mine = ours[our_labels == digit].reshape(-1, 1, 784)
            theirs = held[held_labels == digit].reshape(1, -1, 784)
            nearest = np.abs(mine - theirs).sum(axis=2).min()
            assert nearest > 5.0, (style, digit)  # not one image the same, pixel for pixel


def test_the_script_writes_mnist_and_the_drawn_digits_as_one_idx_folder(
    tmp_path: Path, make_fake_mnist
) -> None:
    fake = make_fake_mnist(tmp_path / "mnist", train=12, test=6)
    spec = importlib.util.spec_from_file_location(
        "make_drawn_training_set", REPO_ROOT / "benchmarks" / "make_drawn_training_set.py"
    )
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    script.main(
        [str(tmp_path / "out"), "--mnist", str(fake.folder), "--per-digit", "2", "--seed", "9"]
    )

    written = load_dataset("mnist", data_dir=tmp_path / "out", download=False)
    drawn, drawn_labels = training_images(2, seed=9)
    np.testing.assert_array_equal(written.train.images[:12].numpy(), fake.train_images)
    np.testing.assert_array_equal(written.train.labels[:12].numpy(), fake.train_labels)
    np.testing.assert_array_equal(
        written.train.images[12:].numpy(), np.rint(drawn * 255).astype(np.uint8)
    )
    np.testing.assert_array_equal(written.train.labels[12:].numpy(), drawn_labels)
    np.testing.assert_array_equal(written.test.images.numpy(), fake.test_images)
    np.testing.assert_array_equal(written.test.labels.numpy(), fake.test_labels)
