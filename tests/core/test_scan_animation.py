"""The scan animation: its record against the plain forward, its frames and files read back."""

from __future__ import annotations

import errno
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image, ImageChops

from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.errors import ConfigError, StorageError
from lstm_gui.core.export.scan_animation import (
    check_output,
    contact_sheet,
    frame_durations,
    render_frames,
    save_scan_animation,
)
from lstm_gui.core.export.scan_frames import (
    BAR,
    EMPTY,
    SCAN_LINE,
    TOP_GUESS,
    diverging_colours,
    progress_text,
)
from lstm_gui.core.reading.inference import Predictor
from lstm_gui.core.reading.scan_record import ScanRecord, frame_rows, scan_record
from lstm_gui.core.run.checkpoint import Checkpoint
from lstm_gui.core.run.model import SequenceClassifier
from lstm_gui.core.run.sequences import pixel_permutation
from tests.conftest import draw_digit


def predictor_for(steps: int = 28, sequence: str = "rows", cell: str = "lstm") -> Predictor:
    torch.manual_seed(steps)
    train = TrainConfig(sequence=sequence, steps=steps)
    model = ModelConfig(cell=cell, input_size=784 // steps, hidden_size=12)
    return Predictor(Checkpoint(model, train, SequenceClassifier(model).state_dict()))


@pytest.fixture(scope="module")
def image() -> np.ndarray:
    return draw_digit(3, np.random.default_rng(7)).astype(np.float32) / 255.0


@pytest.fixture(scope="module")
def record(image: np.ndarray) -> ScanRecord:
    return scan_record(predictor_for(28), image)


@pytest.fixture(scope="module")
def frames(record: ScanRecord) -> list[Image.Image]:
    return render_frames(record)


# --------------------------------------------------------------------------- the record


@pytest.mark.parametrize(
    ("sequence", "steps", "frames"),
    [
        ("rows", 28, 28),
        ("rows", 56, 28),
        ("rows", 14, 14),
        ("pixels", 784, 28),
        ("permuted", 112, 28),
    ],
)
def test_every_frame_equals_the_plain_forward_on_the_steps_read_so_far(
    image: np.ndarray, sequence: str, steps: int, frames: int
) -> None:
    predictor = predictor_for(steps, sequence)
    record = scan_record(predictor, image)

    assert record.frames == frames
    assert record.probabilities.shape == (frames, 10)
    # Independently: the image read in the view's order, cut into steps, the first k+1 fed to
    # the model's ordinary forward (nn.LSTM on the whole prefix, not the step-wise trace).
    flat = torch.from_numpy(image).reshape(-1)
    if sequence == "permuted":
        flat = flat[pixel_permutation(predictor.checkpoint.train_config.permutation_seed)]
    sequence_input = flat.reshape(1, steps, -1)
    model = predictor.model
    for frame, step in enumerate(record.step_of_frame):
        prefix = sequence_input[:, : int(step) + 1]
        with torch.no_grad():
            expected = model(prefix).softmax(dim=1)[0].numpy()
            _, (h_n, c_n) = model.rnn(prefix)
        np.testing.assert_allclose(record.probabilities[frame], expected, atol=1e-5)
        np.testing.assert_allclose(record.hidden[frame], h_n[-1, 0].numpy(), atol=1e-5)
        assert record.cell is not None
        np.testing.assert_allclose(record.cell[frame], c_n[-1, 0].numpy(), atol=1e-5)
    # Each frame of a row view ends exactly where its row ends; a long step ends a few rows on.
    pixels = [record.pixels_read(frame) for frame in range(frames)]
    assert pixels[-1] == 784 and pixels == sorted(set(pixels))
    if steps in (28, 56, 784):
        assert pixels == [28 * row for row in range(1, 29)]


@pytest.mark.parametrize(
    ("steps", "rows"),
    [
        (28, list(range(28))),
        (56, list(range(28))),
        (14, list(range(1, 28, 2))),
        (4, [6, 13, 20, 27]),
        (1, [27]),
    ],
)
def test_a_frame_per_row_or_per_step_when_a_step_reads_several_rows(
    steps: int, rows: list[int]
) -> None:
    assert frame_rows(steps).tolist() == rows


def test_a_gru_has_no_cell_state(image: np.ndarray) -> None:
    record = scan_record(predictor_for(28, cell="gru"), image)
    assert record.cell is None
    frame = render_frames(record)[5]
    assert frame.width == 560


def test_progress_says_which_rows_each_frame_has_read(image: np.ndarray) -> None:
    by_rows = scan_record(predictor_for(28), image)
    by_two_rows = scan_record(predictor_for(14), image)
    by_pixels = scan_record(predictor_for(112, "permuted"), image)

    assert progress_text(by_rows, 6) == "row 7/28"
    assert progress_text(by_two_rows, 0) == "step 1/14 (rows 1-2)"
    assert progress_text(by_two_rows, 13) == "step 14/14 (rows 27-28)"
    assert progress_text(by_pixels, 0) == "28/784 pixels"
    assert by_pixels.permuted and not by_rows.permuted


# --------------------------------------------------------------------------- the frames


def scan_line_rows(frame: Image.Image) -> list[int]:
    """The pixel rows where the scan line reaches out left of the image (x = 12 at 560)."""
    column = np.asarray(frame.convert("RGB"))[:, 12].astype(int)
    distance = np.abs(column - np.array(SCAN_LINE)).sum(axis=1)
    return np.flatnonzero(distance < 60).tolist()


def test_the_scan_line_moves_down_a_row_each_frame(frames: list[Image.Image]) -> None:
    lines = [scan_line_rows(frame) for frame in frames]
    assert all(lines), "every frame shows the scan line"
    tops = [line[0] for line in lines]
    pitch = 7  # the image is 196 pixels high at 560: seven a row
    assert np.diff(tops).tolist() == [pitch] * 27


def drawn_bars(frame: Image.Image) -> list[tuple[tuple[int, int, int], float]]:
    """Each probability bar's colour and the fraction of its track it fills, top to bottom.

    A track is a long run of bar and track colours; the heatmaps (also blank grey where not
    read yet) are below the top 57% of the frame, which holds the image and the bars.
    """
    pixels = np.asarray(frame.convert("RGB"))[: int(frame.height * 0.57)]
    top, bar, empty = (np.all(pixels == colour, axis=2) for colour in (TOP_GUESS, BAR, EMPTY))
    track = top | bar | empty
    bars: list[tuple[tuple[int, int, int], float]] = []
    in_bar = False
    for y in range(pixels.shape[0]):
        edges = np.flatnonzero(np.diff(np.concatenate([[0], track[y].astype(int), [0]])))
        runs = [(int(a), int(b - a)) for a, b in zip(edges[::2], edges[1::2], strict=True)]
        long = [(start, length) for start, length in runs if length > 100]
        if long and not in_bar:  # the first pixel row of a bar
            start, length = long[0]
            span = slice(start, start + length)
            colour = TOP_GUESS if top[y, span].any() else BAR
            bars.append((colour, float((top[y, span] | bar[y, span]).sum()) / length))
        in_bar = bool(long)
    return bars


def test_the_bars_drawn_are_the_records_probabilities(
    record: ScanRecord, frames: list[Image.Image]
) -> None:
    for index in (0, 12, 27):
        drawn = drawn_bars(frames[index])
        probabilities = record.probabilities[index]
        assert len(drawn) == 10
        np.testing.assert_allclose([f for _, f in drawn], probabilities, atol=1 / 200)
        colours = [colour for colour, _ in drawn]
        assert colours.index(TOP_GUESS) == record.guess(index)
        assert colours.count(TOP_GUESS) == 1


def test_a_certain_guess_fills_its_bar(record: ScanRecord) -> None:
    crafted_probabilities = np.zeros((record.frames, 10), dtype=np.float32)
    crafted_probabilities[:, 4] = 0.75
    crafted_probabilities[:, 9] = 0.25
    crafted = ScanRecord(**{**record.__dict__, "probabilities": crafted_probabilities})
    drawn = drawn_bars(render_frames(crafted)[0])
    assert [colour for colour, _ in drawn] == [BAR] * 4 + [TOP_GUESS] + [BAR] * 5
    np.testing.assert_allclose([f for _, f in drawn], crafted_probabilities[0], atol=1 / 200)


def test_states_use_a_diverging_colour_map_clipped_at_one() -> None:
    colours = diverging_colours(np.array([-1.0, 0.0, 1.0, 3.0, -3.0]))
    blue, white, red, above, below = (tuple(c) for c in colours)
    assert blue[2] > blue[0] and red[0] > red[2]
    assert min(white) > 240
    assert above == red and below == blue


def test_later_frames_differ_and_reveal_more_state(frames: list[Image.Image]) -> None:
    for before, after in zip(frames, frames[1:], strict=False):
        assert ImageChops.difference(before, after).getbbox() is not None
    # The heatmaps fill up: fewer blank (EMPTY) pixels every frame.
    blank = [int(np.all(np.asarray(f) == EMPTY, axis=2).sum()) for f in frames]
    assert all(a > b for a, b in zip(blank, blank[1:], strict=False))


@pytest.mark.parametrize("width", [280, 400, 1200])
def test_frames_are_as_wide_as_asked(record: ScanRecord, width: int) -> None:
    frame = render_frames(record, width)[0]
    assert frame.width == width
    assert frame.height > width * 0.6  # room for the image, the bars and the heatmaps


def test_a_width_below_280_is_refused(record: ScanRecord) -> None:
    with pytest.raises(ConfigError, match="280 to 2400"):
        render_frames(record, 200)


# --------------------------------------------------------------------------- files


def test_the_gif_has_a_frame_per_row_loops_and_holds_the_answer(
    record: ScanRecord, tmp_path: Path
) -> None:
    path = save_scan_animation(record, tmp_path / "scan.gif", fps=5)

    with Image.open(path) as gif:
        assert gif.format == "GIF"
        assert gif.n_frames == 28
        assert gif.width == 560
        assert gif.info["loop"] == 0
        durations, lines = [], []
        for index in range(gif.n_frames):
            gif.seek(index)
            durations.append(gif.info["duration"])
            lines.append(scan_line_rows(gif.convert("RGB"))[0])
    assert durations[:-1] == [200] * 27 and durations[-1] >= 2000
    assert lines == sorted(set(lines))  # the scan line moves down every frame
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left beside it


def test_a_14_step_gif_has_a_frame_per_step(image: np.ndarray, tmp_path: Path) -> None:
    record = scan_record(predictor_for(14), image)
    path = save_scan_animation(record, tmp_path / "scan.GIF", width=300)
    with Image.open(path) as gif:
        assert (gif.n_frames, gif.width) == (14, 300)


def test_the_png_sheet_holds_every_frame_seven_to_a_line(
    record: ScanRecord, frames: list[Image.Image], tmp_path: Path
) -> None:
    path = save_scan_animation(record, tmp_path / "scan.png")
    width, height = frames[0].size
    gap = width // 70
    with Image.open(path) as sheet:
        assert sheet.format == "PNG"
        assert sheet.size == (7 * width + 8 * gap, 4 * height + 5 * gap)
        # The last frame sits at the bottom right, pixel for pixel.
        corner = (gap + 6 * (width + gap), gap + 3 * (height + gap))
        last = sheet.convert("RGB").crop((*corner, corner[0] + width, corner[1] + height))
        assert ImageChops.difference(last, frames[-1]).getbbox() is None
    assert contact_sheet(frames[:3]).size == (3 * width + 4 * gap, height + 2 * gap)


def test_durations_hold_the_last_frame() -> None:
    assert frame_durations(3, 4.0) == [250, 250, 2500]
    assert frame_durations(2, 0.5) == [2000, 6000]
    assert frame_durations(2, 8.0) == [120, 2500]  # what a GIF can hold: hundredths


@pytest.mark.parametrize(
    ("name", "error", "words"),
    [
        ("scan.jpg", ConfigError, "ending in .gif"),
        ("scan", ConfigError, "ending in .gif"),
        ("missing/scan.gif", StorageError, "does not exist"),
        ("a-file.txt/scan.gif", StorageError, "is a file"),
        ("a-folder.gif", StorageError, "is a folder"),
    ],
)
def test_bad_output_names_are_refused_before_anything_is_drawn(
    tmp_path: Path, name: str, error: type[Exception], words: str
) -> None:
    (tmp_path / "a-file.txt").write_text("notes")
    (tmp_path / "a-folder.gif").mkdir()
    with pytest.raises(error, match=words):
        check_output(tmp_path / name)


@pytest.mark.parametrize(("width", "fps"), [(279, 4.0), (2401, 4.0), (560, 0.0), (560, 51.0)])
def test_sizes_and_speeds_out_of_range_are_refused(width: int, fps: float) -> None:
    with pytest.raises(ConfigError):
        check_output("scan.gif", width=width, fps=fps)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    record: ScanRecord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "scan.gif"
    target.write_bytes(b"the previous animation")

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Image.Image, "save", disk_full)
    with pytest.raises(StorageError, match="the disk is full"):
        save_scan_animation(record, target)
    assert target.read_bytes() == b"the previous animation"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scan.gif"]
