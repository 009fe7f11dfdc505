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
    QFont,
    QGuiApplication,
    QImage,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from lstm_gui.core.config import IMAGE_SIDE
from lstm_gui.core.errors import ImageError, LstmGuiError
from lstm_gui.core.strokes import DEFAULT_PEN_WIDTH, Drawing
from lstm_gui.gui.widgets import dialogs
from lstm_gui.gui.draw.draw_model_picker import ModelPicker
from lstm_gui.gui.draw.draw_pad import DrawPad, ModelInputPreview
from lstm_gui.gui.draw.draw_style import TEXT_MUTED
from lstm_gui.gui.draw.prediction_panel import PredictionPanel
from lstm_gui.gui.draw.row_accuracy_curve import RowAccuracyCurve
from lstm_gui.gui.draw.row_experiments_view import RowExperimentsView
from lstm_gui.gui.draw.row_scan_view import RowScanView

if TYPE_CHECKING:  # torch is imported when the first model loads, not with the window
    from lstm_gui.core.data import ImageSet
    from lstm_gui.core.inference import Predictor, RowScan

# While a stroke is under way the prediction is refreshed at most this often; when the pen
# lifts it is refreshed at once.
LIVE_INTERVAL_MS = 70
IMAGE_FILTER = "*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff"


