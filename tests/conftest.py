"""Shared fixtures: a small MNIST-like dataset drawn by the tests, the real MNIST (slow), IDX files.

The default run never reads the real MNIST: every test that asks for it (`mnist_dir`, `mnist`,
`mnist_small`, or the GUI's `mnist_available`) is marked slow here, and skips with a reason when
the shared copy is absent. Everything else trains and predicts on `digits`, 600 training and
200 test images of hand-drawn-looking digits written once per session.
"""

from __future__ import annotations

import gzip
import importlib.util
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import torch

REPO_ROOT = Path(__file__).resolve().parents[1]

# Let plain `pytest` import the package from the source tree when it is not installed.
if importlib.util.find_spec("lstm_gui") is None:  # pragma: no cover - depends on the setup
    sys.path.insert(0, str(REPO_ROOT))

from lstm_gui.core.reading.digit_strokes import DIGIT_TEMPLATES  # noqa: E402
from lstm_gui.core.run.data import IDX_FILES, DatasetSplits, load_dataset  # noqa: E402

# One thread: the test machines are small and shared, and two OpenMP threads competing with
# other processes for two cores run these tiny models several times slower than one.
torch.set_num_threads(1)

# The shared, read-only copy of MNIST beside the repository (never copied into it).
MNIST_DIR = (REPO_ROOT / ".." / "shared" / "data" / "mnist").resolve()

# How many samples the quick training tests use.
SMALL_TRAIN = 2000
SMALL_TEST = 500

# Fixtures that read the real MNIST: the tests that use them are slow (see the module docstring).
REAL_MNIST_FIXTURES = frozenset({"mnist_dir", "mnist", "mnist_small", "mnist_available"})

# The size of the drawn dataset every quick test uses.
DIGITS_TRAIN = 600
DIGITS_TEST = 200


@pytest.fixture(autouse=True)
def ieee_arithmetic() -> Iterator[None]:
    """Give each test IEEE arithmetic, as hypothesis and tests of tiny numbers need.

    Training and prediction flush denormals in the thread that computes (core/numerics.py says
    why); in tests that thread is pytest's own, so the setting is undone after each test.
    """
    yield
    torch.set_flush_denormal(False)


@pytest.hookimpl(tryfirst=True)  # before `-m "not slow"` deselects
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that reads the real MNIST as slow, wherever it is written."""
    for item in items:
        if REAL_MNIST_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def mnist_dir() -> Path:
    """The folder with the four real MNIST IDX files; skips the test when they are absent."""
    missing = [stem for stem in IDX_FILES.values() if not (MNIST_DIR / f"{stem}.gz").is_file()]
    if missing:
        pytest.skip(f"MNIST is not at {MNIST_DIR} (missing {', '.join(missing)})")
    return MNIST_DIR


@pytest.fixture(scope="session")
def mnist(mnist_dir: Path) -> DatasetSplits:
    """All of MNIST in memory, read once per session (about half a second)."""
    return load_dataset("mnist", mnist_dir, download=False)


@pytest.fixture(scope="session")
def mnist_small(mnist: DatasetSplits) -> DatasetSplits:
    """The first 2000 training and 500 test samples of MNIST."""
    return DatasetSplits(
        mnist.spec, mnist.train.head(SMALL_TRAIN), mnist.test.head(SMALL_TEST), mnist.source
    )


def _write_idx(path: Path, array: np.ndarray) -> Path:
    """Write a uint8 array as an IDX file, gzipped when the name ends in .gz."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(
        int(size).to_bytes(4, "big") for size in array.shape
    )
    raw = header + array.tobytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(raw, mtime=0) if path.name.endswith(".gz") else raw)
    return path


_PIXEL_CENTRES = np.stack(
    [axis.ravel() for axis in np.mgrid[0:28, 0:28][::-1].astype(np.float64) + 0.5], axis=1
)


def _resample(polyline: np.ndarray, step: float) -> np.ndarray:
    """Points along a polyline about `step` pixels apart."""
    lengths = np.hypot(*np.diff(polyline, axis=0).T)
    along = np.concatenate([[0.0], np.cumsum(lengths)])
    samples = np.linspace(0.0, along[-1], max(2, int(along[-1] / step) + 1))
    return np.stack([np.interp(samples, along, polyline[:, i]) for i in (0, 1)], axis=1)


