"""The zoom is applied once per change and followed by signals, never by a walking timer."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel


def test_the_zoom_is_one_signal_and_no_timer_runs(window: Any, qtbot: Any) -> None:
    heard: list[int] = []
    window.presentation.zoom_changed.connect(heard.append)
    window.presentation.set_zoom(150)
    window.presentation.set_zoom(100)
    assert heard == [150, 100]
    assert not [t for t in window.presentation.findChildren(QTimer) if t.isActive()]


def test_a_widget_built_while_zoomed_is_zoomed_when_polished(window: Any, qtbot: Any) -> None:
    window.presentation.set_zoom(150)
    label = QLabel("a column built after the zoom")
    label.setMinimumWidth(100)  # pixels chosen for 100%
    window.claims_tab.addWidget(label)
    label.show()
    qtbot.waitUntil(lambda: label.minimumWidth() == 150, timeout=5000)
    window.presentation.set_zoom(100)
    assert label.minimumWidth() == 100
