"""Views behind other tabs are built after the window's first paint, or when first needed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QTabWidget

from lstm_gui.gui.app import create_main_window
from lstm_gui.gui.presentation import ZOOM_KEY
from lstm_gui.gui.widgets.deferred import DeferredWidget, build_deferred_widgets


def test_a_deferred_page_builds_its_widget_once_when_asked_or_shown(qtbot: Any) -> None:
    made: list[QLabel] = []

    def make() -> QLabel:
        made.append(QLabel("built"))
        return made[-1]

    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QLabel("front"), "front")
    first, second = DeferredWidget(make), DeferredWidget(make)
    tabs.addTab(first, "first")
    tabs.addTab(second, "second")
    built: list[bool] = []
    first.built.connect(lambda: built.append(True))
    tabs.show()
    qtbot.waitExposed(tabs)
    assert made == [] and not first.is_built  # behind another tab: not built

    tabs.setCurrentWidget(first)  # shown: built
    assert first.is_built and made[0].parentWidget() is first and built == [True]
    assert first.widget() is made[0] and len(made) == 1  # not built twice
    assert build_deferred_widgets(tabs) is True  # the second one
    assert second.widget() is made[1] and len(made) == 2
    assert build_deferred_widgets(tabs) is False and built == [True]


def test_the_window_paints_before_building_hidden_views(
    qtbot: Any, settings: QSettings, tmp_path: Path
) -> None:
    window = create_main_window(settings, runs_root=tmp_path / "runs")
    qtbot.addWidget(window)
    pages = window.findChildren(DeferredWidget)
    assert len(pages) >= 2 and not any(page.is_built for page in pages)
    with qtbot.waitSignal(window.startup_finished, timeout=30_000):
        window.show()
    assert all(page.is_built for page in pages)
    window.shutdown(10_000)


def test_views_built_late_are_zoomed_like_the_rest(
    qtbot: Any, settings: QSettings, tmp_path: Path
) -> None:
    settings.setValue(ZOOM_KEY, 150)
    window = create_main_window(settings, runs_root=tmp_path / "runs")  # zoomed as built
    qtbot.addWidget(window)
    assert build_deferred_widgets(window)  # as after the first paint, no event loop between
    curves_axis = window.train_tab.metrics.loss_plot.getPlotItem().getAxis("left")
    gradient_axis = window.train_tab.gradients.heat_plot.getAxis("left")
    scan_axes = [
        item
        for view in window.draw_tab.row_scan.findChildren(pg.GraphicsView)
        for item in view.scene().items()
        if isinstance(item, pg.AxisItem) and item.isVisible()
    ]
    size = curves_axis.style["tickFont"].pointSizeF()
    assert size > 0
    assert gradient_axis.style["tickFont"].pointSizeF() == size
    assert scan_axes and all(axis.style["tickFont"].pointSizeF() == size for axis in scan_axes)