class DrawTab(QWidget):
    """Draw pad, the image the network sees, its answer, and the row-by-row story.

    The bundled model is loaded just after the tab is first shown (or on first use), so the
    window appears before torch is imported. `set_model` switches to another checkpoint;
    `show_digit` opens a 28x28 image, e.g. one from the confusion-matrix gallery.
    """

    model_changed = Signal(str)  # the new model's display name
    data_folder_chosen = Signal(object)  # Path: the person picked where the datasets are
    prediction_updated = Signal(object)  # RowScan of the pad's image, or None when empty

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._predictor: Predictor | None = None
        self._model_path: Path | None = None
        self._model_load_failed = False
        self._data_dir: Path | None = None
        # Test sets read so far, by dataset: a model's test digits come from its own dataset.
        self._test_sets: dict[str, ImageSet] = {}
        self._scan: RowScan | None = None
        self._image: np.ndarray | None = None
        self._experiments_stale = True
        self._rng = np.random.default_rng()
        self.setAcceptDrops(True)

        self.picker = ModelPicker(self)
        self.pad = DrawPad(self)
        self.preview = ModelInputPreview(self)
        self.prediction = PredictionPanel(self)
        self.row_scan = RowScanView(self)
        self.experiments = RowExperimentsView(self)
        self.curve = RowAccuracyCurve(self)
        self._source = QLabel(self)
        self._source.setWordWrap(True)
        self._source.setStyleSheet(f"color: {TEXT_MUTED};")

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

    def _tool_button(self, text: str, tip: str, checkable: bool = False) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setCheckable(checkable)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    def _build_layout(self) -> None:
        self.pen_button = self._tool_button(self.tr("✎ Pen"), self.tr("Draw (P)"), True)
        self.eraser_button = self._tool_button(self.tr("⌫ Eraser"), self.tr("Erase (E)"), True)
        self.pen_button.setChecked(True)
        tools = QButtonGroup(self)
        tools.setExclusive(True)
        tools.addButton(self.pen_button)
        tools.addButton(self.eraser_button)
        self.width_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.width_slider.setRange(6, 44)
        self.width_slider.setValue(int(DEFAULT_PEN_WIDTH))
        self.width_slider.setToolTip(self.tr("Pen width"))
        self.undo_button = self._tool_button(self.tr("↶ Undo"), self.tr("Undo (Ctrl+Z)"))
        self.redo_button = self._tool_button(self.tr("↷ Redo"), self.tr("Redo (Ctrl+Shift+Z)"))
        self.clear_button = self._tool_button(self.tr("✕ Clear"), self.tr("Clear the pad (Del)"))
        self.open_button = self._tool_button(
            self.tr("Open image…"), self.tr("Open a photo or scan of a digit (PNG, JPEG, …)")
        )
        self.paste_button = self._tool_button(
            self.tr("Paste"), self.tr("Paste an image from the clipboard (Ctrl+V)")
        )
        self.random_button = self._tool_button(
            self.tr("Test digit"), self.tr("A random digit from the MNIST test set")
        )
        self.example_button = self._tool_button(
            self.tr("Example"), self.tr("Let the app draw an example digit")
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
        input_grid = QGridLayout()
        for index, button in enumerate(
            (self.open_button, self.paste_button, self.random_button, self.example_button)
        ):
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            input_grid.addWidget(button, index // 2, index % 2)
        hint = QLabel(self.tr("Or drop an image file here."), self)
        hint.setStyleSheet(f"color: {TEXT_MUTED};")

        left = QVBoxLayout()
        left.addWidget(self.picker)
        left.addLayout(tool_row)
        left.addWidget(self.pad)
        left.addLayout(edit_row)
        left.addLayout(input_grid)
        left.addWidget(hint)
        left.addWidget(self._source)
        left.addStretch(1)
        left_widget = QWidget(self)
        left_widget.setLayout(left)
        left_widget.setFixedWidth(330)
        left.setContentsMargins(0, 0, 0, 0)

        preview_title = QLabel(self.tr("What the network sees"), self)
        font = QFont(preview_title.font())
        font.setBold(True)
        preview_title.setFont(font)
        preview_note = QLabel(self.tr("28×28 pixels, centred\nlike MNIST (red +)"), self)
        preview_note.setStyleSheet(f"color: {TEXT_MUTED};")
        self.preview.setFixedSize(IMAGE_SIDE * 4, IMAGE_SIDE * 4)
        preview_column = QVBoxLayout()
        preview_column.addWidget(preview_title)
        preview_column.addWidget(self.preview)
        preview_column.addWidget(preview_note)
        preview_column.addStretch(1)
        preview_widget = QWidget(self)
        preview_widget.setLayout(preview_column)
        preview_column.setContentsMargins(0, 0, 0, 0)

        top = QHBoxLayout()
        top.addWidget(preview_widget)
        top.addSpacing(24)
        top.addWidget(self.prediction, 1)

        self.views = QTabWidget(self)
        self.views.addTab(self.row_scan, self.tr("Row by row"))
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
        self._add_shortcut(QKeySequence(Qt.Key.Key_E), self.eraser_button.click)
        self._add_shortcut(QKeySequence(Qt.Key.Key_P), self.pen_button.click)

    def _add_shortcut(self, keys: QKeySequence | QKeySequence.StandardKey, slot: object) -> None:
        action = QAction(self)
        action.setShortcut(QKeySequence(keys))
        # Only while the focus is in this tab, so the main window's menus keep their keys.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)

    def _wire(self) -> None:
        self.pad.drawing_changed.connect(self._on_drawing_changed)
        self.pad.stroke_moved.connect(self._on_stroke_moved)
        self.pad.history_changed.connect(self._on_history_changed)
        self.pen_button.toggled.connect(self._on_pen_toggled)
        self.width_slider.valueChanged.connect(self._on_width_changed)
        self.undo_button.clicked.connect(self.pad.undo)
        self.redo_button.clicked.connect(self.pad.redo)
        self.clear_button.clicked.connect(self._on_clear_clicked)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.paste_button.clicked.connect(self.paste)
        self.random_button.clicked.connect(self.show_random_test_digit)
        self.example_button.clicked.connect(self.draw_example)
        self.picker.model_chosen.connect(self._on_model_chosen)
        self.experiments.settings_changed.connect(self._on_experiment_settings_changed)
        self.views.currentChanged.connect(self._on_view_changed)
        self.curve.data_folder_requested.connect(self._on_data_folder_requested)

    # ------------------------------------------------------------------ public API

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
        from lstm_gui.core.inference import Predictor

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
        self._test_sets.clear()
        self.curve.set_data_dir(self._data_dir)

    def show_digit(self, image: np.ndarray, label: int | None = None) -> None:
        """Open a 28x28 float image (ink high) on the pad and in the row-scan view."""
        image = np.asarray(image, dtype=np.float32)
        if image.shape != (IMAGE_SIDE, IMAGE_SIDE):
            raise ValueError(f"show_digit needs a 28x28 image, not {image.shape}")
        if image.max() > 1.0:  # uint8 values given as floats
            image = image / 255.0
        self.pad.set_image(image)
        self._source.setText(
            self.tr("A digit labelled {label}.").format(label=label) if label is not None else ""
        )

    def open_image_file(self, path: Path) -> bool:
        """Open a photo, scan or drawing of a digit; a bad file gets a message. True if opened."""
        from lstm_gui.core.preprocess import load_image, to_mnist

        try:
            image = to_mnist(load_image(path))
        except ImageError as exc:
            self._complain(self.tr("Cannot open this file"), str(exc))
            return False
        self.pad.set_image(image)
        self._source.setText(self.tr("Opened {file}.").format(file=Path(path).name))
        return True

    def paste(self) -> None:
        """Read a digit from the clipboard: an image, or an image file copied in a file manager."""
        self._open_mime(QGuiApplication.clipboard().mimeData(), self.tr("the clipboard"))

    def show_random_test_digit(self) -> None:
        """A random digit from the MNIST test set (a message if MNIST is not found)."""
        test_set = self._load_test_set()
        if test_set is None:
            return
        index = int(self._rng.integers(len(test_set)))
        image = test_set.images[index].numpy().astype(np.float32) / 255.0
        label = int(test_set.labels[index])
        self.show_digit(image, label)
        self._source.setText(
            self.tr("MNIST test digit no. {index}, labelled {label}.").format(
                index=index, label=label
            )
        )

    def draw_example(self, digit: int | None = None) -> None:
        """Let the app draw an example digit with pen strokes (random unless given)."""
        from lstm_gui.core.digit_strokes import synthetic_digit

        digit = int(self._rng.integers(10)) if digit is None else digit
        self.pad.set_strokes(synthetic_digit(digit, self._rng))
        self._source.setText(self.tr("An example {digit} drawn by the app.").format(digit=digit))

    def shutdown(self) -> None:
        """Stop background work (the rows-needed curve) and wait for it; call before closing."""
        self.row_scan.pause()
        self.curve.stop()

    def refresh(self) -> None:
        """Read the pad again now (also runs the row experiments)."""
        self._live_timer.stop()
        self._read(self.pad.drawing(), live=False)

    # ------------------------------------------------------------------ model

    def _load_bundled_model(self) -> None:
        from lstm_gui.core.inference import Predictor
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
        checkpoint = predictor.checkpoint
        accuracy = checkpoint.val_acc if checkpoint.val_acc is not None else checkpoint.best_val_acc
        config = checkpoint.model_config
        views = {
            "rows": self.tr("row by row"),
            "pixels": self.tr("pixel by pixel"),
            "permuted": self.tr("pixels in a shuffled order"),
        }
        sequence = checkpoint.train_config.sequence
        architecture = self.tr("{cell}({units}) reading {view}").format(
            cell=config.cell.upper(), units=config.hidden_size, view=views.get(sequence, sequence)
        )
        self.picker.show_model(path, f"{name} · {architecture}", accuracy)
        self.curve.set_predictor(predictor)
        self.refresh()
        self.model_changed.emit(name)

    # ------------------------------------------------------------------ reading

    def _read(self, drawing: Drawing, live: bool) -> None:
        """Prepare the image, predict, and fill every view (experiments only when not live)."""
        from lstm_gui.core.experiments import scan_drawing

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
        self.curve.set_decided_row(scan.decided_at)
        self._experiments_stale = True
        if not live and self.views.currentWidget() is self.experiments:
            self._run_experiments()
        self.prediction_updated.emit(scan)

    def _run_experiments(self) -> None:
        from lstm_gui.core.experiments import one_thread, run_experiments

        self._experiments_stale = False
        if self._image is None or self._scan is None or self._predictor is None:
            self.experiments.show_outcomes(None, None)
            return
        with one_thread():
            outcomes = run_experiments(
                self._predictor, self.experiments.experiments_for(self._image)
            )
        self.experiments.show_outcomes((self._image, self._scan.probabilities[-1]), outcomes)

    def _load_test_set(self) -> ImageSet | None:
        dataset = (
            "mnist" if self._predictor is None else self._predictor.checkpoint.train_config.dataset
        )
        if dataset in self._test_sets:
            return self._test_sets[dataset]
        from lstm_gui.core.data import find_dataset_files, load_dataset, missing_data_message

        files = find_dataset_files(dataset, self._data_dir)
        if files is None:
            if dialogs.ask_yes_no(
                self,
                self.tr("Test digits not found"),
                self.tr("{message}\n\nChoose the folder that holds them now?").format(
                    message=missing_data_message(dataset, self._data_dir)
                ),
            ):
                self._on_data_folder_requested()
                if self._data_dir is not None and find_dataset_files(dataset, self._data_dir):
                    return self._load_test_set()
            return None
        try:
            test_set = load_dataset(dataset, self._data_dir, download=False).test
        except LstmGuiError as exc:
            self._complain(self.tr("Cannot read the test digits"), str(exc))
            return None
        self._test_sets[dataset] = test_set
        return test_set

    def _open_mime(self, mime: QMimeData | None, where: str) -> bool:
        if mime is not None and mime.hasUrls():
            local = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
            if local:
                return self.open_image_file(Path(local[0]))
        if mime is not None and mime.hasImage():
            image = QImage(mime.imageData())
            if not image.isNull():
                return self._open_qimage(image)
        self._complain(
            self.tr("No image"),
            self.tr("There is no image in {where}; copy an image or an image file first.").format(
                where=where
            ),
        )
        return False

    def _open_qimage(self, image: QImage) -> bool:
        from PIL import Image

        from lstm_gui.core.preprocess import to_mnist

        rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
        pixels = np.frombuffer(rgba.constBits(), dtype=np.uint8).reshape(
            rgba.height(), rgba.bytesPerLine() // 4, 4
        )[:, : rgba.width()]
        try:
            digit = to_mnist(Image.fromarray(pixels.copy(), "RGBA"))
        except ImageError as exc:
            self._complain(self.tr("Cannot read this image"), str(exc))
            return False
        self.pad.set_image(digit)
        self._source.setText(self.tr("Pasted image."))
        return True

    def _complain(self, title: str, message: str) -> None:
        dialogs.show_error(self, message, title)

    # ------------------------------------------------------------------ events

    def showEvent(self, event: QShowEvent) -> None:  # noqa: D102 (Qt override)
        super().showEvent(event)
        if self._predictor is None and not self._model_load_failed:
            # After the window has painted, so that it appears before torch is imported.
            QTimer.singleShot(0, self._on_first_show)

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
        self.undo_button.setEnabled(self.pad.can_undo())
        self.redo_button.setEnabled(self.pad.can_redo())
        self.clear_button.setEnabled(not self.pad.is_empty())

    def _on_pen_toggled(self, pen: bool) -> None:
        self.pad.set_eraser(not pen)

    def _on_width_changed(self, width: int) -> None:
        self.pad.set_pen_width(width)

    def _on_clear_clicked(self) -> None:
        self.pad.clear()
        self._source.setText("")

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
        folder = dialogs.choose_folder(self, self.tr("Choose the folder that holds MNIST"))
        if folder is not None:
            self.set_data_dir(folder)
            self.data_folder_chosen.emit(Path(folder))
            self.curve.start()
