"""Every view has a "?" that opens what to look for in it; the card fits and Esc closes it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from lstm_gui.gui.widgets.deferred import build_deferred_widgets
from lstm_gui.gui.widgets.figure_export import FigureExport
from lstm_gui.gui.widgets.look_for import LookForButton, look_for_buttons
from lstm_gui.gui.widgets.look_for_texts import LOOK_FOR


def sentences(text: str) -> int:
    """Sentences in an English text: full stops (and colons' clauses do not count)."""
    return len(re.findall(r"[.!?](?:\s|$)", text))


def related(a: QWidget, b: QWidget) -> bool:
    """Whether one widget is the other or lies inside it."""
    return a is b or a.isAncestorOf(b) or b.isAncestorOf(a)


def test_every_text_is_two_to_four_sentences_with_a_title() -> None:
    assert len(LOOK_FOR) >= 15
    for key, entry in LOOK_FOR.items():
        assert entry.key == key
        assert entry.title.strip(), key
        assert 2 <= sentences(entry.text) <= 4, (key, entry.text)


def test_every_registered_view_of_the_window_has_a_look_for_button(window: Any) -> None:
    build_deferred_widgets(window)
    buttons = look_for_buttons(window)
    figures = window.findChildren(FigureExport)
    assert len(figures) >= 10
    uncovered = [
        figure.title
        for figure in figures
        if not any(related(button.view, figure.widget) for button in buttons)
    ]
    # A new view: add its text to look_for_texts.py and call attach_look_for(view, key).
    assert uncovered == [], f"views without a what-to-look-for text: {uncovered}"
    # Every text is shown by some button, each exactly once.
    shown = [key for button in buttons for key in button.keys]
    assert sorted(shown) == sorted(LOOK_FOR)


def test_the_button_opens_the_card_and_esc_closes_it(
    window: Any, qtbot: Any, settle: Callable[[], None]
) -> None:
    window.resize(1366, 768)
    window.tabs.setCurrentWidget(window.draw_tab)
    build_deferred_widgets(window)
    settle()
    button = next(b for b in look_for_buttons(window.draw_tab) if "draw.gates" in b.keys)
    assert button.isVisible()
    assert not button.card.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert button.card.isVisible()
    text = button.card_text()
    assert "What to look for" in text
    assert "Gates" in text and LOOK_FOR["draw.gates"].text in text
    # The card lies inside the window at a small laptop's size, beside the button.
    assert window.rect().contains(button.card.mapTo(window, button.card.rect().bottomRight()))
    assert button.card.width() <= 380
    qtbot.keyClick(button, Qt.Key.Key_Escape)
    assert not button.card.isVisible()


def test_the_button_is_not_part_of_the_figure_it_explains(window: Any) -> None:
    """Exporting a figure draws the view and its children: the "?" must not be one of them."""
    build_deferred_widgets(window)
    for button in look_for_buttons(window):
        assert isinstance(button, LookForButton)
        assert not button.view.isAncestorOf(button)
        assert not button.view.isAncestorOf(button.card)


def test_hiding_a_view_hides_its_button_and_closes_its_card(
    window: Any, qtbot: Any, settle: Callable[[], None]
) -> None:
    window.tabs.setCurrentWidget(window.draw_tab)
    settle()
    button = next(b for b in look_for_buttons(window.draw_tab) if "draw.probabilities" in b.keys)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert button.card.isVisible()
    window.tabs.setCurrentWidget(window.train_tab)
    settle()
    assert not button.isVisible() and not button.card.isVisible()
