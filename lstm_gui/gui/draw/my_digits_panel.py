"""The Draw tab's "My handwriting" page: keep labelled drawings, see how the model reads them.

Three columns: keep the pad's digit under a label and browse the kept ones; the model's
accuracy on them beside its MNIST accuracy, their confusion table and the IDX export; and
fine-tuning on them (my_digits_tuning). The set lives in core.reading.personal_set.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from lstm_gui.core.errors import LstmGuiError
from lstm_gui.gui.app_state import AppState
from lstm_gui.gui.draw.draw_pad import DrawPad
from lstm_gui.gui.draw.draw_style import TEXT_MUTED
from lstm_gui.gui.draw.layout_parts import column, make_bold
from lstm_gui.gui.draw.my_digits_confusion import ConfusionGrid
from lstm_gui.gui.draw.my_digits_list import MyDigitsList
from lstm_gui.gui.draw.my_digits_tuning import FineTuneSection, percent
from lstm_gui.gui.widgets import dialogs
from lstm_gui.gui.widgets.background_task import TaskSlot
from lstm_gui.gui.widgets.labels import wrapped_label

if TYPE_CHECKING:  # torch is imported when the first model loads, not with the window
    from lstm_gui.core.reading.inference import Predictor
    from lstm_gui.core.reading.personal_set import PersonalListing, PersonalSet

DIGITS = 10


def evaluate_personal(predictor: Predictor, images: np.ndarray, labels: np.ndarray) -> Any:
    """The model's EvalResult on the kept digits (in the task's thread)."""
    from lstm_gui.core.reading.fine_tune import evaluate_on, personal_image_set

    return evaluate_on(predictor.checkpoint, personal_image_set(images, labels))


class MyDigitsPanel(QWidget):
    """Keep the pad's digit as 0-9, list and delete kept digits, accuracy, export, fine-tune."""

    accuracy_shown = Signal()  # the accuracy on the kept digits was measured and shown

    def __init__(
        self,
        pad: DrawPad,
        predictor: Callable[[], Predictor | None],
        state: AppState,
        folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`predictor` reads the pad; `state` gives fine-tuning its model, data and runs folders.

        `folder`: where the set is kept (None: the user's data folder, personal_set_dir).
        """
        super().__init__(parent)
        self._pad = pad
        self._predictor = predictor
        self._folder = folder
        self._store: PersonalSet | None = None
        self._listing: PersonalListing | None = None  # None until first read from disk
        self._measuring = TaskSlot(self)
        self._stale = True  # the accuracy shown is not that of this model on this set

        self.keep_buttons = [QPushButton(str(digit), self) for digit in range(DIGITS)]
        keep_grid = QGridLayout()
        keep_grid.setSpacing(3)
        for digit, button in enumerate(self.keep_buttons):
            button.setFixedWidth(34)
            button.setToolTip(self.tr("Keep the digit on the pad as a {digit}").format(digit=digit))
            button.setAccessibleName(self.tr("Keep as {digit}").format(digit=digit))
            button.clicked.connect(lambda _=False, label=digit: self.keep(label))
            keep_grid.addWidget(button, digit // 5, digit % 5)
        keep_title = QLabel(self.tr("Keep the digit on the pad as:"), self)
        make_bold(keep_title)
        self.keep_status = self._note()
        self.digit_list = MyDigitsList(self)
        self.digit_list.delete_requested.connect(self.delete)
        self.delete_button = QPushButton(self.tr("Delete selected"), self)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.count_label = QLabel(self)
        count_row = QHBoxLayout()
        count_row.addWidget(self.count_label, 1)
        count_row.addWidget(self.delete_button)
        keep_column = column(keep_title, keep_grid, self.keep_status, self.digit_list, count_row)
        keep_column.setStretch(keep_column.indexOf(self.digit_list), 1)
        keep_column.takeAt(keep_column.count() - 1)  # the list takes the height, not a stretch

        reading_title = QLabel(self.tr("How the model reads them"), self)
        make_bold(reading_title)
        self.personal_accuracy = wrapped_label(parent=self)
        self.mnist_accuracy = wrapped_label(parent=self)
        self.confusion = ConfusionGrid(self)
        confusion_note = self._note(self.tr("Rows: the digit you drew; columns: what it read."))
        self.export_button = QPushButton(self.tr("Export as IDX…"), self)
        self.export_button.setToolTip(
            self.tr("Write them as MNIST-style files for lstm-gui train/evaluate --data-dir")
        )
        self.export_button.clicked.connect(self._on_export_clicked)
        self.export_status = self._note()
        reading_column = column(
            reading_title,
            self.personal_accuracy,
            self.mnist_accuracy,
            self.confusion,
            confusion_note,
            self.export_button,
            self.export_status,
        )

        self.tuning = FineTuneSection(self.arrays, state, self)
        self.use_model_requested = self.tuning.use_model_requested

        layout = QHBoxLayout(self)
        # Narrow enough that the Draw tab fits 1366 px beside a lesson's notes panel.
        for width, part in ((215, keep_column), (260, reading_column)):
            holder = QWidget(self)
            holder.setLayout(part)
            part.setContentsMargins(0, 0, 0, 0)
            holder.setFixedWidth(width)
            layout.addWidget(holder)
            layout.addSpacing(8)
        layout.addWidget(self.tuning, 1)

    def _note(self, text: str = "") -> QLabel:
        return wrapped_label(text, parent=self, style=f"color: {TEXT_MUTED};")

    # ------------------------------------------------------------------ public API

    @property
    def store(self) -> PersonalSet:
        """The folder of kept digits (its module, and torch, imported on first use)."""
        if self._store is None:
            from lstm_gui.core.reading.personal_set import PersonalSet

            self._store = PersonalSet(self._folder)
        return self._store

    def listing(self) -> PersonalListing:
        """The kept digits as last read from disk."""
        if self._listing is None:
            self.reload()
        assert self._listing is not None  # reload() sets it
        return self._listing

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """The kept images (N, 28, 28) uint8 and labels (N,)."""
        return self.listing().arrays()

    def reload(self) -> None:
        """Read the set from disk again and show it; damaged files are named once."""
        from lstm_gui.core.reading.personal_set import PersonalListing

        try:
            self._listing = self.store.load()
        except LstmGuiError as exc:
            self._listing = PersonalListing((), (str(exc),))
        except (OSError, ValueError, RecursionError) as exc:  # the page must open regardless
            message = self.tr("The kept digits could not be read ({reason}).").format(reason=exc)
            self._listing = PersonalListing((), (message,))
        problems = self._listing.problems
        message = problems[0] if problems else ""
        if len(problems) > 1:
            message = self.tr("{first} Damaged files left out in all: {count}.").format(
                first=problems[0], count=len(problems)
            )
        self.keep_status.setText(message)
        self._show_listing()

    def _show_listing(self) -> None:
        digits = self.listing().digits
        self.digit_list.show_digits(digits)
        self.count_label.setText(self.tr("{count} kept").format(count=len(digits)))
        self.model_changed()

    def keep(self, label: int) -> bool:
        """Keep the pad's digit, as the model sees it, labelled `label`; True when kept."""
        listing = self.listing()
        drawing = self._pad.drawing()
        image = drawing.model_image()
        if image is None:
            self.keep_status.setText(self.tr("Draw a digit on the pad first, then keep it."))
            return False
        # Strokes over an opened image edit its pixels: alone they would not redraw it.
        strokes = drawing.strokes if drawing.base is None and drawing.strokes else None
        try:
            digit = self.store.add(image, label, strokes)
        except LstmGuiError as exc:
            dialogs.show_error(self, str(exc), self.tr("Cannot keep the digit"))
            return False
        # The new file is the newest: added to the listing without reading every file again.
        self._listing = replace(listing, digits=listing.digits + (digit,))
        self._show_listing()
        self.keep_status.setText(self.tr("Kept as a {digit}.").format(digit=label))
        return True

    def delete(self, ids: list[str]) -> None:
        """Forget these kept digits."""
        deleted: set[str] = set()
        for digit_id in ids:
            try:
                self.store.delete(digit_id)
            except LstmGuiError as exc:
                dialogs.show_error(self, str(exc), self.tr("Cannot delete the digit"))
                break
            deleted.add(digit_id)
        listing = self.listing()
        remaining = tuple(digit for digit in listing.digits if digit.id not in deleted)
        self._listing = replace(listing, digits=remaining)
        self._show_listing()

    def export(self, folder: Path) -> bool:
        """Write the set as MNIST IDX files into `folder`; True when written."""
        from lstm_gui.core.reading.export_folder import idx_files_in, refuse_reserved_export_folder
        from lstm_gui.core.reading.personal_set import export_idx

        try:
            refuse_reserved_export_folder(folder)
            existing = idx_files_in(folder)
            question = self.tr(
                "{folder} already holds IDX files ({files}). Replace them with your digits?"
            ).format(folder=folder, files=", ".join(existing))
            if existing and not dialogs.ask_yes_no(self, self.tr("Replace IDX files?"), question):
                return False
            summary = export_idx(self.listing(), folder, overwrite=bool(existing))
        except LstmGuiError as exc:
            dialogs.show_error(self, str(exc), self.tr("Cannot export"))
            return False
        self.export_status.setText(
            self.tr(
                "Wrote {count} digits to {folder} as both the training and the test files. "
                "Try: lstm-gui evaluate --checkpoint MODEL --data-dir {folder}"
            ).format(count=summary.test_count, folder=folder)
        )
        return True

    def model_changed(self) -> None:
        """The model or the set changed: measure again (now if shown, else when next shown)."""
        self._stale = True
        predictor = self._predictor() if self._listing is not None else None
        if predictor is not None:
            checkpoint = predictor.checkpoint
            recorded = checkpoint.val_acc
            if recorded is None:
                recorded = checkpoint.best_val_acc
            self.mnist_accuracy.setText(
                self.tr("MNIST test set: {percent}% (recorded in the model)").format(
                    percent=f"{100 * recorded:.2f}"
                )
                if recorded is not None
                else self.tr("MNIST test set: not recorded in the model (fine-tuning measures it)")
            )
        if self.isVisible():
            self._measure()

    def shutdown(self) -> None:
        """Stop and wait for background work (before closing)."""
        self.tuning.shutdown()
        self._measuring.wait()

    # ------------------------------------------------------------------ measuring

    def _measure(self) -> None:
        if self._measuring.busy or not self._stale:
            return  # a running measurement is followed by another (see _on_measured_done)
        predictor = self._predictor()
        images, labels = self.arrays()
        if predictor is None:
            return
        self._stale = False
        if len(labels) == 0:
            self.personal_accuracy.setText(self.tr("My digits: none kept yet"))
            self.confusion.show_confusion(None)
            self.accuracy_shown.emit()
            return
        self._measuring.start(
            lambda: evaluate_personal(predictor, images, labels),
            "MyDigitsThread",
            failure="Your digits could not be read",
            on_value=self._on_measured,
            on_failed=self._on_measure_failed,
            on_finished=self._on_measure_done,
        )

    def _on_measured(self, result: Any) -> None:
        self.personal_accuracy.setText(
            self.tr("My digits: {accuracy}").format(accuracy=percent(result))
        )
        self.confusion.show_confusion(result.confusion)
        self.accuracy_shown.emit()

    def _on_measure_failed(self, message: str) -> None:
        self.personal_accuracy.setText(message)

    def _on_measure_done(self) -> None:
        if self._stale and self.isVisible():
            self._measure()

    # ------------------------------------------------------------------ slots

    def _on_delete_clicked(self) -> None:
        ids = self.digit_list.selected_ids()
        if ids:
            self.delete(ids)

    def _on_export_clicked(self) -> None:
        folder = dialogs.choose_folder(
            self, self.tr("Choose a new, empty folder for the IDX files")
        )
        if folder is not None:
            self.export(Path(folder))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: D102 (Qt override)
        super().showEvent(event)
        self.listing()  # read from disk on first show
        self._measure()
