"""`lstm-gui scan`: the reading of an image file written as a GIF or PNG, and its errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from lstm_gui.cli import main
from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.reading.inference import Predictor
from lstm_gui.core.reading.preprocess import load_image, to_mnist
from lstm_gui.core.run.checkpoint import Checkpoint, save_checkpoint
from lstm_gui.core.run.model import SequenceClassifier
from tests.conftest import draw_digit


def tiny_checkpoint(folder: Path, steps: int) -> Path:
    torch.manual_seed(steps)
    model = ModelConfig(input_size=784 // steps, hidden_size=10)
    checkpoint = Checkpoint(model, TrainConfig(steps=steps), SequenceClassifier(model).state_dict())
    return save_checkpoint(folder / f"steps{steps}.safetensors", checkpoint)


@pytest.fixture
def digit_file(tmp_path: Path) -> Path:
    """A scan-like picture of a 4: dark ink on white paper, larger than MNIST."""
    ink = draw_digit(4, np.random.default_rng(2))
    path = tmp_path / "four.png"
    Image.fromarray(255 - ink).resize((140, 140)).save(path)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["scan", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_scan_writes_a_gif_of_a_frame_per_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, digit_file: Path
) -> None:
    checkpoint = tiny_checkpoint(tmp_path, 28)
    output = tmp_path / "out" / "scan.gif"
    output.parent.mkdir()

    status, out, err = run(
        capsys, str(digit_file), "--checkpoint", str(checkpoint), "--output", str(output)
    )

    assert (status, err) == (0, "")
    answer = Predictor.from_file(checkpoint).predict(to_mnist(load_image(digit_file))).digit
    assert out == f"Saved {output}: 28 frames, read as {answer}.\n"
    with Image.open(output) as gif:
        assert gif.format == "GIF" and gif.n_frames >= 28 and gif.width >= 280
        first = np.asarray(gif.convert("RGB"))
        gif.seek(14)
        middle = np.asarray(gif.convert("RGB"))
    assert not np.array_equal(first, middle)
    assert sorted(p.name for p in output.parent.iterdir()) == ["scan.gif"]


def test_the_default_output_is_named_after_the_image_and_uses_the_bundled_model(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    digit_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, _ = run(capsys, str(digit_file), "--width", "280", "--fps", "8")
    assert status == 0
    answer = Predictor.bundled().predict(to_mnist(load_image(digit_file))).digit
    assert out == f"Saved four-scan.gif: 28 frames, read as {answer}.\n"
    with Image.open(tmp_path / "four-scan.gif") as gif:
        assert gif.width == 280 and gif.n_frames == 28
        assert gif.info["duration"] == 120  # 1/8 s in the GIF's hundredths


@pytest.mark.parametrize(("steps", "frames"), [(56, 28), (14, 14)])
def test_other_lengths_get_a_frame_per_row_or_per_step(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, digit_file: Path, steps: int, frames: int
) -> None:
    checkpoint = tiny_checkpoint(tmp_path, steps)
    output = tmp_path / "scan.gif"
    status, out, _ = run(
        capsys, str(digit_file), "--checkpoint", str(checkpoint), "--output", str(output)
    )
    assert status == 0 and f": {frames} frames," in out
    with Image.open(output) as gif:
        assert gif.n_frames == frames


def test_a_png_output_is_a_sheet_of_every_frame(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, digit_file: Path
) -> None:
    checkpoint = tiny_checkpoint(tmp_path, 28)
    output = tmp_path / "sheet.png"
    status, _, _ = run(
        capsys,
        str(digit_file),
        "--checkpoint",
        str(checkpoint),
        "--output",
        str(output),
        "--width",
        "280",
    )
    assert status == 0
    gap = 280 // 70
    with Image.open(output) as sheet:
        assert sheet.format == "PNG"
        assert sheet.width == 7 * 280 + 8 * gap
        frame_height = (sheet.height - 5 * gap) / 4
        assert frame_height == int(frame_height) and frame_height > 150


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("suffix", "give a name ending in .gif"),
        ("suffix-before-model", "give a name ending in .gif"),  # refused before loading
        ("folder", "does not exist"),
        ("image", "does not exist"),
        ("not-an-image", "notes.png"),
        ("checkpoint", "not a safetensors checkpoint"),
        ("width", "280 to 2400"),
    ],
)
def test_bad_paths_and_values_are_one_sentence_and_leave_no_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, digit_file: Path, case: str, words: str
) -> None:
    (tmp_path / "notes.png").write_text("not an image")
    args = {
        "suffix": [str(digit_file), "--output", str(tmp_path / "scan.jpg")],
        "suffix-before-model": [
            str(digit_file),
            "--checkpoint",
            str(tmp_path / "notes.png"),
            "--output",
            str(tmp_path / "scan.jpg"),
        ],
        "folder": [str(digit_file), "--output", str(tmp_path / "no" / "scan.gif")],
        "image": [str(tmp_path / "missing.png"), "--output", str(tmp_path / "scan.gif")],
        "not-an-image": [str(tmp_path / "notes.png"), "--output", str(tmp_path / "scan.gif")],
        "checkpoint": [
            str(digit_file),
            "--checkpoint",
            str(tmp_path / "notes.png"),
            "--output",
            str(tmp_path / "scan.gif"),
        ],
        "width": [str(digit_file), "--width", "100", "--output", str(tmp_path / "scan.gif")],
    }[case]
    before = sorted(tmp_path.iterdir())

    status, out, err = run(capsys, *args)

    assert (status, out) == (1, "")
    assert err.startswith("error: ") and words in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert sorted(tmp_path.iterdir()) == before  # nothing written, not even a temporary file


def test_scan_needs_an_image(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["scan"])
    assert exit_info.value.code == 2
    assert "usage: lstm-gui scan" in capsys.readouterr().err
