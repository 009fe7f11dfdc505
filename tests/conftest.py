"""Shared fixtures: the real MNIST files (if present), a small slice of them, fake IDX data."""

from __future__ import annotations

import gzip
import importlib.util
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import torch

REPO_ROOT = Path(__file__).resolve().parents[1]

# Let plain `pytest` import the package from the source tree when it is not installed.
if importlib.util.find_spec("lstm_gui") is None:  # pragma: no cover - depends on the setup
    sys.path.insert(0, str(REPO_ROOT))

from lstm_gui.core.data import IDX_FILES, DatasetSplits, load_dataset  # noqa: E402

# One thread: the test machines are small and shared, and two OpenMP threads competing with
# other processes for two cores run these tiny models several times slower than one.
torch.set_num_threads(1)

# The shared, read-only copy of MNIST beside the repository (never copied into it).
MNIST_DIR = (REPO_ROOT / ".." / "shared" / "data" / "mnist").resolve()

# How many samples the quick training tests use.
SMALL_TRAIN = 2000
SMALL_TEST = 500


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
