"""Property-based fuzzing of IDX files, image files and drawings: a result or our own error.

Every input, however damaged, yields a result or an LstmGuiError; no other exception escapes,
and what reaches the model is finite. A file that could keep a loader reading (a gzip bomb, a
device, a pipe) is refused having read no more than its header. How fast is the benchmarks'
business: these tests set no time limit a loaded machine could miss.
"""

from __future__ import annotations

import gzip
import io
import os
import struct
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from PIL import Image

from lstm_gui.core.errors import LstmGuiError
from lstm_gui.core.reading.preprocess import load_image, to_mnist
from lstm_gui.core.run.data import read_idx

# No per-example deadline: a loaded machine runs any example slowly now and then.
QUICK = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
THOROUGH = settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def idx_bytes(array: np.ndarray) -> bytes:
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(
        int(size).to_bytes(4, "big") for size in array.shape
    )
    return header + array.astype(np.uint8).tobytes()


def read_or_refuse(path: Path, raw: bytes) -> np.ndarray | None:
    path.write_bytes(raw)
    try:
        return read_idx(path)
    except LstmGuiError as exc:
        assert str(path) in str(exc) and "\n" not in str(exc)
        return None


# --------------------------------------------------------------------------- IDX


@QUICK
@given(
    array=hnp.arrays(np.uint8, hnp.array_shapes(min_dims=1, max_dims=3, max_side=6)),
    gz=st.booleans(),
    data=st.data(),
)
def test_idx_round_trip_or_damage(
    tmp_path: Path, array: np.ndarray, gz: bool, data: st.DataObject
) -> None:
    raw = idx_bytes(array)
    damage = data.draw(st.sampled_from(["none", "cut", "flip", "append", "header"]))
    if damage == "cut":
        raw = raw[: data.draw(st.integers(0, len(raw) - 1))]
    elif damage == "flip":
        position = data.draw(st.integers(0, len(raw) - 1))
        raw = raw[:position] + bytes([raw[position] ^ 0xFF]) + raw[position + 1 :]
    elif damage == "append":
        raw += data.draw(st.binary(min_size=1, max_size=16))
    elif damage == "header":
        raw = data.draw(st.binary(max_size=24)) + raw[data.draw(st.integers(0, 16)) :]
    if gz:
        raw = gzip.compress(raw, mtime=0)
        if data.draw(st.booleans()):
            raw = raw[: data.draw(st.integers(0, len(raw)))]
    result = read_or_refuse(tmp_path / "fuzz-idx", raw)
    if damage == "none" and (not gz or result is not None):
        assert result is not None and np.array_equal(result, array)


@QUICK
@given(raw=st.binary(max_size=64))
def test_idx_random_bytes(tmp_path: Path, raw: bytes) -> None:
    read_or_refuse(tmp_path / "random-idx", raw)
    read_or_refuse(tmp_path / "random-idx.gz", b"\x1f\x8b" + raw)


@QUICK
@given(dims=st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=3), gz=st.booleans())
def test_idx_header_claims_huge_sizes(tmp_path: Path, dims: list[int], gz: bool) -> None:
    raw = bytes([0, 0, 0x08, len(dims)]) + b"".join(size.to_bytes(4, "big") for size in dims)
    raw += bytes(64)
    read_or_refuse(tmp_path / "huge-idx", gzip.compress(raw) if gz else raw)


class CountingFile:
    """A file opened for reading that counts the bytes read from it."""

    def __init__(self, file: Any) -> None:
        self._file = file
        self.bytes_read = 0

    def read(self, size: int = -1) -> bytes:
        data = self._file.read(size)
        self.bytes_read += len(data)
        return data

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)

    def __enter__(self) -> CountingFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._file.close()


def counting_opens(monkeypatch: pytest.MonkeyPatch) -> list[CountingFile]:
    """Every file opened through Path.open from now on, counting what is read from it."""
    opened: list[CountingFile] = []
    original = Path.open

    def counting_open(self: Path, *args: Any, **kwargs: Any) -> CountingFile:
        opened.append(CountingFile(original(self, *args, **kwargs)))
        return opened[-1]

    monkeypatch.setattr(Path, "open", counting_open)
    return opened


