"""Presentation mode: zoom keys size fonts, plot text and pens, the zoom is remembered, F11."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from lstm_gui.gui.presentation import BASE_FONT_PROPERTY, ZOOM_KEY


@pytest.fixture
def shown(window: Any, qtbot: Any) -> Any:
    """The main window shown and active: QAction shortcuts only fire in the active window."""
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    return window


def press(qtbot: Any, window: Any, keys: str) -> None:
    combination = QKeySequence(keys)[0]
    qtbot.keyClick(window, combination.key(), combination.keyboardModifiers())


def base_point_size() -> float:
    return float(QApplication.instance().property(BASE_FONT_PROPERTY))


def sizes(window: Any) -> tuple[float, float, float, float]:
    """App font, loss plot's tick font, axis title font (points) and the smoothed curve's pen."""
    axis = window.train_tab.metrics.loss_plot.getPlotItem().getAxis("bottom")
    pen = pg.mkPen(window.train_tab.metrics.smooth_loss_curve.opts["pen"])
    return (
        QApplication.font().pointSizeF(),
        axis.style["tickFont"].pointSizeF(),
        axis.label.font().pointSizeF(),
        pen.widthF(),
    )


def test_zoom_keys_scale_fonts_plot_text_and_pens(shown: Any, qtbot: Any) -> None:
    base = base_point_size()
    assert sizes(shown) == pytest.approx((base, base, base, 2.0))
    press(qtbot, shown, "Ctrl++")
    assert shown.presentation.zoom() == 110
    assert sizes(shown) == pytest.approx((base * 1.1, base * 1.1, base * 1.1, 2.2))
    press(qtbot, shown, "Ctrl+=")  # "+" without Shift, as many keyboards type it
    assert shown.presentation.zoom() == 125
    assert sizes(shown) == pytest.approx((base * 1.25, base * 1.25, base * 1.25, 2.5))
    press(qtbot, shown, "Ctrl+-")
    assert shown.presentation.zoom() == 110
    press(qtbot, shown, "Ctrl+0")
    assert shown.presentation.zoom() == 100
    assert sizes(shown) == pytest.approx((base, base, base, 2.0))


def test_zoom_stops_at_the_largest_and_smallest_step(shown: Any, qtbot: Any) -> None:
    for _ in range(10):
        press(qtbot, shown, "Ctrl++")
    assert shown.presentation.zoom() == 200
    assert not shown.presentation.zoom_in_action.isEnabled()
    for _ in range(10):
        press(qtbot, shown, "Ctrl+-")
    assert shown.presentation.zoom() == 80
    assert QApplication.font().pointSizeF() == pytest.approx(base_point_size() * 0.8)


def test_curves_added_later_are_zoomed_too(shown: Any, qtbot: Any) -> None:
    shown.presentation.set_zoom(150)
    curve = shown.train_tab.metrics.loss_plot.plot([0, 1], [1, 0], pen=pg.mkPen("r", width=2))
    # The presentation walks the plots again while zoomed, whoever adds a curve.
    qtbot.waitUntil(
        lambda: pg.mkPen(curve.opts["pen"]).widthF() == pytest.approx(3.0), timeout=5000
    )
    # An owner restyling its curve sets a new unzoomed width, which is zoomed in turn.
    curve.setPen(pg.mkPen("r", width=4))
    qtbot.waitUntil(
        lambda: pg.mkPen(curve.opts["pen"]).widthF() == pytest.approx(6.0), timeout=5000
    )


def test_the_zoom_is_remembered_in_a_new_window(
    shown: Any, qtbot: Any, settings: QSettings, tmp_path: Path
) -> None:
    from lstm_gui.gui.app import create_main_window

    press(qtbot, shown, "Ctrl++")
    press(qtbot, shown, "Ctrl++")
    assert shown.presentation.zoom() == 125
    shown.close()
    assert settings.value(ZOOM_KEY) in (125, "125")
    QApplication.setFont(QApplication.font())  # a fresh start would not carry the font over
    again = create_main_window(settings, runs_root=tmp_path / "runs")
    qtbot.addWidget(again)
    try:
        base = base_point_size()
        assert again.presentation.zoom() == 125
        assert sizes(again)[:3] == pytest.approx((base * 1.25,) * 3)
    finally:
        again.shutdown(10_000)


def test_f11_toggles_full_screen(shown: Any, qtbot: Any) -> None:
    full = Qt.WindowState.WindowFullScreen
    assert not shown.windowState() & full
    press(qtbot, shown, "F11")
    # The offscreen platform may not show a full screen; the window asks for one all the same.
    assert shown.windowState() & full
    assert shown.presentation.full_screen_action.isChecked()
    press(qtbot, shown, "F11")
    assert not shown.windowState() & full
    assert not shown.presentation.full_screen_action.isChecked()
