"""What puts a digit on the pad: the tools, files, the clipboard, drops, example and test digits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication, QMimeData, QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from lstm_gui.core.config import IMAGE_SIDE
from lstm_gui.core.errors import ImageError
from lstm_gui.gui.app_state import AppState
from lstm_gui.gui.draw.draw_pad import DrawPad
from lstm_gui.gui.draw.draw_tools import DrawTools
from lstm_gui.gui.draw.image_input import IMAGE_FILTER, mime_image, qimage_to_mnist
from lstm_gui.gui.draw.source_line import SourceLine
from lstm_gui.gui.draw.test_digits import TestDigits
from lstm_gui.gui.widgets import dialogs

if TYPE_CHECKING:
    from lstm_gui.core.run.data import ImageSet


class PadInput(QObject):
    """Wires the tools to the pad and opens digits on it, saying where each came from.

    `dataset` names the model's dataset (for test digits, read from `state`'s data folder);
    `choose_data_folder` asks where the datasets are and is True when a folder was chosen.
    Its texts keep the DrawTab context, where the translations have them.
    """

    def __init__(
        self,
        tab: QWidget,
        state: AppState,
        pad: DrawPad,
        tools: DrawTools,
        source: SourceLine,
        rng: np.random.Generator,
        dataset: Callable[[], str],
        choose_data_folder: Callable[[], bool],
    ) -> None:
        super().__init__(tab)
        self._tab = tab
        self._pad = pad
        self._tools = tools
        self._source = source
        self._rng = rng
        self._dataset = dataset
        self._choose_data_folder = choose_data_folder
        self.test_digits = TestDigits(state, self)
        self._wire()
        self._on_history_changed()

    def _wire(self) -> None:
        tools = self._tools
        self._pad.history_changed.connect(self._on_history_changed)
        self._pad.example_requested.connect(self._on_example_clicked)
        tools.pen_button.toggled.connect(self._on_pen_toggled)
        tools.width_slider.valueChanged.connect(self._pad.set_pen_width)
        tools.undo_button.clicked.connect(self._pad.undo)
        tools.redo_button.clicked.connect(self._pad.redo)
        tools.clear_button.clicked.connect(self._on_clear_clicked)
        tools.open_button.clicked.connect(self._on_open_clicked)
        tools.paste_button.clicked.connect(self.paste)
        tools.random_button.clicked.connect(self.show_random_test_digit)
        # Not to draw_example directly: clicked(bool) would land in its `digit`.
        tools.example_button.clicked.connect(self._on_example_clicked)
        self.test_digits.ready.connect(self._on_test_digits_ready)
        self.test_digits.missing.connect(self._on_test_digits_missing)
        self.test_digits.failed.connect(self._on_test_digits_failed)

    # ------------------------------------------------------------------ public

    def show_digit(self, image: np.ndarray, label: int | None = None) -> None:
        """Open a 28x28 float image (ink high) on the pad."""
        image = np.asarray(image, dtype=np.float32)
        if image.shape != (IMAGE_SIDE, IMAGE_SIDE):
            raise ValueError(f"show_digit needs a 28x28 image, not {image.shape}")
        if image.max() > 1.0:  # uint8 values given as floats
            image = image / 255.0
        self._pad.set_drawing(image)
        self._source.show_labelled(label)

    def open_image_file(self, path: Path) -> bool:
        """Open a photo, scan or drawing of a digit; a bad file gets a message. True if opened."""
        from lstm_gui.core.reading.preprocess import load_image, to_mnist

        try:
            image = to_mnist(load_image(path))
        except ImageError as exc:
            self._complain(QCoreApplication.translate("DrawTab", "Cannot open this file"), str(exc))
            return False
        self._pad.set_drawing(image)
        self._source.show_opened(Path(path).name)
        return True

    def paste(self) -> None:
        """Read a digit from the clipboard: an image, or an image file copied in a file manager."""
        where = QCoreApplication.translate("DrawTab", "the clipboard")
        self.open_mime(QGuiApplication.clipboard().mimeData(), where)

    def open_mime(self, mime: QMimeData | None, where: str) -> bool:
        """Open the image or image file in `mime` (pasted or dropped); True if opened."""
        found = mime_image(mime)
        if isinstance(found, Path):
            return self.open_image_file(found)
        if found is None:
            self._complain(
                QCoreApplication.translate("DrawTab", "No image"),
                QCoreApplication.translate(
                    "DrawTab",
                    "There is no image in {where}; copy an image or an image file first.",
                ).format(where=where),
            )
            return False
        try:
            digit = qimage_to_mnist(found)
        except ImageError as exc:
            self._complain(
                QCoreApplication.translate("DrawTab", "Cannot read this image"), str(exc)
            )
            return False
        self._pad.set_drawing(digit)
        self._source.show_pasted()
        return True

    def show_random_test_digit(self) -> None:
        """A random digit of the model's test set, read in the background the first time."""
        self.test_digits.request(self._dataset())
        if self.test_digits.is_loading():
            self._tools.random_button.setEnabled(False)
            self._source.show_loading_test_digits()

    def draw_example(self, digit: int | None = None) -> None:
        """Let the app draw an example digit with pen strokes (random unless given)."""
        from lstm_gui.core.reading.digit_strokes import synthetic_digit

        digit = int(self._rng.integers(10)) if digit is None else int(digit)
        self._pad.set_drawing(strokes=synthetic_digit(digit, self._rng))
        self._source.show_example(digit)

    def _complain(self, title: str, message: str) -> None:
        dialogs.show_error(self._tab, message, title)

    # ------------------------------------------------------------------ slots

    def _on_history_changed(self) -> None:
        self._tools.undo_button.setEnabled(self._pad.can_undo())
        self._tools.redo_button.setEnabled(self._pad.can_redo())
        self._tools.clear_button.setEnabled(not self._pad.is_empty())

    def _on_pen_toggled(self, pen: bool) -> None:
        self._pad.set_eraser(not pen)

    def _on_clear_clicked(self) -> None:
        self._pad.clear()
        self._source.clear()

    def _on_example_clicked(self) -> None:
        self.draw_example()

    def _on_open_clicked(self) -> None:
        path = dialogs.choose_open_file(
            self._tab,
            QCoreApplication.translate("DrawTab", "Open an image of a digit"),
            QCoreApplication.translate("DrawTab", "Images ({patterns});;All files (*)").format(
                patterns=IMAGE_FILTER
            ),
        )
        if path is not None:
            self.open_image_file(path)

    def _on_test_digits_ready(self, test_set: ImageSet) -> None:
        from lstm_gui.core.reading.row_experiments import pick_test_digit

        self._tools.random_button.setEnabled(True)
        digit = pick_test_digit(test_set, self._rng)
        self.show_digit(digit.image, digit.label)
        self._source.show_test_digit(digit.index, digit.label)

    def _on_test_digits_missing(self, message: str) -> None:
        self._tools.random_button.setEnabled(True)
        self._source.show_problem(message)
        if (
            dialogs.ask_yes_no(
                self._tab,
                QCoreApplication.translate("DrawTab", "Test digits not found"),
                QCoreApplication.translate(
                    "DrawTab", "{message}\n\nChoose the folder that holds them now?"
                ).format(message=message),
            )
            and self._choose_data_folder()
        ):
            self.show_random_test_digit()

    def _on_test_digits_failed(self, message: str) -> None:
        self._tools.random_button.setEnabled(True)
        self._source.show_problem(message)
        self._complain(
            QCoreApplication.translate("DrawTab", "Cannot read the test digits"), message
        )
