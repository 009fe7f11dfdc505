"""The buttons around the draw pad: pen, eraser, width; undo, clear; digits in, animation out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from lstm_gui.core.reading.strokes import DEFAULT_PEN_WIDTH
from lstm_gui.gui.draw.draw_style import TEXT_MUTED

PEN_WIDTHS = (6, 44)


class DrawTools(QWidget):
    """The buttons laid out around `pad`; the Draw tab connects them to what they do."""

    def __init__(self, pad: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pen_button = self._button(self.tr("✎ Pen"), self.tr("Draw (P)"), True)
        self.eraser_button = self._button(self.tr("⌫ Eraser"), self.tr("Erase (E)"), True)
        self.pen_button.setChecked(True)
        tools = QButtonGroup(self)
        tools.setExclusive(True)
        tools.addButton(self.pen_button)
        tools.addButton(self.eraser_button)
        self.width_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.width_slider.setRange(*PEN_WIDTHS)
        self.width_slider.setValue(int(DEFAULT_PEN_WIDTH))
        self.width_slider.setToolTip(self.tr("Pen width"))
        self.width_slider.setAccessibleName(self.tr("Pen width"))
        self.undo_button = self._button(self.tr("↶ Undo"), self.tr("Undo (Ctrl+Z)"))
        self.redo_button = self._button(self.tr("↷ Redo"), self.tr("Redo (Ctrl+Shift+Z)"))
        self.clear_button = self._button(self.tr("✕ Clear"), self.tr("Clear the pad (Del)"))
        self.open_button = self._button(
            self.tr("Open image…"), self.tr("Open a photo or scan of a digit (PNG, JPEG, …)")
        )
        self.paste_button = self._button(
            self.tr("Paste"), self.tr("Paste an image from the clipboard (Ctrl+V)")
        )
        self.random_button = self._button(
            self.tr("Test digit"), self.tr("A random digit from the MNIST test set")
        )
        self.example_button = self._button(
            self.tr("Example"), self.tr("Let the app draw an example digit")
        )
        self.save_animation_button = self._button(
            self.tr("Save animation…"),
            self.tr("Save the model's row-by-row reading of this digit as a GIF or PNG"),
        )

        tool_row = QHBoxLayout()
        tool_row.addWidget(self.pen_button)
        tool_row.addWidget(self.eraser_button)
        tool_row.addSpacing(6)
        tool_row.addWidget(QLabel(self.tr("width"), self))
        tool_row.addWidget(self.width_slider, 1)
        edit_row = QHBoxLayout()
        for button in (self.undo_button, self.redo_button, self.clear_button):
            edit_row.addWidget(button)
        edit_row.addStretch(1)
        edit_row.addWidget(self.save_animation_button)
        input_grid = QGridLayout()
        inputs = (self.open_button, self.paste_button, self.random_button, self.example_button)
        for index, button in enumerate(inputs):
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            input_grid.addWidget(button, index // 2, index % 2)
        hint = QLabel(self.tr("Or drop an image file here."), self)
        hint.setStyleSheet(f"color: {TEXT_MUTED};")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tool_row)
        layout.addWidget(pad)
        layout.addLayout(edit_row)
        layout.addLayout(input_grid)
        layout.addWidget(hint)

    def _button(self, text: str, tip: str, checkable: bool = False) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setCheckable(checkable)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button
