"""Save animation… in the Draw tab: the pad's digit, read by the model, written as a GIF or PNG."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageChops, ImageStat

from lstm_gui.core.export.scan_animation import render_frames
from lstm_gui.core.reading.scan_record import scan_record
from lstm_gui.gui.draw.draw_tab import DrawTab


@pytest.fixture
def tab(qtbot: Any) -> Iterator[DrawTab]:
    widget = DrawTab(rng=np.random.default_rng(5))
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    qtbot.waitExposed(widget)
    assert widget.predictor() is not None
    yield widget
    widget.shutdown()


def save_with_the_button(tab: DrawTab, qtbot: Any) -> None:
    with qtbot.waitSignal(tab.animation_saver.saved, timeout=20_000):
        tab.tools.save_animation_button.click()
    qtbot.waitUntil(lambda: not tab.animation_saver.is_saving(), timeout=5_000)


def test_the_example_digits_reading_is_saved_as_a_gif(
    tab: DrawTab, qtbot: Any, dialog_log: Any, tmp_path: Path
) -> None:
    button = tab.tools.save_animation_button
    assert not button.isEnabled()  # nothing read yet
    tab.draw_example(5)
    tab.draw_example(3)  # replaces the 5: the animation is of the digit on the pad now
    assert button.isEnabled()
    dialog_log.save_file = tmp_path / "three.gif"

    save_with_the_button(tab, qtbot)

    assert dialog_log.errors == []
    image = tab.pad.drawing().model_image()
    assert image is not None
    predictor = tab.predictor()
    assert predictor is not None
    expected = render_frames(scan_record(predictor, image))
    with Image.open(tmp_path / "three.gif") as gif:
        assert gif.n_frames == 28 and gif.width == 560 and gif.info["loop"] == 0
        gif.seek(gif.n_frames - 1)
        last = gif.convert("RGB")
    # The GIF's 256 colours are close to the frame drawn from the pad's digit, not another's.
    difference = ImageStat.Stat(ImageChops.difference(last, expected[-1])).mean
    assert max(difference) < 3
    other = render_frames(scan_record(predictor, np.rot90(image).copy()))[-1]
    assert max(ImageStat.Stat(ImageChops.difference(last, other)).mean) > max(difference)
    assert button.isEnabled()


def test_a_png_sheet_and_a_name_without_suffix(
    tab: DrawTab, qtbot: Any, dialog_log: Any, tmp_path: Path
) -> None:
    tab.draw_example(7)
    dialog_log.save_file = tmp_path / "seven.png"
    save_with_the_button(tab, qtbot)
    with Image.open(tmp_path / "seven.png") as sheet:
        assert sheet.format == "PNG" and sheet.width > 7 * 560

    dialog_log.save_file = tmp_path / "no-suffix"
    save_with_the_button(tab, qtbot)
    with Image.open(tmp_path / "no-suffix.gif") as gif:
        assert gif.n_frames == 28


@pytest.mark.parametrize(
    ("name", "words"), [("missing/x.gif", "does not exist"), ("x.jpg", "ending in .gif")]
)
def test_a_bad_name_gets_one_sentence_and_no_file(
    tab: DrawTab, dialog_log: Any, tmp_path: Path, name: str, words: str
) -> None:
    tab.draw_example(1)
    dialog_log.save_file = tmp_path / name
    tab.tools.save_animation_button.click()
    assert len(dialog_log.errors) == 1 and words in dialog_log.errors[0]
    assert not tab.animation_saver.is_saving()
    assert list(tmp_path.rglob("*.gif")) == [] and list(tmp_path.rglob("*.jpg")) == []


def test_cancelling_or_clearing_saves_nothing(
    tab: DrawTab, dialog_log: Any, tmp_path: Path
) -> None:
    tab.draw_example(2)
    dialog_log.save_file = None
    tab.tools.save_animation_button.click()
    assert not tab.animation_saver.is_saving() and dialog_log.errors == []
    tab.pad.clear()
    assert not tab.tools.save_animation_button.isEnabled()
