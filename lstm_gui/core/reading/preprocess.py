"""Turn a drawing, photo or scan of one digit into a 28x28 image made the way MNIST was made."""

from __future__ import annotations

import warnings
from os import PathLike
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from lstm_gui.core.errors import ImageError

MNIST_SIDE = 28
DIGIT_BOX_SIDE = 20
# MNIST puts the ink's centre of mass on pixel (14, 14), counting pixel centres as integer
# coordinates from 0: over the 10,000 test images the mean centre is (13.99, 14.01). In edge
# coordinates, where the frame runs from 0 to 28, that is the point (14.5, 14.5).
MNIST_CENTRE = 14.0

MAX_IMAGE_PIXELS = 50_000_000

# Ink must stand at least this far above the paper (on a 0..1 scale) to be a digit at all.
MIN_INK_CONTRAST = 0.05
# Pixels fainter than this fraction of the ink's contrast are antialiasing or stains: they are
# kept in the picture but do not stretch the digit's bounding box.
BOUNDING_BOX_FRACTION = 0.1
# Background noise up to this many standard deviations above the paper is not ink; at 4 sigma a
# 280x280 noisy canvas has about two such pixels, and the neighbour rule below drops those.
NOISE_SIGMAS = 4.0
# A pixel belongs to a stroke only if at least this many of its 8 neighbours are ink too, so
# isolated specks (dust, sensor noise, JPEG ringing) never widen the bounding box.
MIN_INK_NEIGHBOURS = 2
MIN_INK_PIXELS = 3

# Lanczos is antialiased when shrinking and smooth when enlarging a tiny digit; its small
# overshoot is clipped away.
RESAMPLING_FILTER = Image.Resampling.LANCZOS

_EMPTY_MESSAGE = "The image is empty: draw or load a digit."
_SIXTEEN_BIT_MAX = 65535


def to_mnist(image: np.ndarray | Image.Image, *, invert: bool | None = None) -> np.ndarray:
    """Return ``image`` as an MNIST-like float32 28x28 array in [0, 1] with the ink high.

    As for MNIST, the ink's bounding box is scaled (antialiased, keeping the aspect ratio) so
    that its longer side is 20 pixels, then placed in a 28x28 frame with the ink's centre of
    mass on pixel (14, 14) (row, column; pixel centres at integer coordinates). The shift is
    rounded to whole pixels and never pushes ink out of the frame.

    ``image`` is a 2-D array (uint8 0..255, 16-bit integers, bool, or float 0..1; floats above
    1 are read as 0..255) or a PIL image of any mode; colour becomes grey and transparent pixels
    become paper. ``invert=None`` inverts dark ink on light paper, judging the paper by the
    median of the border pixels; ``True`` or ``False`` forces the choice. The paper's level and
    noise are measured on the border, so grey paper, noise and JPEG artefacts are not ink.

    Raises ImageError if the image is not 2-D, has no pixels or holds no ink.
    """
    grey = _as_grey(image)
    if invert is None:
        invert = float(np.median(_border(grey))) > 0.5
    ink = 1.0 - grey if invert else grey

    paper = _border(ink)
    paper_level = float(np.median(paper))
    noise_sigma = 1.4826 * float(np.median(np.abs(paper - paper_level)))  # robust std (MAD)
    ink = np.clip(ink - paper_level - NOISE_SIGMAS * noise_sigma, 0.0, None)

    if float(ink.max()) < MIN_INK_CONTRAST:
        raise ImageError(_EMPTY_MESSAGE)
    strokes = _without_specks(ink > BOUNDING_BOX_FRACTION * float(ink.max()))
    if int(strokes.sum()) < MIN_INK_PIXELS:
        raise ImageError(_EMPTY_MESSAGE)
    # Scale by the brightest stroke pixel, not the brightest pixel, so one speck cannot dim
    # the whole digit.
    ink = np.clip(ink / float(ink[strokes].max()), 0.0, 1.0)

    rows = np.flatnonzero(strokes.any(axis=1))
    cols = np.flatnonzero(strokes.any(axis=0))
    digit = ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    digit = _scale_longer_side(digit, DIGIT_BOX_SIDE)
    return _place_by_centre_of_mass(digit, MNIST_SIDE, MNIST_CENTRE)


