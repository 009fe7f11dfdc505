"""Keyboard and screen readers: Tab order, names of controls, the draw pad from keys and a pen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QAccessible, QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QSlider,
    QTabWidget,
    QWidget,
)

from lstm_gui.gui.draw.draw_pad import DrawPad

TRAIN_TAB_ORDER = [
    "Dataset",
    "Read images as",
    "Steps",
    "Blank steps",
    "Cell",
    "Hidden units",
    "Layers",
    # Dropout is skipped: it is disabled with one layer; so is the forget-gate bias while its
    # Keras default is ticked.
    "Keras default",
    "Optimizer",
    "Learning rate",
    "Rate schedule",
    "Batch size",
    "Epochs",
    "Seed",
    "Device",
    "Precision",
    "Training digits",
    "Test digits",
    "Reset to tutorial settings",
    "Fast preset",
    "Start",
]


def spoken_name(widget: QWidget) -> str:
    """The name a screen reader announces: accessible name, text, or the buddy label's text.

    Qt reports a combo box's current choice as its name unless it was given one.
    """
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None
    return widget.accessibleName() or interface.text(QAccessible.Text.Name)


def focused() -> QWidget:
    """The widget with the focus (a spin box rather than the line edit inside it)."""
    widget = QApplication.focusWidget()
    assert widget is not None
    parent = widget.parentWidget()
    return parent if isinstance(parent, QAbstractSpinBox) else widget


def press_tab(qtbot: Any) -> QWidget:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    return focused()


def activate(window: Any, qtbot: Any) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)


def test_tab_fills_the_train_form_top_to_bottom_then_reaches_start(window: Any, qtbot: Any) -> None:
    activate(window, qtbot)
    panel = window.train_tab.training_panel
    panel.dataset.setFocus()
    qtbot.waitUntil(lambda: focused() is panel.dataset, timeout=5000)
    names = [spoken_name(focused())]
    while focused() is not panel.start_button and len(names) < 40:
        names.append(spoken_name(press_tab(qtbot)))
    assert names == TRAIN_TAB_ORDER


def test_tab_reaches_the_draw_pad_between_the_pen_and_the_edit_buttons(
    window: Any, qtbot: Any
) -> None:
    activate(window, qtbot)
    window.tabs.setCurrentWidget(window.draw_tab)
    tools, pad = window.draw_tab.tools, window.draw_tab.pad
    tools.width_slider.setFocus()
    qtbot.waitUntil(lambda: focused() is tools.width_slider, timeout=5000)
    assert press_tab(qtbot) is pad
    assert spoken_name(pad) == "Draw pad"
    # The pad is empty: Undo, Redo and Clear are disabled, and Tab passes them by.
    assert press_tab(qtbot) is tools.open_button


def test_the_draw_pad_draws_an_example_reads_and_clears_from_the_keyboard(
    window: Any, qtbot: Any
) -> None:
    activate(window, qtbot)
    tab = window.draw_tab
    window.tabs.setCurrentWidget(tab)
    tab.pad.setFocus()
    qtbot.waitUntil(tab.pad.hasFocus, timeout=5000)
    with qtbot.waitSignal(tab.prediction_updated, timeout=10_000) as drawn:
        qtbot.keyClick(tab.pad, Qt.Key.Key_X)
    assert not tab.pad.is_empty()
    assert drawn.args[0] is not None  # an answer to a drawn digit
    with qtbot.waitSignal(tab.prediction_updated, timeout=10_000) as read:
        qtbot.keyClick(tab.pad, Qt.Key.Key_Return)
    assert read.args[0] is not None
    qtbot.keyClick(tab.pad, Qt.Key.Key_Delete)
    assert tab.pad.is_empty()


CONTROLS = (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QSlider, QAbstractItemView)


def unnamed_controls(window: Any) -> list[str]:
    """Visible controls a screen reader would announce without a name."""
    found = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisible():
            continue
        if isinstance(widget.parentWidget(), QAbstractSpinBox) or isinstance(widget, QHeaderView):
            continue  # a spin box's line edit, a table's header: their owner carries the name
        if not spoken_name(widget).strip():
            found.append(f"{type(widget).__name__} in {type(widget.parentWidget()).__name__}")
    return found


def test_every_visible_control_of_every_tab_has_a_name(
    window: Any, settle: Callable[[], None]
) -> None:
    checked = 0
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        inner = window.tabs.widget(index).findChildren(QTabWidget) or [None]
        for tabs in inner:
            for page in range(tabs.count() if tabs is not None else 1):
                if tabs is not None:
                    tabs.setCurrentIndex(page)
                settle()  # a page built when first shown shows its controls
                assert unnamed_controls(window) == [], (window.tabs.tabText(index), page)
                checked += 1
    assert checked >= 7  # the Train and Draw tabs' three pages each, and the Claims tab


def test_the_names_check_can_fail(window: Any) -> None:
    """The control for the test above: a nameless control is found."""
    window.train_tab.training_panel.buttons.start_button.setText("")
    assert "QPushButton in RunButtons" in unnamed_controls(window)


def tablet_event(kind: QEvent.Type, device: QPointingDevice, x: float, pressure: float) -> Any:
    position = QPointF(x, 150.0)
    buttons = (
        Qt.MouseButton.NoButton if kind == QEvent.Type.TabletRelease else Qt.MouseButton.LeftButton
    )
    return QTabletEvent(
        kind,
        device,
        position,
        position,
        pressure,
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        Qt.KeyboardModifier.NoModifier,
        Qt.MouseButton.LeftButton,
        buttons,
    )


def pen_stroke(pad: DrawPad, pressure: float) -> np.ndarray:
    """Draw one horizontal stroke with a tablet pen; the 28x28 image the model reads."""
    device = QPointingDevice(
        "test pen",
        1,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        3,
    )
    pad.clear()
    QApplication.sendEvent(pad, tablet_event(QEvent.Type.TabletPress, device, 60.0, pressure))
    for x in range(70, 250, 10):
        QApplication.sendEvent(pad, tablet_event(QEvent.Type.TabletMove, device, x, pressure))
    QApplication.sendEvent(pad, tablet_event(QEvent.Type.TabletRelease, device, 250.0, 0.0))
    image = pad.drawing().model_image()
    return np.zeros((28, 28)) if image is None else np.asarray(image)


def test_a_tablet_pen_draws_ink_thicker_when_pressed_harder(qtbot: Any) -> None:
    pad = DrawPad()
    qtbot.addWidget(pad)
    pad.resize(300, 300)
    light = pen_stroke(pad, 0.3)
    firm = pen_stroke(pad, 1.0)
    assert light.sum() > 0  # the pen drew ink the model reads
    assert firm.sum() > light.sum()
