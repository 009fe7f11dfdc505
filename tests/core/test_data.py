"""Tests for reading, finding and downloading IDX datasets and for the sequence views."""

from __future__ import annotations

import gzip
import hashlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest
import torch

from lstm_gui.core.errors import DataError, LstmGuiError
from lstm_gui.core.run.augment import augment_batch
from lstm_gui.core.run.data import (
    DATA_ENV_VAR,
    IDX_FILES,
    DatasetSplits,
    download_dataset,
    load_dataset,
    read_idx,
)
from lstm_gui.core.run.progress import DownloadProgress
from lstm_gui.core.run.sequences import (
    SequenceEncoder,
    pixel_permutation,
    scale_images,
    to_sequences,
)

if TYPE_CHECKING:
    from tests.conftest import FakeMnist, MakeFakeMnist

WriteIdx = Callable[[Path, np.ndarray], Path]


@pytest.fixture(autouse=True)
def isolated_data_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the user's real data folder and $LSTM_GUI_DATA out of every test here."""
    monkeypatch.delenv(DATA_ENV_VAR, raising=False)
    xdg = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(xdg))
    return xdg


def assert_loaded(splits, fake: FakeMnist) -> None:
    np.testing.assert_array_equal(splits.train.images.numpy(), fake.train_images)
    np.testing.assert_array_equal(splits.train.labels.numpy(), fake.train_labels)
    np.testing.assert_array_equal(splits.test.images.numpy(), fake.test_images)
    np.testing.assert_array_equal(splits.test.labels.numpy(), fake.test_labels)
    assert splits.train.images.dtype == torch.uint8
    assert splits.train.labels.dtype == torch.int64


# --------------------------------------------------------------------------- read_idx


@pytest.mark.parametrize("name", ["images-idx3-ubyte.gz", "images-idx3-ubyte"])
def test_read_idx_reads_gzipped_and_raw_files(
    tmp_path: Path, write_idx: WriteIdx, name: str
) -> None:
    images = np.arange(3 * 28 * 28, dtype=np.int64).reshape(3, 28, 28) % 256
    path = write_idx(tmp_path / name, images)

    result = read_idx(path)

    assert result.shape == (3, 28, 28)
    assert result.dtype == np.uint8
    np.testing.assert_array_equal(result, images)


def test_read_idx_reads_labels(tmp_path: Path, write_idx: WriteIdx) -> None:
    labels = np.array([7, 2, 1, 0, 4], dtype=np.uint8)

    result = read_idx(write_idx(tmp_path / "labels-idx1-ubyte.gz", labels))

    np.testing.assert_array_equal(result, labels)


@pytest.mark.slow
def test_real_mnist_files_have_the_documented_sizes(mnist_dir: Path) -> None:
    labels = read_idx(mnist_dir / "t10k-labels-idx1-ubyte.gz")
    images = read_idx(mnist_dir / "t10k-images-idx3-ubyte.gz")

    assert images.shape == (10000, 28, 28)
    assert labels.shape == (10000,)
    assert labels[:5].tolist() == [7, 2, 1, 0, 4]  # the well-known first test digits


def test_read_idx_refuses_a_file_with_a_bad_magic_number(tmp_path: Path) -> None:
    path = tmp_path / "labels-idx1-ubyte"
    path.write_bytes(bytes([0, 0, 0x0D, 1]) + (2).to_bytes(4, "big") + bytes(8))

    with pytest.raises(DataError, match="bad magic number") as error:
        read_idx(path)

    assert str(path) in str(error.value)


@pytest.mark.parametrize("gz", [True, False])
def test_read_idx_refuses_a_truncated_file(tmp_path: Path, gz: bool) -> None:
    raw = bytes([0, 0, 8, 1]) + (100).to_bytes(4, "big") + bytes(range(100))
    path = tmp_path / "labels-idx1-ubyte"
    if gz:
        path = path.with_name(path.name + ".gz")
        path.write_bytes(gzip.compress(raw)[:-10])  # cut off the end of the gzip stream
    else:
        path.write_bytes(raw[:60])

    with pytest.raises(DataError, match="download it again") as error:
        read_idx(path)

    assert str(path) in str(error.value)
    if not gz:
        assert "truncated" in str(error.value)