def outcome_in_thread(call: Callable[[], object], timeout: float = 60.0) -> Exception | None:
    """What `call` raised (None: it returned), failing if it has not ended within `timeout` s.

    The timeout is generous: it tells a loader that reads without end from a slow one.
    """
    outcome: list[Exception | None] = []

    def run() -> None:
        try:
            call()
        except Exception as exc:  # noqa: BLE001 (the test looks at what was raised)
            outcome.append(exc)
        else:
            outcome.append(None)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout)
    assert outcome, f"still reading after {timeout:.0f} s"
    return outcome[0]


def test_idx_gzip_bomb_is_refused_after_its_header(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A valid-looking header promising 2**31 images, then 2 GB of zeros in 2 MB of gzip:
    # decompressing it all would take seconds and gigabytes before the size check.
    # Concatenated gzip members make one stream: 128 members of 16 MB of zeros each.
    header = bytes([0, 0, 0x08, 3]) + (2**31).to_bytes(4, "big") + (28).to_bytes(4, "big") * 2
    path = tmp_path / "bomb-images-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(header) + gzip.compress(bytes(2**24)) * 128)
    opened = counting_opens(monkeypatch)
    error = outcome_in_thread(lambda: read_idx(path))
    assert isinstance(error, LstmGuiError) and "more than any dataset" in str(error)
    # Refused on its header: of the 2 MB (2 GB unpacked), at most a few reads' worth.
    (file,) = opened
    assert file.bytes_read <= path.stat().st_size // 8


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom"])
def test_idx_special_files_are_refused(tmp_path: Path, target: str) -> None:
    link = tmp_path / "train-images-idx3-ubyte"
    link.symlink_to(target)
    with pytest.raises(LstmGuiError, match="not a regular file"):
        read_idx(link)


def test_idx_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "train-labels-idx1-ubyte"
    os.mkfifo(fifo)  # opening it would wait for a writer forever
    with pytest.raises(LstmGuiError, match="not a regular file"):
        read_idx(fifo)


# --------------------------------------------------------------------------- image files

Image.init()  # registers every format plugin, so that Image.SAVE lists them all
MODES = ["1", "L", "P", "RGB", "RGBA", "CMYK", "I;16", "I", "F", "LA", "PA", "YCbCr", "HSV"]
FORMATS = sorted(
    {"PNG", "JPEG", "BMP", "GIF", "TIFF", "WEBP", "PPM", "TGA", "PCX", "ICO", "SGI", "QOI"}
    & set(Image.SAVE)
)


def digit_image(mode: str, rng: np.random.Generator, size: tuple[int, int]) -> Image.Image:
    grey = np.full(size[::-1], 240, dtype=np.uint8)
    height, width = grey.shape
    grey[height // 5 : -height // 5 or None, width // 2 - 1 : width // 2 + 2] = 10
    grey = np.clip(grey.astype(int) + rng.integers(-5, 6, grey.shape), 0, 255).astype(np.uint8)
    image = Image.fromarray(grey, "L")
    if mode == "PA":
        return image.convert("P").convert("PA")
    if mode == "I;16":
        return Image.fromarray(grey.astype(np.uint16) * 257)
    return image.convert(mode)


def encode(image: Image.Image, fmt: str) -> bytes | None:
    stream = io.BytesIO()
    try:
        image.save(stream, format=fmt)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # this format cannot hold this mode
    return stream.getvalue()


def open_or_refuse(path: Path, raw: bytes) -> None:
    """The property: an MNIST-like finite 28x28 array, or one LstmGuiError."""
    path.write_bytes(raw)
    try:
        image = to_mnist(load_image(path))
    except LstmGuiError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert image.shape == (28, 28) and image.dtype == np.float32
    assert np.isfinite(image).all() and 0.0 <= image.min() and image.max() <= 1.0


@QUICK
@given(
    mode=st.sampled_from(MODES),
    fmt=st.sampled_from(FORMATS),
    size=st.tuples(st.integers(1, 64), st.integers(1, 64)),
    seed=st.integers(0, 2**16),
    data=st.data(),
)
def test_image_files_whole_truncated_or_flipped(
    tmp_path: Path,
    mode: str,
    fmt: str,
    size: tuple[int, int],
    seed: int,
    data: st.DataObject,
) -> None:
    raw = encode(digit_image(mode, np.random.default_rng(seed), size), fmt)
    assume(raw is not None)
    assert raw is not None
    damage = data.draw(st.sampled_from(["none", "cut", "flip"]))
    if damage == "cut":
        raw = raw[: data.draw(st.integers(0, len(raw) - 1))]
    elif damage == "flip":
        buffer = bytearray(raw)
        for _ in range(data.draw(st.integers(1, 8))):
            buffer[data.draw(st.integers(0, len(buffer) - 1))] ^= 1 << data.draw(st.integers(0, 7))
        raw = bytes(buffer)
    open_or_refuse(tmp_path / f"digit.{fmt.lower()}", raw)


@QUICK
@given(raw=st.binary(max_size=256), prefix=st.sampled_from([b"", b"\x89PNG\r\n\x1a\n", b"BM"]))
def test_image_random_bytes(tmp_path: Path, raw: bytes, prefix: bytes) -> None:
    open_or_refuse(tmp_path / "random.png", prefix + raw)


def png_claiming(width: int, height: int, body: bytes = b"") -> bytes:
    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload)
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


@QUICK
@given(width=st.integers(1, 2**31 - 1), height=st.integers(1, 2**31 - 1))
def test_image_header_claiming_huge_dimensions(tmp_path: Path, width: int, height: int) -> None:
    open_or_refuse(tmp_path / "huge.png", png_claiming(width, height, zlib.compress(bytes(64))))


def test_decompression_bomb_is_refused_quickly(tmp_path: Path) -> None:
    # 10,000 x 10,000 black pixels: 100 megapixels from 100 KB of PNG.
    rows = zlib.compress((b"\x00" + bytes(10_000)) * 10_000, 9)
    path = tmp_path / "bomb.png"
    path.write_bytes(png_claiming(10_000, 10_000, rows))
    with pytest.raises(LstmGuiError, match="too large"):
        load_image(path)


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_image_special_files_are_refused(tmp_path: Path, target: str) -> None:
    link = tmp_path / "digit.png"
    link.symlink_to(target)
    with pytest.raises(LstmGuiError, match="not a regular file"):
        load_image(link)


def test_image_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "digit.png"
    os.mkfifo(fifo)
    with pytest.raises(LstmGuiError, match="not a regular file"):
        load_image(fifo)


# --------------------------------------------------------------------------- drawings

DTYPES = st.sampled_from(
    [np.uint8, np.uint16, np.int32, np.int64, np.float32, np.float64, np.bool_, np.int8]
)


@QUICK
@given(drawing=hnp.arrays(DTYPES, hnp.array_shapes(min_dims=0, max_dims=3, max_side=40)))
def test_drawings_of_any_shape_and_values(drawing: np.ndarray) -> None:
    try:
        image = to_mnist(drawing)
    except LstmGuiError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert image.shape == (28, 28) and np.isfinite(image).all()
    assert 0.0 <= image.min() and image.max() <= 1.0


@QUICK
@given(
    strokes=hnp.arrays(
        np.float32,
        st.tuples(st.integers(3, 300), st.integers(3, 300)),
        elements=st.floats(-(2.0**100), 2.0**100, width=32, allow_subnormal=False)
        | st.sampled_from([0.0, 1.0]),
    )
)
def test_drawings_with_extreme_values(strokes: np.ndarray) -> None:
    test_drawings_of_any_shape_and_values.hypothesis.inner_test(strokes)  # type: ignore[attr-defined]


@pytest.mark.slow
@THOROUGH
@given(
    mode=st.sampled_from(MODES),
    fmt=st.sampled_from(FORMATS),
    seed=st.integers(0, 2**16),
    data=st.data(),
)
def test_thorough_image_mutations(
    tmp_path: Path, mode: str, fmt: str, seed: int, data: st.DataObject
) -> None:
    raw = encode(digit_image(mode, np.random.default_rng(seed), (40, 30)), fmt)
    assume(raw is not None)
    assert raw is not None
    buffer = bytearray(raw)
    for _ in range(data.draw(st.integers(1, 40))):
        buffer[data.draw(st.integers(0, len(buffer) - 1))] = data.draw(st.integers(0, 255))
    open_or_refuse(
        tmp_path / f"digit.{fmt.lower()}", bytes(buffer[: data.draw(st.integers(1, len(buffer)))])
    )


@pytest.mark.slow
@THOROUGH
@given(raw=st.binary(max_size=4096))
def test_thorough_idx_random_bytes(tmp_path: Path, raw: bytes) -> None:
    read_or_refuse(tmp_path / "random-idx", bytes([0, 0, 8, 3]) + raw)