def load_image(path: str | PathLike[str]) -> Image.Image:
    """Open an image file (PNG, JPEG, BMP, GIF, ...) fully decoded and turned upright by EXIF.

    Raises ImageError, with one sentence naming the file, if it is missing, a folder, not an
    image, damaged or truncated, or larger than 50 megapixels.
    """
    path = Path(path)
    if not path.exists():
        raise ImageError(f"The file {path} does not exist; choose another image.")
    if path.is_dir():
        raise ImageError(f"{path} is a folder, not an image; choose an image file.")
    if not path.is_file():
        # A device (a link to /dev/zero) or a pipe: reading it would never end or never start.
        raise ImageError(f"{path} is not a regular file (a device or pipe); choose an image file.")
    try:
        # Pillow only warns below twice its own limit; make the warning an error so a
        # decompression bomb never gets decoded, whatever the global warning filters say.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as opened:
                width, height = opened.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise _TooLarge
                opened.load()
                return ImageOps.exif_transpose(opened)
    except (_TooLarge, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(
            f"{path} is too large (over {MAX_IMAGE_PIXELS // 1_000_000} megapixels); "
            "shrink it or crop it to the digit."
        ) from None
    except Image.UnidentifiedImageError:
        raise ImageError(
            f"{path} is not an image that can be read; choose a PNG, JPEG, BMP or GIF file."
        ) from None
    except PermissionError:
        raise ImageError(
            f"{path} cannot be read: permission denied; check its permissions."
        ) from None
    except Exception:  # noqa: BLE001 - any decoder failure means a damaged file
        # Decoders report damaged files with many exception types (OSError, SyntaxError,
        # struct.error, ValueError, ...); for a person they all mean the same thing.
        raise ImageError(
            f"{path} is damaged or truncated; save it again or choose another."
        ) from None


def is_blank(image: np.ndarray, threshold: float = 0.05) -> bool:
    """Return True if a drawing (ink high) holds no ink worth predicting.

    It is blank when its brightest pixel is below ``threshold`` or fewer than three pixels
    reach it. ``image`` follows the value rules of ``to_mnist`` (uint8 0..255 or float 0..1);
    ImageError is raised if it is not 2-D.
    """
    values = np.asarray(image)
    if values.size == 0:
        return True
    ink = _array_to_grey(values)
    return float(ink.max()) < threshold or int((ink >= threshold).sum()) < MIN_INK_PIXELS


def center_of_mass(image28: np.ndarray) -> tuple[float, float]:
    """Return the (row, column) centre of mass of an ink-high 2-D array.

    Pixel centres are integer coordinates from 0, so a 28x28 MNIST digit sits near (14, 14).
    Raises ImageError if the image holds no ink.
    """
    weights = np.asarray(image28, dtype=np.float64)
    if weights.ndim != 2:
        raise ImageError(f"The image must be a 2-D array, not one of shape {weights.shape}.")
    total = float(weights.sum())
    if not total > 0:
        raise ImageError(_EMPTY_MESSAGE)
    row = float(weights.sum(axis=1) @ np.arange(weights.shape[0])) / total
    col = float(weights.sum(axis=0) @ np.arange(weights.shape[1])) / total
    return row, col


class _TooLarge(Exception):
    """Internal signal: the image header promises more pixels than load_image accepts."""


def _as_grey(image: np.ndarray | Image.Image) -> np.ndarray:
    """Return a float32 2-D grey version of ``image`` in [0, 1] (0 black, 1 white)."""
    if isinstance(image, Image.Image):
        return _pil_to_grey(image)
    return _array_to_grey(np.asarray(image))


def _array_to_grey(values: np.ndarray) -> np.ndarray:
    if values.ndim != 2:
        raise ImageError(
            f"The image must be a 2-D greyscale array, not one of shape {values.shape}."
        )
    if values.size == 0:
        raise ImageError(f"The image has no pixels (shape {values.shape}).")
    if values.dtype == np.bool_:
        return values.astype(np.float32)
    if np.issubdtype(values.dtype, np.integer):
        # 16-bit scans arrive as uint16 or Pillow's int32 "I" mode; 8-bit data as anything.
        full_scale = 255 if int(values.max()) <= 255 else _SIXTEEN_BIT_MAX
        return np.clip(values.astype(np.float32) / full_scale, 0.0, 1.0)
    if not np.issubdtype(values.dtype, np.floating):
        raise ImageError(f"The image must hold numbers, not {values.dtype} values.")
    if not np.isfinite(values).all():
        raise ImageError("The image holds values that are not finite numbers.")
    # A float copy of an 8-bit image (np.asarray(img, dtype=float)) is a common slip.
    scale = 255.0 if float(values.max()) > 1.0 else 1.0
    # Scaled and clipped in the input's own precision: float64 beyond float32's range would
    # overflow in the cast.
    return np.clip(values / scale, 0.0, 1.0).astype(np.float32)


def _pil_to_grey(image: Image.Image) -> np.ndarray:
    if image.mode in ("I", "F") or image.mode.startswith("I;16"):
        # Converting these modes to "L" clips instead of scaling; read the numbers directly.
        return _array_to_grey(np.asarray(image))
    bands = image.getbands()
    has_alpha = "A" in bands or "a" in bands or "transparency" in image.info
    try:
        if not has_alpha:
            return _array_to_grey(np.asarray(image.convert("L")))
        rgba = image.convert("RGBA")
    except ValueError:
        raise ImageError(
            f"Images in colour mode {image.mode} are not supported; save it as PNG or JPEG."
        ) from None
    grey = _array_to_grey(np.asarray(rgba.convert("L")))
    alpha = _array_to_grey(np.asarray(rgba.getchannel("A")))
    return _composite_on_paper(grey, alpha)


def _composite_on_paper(grey: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Lay a grey image with transparency on paper, so transparent pixels read as background."""
    opaque = alpha >= 0.5
    if not opaque.any():
        raise ImageError(_EMPTY_MESSAGE)
    if opaque.mean() < 0.5:
        # Mostly transparent: the opaque pixels are the strokes (a drawing exported with a
        # transparent background), so the paper takes the opposite shade of the strokes.
        paper = 1.0 if float(np.average(grey, weights=alpha)) < 0.5 else 0.0
    else:
        # Mostly opaque: the opaque pixels include the real paper; extend it under the holes.
        paper = float(np.median(grey[opaque]))
    return (alpha * grey + (1.0 - alpha) * paper).astype(np.float32)


def _border(image: np.ndarray) -> np.ndarray:
    """Return the pixels of the outer ring, about 2% of the shorter side wide (at least 1)."""
    height, width = image.shape
    ring = max(1, round(0.02 * min(height, width)))
    if 2 * ring >= min(height, width):
        return image.ravel()
    return np.concatenate(
        [
            image[:ring].ravel(),
            image[-ring:].ravel(),
            image[ring:-ring, :ring].ravel(),
            image[ring:-ring, -ring:].ravel(),
        ]
    )


def _without_specks(mask: np.ndarray) -> np.ndarray:
    """Keep only mask pixels with at least MIN_INK_NEIGHBOURS of their 8 neighbours set."""
    padded = np.pad(mask, 1).astype(np.uint8)
    height, width = mask.shape
    neighbours = np.zeros(mask.shape, dtype=np.uint8)
    for dr in (0, 1, 2):
        for dc in (0, 1, 2):
            if (dr, dc) != (1, 1):
                neighbours += padded[dr : dr + height, dc : dc + width]
    return mask & (neighbours >= MIN_INK_NEIGHBOURS)


def _scale_longer_side(digit: np.ndarray, side: int) -> np.ndarray:
    """Resize so the longer side is ``side`` pixels, keeping the aspect ratio; max becomes 1."""
    height, width = digit.shape
    scale = side / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    resized = Image.fromarray(digit.astype(np.float32)).resize(size, RESAMPLING_FILTER)
    scaled = np.clip(np.asarray(resized, dtype=np.float32), 0.0, 1.0)
    if not float(scaled.max()) > 0:
        raise ImageError(_EMPTY_MESSAGE)
    # Shrinking thins the strokes' peaks; MNIST digits reach full white, so restore it.
    return scaled / float(scaled.max())


def _place_by_centre_of_mass(digit: np.ndarray, frame_side: int, centre: float) -> np.ndarray:
    """Put ``digit`` in a square frame, shifted by whole pixels to bring its mass to ``centre``."""
    height, width = digit.shape
    row, col = center_of_mass(digit)
    # Round half up (not to even) so equal inputs always land on the same side; clamping
    # keeps every ink pixel inside the frame for lopsided shapes.
    top = min(max(int(np.floor(centre - row + 0.5)), 0), frame_side - height)
    left = min(max(int(np.floor(centre - col + 0.5)), 0), frame_side - width)
    frame = np.zeros((frame_side, frame_side), dtype=np.float32)
    frame[top : top + height, left : left + width] = digit
    return frame
