"""benchmarks/bundled_model_figures.py: its figures follow the app's own reading of a model."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from lstm_gui.core.run.checkpoint import save_checkpoint
from lstm_gui.core.run.data import DatasetSplits
from lstm_gui.core.run.model import Gate
from tests.core.inside_models import small_predictor

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def figures() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bundled_model_figures", REPO_ROOT / "benchmarks" / "bundled_model_figures.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_batched_scans_are_the_draw_tabs_row_scans(figures: ModuleType, digits) -> None:
    predictor = small_predictor(hidden=8, seed=3)
    images = figures.as_float(digits.test.images[:6])
    for scan, image in zip(figures.scans_of(predictor, images, batch=4), images, strict=True):
        alone = predictor.row_scan(image)
        assert alone.cell is not None
        assert scan.decided_at == alone.decided_at
        np.testing.assert_allclose(scan.probabilities, alone.probabilities, atol=1e-6)
        np.testing.assert_allclose(scan.cell, alone.cell, atol=1e-6)
        np.testing.assert_allclose(scan.gates[Gate.FORGET], alone.gates[Gate.FORGET], atol=1e-6)


def test_forget_gate_over_blank_and_inked_rows(figures: ModuleType, digits) -> None:
    predictor = small_predictor(hidden=8, seed=3)
    images = figures.as_float(digits.test.images[:5])
    images[:, 0, 10] = 0.1  # a speck of faint ink: the top row is inked, not blank
    scans = figures.scans_of(predictor, images)
    blank: list[float] = []
    inked: list[float] = []
    for scan in scans:
        for row in range(28):
            target = inked if scan.image[row].any() else blank
            target.extend(scan.gates[Gate.FORGET][row])
    line = figures.gate_figures(scans)[0]
    assert f"over blank rows {np.mean(blank):.3f}" in line
    assert f"over inked rows {np.mean(inked):.3f}" in line


def test_the_top_bar_is_the_first_run_of_wide_rows(figures: ModuleType) -> None:
    image = np.zeros((28, 28), np.float32)
    image[8:11, 5:20] = 1.0  # a bar on rows 9-11
    image[11:25, 14:16] = 1.0  # a stem two pixels wide
    image[20, 3:23] = 1.0  # a later wide row, not the top bar
    assert figures.bar_rows(image) == (9, 11)


def test_the_script_prints_every_figure_and_the_accuracy_is_right(
    figures: ModuleType,
    digits: DatasetSplits,
    digits_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    predictor = small_predictor(hidden=8, seed=5)
    checkpoint = save_checkpoint(tmp_path / "tiny.safetensors", predictor.checkpoint)
    arguments = ["--checkpoint", str(checkpoint), "--data-dir", str(digits_dir)]
    assert figures.main([*arguments, "--sample", "30", "--sevens", "2"]) == 0
    printed = capsys.readouterr().out

    for key in ("train.confusion", "draw.probabilities", "draw.guesses", "draw.memory"):
        assert f"\n{key}: " in printed
    for key in ("draw.gates", "draw.influence", "draw.rows_needed", "drawn 7", "drawn 7 tallies"):
        assert f"\n{key}: " in printed
    answers = predictor.probabilities(figures.as_float(digits.test.images)).argmax(axis=1)
    accuracy = 100 * np.mean(answers == digits.test.labels.numpy())
    assert f"accuracy on 200 test digits: {accuracy:.2f}%" in printed
    tallied = re.search(r"2 drawn 7s: read as ((?:\d: \d+(?:, )?)+);", printed)
    assert tallied and sum(int(n) for n in re.findall(r": (\d+)", tallied.group(1))) == 2
