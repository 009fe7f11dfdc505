"""The row-by-row reading drawn as frames with Pillow, saved as a looping GIF or a PNG sheet."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from lstm_gui.core.atomic_file import replacing
from lstm_gui.core.errors import ConfigError, StorageError
from lstm_gui.core.export.scan_frames import FramePainter

if TYPE_CHECKING:  # checking an output name needs no torch; the record's module imports it
    from lstm_gui.core.reading.scan_record import ScanRecord


DEFAULT_WIDTH = 560
MIN_WIDTH = 280
MAX_WIDTH = 2400
DEFAULT_FPS = 4.0
MAX_FPS = 50.0
# The last frame, the final answer, stays up this long before the animation starts again.
FINAL_FRAME_MS = 2500
SHEET_COLUMNS = 7  # frames per line of the PNG sheet: 28 rows make four lines

SUFFIXES = {".gif": "GIF", ".png": "PNG"}
# Between the frames of a PNG sheet.
SHEET_GAP = (206, 212, 218)


def check_output(
    path: str | os.PathLike[str], *, width: int = DEFAULT_WIDTH, fps: float = DEFAULT_FPS
) -> Path:
    """The path, if an animation of this size and speed can be written there; else an error.

    Checked before anything is computed, so a wrong name or setting fails at once.
    """
    _check_width(width)
    if not 0 < fps <= MAX_FPS:
        raise ConfigError(f"The frame rate must be above 0 and at most {MAX_FPS:g}, not {fps}.")
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise ConfigError(
            f"Cannot save {path.name}: give a name ending in .gif (the animation) or .png "
            "(every frame on one sheet)."
        )
    folder = path.parent
    if not folder.is_dir():
        problem = "is a file" if folder.exists() else "does not exist"
        raise StorageError(f"Cannot save {path}: the folder {folder} {problem}.", path)
    if path.is_dir():
        raise StorageError(f"Cannot save {path}: it is a folder; give a file name.", path)
    return path


def frame_durations(frames: int, fps: float = DEFAULT_FPS) -> list[int]:
    """Milliseconds each frame is shown: 1/fps each, the final answer held longer."""
    # GIF counts in hundredths of a second, and browsers slow frames shorter than two.
    step = 10 * max(2, round(100 / fps))
    return [step] * (frames - 1) + [max(FINAL_FRAME_MS, 3 * step)]


def render_frames(record: ScanRecord, width: int = DEFAULT_WIDTH) -> list[Image.Image]:
    """Every frame of the reading as an RGB image `width` pixels wide."""
    _check_width(width)
    painter = FramePainter(record, width)
    return [painter.frame(index) for index in range(record.frames)]


def contact_sheet(frames: list[Image.Image], columns: int = SHEET_COLUMNS) -> Image.Image:
    """The frames side by side, `columns` to a line, in reading order."""
    columns = max(1, min(columns, len(frames)))
    lines = math.ceil(len(frames) / columns)
    width, height = frames[0].size
    gap = max(2, width // 70)
    sheet = Image.new(
        "RGB",
        (columns * width + (columns + 1) * gap, lines * height + (lines + 1) * gap),
        SHEET_GAP,
    )
    for index, frame in enumerate(frames):
        line, column = divmod(index, columns)
        sheet.paste(frame, (gap + column * (width + gap), gap + line * (height + gap)))
    return sheet


def save_scan_animation(
    record: ScanRecord,
    path: str | os.PathLike[str],
    *,
    width: int = DEFAULT_WIDTH,
    fps: float = DEFAULT_FPS,
) -> Path:
    """Draw the record and write it: .gif a looping animation, .png every frame on a sheet.

    Written to a temporary file beside `path`, then renamed: never half a file.
    """
    path = check_output(path, width=width, fps=fps)
    frames = render_frames(record, width)
    kind = SUFFIXES[path.suffix.lower()]
    try:
        with replacing(path) as temp_name:
            if kind == "GIF":
                indexed = _shared_palette(frames)
                indexed[0].save(
                    temp_name,
                    format="GIF",
                    save_all=True,
                    append_images=indexed[1:],
                    duration=frame_durations(len(frames), fps),
                    loop=0,
                )
            else:
                contact_sheet(frames).save(temp_name, format="PNG")
    except OSError as exc:
        from lstm_gui.core.run.checkpoint import storage_error

        raise storage_error(path, exc) from None
    return path


def _shared_palette(frames: list[Image.Image]) -> list[Image.Image]:
    """The frames in 256 colours, one palette for all: no flicker, and 7x faster to write.

    The palette is chosen from the first, middle and last frames together, so it has the dim
    unread pixels of the start and the full heatmaps of the end.
    """
    samples = [frames[0], frames[len(frames) // 2], frames[-1]]
    width, height = samples[0].size
    strip = Image.new("RGB", (width, height * len(samples)))
    for index, frame in enumerate(samples):
        strip.paste(frame, (0, index * height))
    palette = strip.quantize(256, method=Image.Quantize.MEDIANCUT)
    return [frame.quantize(palette=palette, dither=Image.Dither.NONE) for frame in frames]


def _check_width(width: int) -> None:
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        raise ConfigError(f"The width must be {MIN_WIDTH} to {MAX_WIDTH} pixels, not {width}.")