def draw_digit(digit: int, rng: np.random.Generator) -> np.ndarray:
    """A 28x28 uint8 image of `digit` drawn from the pad's templates, varied like handwriting.

    Size, aspect, slant, position and pen width vary; the digit stays inside MNIST's 20 px box
    give or take, so a model trained on these learns something and the bundled model reads most.
    """
    templates = DIGIT_TEMPLATES[digit]
    template = templates[int(rng.integers(len(templates)))]
    height = rng.uniform(16.0, 21.0)
    width = height * rng.uniform(0.8, 1.1)
    slant = rng.uniform(-0.25, 0.25)
    centre = 14.0 + rng.uniform(-2.0, 2.0, size=2)
    points = []
    for stroke in template:
        unit = np.asarray(stroke, dtype=np.float64) - 0.5
        xy = np.stack([unit[:, 0] * width - slant * unit[:, 1] * height, unit[:, 1] * height], 1)
        points.append(_resample(xy + centre, 0.4))
    pen = np.concatenate(points)
    squared = (
        (_PIXEL_CENTRES**2).sum(1)[:, None] + (pen**2).sum(1)[None, :] - 2 * _PIXEL_CENTRES @ pen.T
    )
    distance = np.sqrt(np.maximum(squared.min(axis=1), 0.0))
    ink = np.clip(rng.uniform(1.0, 1.8) + 0.5 - distance, 0.0, 1.0)
    return np.round(ink.reshape(28, 28) * 255).astype(np.uint8)


def write_digits(
    folder: Path,
    *,
    train: int = DIGITS_TRAIN,
    test: int = DIGITS_TEST,
    gz: bool = True,
    seed: int = 0,
) -> Path:
    """Write an MNIST-like dataset of drawn digits (the four standard IDX files) into `folder`."""
    rng = np.random.default_rng(seed)
    labels = {"train": rng.permutation(np.arange(train) % 10), "test": np.arange(test) % 10}
    arrays = {
        "train_images": np.stack([draw_digit(int(d), rng) for d in labels["train"]]),
        "train_labels": labels["train"],
        "test_images": np.stack([draw_digit(int(d), rng) for d in labels["test"]]),
        "test_labels": labels["test"],
    }
    suffix = ".gz" if gz else ""
    for role, stem in IDX_FILES.items():
        _write_idx(folder / f"{stem}{suffix}", arrays[role])
    return folder


@pytest.fixture(scope="session")
def digits_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a small MNIST-like dataset of drawn digits (600 train, 200 test), gzipped.

    Written once per session; tests read it, never write to it.
    """
    return write_digits(tmp_path_factory.mktemp("digits"))


@pytest.fixture(scope="session")
def digits(digits_dir: Path) -> DatasetSplits:
    """The drawn digits of `digits_dir`, loaded as the app loads MNIST."""
    return load_dataset("mnist", digits_dir, download=False)


@pytest.fixture
def write_idx() -> Callable[[Path, np.ndarray], Path]:
    """Write a uint8 array as an IDX file, gzipped when the name ends in .gz."""
    return _write_idx


@dataclass(frozen=True)
class FakeMnist:
    """What a fake dataset folder holds: its files by role and their contents."""

    folder: Path
    files: dict[str, Path]
    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray


MakeFakeMnist = Callable[..., FakeMnist]


@pytest.fixture
def make_fake_mnist() -> MakeFakeMnist:
    """A factory writing a tiny MNIST-like dataset (random images) into a folder."""

    def make(folder: Path, *, gz: bool = True, train: int = 12, test: int = 6) -> FakeMnist:
        rng = np.random.default_rng(1000 * train + test)
        arrays = {
            "train_images": rng.integers(0, 256, (train, 28, 28), dtype=np.uint8),
            "train_labels": (np.arange(train) % 10).astype(np.uint8),
            "test_images": rng.integers(0, 256, (test, 28, 28), dtype=np.uint8),
            "test_labels": ((np.arange(test) * 3) % 10).astype(np.uint8),
        }
        suffix = ".gz" if gz else ""
        files = {
            role: _write_idx(folder / f"{stem}{suffix}", arrays[role])
            for role, stem in IDX_FILES.items()
        }
        return FakeMnist(folder, files, **arrays)

    return make


@pytest.fixture
def fake_mnist(tmp_path: Path, make_fake_mnist: MakeFakeMnist) -> FakeMnist:
    """A tiny gzipped MNIST-like dataset in a flat folder of tmp_path."""
    return make_fake_mnist(tmp_path / "fake-mnist")