def test_read_idx_refuses_a_file_whose_compressed_data_is_corrupt(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    raw = bytes([0, 0, 8, 1]) + (4000).to_bytes(4, "big") + rng.bytes(4000)
    compressed = bytearray(gzip.compress(raw, mtime=0))
    path = tmp_path / "labels-idx1-ubyte.gz"
    # Every damaged byte of the deflate stream must give a DataError, whatever zlib makes of it
    # (an invalid stream, a wrong length or a failed CRC): never garbage labels, never a crash.
    positions = range(10, len(compressed) - 8, 29)
    assert len(positions) > 100
    for position in positions:
        damaged = bytearray(compressed)
        damaged[position] ^= 0x5A
        path.write_bytes(bytes(damaged))
        with pytest.raises(DataError, match="download it again") as error:
            read_idx(path)
        assert str(path) in str(error.value), position


def test_read_idx_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="does not exist"):
        read_idx(tmp_path / "nothing-here.gz")


# --------------------------------------------------------------------------- locating


@pytest.mark.parametrize(
    ("layout", "gz"),
    [
        ("", True),  # the files straight in the chosen folder, as distributed
        ("", False),  # ... or unpacked
        ("mnist", True),  # <root>/mnist/
        ("MNIST/raw", False),  # torchvision's layout: <root>/MNIST/raw/, unpacked
        ("MNIST/raw", True),  # ... or as downloaded
    ],
)
def test_dataset_is_found_in_every_accepted_layout(
    tmp_path: Path, make_fake_mnist: MakeFakeMnist, layout: str, gz: bool
) -> None:
    root = tmp_path / "datasets"
    fake = make_fake_mnist(root / layout if layout else root, gz=gz)

    splits = load_dataset("mnist", root, download=False)

    assert_loaded(splits, fake)
    assert splits.source == fake.folder
    assert splits.spec.title == "MNIST"
    assert len(splits.train) == 12 and len(splits.test) == 6


