"""The Example button: the app draws a digit, names it, and the network reads that digit."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt

from lstm_gui.gui.draw.draw_tab import DrawTab

CLICKS = 8
EXAMPLE = re.compile(r"An example (\d) drawn by the app\.")


@pytest.fixture
def tab(qtbot: Any) -> Iterator[DrawTab]:
    # A seeded generator: the same eight examples every run, so the test cannot flake.
    widget = DrawTab(rng=np.random.default_rng(2024))
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    qtbot.waitExposed(widget)
    assert widget.predictor() is not None
    yield widget
    widget.shutdown()


def test_example_draws_the_digit_its_source_line_names(tab: DrawTab, qtbot: Any) -> None:
    named: list[int] = []
    images: dict[int, np.ndarray] = {}
    for _ in range(CLICKS):
        qtbot.mouseClick(tab.tools.example_button, Qt.MouseButton.LeftButton)
        match = EXAMPLE.fullmatch(tab.source.text())
        assert match is not None, tab.source.text()
        digit = int(match[1])
        named.append(digit)
        # The network reads the digit the line names (it reads 99.5% of these examples right).
        assert tab.prediction.digit_text() == str(digit)
        image = tab.preview.image()
        assert image is not None and image.max() > 0.5
        images[digit] = image
    assert len(set(named)) > 2, named  # not always the same digit
    first, second = list(images.values())[:2]
    assert np.abs(first - second).sum() > 20  # different digits look different
