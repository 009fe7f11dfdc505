"""Keyboard order and screen-reader names that span a tab's parts, set once the window is built.

Each widget names its own controls in its own module; this module holds only what crosses
modules: the order Tab visits a tab's parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QScrollArea, QWidget

if TYPE_CHECKING:
    from lstm_gui.gui.main_window import MainWindow


def chain_tab_order(widgets: Sequence[QWidget]) -> None:
    """Tab visits `widgets` in this order (Qt keeps the rest of the chain around them)."""
    for first, second in zip(widgets, widgets[1:], strict=False):
        QWidget.setTabOrder(first, second)


class KeyboardAccess(QObject):
    """Sets the window's cross-part tab orders."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        # No reference to the window is kept: it would keep the window alive in a cycle.
        self._train_tab(window)
        self._draw_tab(window)

    def _train_tab(self, window: MainWindow) -> None:
        # The settings column scrolls to whichever field has the focus; as a Tab stop of its
        # own it was an unnamed extra key press before the first field.
        for scroll in window.train_tab.findChildren(QScrollArea):
            inside = scroll.widget()
            if inside is not None and inside.isAncestorOf(window.train_tab.training_panel):
                scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def _draw_tab(self, window: MainWindow) -> None:
        tab = window.draw_tab
        tools = tab.tools
        # The pad sits between the tool row and the edit row on screen, and Tab agrees.
        chain_tab_order(
            [
                tools.pen_button,
                tools.eraser_button,
                tools.width_slider,
                tab.pad,
                tools.undo_button,
                tools.redo_button,
                tools.clear_button,
                tools.open_button,
                tools.paste_button,
                tools.random_button,
                tools.example_button,
            ]
        )