def test_dataset_is_found_through_the_environment_variable(
    tmp_path: Path, make_fake_mnist: MakeFakeMnist, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = make_fake_mnist(tmp_path / "from-env" / "MNIST" / "raw")
    monkeypatch.setenv(DATA_ENV_VAR, str(tmp_path / "from-env"))

    splits = load_dataset("mnist", download=False)

    assert_loaded(splits, fake)
    assert splits.source == fake.folder


def test_an_explicit_folder_wins_over_the_environment_variable(
    tmp_path: Path, make_fake_mnist: MakeFakeMnist, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_fake_mnist(tmp_path / "from-env", train=14)
    fake = make_fake_mnist(tmp_path / "chosen", train=16)
    monkeypatch.setenv(DATA_ENV_VAR, str(tmp_path / "from-env"))

    splits = load_dataset("mnist", tmp_path / "chosen", download=False)

    assert_loaded(splits, fake)
    assert len(splits.train) == 16


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG_DATA_HOME is Linux's")
def test_dataset_is_found_in_the_user_data_folder(
    isolated_data_dirs: Path, make_fake_mnist: MakeFakeMnist
) -> None:
    # Where the app's own downloads go: <XDG_DATA_HOME>/lstm-gui/data/MNIST/raw.
    fake = make_fake_mnist(isolated_data_dirs / "lstm-gui" / "data" / "MNIST" / "raw")

    splits = load_dataset("mnist", download=False)

    assert_loaded(splits, fake)


@pytest.mark.slow
def test_real_mnist_loads_with_its_well_known_sizes(mnist) -> None:
    assert len(mnist.train) == 60000
    assert len(mnist.test) == 10000
    assert mnist.train.images.shape == (60000, 28, 28)
    # Each digit appears between 5421 (fives) and 6742 (ones) times in the training set.
    counts = torch.bincount(mnist.train.labels, minlength=10)
    assert counts.min().item() == 5421 and counts.max().item() == 6742


def test_missing_dataset_names_the_files_and_the_folder(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()

    with pytest.raises(DataError) as error:
        load_dataset("mnist", empty, download=False)

    message = str(error.value)
    assert isinstance(error.value, LstmGuiError)
    for stem in IDX_FILES.values():
        assert f"{stem}.gz" in message
    assert str(empty) in message
    assert "--data-dir" in message


def test_missing_dataset_without_network_says_why_the_download_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    torchvision = pytest.importorskip("torchvision")
    nowhere = tmp_path / "no-mirror"
    # An unreachable mirror, so that no test ever touches the network.
    monkeypatch.setattr(torchvision.datasets.MNIST, "mirrors", [nowhere.as_uri() + "/"])
    root = tmp_path / "root"

    with pytest.raises(DataError) as error:
        load_dataset("mnist", root, download=True)

    message = str(error.value)
    for stem in IDX_FILES.values():
        assert f"{stem}.gz" in message
    assert str(root) in message
    assert "could not download train-images-idx3-ubyte.gz" in message
    # Nothing half-downloaded is left behind.
    assert [p.name for p in (root / "MNIST" / "raw").iterdir()] == []


@pytest.mark.parametrize(
    ("role", "damage", "expected"),
    [
        ("train_images", "magic", "bad magic number"),
        ("test_labels", "magic", "bad magic number"),
        ("train_images", "truncate", "truncated"),
        ("test_images", "truncate", "truncated"),
    ],
)
def test_corrupt_dataset_file_is_named(
    tmp_path: Path, make_fake_mnist: MakeFakeMnist, role: str, damage: str, expected: str
) -> None:
    fake = make_fake_mnist(tmp_path / "data", gz=False)
    path = fake.files[role]
    raw = path.read_bytes()
    if damage == "magic":
        path.write_bytes(b"\x1f\x00\x08\x03" + raw[4:])
    else:
        path.write_bytes(raw[: len(raw) - 100])

    with pytest.raises(DataError, match=expected) as error:
        load_dataset("mnist", fake.folder, download=False)

    assert str(path) in str(error.value)


def test_images_and_labels_of_different_counts_are_refused(
    tmp_path: Path, make_fake_mnist: MakeFakeMnist, write_idx: WriteIdx
) -> None:
    fake = make_fake_mnist(tmp_path / "data")
    write_idx(fake.files["train_labels"], fake.train_labels[:-1])

    with pytest.raises(DataError) as error:
        load_dataset("mnist", fake.folder, download=False)

    message = str(error.value)
    assert "12 images" in message and "11 labels" in message
    assert "train-images-idx3-ubyte.gz" in message
    assert "train-labels-idx1-ubyte.gz" in message


def test_labels_above_nine_are_refused(
    tmp_path: Path, make_fake_mnist: MakeFakeMnist, write_idx: WriteIdx
) -> None:
    fake = make_fake_mnist(tmp_path / "data")
    write_idx(fake.files["test_labels"], np.full(6, 11, dtype=np.uint8))

    with pytest.raises(DataError, match="labels above 9") as error:
        load_dataset("mnist", fake.folder, download=False)

    assert str(fake.files["test_labels"]) in str(error.value)


def test_unknown_dataset_lists_the_known_ones() -> None:
    with pytest.raises(DataError, match="mnist, fashion-mnist, kmnist"):
        load_dataset("cifar10", download=False)


# --------------------------------------------------------------------------- downloading


def md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()


@pytest.fixture
def file_mirror(
    tmp_path: Path, make_fake_mnist: MakeFakeMnist, monkeypatch: pytest.MonkeyPatch
) -> FakeMnist:
    """A `file://` mirror serving a tiny MNIST, set as torchvision's only good mirror."""
    torchvision = pytest.importorskip("torchvision")
    fake = make_fake_mnist(tmp_path / "mirror")
    resources = [(path.name, md5(path)) for path in fake.files.values()]
    mirrors = [(tmp_path / "dead-mirror").as_uri() + "/", fake.folder.as_uri() + "/"]
    monkeypatch.setattr(torchvision.datasets.MNIST, "mirrors", mirrors)
    monkeypatch.setattr(torchvision.datasets.MNIST, "resources", resources)
    return fake


def test_download_from_a_mirror_fills_torchvisions_layout(
    tmp_path: Path, file_mirror: FakeMnist
) -> None:
    root = tmp_path / "downloads"
    reports: list[DownloadProgress] = []

    splits = load_dataset("mnist", root, download=True, progress=reports.append)

    raw = root / "MNIST" / "raw"
    assert sorted(p.name for p in raw.iterdir()) == sorted(
        f"{stem}.gz" for stem in IDX_FILES.values()
    )
    assert_loaded(splits, file_mirror)
    assert splits.source == raw
    # Progress for every file, ending with all of its bytes.
    last = {report.filename: report for report in reports}
    assert set(last) == {f"{stem}.gz" for stem in IDX_FILES.values()}
    for name, report in last.items():
        size = (file_mirror.folder / name).stat().st_size
        assert report.done == report.total == size
    assert all(0 < r.done <= r.total for r in reports)


def test_download_skips_files_already_there(tmp_path: Path, file_mirror: FakeMnist) -> None:
    root = tmp_path / "downloads"
    download_dataset("mnist", root)
    reports: list[DownloadProgress] = []

    target = download_dataset("mnist", root, progress=reports.append)

    assert target == root / "MNIST" / "raw"
    assert reports == []


def test_download_with_a_wrong_checksum_is_refused(
    tmp_path: Path, file_mirror: FakeMnist, monkeypatch: pytest.MonkeyPatch
) -> None:
    torchvision = pytest.importorskip("torchvision")
    resources = list(torchvision.datasets.MNIST.resources)
    resources[1] = (resources[1][0], "0" * 32)
    monkeypatch.setattr(torchvision.datasets.MNIST, "resources", resources)
    root = tmp_path / "downloads"

    with pytest.raises(DataError, match="checksum mismatch") as error:
        load_dataset("mnist", root, download=True)

    assert "train-labels-idx1-ubyte.gz" in str(error.value)
    raw = root / "MNIST" / "raw"
    # The file that failed its check was not kept, and no partial file is left.
    assert "train-labels-idx1-ubyte.gz" not in {p.name for p in raw.iterdir()}
    assert not list(raw.glob("*.part"))


def test_a_cancelled_download_leaves_no_partial_files(
    tmp_path: Path, file_mirror: FakeMnist
) -> None:
    root = tmp_path / "downloads"

    with pytest.raises(DataError, match="cancelled"):
        download_dataset("mnist", root, cancelled=lambda: True)

    assert list((root / "MNIST" / "raw").iterdir()) == []


# --------------------------------------------------------------------------- sequence views


@pytest.fixture
def images() -> torch.Tensor:
    return torch.rand(5, 28, 28, generator=torch.Generator().manual_seed(0))


def test_rows_view_is_28_steps_of_28_pixels(images: torch.Tensor) -> None:
    sequences = to_sequences(images, "rows")

    assert sequences.shape == (5, 28, 28)
    torch.testing.assert_close(sequences[:, 3], images[:, 3], rtol=0, atol=0)


def test_pixels_view_reads_the_image_row_by_row(images: torch.Tensor) -> None:
    sequences = to_sequences(images, "pixels")

    assert sequences.shape == (5, 784, 1)
    for row, col in [(0, 0), (0, 27), (1, 0), (13, 7), (27, 27)]:
        assert torch.equal(sequences[:, row * 28 + col, 0], images[:, row, col])


def test_permuted_view_is_a_fixed_permutation_of_the_pixels(images: torch.Tensor) -> None:
    permutation = pixel_permutation(7)

    sequences = to_sequences(images, "permuted", permutation)

    assert sequences.shape == (5, 784, 1)
    assert torch.equal(permutation.sort().values, torch.arange(784))
    assert not torch.equal(permutation, torch.arange(784))
    assert torch.equal(sequences, to_sequences(images, "pixels")[:, permutation])
    # Same seed, same order (train and test agree); another seed, another order.
    assert torch.equal(pixel_permutation(7), permutation)
    assert not torch.equal(pixel_permutation(8), permutation)


def test_permuted_view_needs_a_permutation(images: torch.Tensor) -> None:
    with pytest.raises(ValueError, match="permutation"):
        to_sequences(images, "permuted")


def test_encoder_of_a_permuted_run_uses_its_seed(images: torch.Tensor) -> None:
    encoder = SequenceEncoder.for_run("mnist", "permuted", False, 3)

    expected = to_sequences(images, "pixels")[:, pixel_permutation(3)]
    assert torch.equal(encoder(images), expected)


def test_encoder_of_the_tutorial_passes_pixels_through(images: torch.Tensor) -> None:
    encoder = SequenceEncoder.for_run("mnist", "rows", False, 0)

    assert encoder.mean is None and encoder.permutation is None
    assert torch.equal(encoder(images), images)


@pytest.mark.slow
def test_standardized_mnist_has_mean_zero_and_unit_std(mnist) -> None:
    images = scale_images(mnist.train.images[:5000], mnist.spec, standardize=False)
    encoder = SequenceEncoder.for_run("mnist", "rows", True, 0)

    sequences = encoder(images)

    assert (encoder.mean, encoder.std) == (0.1307, 0.3081)
    assert float(images.min()) == 0.0 and float(images.max()) == 1.0
    assert abs(float(sequences.mean())) < 0.03
    assert float(sequences.std()) == pytest.approx(1.0, abs=0.03)
    torch.testing.assert_close(sequences, (images - 0.1307) / 0.3081)
    torch.testing.assert_close(
        scale_images(mnist.train.images[:5000], mnist.spec, standardize=True), sequences
    )


def test_augmentation_changes_digits_but_keeps_them_recognisable(digits: DatasetSplits) -> None:
    originals = digits.test.images[:64].to(torch.float32) / 255.0

    augmented = augment_batch(originals.clone(), torch.Generator().manual_seed(1))

    assert augmented.shape == originals.shape
    assert augmented.dtype == torch.float32
    assert float(augmented.min()) >= 0.0 and float(augmented.max()) <= 1.0
    changed = (augmented - originals).abs().flatten(1).mean(dim=1)
    assert bool((changed > 0.005).all())  # every digit moved, turned or changed its stroke
    a = augmented.flatten(1) - augmented.flatten(1).mean(dim=1, keepdim=True)
    b = originals.flatten(1) - originals.flatten(1).mean(dim=1, keepdim=True)
    correlation = (a * b).sum(1) / (a.norm(dim=1) * b.norm(dim=1))
    assert float(correlation.mean()) > 0.5
    assert float(correlation.min()) > 0.0
    # No digit vanishes or floods the frame (thinning a 1-pixel stroke leaves about a quarter).
    ratio = augmented.flatten(1).sum(1) / originals.flatten(1).sum(1)
    assert float(ratio.min()) > 0.15 and float(ratio.max()) < 2.5
    # The same generator state gives the same batch.
    again = augment_batch(originals.clone(), torch.Generator().manual_seed(1))
    assert torch.equal(again, augmented)
