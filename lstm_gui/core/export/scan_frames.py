"""One frame of the scan animation drawn with Pillow: the image so far, the guess, h and c.

The layout is worked out once per width (FramePainter) and every frame drawn from it; the
colours and the text that names a frame's place in the reading are here too.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from lstm_gui.core.config import IMAGE_SIDE

if TYPE_CHECKING:  # the record's module imports torch; drawing needs none
    from lstm_gui.core.reading.scan_record import ScanRecord

PIXELS = IMAGE_SIDE * IMAGE_SIDE
# The layout is designed at this width and scaled to the width asked for.
BASE_WIDTH = 560
# Narrower frames leave out the captions; their text would be too small or overlap.
COMPACT_WIDTH = 420

BACKGROUND = (255, 255, 255)
TEXT = (33, 37, 41)
MUTED = (108, 117, 125)
EMPTY = (233, 236, 239)  # bars' tracks, heatmap columns not read yet
BAR = (92, 124, 176)
TOP_GUESS = (232, 89, 12)
SCAN_LINE = (240, 62, 62)
# A diverging colour map (blue - white - red) for states in -1..1; values beyond are clipped.
DIVERGING = (
    (-1.0, (33, 102, 172)),
    (-0.5, (146, 197, 222)),
    (0.0, (247, 247, 247)),
    (0.5, (244, 165, 130)),
    (1.0, (178, 24, 43)),
)


def diverging_colours(values: np.ndarray) -> np.ndarray:
    """RGB uint8 (..., 3) for values, -1 blue, 0 white, +1 red; beyond +-1 clipped."""
    clipped = np.clip(np.nan_to_num(values, nan=0.0), -1.0, 1.0)
    stops = np.array([stop for stop, _ in DIVERGING])
    colours = np.array([colour for _, colour in DIVERGING], dtype=np.float64)
    channels = [np.interp(clipped, stops, colours[:, channel]) for channel in range(3)]
    return np.round(np.stack(channels, axis=-1)).astype(np.uint8)


def progress_text(record: ScanRecord, frame: int) -> str:
    """A frame's place in the reading: "row 7/28", "step 3/14 (rows 5-6)", "112/784 pixels".

    After the image, a memory-task model's blank steps: "blank 3/100".
    """
    if record.frame_is_blank(frame):
        return f"blank {record.blank_read(frame)}/{record.blank_steps}"
    if record.permuted:
        return f"{record.pixels_read(frame)}/{PIXELS} pixels"
    if record.frame_is_row:
        return f"row {record.rows_read(frame)}/{IMAGE_SIDE}"
    first = record.pixels_read(frame - 1) // IMAGE_SIDE + 1 if frame else 1
    last = record.rows_read(frame)
    rows = f"row {last}" if first == last else f"rows {first}-{last}"
    return f"step {int(record.step_of_frame[frame]) + 1}/{record.steps} ({rows})"


@functools.lru_cache(maxsize=32)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # Pillow's own font at a size (Latin only, so frames carry ASCII text); a Pillow built
    # without FreeType has only its small bitmap font.
    try:
        return ImageFont.load_default(size=size)
    except (ImportError, OSError, TypeError):
        return ImageFont.load_default()


class FramePainter:
    """Lays out one width's frames once and draws each: the image, the guess, h and c.

    Lengths scale with the width; text does too but never below a legible size, so narrow
    frames (under COMPACT_WIDTH) drop the captions that would no longer fit.
    """

    def __init__(self, record: ScanRecord, width: int) -> None:
        self.record = record
        self.width = width
        self.scale = width / BASE_WIDTH
        self.compact = width < COMPACT_WIDTH
        self.big, self.guess_font = self.font(24, 14), self.font(22, 13)
        self.text, self.small = self.font(13, 9), self.font(11, 9)
        s = self.px
        self.margin = s(16)
        y = s(10)
        self.header_top = y
        header_lines = 1 if self.compact else 2
        y += max(_line_height(self.big), header_lines * _line_height(self.text)) + s(12)
        self.image_side = IMAGE_SIDE * max(1, s(7))
        self.image_box = (self.margin, y)
        self.bars_left = self.margin + self.image_side + s(22)
        y += self.image_side + s(6)
        self.caption_top = y
        if not self.compact:
            y += _line_height(self.small)
        self.heat_title_top = y + s(10)
        self.heat_top = self.heat_title_top + _line_height(self.text) + s(5)
        self.heat_height = s(128)
        self.ticks_top = self.heat_top + self.heat_height + s(3)
        self.ramp_top = self.ticks_top + _line_height(self.small) + s(4)
        self.ramp_height = max(6, s(9))
        self.height = self.ramp_top + self.ramp_height + s(12)
        self.states = [("h", "hidden state", record.hidden)]
        if record.cell is not None:
            self.states.append(("c", "cell state", record.cell))

    def px(self, base: float) -> int:
        """A length of the 560-pixel design at this width."""
        return max(1, round(base * self.scale))

    def font(self, base: float, smallest: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        """Pillow's font at `base` points scaled to the width, never below `smallest`."""
        return _font(max(smallest, self.px(base)))

    def frame(self, index: int) -> Image.Image:
        """Frame `index`: the reading after that row (or step)."""
        frame = Image.new("RGB", (self.width, self.height), BACKGROUND)
        draw = ImageDraw.Draw(frame)
        self._header(draw, index)
        self._image(frame, draw, index)
        self._bars(draw, index)
        self._heatmaps(frame, draw, index)
        self._colour_bar(frame, draw)
        return frame

    def _header(self, draw: ImageDraw.ImageDraw, index: int) -> None:
        top = self.header_top
        draw.text((self.margin, top), self.record.model_label, fill=MUTED, font=self.text)
        if not self.compact:
            view = "reads shuffled pixels" if self.record.permuted else "reads row by row"
            draw.text(
                (self.margin, top + _line_height(self.text)), view, fill=MUTED, font=self.text
            )
        draw.text(
            (self.width - self.margin, top),
            progress_text(self.record, index),
            fill=TEXT,
            font=self.big,
            anchor="ra",
            stroke_width=0 if self.compact else 1,  # bold, where the strokes are thick enough
            stroke_fill=TEXT,
        )

    def _image(self, frame: Image.Image, draw: ImageDraw.ImageDraw, index: int) -> None:
        record = self.record
        ink = np.clip(record.image, 0.0, 1.0)
        read = record.read_mask(index)
        # Pixels not read yet stay faintly visible, so the digit's shape is there from the start.
        grey = np.where(read, 20 + 235 * ink, 20 + 60 * ink)
        picture = Image.fromarray(np.round(grey).astype(np.uint8), "L").convert("RGB")
        picture = picture.resize((self.image_side, self.image_side), Image.Resampling.NEAREST)
        left, top = self.image_box
        frame.paste(picture, (left, top))
        if not record.permuted:
            y = top + round(record.rows_read(index) * self.image_side / IMAGE_SIDE)
            thickness = max(2, self.px(2.5))
            reach = self.px(6)
            draw.rectangle(
                (left - reach, y - thickness // 2, left + self.image_side + reach, y),
                fill=SCAN_LINE,
            )
        if not self.compact:
            caption = (
                "all read; now blank steps (zeros)"
                if record.frame_is_blank(index)
                else "what the model has read"
            )
            draw.text(
                (left + self.image_side // 2, self.caption_top),
                caption,
                fill=MUTED,
                font=self.small,
                anchor="ma",
            )

    def _bars(self, draw: ImageDraw.ImageDraw, index: int) -> None:
        s = self.px
        record = self.record
        probabilities = record.probabilities[index]
        guess = record.guess(index)
        left, right = self.bars_left, self.width - self.margin
        top = self.image_box[1]
        word = "answer" if index == record.frames - 1 else "guess"
        draw.text(
            (left, top),
            f"{word}: {record.classes[guess]} ({100 * float(probabilities[guess]):.0f}%)",
            fill=TOP_GUESS,
            font=self.guess_font,
        )
        label_width = max(draw.textlength(label, font=self.text) for label in record.classes)
        value_width = draw.textlength("100.0%", font=self.small)
        bar_left = left + round(label_width) + s(8)
        bar_right = right - round(value_width) - s(6)
        bars_top = top + _line_height(self.guess_font) + s(10)
        pitch = (top + self.image_side - bars_top) / len(probabilities)
        thickness = max(2, round(pitch * 0.7))
        for digit, probability in enumerate(probabilities):
            y = round(bars_top + digit * pitch)
            middle = y + thickness // 2
            colour = TOP_GUESS if digit == guess else BAR
            label = record.classes[digit]
            draw.text((bar_left - s(8), middle), label, fill=TEXT, font=self.text, anchor="rm")
            draw.rectangle((bar_left, y, bar_right, y + thickness - 1), fill=EMPTY)
            length = round((bar_right - bar_left) * float(np.clip(probability, 0.0, 1.0)))
            if length > 0:
                draw.rectangle((bar_left, y, bar_left + length - 1, y + thickness - 1), fill=colour)
            draw.text(
                (right, middle),
                f"{100 * float(probability):.1f}%",
                fill=colour if digit == guess else MUTED,
                font=self.small,
                anchor="rm",
            )

    def _heatmaps(self, frame: Image.Image, draw: ImageDraw.ImageDraw, index: int) -> None:
        gap = self.px(24)
        count = len(self.states)
        room = (self.width - 2 * self.margin - gap * (count - 1)) // count
        frames = self.record.frames
        column = max(1, room // frames)
        box_width = column * frames
        if self.record.permuted:  # its frames are blocks of 28 pixels, not image rows
            axis = "frames"
        else:
            axis = "rows read" if self.record.frame_is_row else "steps read"
        if self.record.blank_steps:
            axis = f"{axis.split()[0]}, then blanks"
        for position, (symbol, name, values) in enumerate(self.states):
            left = self.margin + position * (room + gap) + (room - box_width) // 2
            units = values.shape[1]
            title = (
                f"{symbol} ({units} units)"
                if self.compact
                else f"{symbol}: {name}, {units} units x {axis}"
            )
            draw.text((left, self.heat_title_top), title, fill=TEXT, font=self.text)
            frame.paste(self._heat_picture(values, index, box_width), (left, self.heat_top))
            x = left + index * column  # the frame's own column, outlined
            draw.rectangle(
                (x, self.heat_top - 1, x + column - 1, self.heat_top + self.heat_height),
                outline=TEXT,
                width=1,
            )
            draw.text((left, self.ticks_top), "1", fill=MUTED, font=self.small)
            last = str(frames)
            draw.text(
                (left + box_width, self.ticks_top), last, fill=MUTED, font=self.small, anchor="ra"
            )

    def _heat_picture(self, values: np.ndarray, index: int, box_width: int) -> Image.Image:
        """States so far as colours, units down and frames across; later frames left blank."""
        units_by_frame = np.asarray(values, dtype=np.float32).T  # (units, frames)
        if units_by_frame.shape[0] > self.heat_height:
            # More units than pixel rows: average neighbours rather than drop units.
            shrunk = Image.fromarray(np.ascontiguousarray(units_by_frame), "F").resize(
                (units_by_frame.shape[1], self.heat_height), Image.Resampling.BOX
            )
            units_by_frame = np.asarray(shrunk)
        colours = diverging_colours(units_by_frame)
        colours[:, index + 1 :] = EMPTY
        picture = Image.fromarray(colours, "RGB")
        return picture.resize((box_width, self.heat_height), Image.Resampling.NEAREST)

    def _colour_bar(self, frame: Image.Image, draw: ImageDraw.ImageDraw) -> None:
        s = self.px
        width, height, top = s(150), self.ramp_height, self.ramp_top
        left = (self.width - width) // 2
        ramp = diverging_colours(np.linspace(-1.0, 1.0, width))[None].repeat(height, axis=0)
        frame.paste(Image.fromarray(ramp, "RGB"), (left, top))
        middle = top + height // 2
        font = self.small
        draw.text((left - s(6), middle), "-1", fill=MUTED, font=font, anchor="rm")
        draw.text((left + width + s(6), middle), "+1", fill=MUTED, font=font, anchor="lm")
        draw.rectangle((left + width // 2, top - s(3), left + width // 2, top - 1), fill=MUTED)
        if self.record.cell is not None and not self.compact:
            draw.text(
                (self.width - self.margin, middle),
                "c beyond +-1 clipped",
                fill=MUTED,
                font=font,
                anchor="rm",
            )


def _line_height(font: ImageFont.FreeTypeFont | ImageFont.ImageFont) -> int:
    """Pixels from the top of a line of text to below its descenders."""
    return int(font.getbbox("Ag(y")[3])
