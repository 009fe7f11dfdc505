"""The row scan's plots share the width in both languages (a long title once took it all)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from lstm_gui.gui.translations import compile_translations, install_translators, remove_translators


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_row_scan_plot_gets_a_share_of_the_width(
    qapp: QApplication, qtbot: Any, settle: Callable[[], None], tmp_path: Path, language: str
) -> None:
    from lstm_gui.gui.draw.draw_tab import DrawTab

    compile_translations(output=tmp_path / "qm")
    installed = install_translators(qapp, language, tmp_path / "qm")
    try:
        tab = DrawTab()
        qtbot.addWidget(tab)
        tab.resize(1366, 720)
        tab.show()
        qtbot.waitUntil(lambda: tab.predictor() is not None, timeout=30_000)
        tab.tools.example_button.click()
        view = tab.row_scan
        qtbot.waitUntil(lambda: view.scan() is not None, timeout=30_000)
        view.set_hovered_unit(127)  # the longest trace title: a three-digit unit
        settle()  # the longer title laid out
        plots = view.plots()
        assert len(plots) == 10  # input, guesses, row influence, h, c, 4 gates, unit trace
        width = view.width()
        for plot in plots:
            assert 40 < plot.geometry().width() < width, plot.titleLabel.text
    finally:
        remove_translators(qapp, installed)
