"""wrapped_label: each option sets what a user meets (format, selection, links, style, place)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from lstm_gui.gui.widgets.labels import NOTE_STYLE, wrapped_label

Flag = Qt.TextInteractionFlag


def test_defaults_only_wrap_and_leave_qt_as_it_is(qapp: Any) -> None:
    plain = QLabel("<b>seven</b>")  # what Qt does left alone
    label = wrapped_label("<b>seven</b>")
    assert label.text() == "<b>seven</b>"
    assert label.wordWrap()
    assert label.parent() is None
    assert label.textFormat() == Qt.TextFormat.AutoText
    assert label.textInteractionFlags() == plain.textInteractionFlags()
    assert label.alignment() == plain.alignment()
    assert label.styleSheet() == ""


def test_rich_and_plain_text(qapp: Any) -> None:
    assert wrapped_label(rich=True).textFormat() == Qt.TextFormat.RichText
    assert wrapped_label(rich=False).textFormat() == Qt.TextFormat.PlainText


def test_selectable_links_and_both(qapp: Any) -> None:
    assert wrapped_label(selectable=True).textInteractionFlags() == Flag.TextSelectableByMouse
    links = wrapped_label(links=True).textInteractionFlags()
    assert links == Flag.LinksAccessibleByMouse | Flag.LinksAccessibleByKeyboard
    both = wrapped_label(selectable=True, links=True).textInteractionFlags()
    assert both == Flag.TextBrowserInteraction


def test_style_alignment_and_parent(qapp: Any) -> None:
    parent = QWidget()
    label = wrapped_label("a note", parent=parent, style=NOTE_STYLE, align_top=True)
    assert label.parent() is parent
    assert label.styleSheet() == NOTE_STYLE
    assert label.alignment() == Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft
