"""Datasets as in-memory tensors: finding, validating and downloading IDX files; sequence views."""

from __future__ import annotations

import gzip
import hashlib
import math
import os
import shutil
import sys
import tempfile
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from lstm_gui.core.config import IMAGE_SIDE
from lstm_gui.core.errors import DataError
from lstm_gui.core.run.progress import DownloadProgress

DATA_ENV_VAR = "LSTM_GUI_DATA"
DEBIAN_FASHION_MNIST = Path("/usr/share/datasets/fashion-mnist")

# The four IDX files of every MNIST-like dataset, by role.
IDX_FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}

# IDX type codes (third byte of the magic number) this reader accepts.
_IDX_DTYPES = {0x08: np.uint8}
# The most data bytes an IDX file may hold: EMNIST's largest split is 0.6 GB; more is damage.
MAX_IDX_BYTES = 2**30


@dataclass(frozen=True)
class DatasetSpec:
    """What the app knows about one dataset."""

    name: str
    title: str
    torchvision_class: str  # also the folder name of torchvision's layout: <root>/<class>/raw
    classes: tuple[str, ...]
    mean: float  # of the training pixels scaled to [0, 1], for optional standardising
    std: float


DATASETS = {
    "mnist": DatasetSpec("mnist", "MNIST", "MNIST", tuple("0123456789"), 0.1307, 0.3081),
    "fashion-mnist": DatasetSpec(
        "fashion-mnist",
        "Fashion-MNIST",
        "FashionMNIST",
        ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat")
        + ("Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
        0.2860,
        0.3530,
    ),
    "kmnist": DatasetSpec(
        "kmnist",
        "KMNIST",
        "KMNIST",
        ("o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"),
        0.1918,
        0.3483,
    ),
}


def dataset_spec(name: str) -> DatasetSpec:
    """Return the spec of a dataset by its name, or raise DataError."""
    try:
        return DATASETS[name]
    except KeyError:
        raise DataError(f"Unknown dataset {name!r}; choose one of {', '.join(DATASETS)}.") from None


@dataclass(frozen=True)
class ImageSet:
    """Images (N, 28, 28) uint8 and labels (N,) int64, held in memory."""

    images: torch.Tensor
    labels: torch.Tensor

    def __len__(self) -> int:
        return int(self.labels.shape[0])

    def head(self, limit: int | None) -> ImageSet:
        """The first `limit` samples (all when None)."""
        if limit is None or limit >= len(self):
            return self
        return ImageSet(self.images[:limit], self.labels[:limit])


@dataclass(frozen=True)
class DatasetSplits:
    """A dataset's training and test sets and where they were read from."""

    spec: DatasetSpec
    train: ImageSet
    test: ImageSet
    source: Path


# --------------------------------------------------------------------------- IDX files


def read_idx(path: str | os.PathLike[str]) -> np.ndarray:
    """Read an IDX file (gzipped or not), validating magic number, dimensions and size.

    The header is read first and only the bytes it promises after it, so a device, a pipe or a
    gzip bomb is refused at once instead of being read without end.
    """
    path = Path(path)
    try:
        if path.exists() and not path.is_file():
            raise DataError(
                f"{path} is not a regular file (a folder, device or pipe); "
                "choose the dataset's IDX files."
            )
        with path.open("rb") as file:
            gzipped = file.read(2) == b"\x1f\x8b"
            file.seek(0)
            stream = gzip.GzipFile(fileobj=file) if gzipped else file
            raw = stream.read(4)
            if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _IDX_DTYPES:
                raise DataError(f"{path} is not an IDX file of unsigned bytes (bad magic number).")
            ndim = raw[3]
            if not 1 <= ndim <= 3:
                raise DataError(f"{path} has {ndim} dimensions; MNIST-like files have 1 or 3.")
            dims = stream.read(4 * ndim)
            if len(dims) < 4 * ndim:
                raise DataError(f"{path} is truncated inside its header; download it again.")
            shape = tuple(int.from_bytes(dims[4 * i : 4 * i + 4], "big") for i in range(ndim))
            header_size = 4 + 4 * ndim
            # Python integers: a product of three 32-bit sizes overflows NumPy's int64.
            expected = header_size + math.prod(shape)
            if expected - header_size > MAX_IDX_BYTES:
                raise DataError(
                    f"{path} claims {expected:,} bytes of data, more than any dataset lstm-gui "
                    "reads; it is damaged or not a dataset file."
                )
            # One byte more than promised tells a file longer than its header says.
            body = stream.read(expected - header_size + 1)
            # A gzip stream's checksum is verified only at its end: read up to it.
            if gzipped and len(body) <= expected - header_size:
                stream.read(1)
    except FileNotFoundError:
        raise DataError(f"{path} does not exist.") from None
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise DataError(f"{path} cannot be read ({exc}); download it again.") from None
    size = header_size + len(body)
    if size != expected:
        what = "truncated" if size < expected else "longer than its header says"
        detail = f"{size} bytes, expected {expected}" if size < expected else f"expected {expected}"
        raise DataError(f"{path} is {what} ({detail} bytes); download it again.")
    array = np.frombuffer(body, dtype=_IDX_DTYPES[raw[2]])
    return array.reshape(shape)


def _read_split(images_path: Path, labels_path: Path) -> ImageSet:
    images = read_idx(images_path)
    labels = read_idx(labels_path)
    if images.ndim != 3 or images.shape[1:] != (IMAGE_SIDE, IMAGE_SIDE):
        raise DataError(f"{images_path} does not hold 28x28 images (shape {images.shape}).")
    if labels.ndim != 1:
        raise DataError(f"{labels_path} does not hold a list of labels (shape {labels.shape}).")
    if len(images) != len(labels):
        raise DataError(
            f"{images_path.name} has {len(images)} images but {labels_path.name} "
            f"has {len(labels)} labels; the files do not belong together."
        )
    if labels.size and labels.max() > 9:
        raise DataError(f"{labels_path} has labels above 9; it is not a 10-class dataset.")
    return ImageSet(torch.from_numpy(images.copy()), torch.from_numpy(labels.astype(np.int64)))


# --------------------------------------------------------------------------- locating


def user_data_dir() -> Path:
    """The user's data folder for lstm-gui, by platform convention (XDG on Linux)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "lstm-gui"


def default_download_root() -> Path:
    """Where downloads go: the user's data folder (torchvision's layout inside it)."""
    return user_data_dir() / "data"


def search_roots(name: str, data_dir: str | os.PathLike[str] | None = None) -> list[Path]:
    """Folders searched for a dataset, in order: explicit, $LSTM_GUI_DATA, user, system."""
    roots: list[Path] = []
    if data_dir is not None:
        roots.append(Path(data_dir))
    elif os.environ.get(DATA_ENV_VAR):
        roots.append(Path(os.environ[DATA_ENV_VAR]))
    roots.append(default_download_root())
    if name == "fashion-mnist":
        roots.append(DEBIAN_FASHION_MNIST)
    return roots


def candidate_dirs(root: Path, spec: DatasetSpec) -> list[Path]:
    """The folders under a search root that may hold a dataset's four files, in lookup order."""
    tv = spec.torchvision_class
    return [root, root / spec.name, root / tv / "raw", root / tv, root / spec.name / "raw"]


