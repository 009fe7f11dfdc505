"""Tests for turning drawings, photos and files into MNIST-like 28x28 digits."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from lstm_gui.core.errors import ImageError
from lstm_gui.core.reading.preprocess import center_of_mass, is_blank, load_image, to_mnist
from lstm_gui.core.run.data import read_idx

CENTRE = 14.0


def draw_seven(
    canvas: int = 280, box: tuple[int, int, int, int] = (20, 20, 120, 160), width: int = 12
) -> np.ndarray:
    """Return a uint8 canvas with a white "7" (lopsided, so its mass is off its box's centre)."""
    image = Image.new("L", (canvas, canvas), 0)
    left, top, right, bottom = box
    draw = ImageDraw.Draw(image)
    draw.line([(left, top), (right, top), (left + (right - left) // 3, bottom)], 255, width)
    return np.asarray(image)


def ink_box(image: np.ndarray, level: float = 0.05) -> tuple[int, int]:
    """Return the (height, width) of the box around pixels above ``level``."""
    rows = np.flatnonzero((image > level).any(axis=1))
    cols = np.flatnonzero((image > level).any(axis=0))
    return int(rows[-1] - rows[0] + 1), int(cols[-1] - cols[0] + 1)


def assert_mnist_like(result: np.ndarray) -> None:
    assert result.dtype == np.float32
    assert result.shape == (28, 28)
    assert float(result.min()) == 0.0
    assert float(result.max()) == pytest.approx(1.0)
    assert max(ink_box(result)) in (19, 20, 21)
    row, col = center_of_mass(result)
    assert abs(row - CENTRE) <= 1.0
    assert abs(col - CENTRE) <= 1.0


def test_digit_in_a_corner_is_scaled_to_20_pixels_and_centred_by_mass() -> None:
    result = to_mnist(draw_seven(box=(5, 5, 85, 120)))

    assert_mnist_like(result)
    assert ink_box(result)[0] in (19, 20, 21)  # the 7 is taller than wide
    # The frame is 28 wide but the digit only about 14: its mass, not its box, is centred.
    row, col = center_of_mass(result)
    assert abs(row - CENTRE) <= 0.5
    assert abs(col - CENTRE) <= 0.5


def test_tiny_digit_is_scaled_up_to_20_pixels() -> None:
    result = to_mnist(draw_seven(box=(200, 200, 206, 210), width=2))

    assert_mnist_like(result)
    assert ink_box(result)[0] in (19, 20, 21)


def test_very_thick_stroke_keeps_its_shape() -> None:
    box = (40, 40, 240, 250)

    thick = to_mnist(draw_seven(box=box, width=60))

    assert_mnist_like(thick)
    assert float(thick.mean()) > 2 * float(to_mnist(draw_seven(box=box, width=10)).mean())
    # However thick the stroke, the 7's lower right stays paper (bar a faint resampling halo).
    assert float(thick[22:27, 18:27].max()) < 0.05


def test_wide_flat_bar_keeps_its_aspect_ratio() -> None:
    drawing = np.zeros((280, 280), dtype=np.uint8)
    drawing[200:220, 50:150] = 255  # 100 wide, 20 tall: a "-"

    result = to_mnist(drawing)

    assert_mnist_like(result)
    height, width = ink_box(result)
    assert width == 20
    assert height in (3, 4, 5)  # 20 * 20 / 100


def test_float_and_uint8_inputs_agree() -> None:
    drawing = draw_seven()

    assert np.allclose(to_mnist(drawing), to_mnist(drawing / 255.0), atol=1e-5)
    assert np.allclose(to_mnist(drawing), to_mnist(drawing.astype(np.float64)), atol=1e-5)


def test_dark_ink_on_white_paper_is_inverted_automatically() -> None:
    white_on_black = draw_seven()
    dark_on_white = 255 - white_on_black

    expected = to_mnist(white_on_black)

    assert np.allclose(to_mnist(dark_on_white), expected, atol=1e-5)
    assert np.allclose(to_mnist(dark_on_white, invert=True), expected, atol=1e-5)
    assert np.allclose(to_mnist(white_on_black, invert=False), expected, atol=1e-5)
    # Forced the wrong way, the black border is the paper and nothing is darker than it.
    with pytest.raises(ImageError, match="empty"):
        to_mnist(white_on_black, invert=True)


def test_colour_and_transparent_images_match_the_grey_drawing() -> None:
    white_on_black = draw_seven()
    expected = to_mnist(white_on_black)
    strokes = Image.fromarray(white_on_black)

    blue_on_white = Image.merge(
        "RGB", [Image.fromarray(255 - white_on_black)] * 2 + [Image.new("L", strokes.size, 255)]
    )
    black_on_transparent = Image.new("RGBA", strokes.size, (0, 0, 0, 0))
    black_on_transparent.putalpha(strokes)
    white_on_transparent = Image.new("RGBA", strokes.size, (255, 255, 255, 0))
    white_on_transparent.putalpha(strokes)

    assert np.abs(to_mnist(blue_on_white) - expected).max() < 0.05
    assert np.allclose(to_mnist(strokes), expected, atol=1e-5)
    assert np.allclose(to_mnist(black_on_transparent), expected, atol=1e-5)
    assert np.allclose(to_mnist(white_on_transparent), expected, atol=1e-5)
    assert np.allclose(to_mnist(strokes.convert("RGB")), expected, atol=1e-5)


def test_noisy_grey_paper_is_not_ink() -> None:
    rng = np.random.default_rng(7)
    clean = draw_seven(box=(180, 20, 260, 150)) / 255.0
    # Grey paper at 0.9 with noise, a slightly uneven dark pen, and one stray dark speck.
    photo = 0.9 - 0.7 * clean + rng.normal(0.0, 0.03, clean.shape)
    photo[270, 5] = 0.2

    result = to_mnist(np.clip(photo, 0.0, 1.0))

    assert_mnist_like(result)
    assert float(np.abs(result - to_mnist(clean)).mean()) < 0.03
    # The paper around the digit reads as pure black, as in MNIST.
    assert float(result[:, :3].max()) == 0.0


def test_jpeg_photo_of_a_digit_is_centred(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    clean = draw_seven(box=(100, 60, 180, 200), width=14) / 255.0
    photo = np.clip(0.85 - 0.6 * clean + rng.normal(0.0, 0.02, clean.shape), 0.0, 1.0)
    path = tmp_path / "photo.jpg"
    Image.fromarray((photo * 255).astype(np.uint8)).convert("RGB").save(path, quality=50)

    result = to_mnist(load_image(path))

    assert_mnist_like(result)
    assert float(np.abs(result - to_mnist(clean)).mean()) < 0.04


@pytest.mark.parametrize(
    "blank",
    [
        np.zeros((280, 280), dtype=np.uint8),
        np.full((280, 280), 255, dtype=np.uint8),
        np.clip(np.random.default_rng(1).normal(0.9, 0.02, (280, 280)), 0.0, 1.0),
        Image.new("RGBA", (50, 50), (0, 0, 0, 0)),
    ],
    ids=["black", "white", "noisy-paper", "transparent"],
)
def test_image_without_ink_is_empty(blank: np.ndarray | Image.Image) -> None:
    with pytest.raises(ImageError, match="empty"):
        to_mnist(blank)


@pytest.mark.parametrize(
    "shape",
    [(28, 28, 3), (784,), (0, 28), (28, 0)],
    ids=["colour-array", "flat", "no-rows", "no-cols"],
)
def test_array_that_is_not_a_2d_image_is_refused(shape: tuple[int, ...]) -> None:
    with pytest.raises(ImageError, match=r"2-D|no pixels"):
        to_mnist(np.zeros(shape, dtype=np.uint8))


def test_non_finite_values_are_refused() -> None:
    drawing = draw_seven() / 255.0
    drawing[0, 0] = np.nan

    with pytest.raises(ImageError, match="finite"):
        to_mnist(drawing)


@pytest.mark.slow
def test_mnist_digits_come_back_nearly_unchanged(mnist_dir: Path) -> None:
    for digit in read_idx(mnist_dir / "t10k-images-idx3-ubyte.gz")[:20]:
        original = digit / 255.0

        result = to_mnist(digit)

        assert float(np.abs(result - original).mean()) < 0.08
        assert np.allclose(center_of_mass(result), center_of_mass(original), atol=1.5)


def test_load_image_reads_a_png(tmp_path: Path) -> None:
    path = tmp_path / "digit.png"
    Image.fromarray(draw_seven(canvas=64, box=(5, 5, 40, 50), width=4)).save(path)

    image = load_image(path)

    assert image.size == (64, 64)
    assert np.array_equal(np.asarray(image), draw_seven(canvas=64, box=(5, 5, 40, 50), width=4))


def test_load_image_applies_exif_orientation(tmp_path: Path) -> None:
    path = tmp_path / "portrait.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was turned; show the picture rotated 90 degrees.
    Image.new("L", (60, 40), 255).save(path, exif=exif)

    assert load_image(path).size == (40, 60)


def tiny_png_header(width: int, height: int) -> bytes:
    """Return a PNG whose header claims ``width`` x ``height`` pixels but holds almost no data."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 16))
        + chunk(b"IEND", b"")
    )


def write_truncated_png(path: Path) -> None:
    noise = np.random.default_rng(0).integers(0, 256, (64, 64), dtype=np.uint8)
    Image.fromarray(noise).save(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("missing.png", lambda path: None, "does not exist"),
        ("notes.txt", lambda path: path.write_text("not a picture\n"), "not an image"),
        ("cut.png", write_truncated_png, "damaged or truncated"),
        ("folder.png", lambda path: path.mkdir(), "folder"),
        ("bomb.png", lambda path: path.write_bytes(tiny_png_header(10_000, 6_000)), "too large"),
    ],
    ids=["missing", "text", "truncated", "folder", "huge"],
)
def test_load_image_explains_bad_files(
    tmp_path: Path, name: str, make: Callable[[Path], object], reason: str
) -> None:
    path = tmp_path / name
    make(path)

    with pytest.raises(ImageError, match=reason) as raised:
        load_image(path)

    assert name in str(raised.value)
    assert str(raised.value).count(". ") == 0  # one sentence


def test_is_blank() -> None:
    canvas = np.zeros((280, 280), dtype=np.float32)
    assert is_blank(canvas)
    assert is_blank(np.zeros((0, 0)))
    canvas[10, 10] = canvas[10, 11] = 1.0
    assert is_blank(canvas)  # two pixels are a slip of the pen, not a digit
    faint = np.full((280, 280), 0.04, dtype=np.float32)
    assert is_blank(faint)
    assert not is_blank(draw_seven() / 255.0)
    assert not is_blank(draw_seven())  # uint8 0..255 counts the same
    assert is_blank(draw_seven() / 255.0, threshold=1.5)


def test_center_of_mass() -> None:
    image = np.zeros((28, 28), dtype=np.float32)
    image[3, 5] = 1.0
    assert center_of_mass(image) == (3.0, 5.0)
    image[7, 5] = 3.0  # three times heavier: the centre moves three quarters of the way
    assert center_of_mass(image) == pytest.approx((6.0, 5.0))

    with pytest.raises(ImageError, match="empty"):
        center_of_mass(np.zeros((28, 28)))
