"""The Draw tab: draw a digit or open one, and watch the network read it row by row."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication, QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QTabWidget, QVBoxLayout, QWidget

from lstm_gui.core.config import IMAGE_SIDE
from lstm_gui.core.errors import ImageError, LstmGuiError
from lstm_gui.core.reading.strokes import Drawing
from lstm_gui.gui.draw.draw_model_picker import ModelPicker
from lstm_gui.gui.draw.draw_pad import DrawPad
from lstm_gui.gui.draw.draw_tools import DrawTools
from lstm_gui.gui.draw.image_input import IMAGE_FILTER, mime_image, qimage_to_mnist
from lstm_gui.gui.draw.model_input_preview import ModelInputPanel, ModelInputPreview
from lstm_gui.gui.draw.prediction_panel import PredictionPanel
from lstm_gui.gui.draw.row_experiments_view import RowExperimentsView
from lstm_gui.gui.draw.row_scan_view import RowScanView
from lstm_gui.gui.draw.rows_needed_curve import RowsNeededCurve
from lstm_gui.gui.draw.scan_animation_saver import ScanAnimationSaver
from lstm_gui.gui.draw.source_line import SourceLine
from lstm_gui.gui.draw.test_digits import TestDigits
from lstm_gui.gui.widgets import dialogs
from lstm_gui.gui.widgets.deferred import DeferredWidget

if TYPE_CHECKING:  # torch is imported when the first model loads, not with the window
    from lstm_gui.core.reading.inference import Predictor, RowScan
    from lstm_gui.core.run.data import ImageSet

# While a stroke is under way the prediction is refreshed at most this often; when the pen
# lifts it is refreshed at once.
LIVE_INTERVAL_MS = 70


class DrawTab(QWidget):
    """Draw pad, the image the network sees, its answer, and the row-by-row story.

    The bundled model is loaded just after the tab is first shown (or on first use), so the
    window appears before torch is imported. `set_model` switches to another checkpoint;
    `show_digit` opens a 28x28 image, e.g. one from the confusion-matrix gallery.
    """

    model_changed = Signal(str)  # the new model's display name
    data_folder_chosen = Signal(object)  # Path: the person picked where the datasets are
    prediction_updated = Signal(object)  # RowScan of the pad's image, or None when empty

    def __init__(
        self,
        runs_root: Path | None = None,
        parent: QWidget | None = None,
        rng: np.random.Generator | None = None,
    ) -> None:
        """`runs_root`: where the model list finds runs (None: the user's runs folder).

        `rng` draws the example and test digits (a seeded one makes them repeatable).
        """
        super().__init__(parent)
        self._predictor: Predictor | None = None
        self._model_path: Path | None = None
        self._model_load_failed = False
        self._data_dir: Path | None = None
        self._scan: RowScan | None = None
        self._image: np.ndarray | None = None
        self._experiments_stale = True
        self._rng = rng if rng is not None else np.random.default_rng()
        self.setAcceptDrops(True)

        self.picker = ModelPicker(runs_root, self)
        self.pad = DrawPad(self)
        self.tools = DrawTools(self.pad, self)
        self.preview = ModelInputPreview(self)
        self.prediction = PredictionPanel(self)
        # Built after the window's first paint (or when first used): see DeferredWidget.
        self._row_scan_page = DeferredWidget(RowScanView)
        self.experiments = RowExperimentsView(self)
        self.curve = RowsNeededCurve(self)
        self.source = SourceLine(self)
        self.test_digits = TestDigits(self)
        self.animation_saver = ScanAnimationSaver(
            self, self.tools.save_animation_button, self.predictor
        )
        self.prediction_updated.connect(self.animation_saver.show_scan)

        self._live_timer = QTimer(self)
        self._live_timer.setSingleShot(True)
        self._live_timer.setInterval(LIVE_INTERVAL_MS)
        self._live_timer.timeout.connect(self._on_live_timer)

        self._build_layout()
        self._wire()
        self._on_history_changed()
        application = QCoreApplication.instance()
        if application is not None:  # no thread may outlive the app, whoever forgets shutdown()
            application.aboutToQuit.connect(self.shutdown)

    # ------------------------------------------------------------------ layout

    def _build_layout(self) -> None:
        left = QVBoxLayout()
        left.addWidget(self.picker)
        left.addWidget(self.tools)
        left.addWidget(self.source)
        left.addStretch(1)
        left_widget = QWidget(self)
        left_widget.setLayout(left)
        left_widget.setFixedWidth(330)
        left.setContentsMargins(0, 0, 0, 0)

        top = QHBoxLayout()
        top.addWidget(ModelInputPanel(self.preview, self))
        top.addSpacing(24)
        top.addWidget(self.prediction, 1)

        self.views = QTabWidget(self)
        self.views.addTab(self._row_scan_page, self.tr("Row by row"))
        self.views.addTab(self.experiments, self.tr("Row experiments"))
        self.views.addTab(self.curve, self.tr("How many rows are needed?"))

        right = QVBoxLayout()
        right.addLayout(top)
        right.addWidget(self.views, 1)
        right.setStretch(0, 0)

        layout = QHBoxLayout(self)
        layout.addWidget(left_widget)
        layout.addLayout(right, 1)

        self._add_shortcut(QKeySequence.StandardKey.Undo, self.pad.undo)
        self._add_shortcut(QKeySequence.StandardKey.Redo, self.pad.redo)
        self._add_shortcut(QKeySequence(Qt.Key.Key_Delete), self.pad.clear)
        self._add_shortcut(QKeySequence.StandardKey.Paste, self.paste)
        self._add_shortcut(QKeySequence(Qt.Key.Key_E), self.tools.eraser_button.click)
        self._add_shortcut(QKeySequence(Qt.Key.Key_P), self.tools.pen_button.click)

    def _add_shortcut(self, keys: QKeySequence | QKeySequence.StandardKey, slot: object) -> None:
        action = QAction(self)
        action.setShortcut(QKeySequence(keys))
        # Only while the focus is in this tab, so the main window's menus keep their keys.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)

    def _wire(self) -> None:
        tools = self.tools
        self.pad.drawing_changed.connect(self._on_drawing_changed)
        self.pad.stroke_moved.connect(self._on_stroke_moved)
        self.pad.history_changed.connect(self._on_history_changed)
        self.pad.read_requested.connect(self.refresh)
        self.pad.example_requested.connect(self._on_example_clicked)
        tools.pen_button.toggled.connect(self._on_pen_toggled)
        tools.width_slider.valueChanged.connect(self._on_width_changed)
        tools.undo_button.clicked.connect(self._on_undo_clicked)
        tools.redo_button.clicked.connect(self._on_redo_clicked)
        tools.clear_button.clicked.connect(self._on_clear_clicked)
        tools.open_button.clicked.connect(self._on_open_clicked)
        tools.paste_button.clicked.connect(self._on_paste_clicked)
        tools.random_button.clicked.connect(self._on_random_clicked)
        # Not to draw_example directly: clicked(bool) would land in its `digit`.
        tools.example_button.clicked.connect(self._on_example_clicked)
        self.test_digits.ready.connect(self._on_test_digits_ready)
        self.test_digits.missing.connect(self._on_test_digits_missing)
        self.test_digits.failed.connect(self._on_test_digits_failed)
        self.picker.model_chosen.connect(self._on_model_chosen)
        self.experiments.settings_changed.connect(self._on_experiment_settings_changed)
        self.views.currentChanged.connect(self._on_view_changed)
        self.curve.data_folder_requested.connect(self._on_data_folder_requested)

    # ------------------------------------------------------------------ public API

    @property
    def row_scan(self) -> RowScanView:
        """The row-by-row view (built on first use)."""
        return self._row_scan_page.widget()

    def predictor(self) -> Predictor | None:
        """The model reading the drawings, loading the bundled one on first use."""
        if self._predictor is None and not self._model_load_failed:
            self._load_bundled_model()
        return self._predictor

    def model_path(self) -> Path | None:
        """The checkpoint in use."""
        return self._model_path

    def set_model(self, path: Path, name: str = "") -> bool:
        """Read drawings with the checkpoint at `path`, shown as `name`; True when in use.

        A file that cannot be used gets a message box and the previous model stays.
        """
        from lstm_gui.core.reading.inference import Predictor

        path = Path(path)
        try:
            predictor = Predictor.from_file(path)
        except LstmGuiError as exc:
            dialogs.show_error(
                self,
                self.tr("{file} cannot be used: {reason} The current model stays.").format(
                    file=path.name, reason=exc
                ),
                self.tr("Cannot use this model"),
            )
            return False
        self._use(predictor, path, name or predictor.name)
        return True

    def set_data_dir(self, folder: Path | None) -> None:
        """Where to look for MNIST first (test digits and the rows-needed curve)."""
        self._data_dir = None if folder is None else Path(folder)
        self.test_digits.set_data_dir(self._data_dir)
        self.curve.set_data_dir(self._data_dir)

    def show_digit(self, image: np.ndarray, label: int | None = None) -> None:
        """Open a 28x28 float image (ink high) on the pad and in the row-scan view."""
        image = np.asarray(image, dtype=np.float32)
        if image.shape != (IMAGE_SIDE, IMAGE_SIDE):
            raise ValueError(f"show_digit needs a 28x28 image, not {image.shape}")
        if image.max() > 1.0:  # uint8 values given as floats
            image = image / 255.0
        self.pad.set_image(image)
        self.source.show_labelled(label)

    def open_image_file(self, path: Path) -> bool:
        """Open a photo, scan or drawing of a digit; a bad file gets a message. True if opened."""
        from lstm_gui.core.reading.preprocess import load_image, to_mnist

        try:
            image = to_mnist(load_image(path))
        except ImageError as exc:
            self._complain(self.tr("Cannot open this file"), str(exc))
            return False
        self.pad.set_image(image)
        self.source.show_opened(Path(path).name)
        return True

    def paste(self) -> None:
        """Read a digit from the clipboard: an image, or an image file copied in a file manager."""
        self._open_mime(QGuiApplication.clipboard().mimeData(), self.tr("the clipboard"))

    def show_random_test_digit(self) -> None:
        """A random digit of the model's test set, read in the background the first time.

        The digit appears when the test set is ready; a message says so if it is not found.
        """
        dataset = (
            "mnist" if self._predictor is None else self._predictor.checkpoint.train_config.dataset
        )
        self.test_digits.request(dataset)
        if self.test_digits.is_loading():
            self.tools.random_button.setEnabled(False)
            self.source.show_loading_test_digits()

    def draw_example(self, digit: int | None = None) -> None:
        """Let the app draw an example digit with pen strokes (random unless given)."""
        from lstm_gui.core.reading.digit_strokes import synthetic_digit

        digit = int(self._rng.integers(10)) if digit is None else int(digit)
        self.pad.set_strokes(synthetic_digit(digit, self._rng))
        self.source.show_example(digit)

    def shutdown(self) -> None:
        """Stop background work (test digits, rows-needed curve) and wait; call before closing."""
        if self._row_scan_page.is_built:  # not built to be paused
            self.row_scan.pause()
        self.test_digits.wait()
        self.animation_saver.wait()
        self.curve.stop()

    def refresh(self) -> None:
        """Read the pad again now (also runs the row experiments)."""
        self._live_timer.stop()
        self._read(self.pad.drawing(), live=False)

    # ------------------------------------------------------------------ model

    def _load_bundled_model(self) -> None:
        from lstm_gui.core.reading.inference import Predictor
        from lstm_gui.resources import bundled_model_path

        path = bundled_model_path()
        try:
            predictor = Predictor.from_file(path)
        except LstmGuiError as exc:
            self._model_load_failed = True
            self.picker.show_problem(
                self.tr("The bundled model could not be loaded ({reason}). Choose a model.").format(
                    reason=exc
                )
            )
            return
        self._use(predictor, path, self.tr("Bundled model"))

    def _use(self, predictor: Predictor, path: Path, name: str) -> None:
        self._predictor = predictor
        self._model_path = path
        self._model_load_failed = False
        self.picker.show_model(path, name, predictor.checkpoint)
        self.curve.set_predictor(predictor)
        self.refresh()
        self.model_changed.emit(name)

    # ------------------------------------------------------------------ reading

    def _read(self, drawing: Drawing, live: bool) -> None:
        """Prepare the image, predict, and fill every view (experiments only when not live)."""
        from lstm_gui.core.reading.row_experiments import scan_drawing

        image = drawing.model_image()
        self._image = image
        self.preview.set_image(image)
        predictor = self.predictor() if image is not None else self._predictor
        if image is None or predictor is None:
            self._scan = None
            self.prediction.show_empty()
            self.row_scan.set_scan(None)
            self.experiments.show_outcomes(None, None)
            self.curve.set_decided_row(None)
            self._experiments_stale = False
            self.prediction_updated.emit(None)
            return
        scan = scan_drawing(predictor, image)
        self._scan = scan
        self.prediction.show_probabilities(scan.probabilities[-1])
        self.row_scan.set_scan(scan)
        self.row_scan.set_influence(predictor.row_influence(image))
        # The curve's rows are image rows: a guess settled only in the blank steps has none.
        decided = scan.decided_at
        self.curve.set_decided_row(None if scan.is_blank(decided) else decided)
        self._experiments_stale = True
        if not live and self.views.currentWidget() is self.experiments:
            self._run_experiments()
        self.prediction_updated.emit(scan)

    def _run_experiments(self) -> None:
        self._experiments_stale = False
        self.experiments.run_for(self._predictor, self._image, self._scan)

    def _open_mime(self, mime: QMimeData | None, where: str) -> bool:
        found = mime_image(mime)
        if isinstance(found, Path):
            return self.open_image_file(found)
        if found is None:
            self._complain(
                self.tr("No image"),
                self.tr(
                    "There is no image in {where}; copy an image or an image file first."
                ).format(where=where),
            )
            return False
        try:
            digit = qimage_to_mnist(found)
        except ImageError as exc:
            self._complain(self.tr("Cannot read this image"), str(exc))
            return False
        self.pad.set_image(digit)
        self.source.show_pasted()
        return True

    def _complain(self, title: str, message: str) -> None:
        dialogs.show_error(self, message, title)

    # ------------------------------------------------------------------ events

    def showEvent(self, event: QShowEvent) -> None:  # noqa: D102 (Qt override)
        super().showEvent(event)
        if self._predictor is None and not self._model_load_failed:
            # After the window has painted, so that it appears before torch is imported.
            QTimer.singleShot(0, self, self._on_first_show)  # cancelled if self is deleted

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: D102 (Qt override)
        mime = event.mimeData()
        if mime.hasUrls() or mime.hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: D102 (Qt override)
        if self._open_mime(event.mimeData(), self.tr("what was dropped")):
            event.acceptProposedAction()

    # ------------------------------------------------------------------ slots

    def _on_first_show(self) -> None:
        if self._predictor is None and not self._model_load_failed:
            self._load_bundled_model()

    def _on_drawing_changed(self, drawing: Drawing) -> None:
        self._live_timer.stop()
        self._read(drawing, live=False)

    def _on_stroke_moved(self) -> None:
        if not self._live_timer.isActive():
            self._live_timer.start()

    def _on_live_timer(self) -> None:
        self._read(self.pad.drawing(), live=True)

    def _on_history_changed(self) -> None:
        self.tools.undo_button.setEnabled(self.pad.can_undo())
        self.tools.redo_button.setEnabled(self.pad.can_redo())
        self.tools.clear_button.setEnabled(not self.pad.is_empty())

    def _on_pen_toggled(self, pen: bool) -> None:
        self.pad.set_eraser(not pen)

    def _on_width_changed(self, width: int) -> None:
        self.pad.set_pen_width(width)

    def _on_undo_clicked(self) -> None:
        self.pad.undo()

    def _on_redo_clicked(self) -> None:
        self.pad.redo()

    def _on_clear_clicked(self) -> None:
        self.pad.clear()
        self.source.clear()

    def _on_paste_clicked(self) -> None:
        self.paste()

    def _on_random_clicked(self) -> None:
        self.show_random_test_digit()

    def _on_example_clicked(self) -> None:
        self.draw_example()

    def _on_test_digits_ready(self, test_set: ImageSet) -> None:
        from lstm_gui.core.reading.row_experiments import pick_test_digit

        self.tools.random_button.setEnabled(True)
        digit = pick_test_digit(test_set, self._rng)
        self.show_digit(digit.image, digit.label)
        self.source.show_test_digit(digit.index, digit.label)

    def _on_test_digits_missing(self, message: str) -> None:
        self.tools.random_button.setEnabled(True)
        self.source.show_problem(message)
        if (
            dialogs.ask_yes_no(
                self,
                self.tr("Test digits not found"),
                self.tr("{message}\n\nChoose the folder that holds them now?").format(
                    message=message
                ),
            )
            and self._choose_data_folder()
        ):
            self.show_random_test_digit()

    def _on_test_digits_failed(self, message: str) -> None:
        self.tools.random_button.setEnabled(True)
        self.source.show_problem(message)
        self._complain(self.tr("Cannot read the test digits"), message)

    def _on_open_clicked(self) -> None:
        path = dialogs.choose_open_file(
            self,
            self.tr("Open an image of a digit"),
            self.tr("Images ({patterns});;All files (*)").format(patterns=IMAGE_FILTER),
        )
        if path is not None:
            self.open_image_file(path)

    def _on_model_chosen(self, path: Path) -> None:
        self.set_model(path, "")

    def _on_experiment_settings_changed(self) -> None:
        self._run_experiments()

    def _on_view_changed(self, index: int) -> None:
        if self.views.widget(index) is self.experiments and self._experiments_stale:
            self._run_experiments()

    def _on_data_folder_requested(self) -> None:
        if self._choose_data_folder():
            self.curve.start()

    def _choose_data_folder(self) -> bool:
        """Ask where MNIST is; True when a folder was chosen (and is now used)."""
        folder = dialogs.choose_folder(self, self.tr("Choose the folder that holds MNIST"))
        if folder is None:
            return False
        self.set_data_dir(folder)
        self.data_folder_chosen.emit(Path(folder))
        return True