def _find_file(folder: Path, stem: str) -> Path | None:
    for candidate in (folder / stem, folder / f"{stem}.gz"):
        if candidate.is_file():
            return candidate
    return None


def find_dataset_files(
    name: str, data_dir: str | os.PathLike[str] | None = None
) -> dict[str, Path] | None:
    """The four IDX files of a dataset, from the first folder that has all four, or None."""
    spec = dataset_spec(name)
    for root in search_roots(name, data_dir):
        for folder in candidate_dirs(root, spec):
            found = {role: _find_file(folder, stem) for role, stem in IDX_FILES.items()}
            if all(found.values()):
                return {role: path for role, path in found.items() if path is not None}
    return None


def missing_data_message(name: str, data_dir: str | os.PathLike[str] | None = None) -> str:
    """One sentence saying where to put a dataset's files."""
    spec = dataset_spec(name)
    files = ", ".join(f"{stem}.gz" for stem in IDX_FILES.values())
    where = " or ".join(str(root) for root in search_roots(name, data_dir))
    return (
        f"{spec.title} was not found: put its four IDX files ({files}) in {where}, "
        f"or choose the folder that holds them (--data-dir)."
    )


def load_dataset(
    name: str = "mnist",
    data_dir: str | os.PathLike[str] | None = None,
    *,
    download: bool = True,
    progress: Callable[[DownloadProgress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> DatasetSplits:
    """Load a dataset into memory, downloading it to the user's folder if it is nowhere."""
    spec = dataset_spec(name)
    files = find_dataset_files(name, data_dir)
    if files is None:
        if not download:
            raise DataError(missing_data_message(name, data_dir))
        root = Path(data_dir) if data_dir is not None else default_download_root()
        try:
            download_dataset(name, root, progress=progress, cancelled=cancelled)
        except DataError as exc:
            raise DataError(f"{missing_data_message(name, data_dir)} ({exc})") from None
        files = find_dataset_files(name, data_dir)
        if files is None:  # pragma: no cover - download_dataset wrote them
            raise DataError(missing_data_message(name, data_dir))
    train = _read_split(files["train_images"], files["train_labels"])
    test = _read_split(files["test_images"], files["test_labels"])
    return DatasetSplits(spec, train, test, files["train_images"].parent)


# --------------------------------------------------------------------------- downloading


def download_dataset(
    name: str,
    root: str | os.PathLike[str],
    *,
    progress: Callable[[DownloadProgress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    timeout_s: float = 30.0,
) -> Path:
    """Download a dataset's files from torchvision's mirrors into <root>/<Class>/raw.

    Checksums are verified; a partial download never replaces a file. Raises DataError when
    torchvision is missing (the CPU executable has none), offline, cancelled or corrupt.
    """
    spec = dataset_spec(name)
    try:
        from torchvision import datasets as tv_datasets
    except ImportError:
        raise DataError("downloading needs torchvision, which this installation lacks") from None
    dataset_class = getattr(tv_datasets, spec.torchvision_class)
    mirrors: list[str] = list(dataset_class.mirrors)
    target = Path(root) / spec.torchvision_class / "raw"
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(f"cannot create {target}: {exc.strerror}") from None
    for filename, md5 in dataset_class.resources:
        destination = target / filename
        if destination.is_file() and _md5(destination) == md5:
            continue
        errors = []
        for mirror in mirrors:
            try:
                _download_file(mirror + filename, destination, md5, progress, cancelled, timeout_s)
                break
            except _DownloadCancelled:
                raise DataError("the download was cancelled") from None
            except (OSError, urllib.error.URLError, ValueError) as exc:
                errors.append(f"{mirror}: {getattr(exc, 'reason', exc)}")
        else:
            raise DataError(f"could not download {filename}: {'; '.join(errors)}")
    return target


class _DownloadCancelled(Exception):
    pass


def _md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _download_file(
    url: str,
    destination: Path,
    md5: str,
    progress: Callable[[DownloadProgress], None] | None,
    cancelled: Callable[[], bool] | None,
    timeout_s: float,
) -> None:
    request = urllib.request.Request(url, headers={"User-Agent": "lstm-gui"})
    handle, temp_name = tempfile.mkstemp(dir=destination.parent, suffix=".part")
    try:
        with (
            os.fdopen(handle, "wb") as out,
            urllib.request.urlopen(request, timeout=timeout_s) as response,
        ):
            total = int(response.headers.get("Content-Length") or 0)
            done = 0
            while chunk := response.read(1 << 16):
                if cancelled is not None and cancelled():
                    raise _DownloadCancelled
                out.write(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(DownloadProgress(destination.name, done, total))
        if _md5(Path(temp_name)) != md5:
            raise ValueError("checksum mismatch")
        shutil.move(temp_name, destination)
    finally:
        if os.path.exists(temp_name):
            os.unlink(temp_name)
