"""The Draw tab: draw a digit or open one, and watch the network read it row by row."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QTabWidget, QVBoxLayout, QWidget

from lstm_gui.core.errors import LstmGuiError
from lstm_gui.gui.app_state import AppState
from lstm_gui.gui.draw.cell_numbers_panel import CellNumbersPanel
from lstm_gui.gui.draw.draw_model_picker import ModelPicker
from lstm_gui.gui.draw.draw_pad import DrawPad
from lstm_gui.gui.draw.draw_tools import DrawTools
from lstm_gui.gui.draw.layout_parts import column
from lstm_gui.gui.draw.model_input_preview import ModelInputPanel, ModelInputPreview
from lstm_gui.gui.draw.my_digits_panel import MyDigitsPanel
from lstm_gui.gui.draw.pad_input import PadInput
from lstm_gui.gui.draw.pad_reader import PadReader
from lstm_gui.gui.draw.prediction_panel import PredictionPanel
from lstm_gui.gui.draw.row_experiments_view import RowExperimentsView
from lstm_gui.gui.draw.row_scan_view import RowScanView
from lstm_gui.gui.draw.rows_needed_curve import RowsNeededCurve
from lstm_gui.gui.draw.scan_animation_saver import ScanAnimationSaver
from lstm_gui.gui.draw.source_line import SourceLine
from lstm_gui.gui.widgets import dialogs
from lstm_gui.gui.widgets.deferred import DeferredWidget
from lstm_gui.resources import bundled_model_path

if TYPE_CHECKING:  # torch is imported when the first model loads, not with the window
    from lstm_gui.core.reading.inference import Predictor


class DrawTab(QWidget):
    """Draw pad, the image the network sees, its answer, and the row-by-row story.

    It holds the model and lays out the parts: `input` (a PadInput) puts digits on the pad,
    `reader` (a PadReader) reads them into the views. The bundled model is loaded just after
    the tab is first shown (or on first use), so the window appears before torch is imported.
    `set_model` switches to another checkpoint, and the tab tells `state` which one is in use
    (None: the bundled one, by default); its parts read the data folder and model from `state`.
    `show_digit` opens a 28x28 image, e.g. one from the confusion-matrix gallery.
    """

    model_changed = Signal(str)  # the new model's display name
    data_folder_chosen = Signal(object)  # Path: the person picked where the datasets are
    prediction_updated = Signal(object)  # RowScan of the pad's image, or None when empty

    def __init__(
        self,
        state: AppState | None = None,
        parent: QWidget | None = None,
        rng: np.random.Generator | None = None,
        runs_root: Path | None = None,
    ) -> None:
        """`state`: what the tabs share (None: a state of the tab's own, for a tab alone).

        `runs_root`, for a state of its own: where the model list finds runs (None: the user's
        runs folder). `rng` draws the example and test digits (seeded: repeatable).
        """
        super().__init__(parent)
        self.state = state if state is not None else AppState(runs_root, self)
        self._predictor: Predictor | None = None
        self._model_load_failed = False
        self.setAcceptDrops(True)

        self.picker = ModelPicker(self.state.runs_dir, self)
        self.pad = DrawPad(self)
        self.tools = DrawTools(self.pad, self)
        self.preview = ModelInputPreview(self)
        self.prediction = PredictionPanel(self)
        # Built after the window's first paint (or when first used): see DeferredWidget.
        self._row_scan_page = DeferredWidget(RowScanView)
        self.experiments = RowExperimentsView(self)
        self.curve = RowsNeededCurve(self.state, self)
        self.source = SourceLine(self)
        self.views = QTabWidget(self)
        self.input = PadInput(
            self,
            self.state,
            self.pad,
            self.tools,
            self.source,
            rng if rng is not None else np.random.default_rng(),
            self._dataset,
            self._choose_data_folder,
        )
        self.test_digits = self.input.test_digits
        self.reader = PadReader(
            self.pad,
            self.preview,
            self.prediction,
            self._row_scan_page.widget,
            self.experiments,
            self.curve,
            self.views,
            self._reading_predictor,
            self,
        )
        self.animation_saver = ScanAnimationSaver(
            self, self.tools.save_animation_button, self.predictor
        )
        self.my_digits = MyDigitsPanel(self.pad, self.predictor, self.state, parent=self)

        self._build_layout()
        # Over the left column: the numbers behind a clicked heatmap cell of the row scan.
        self.cell_numbers = CellNumbersPanel(lambda: self._predictor, self)
        self._row_scan_page.built.connect(self._on_row_scan_built)
        self.reader.read.connect(self.prediction_updated)
        self.prediction_updated.connect(self.animation_saver.show_scan)
        self.picker.model_chosen.connect(self._on_model_chosen)
        self.model_changed.connect(self.my_digits.model_changed)
        self.my_digits.use_model_requested.connect(self.set_model)
        self.curve.data_folder_requested.connect(self._on_data_folder_requested)
        application = QCoreApplication.instance()
        if application is not None:  # no thread may outlive the app, whoever forgets shutdown()
            application.aboutToQuit.connect(self.shutdown)

    # ------------------------------------------------------------------ layout

    def _build_layout(self) -> None:
        left = column(self.picker, self.tools, self.source)
        left_widget = QWidget(self)
        left_widget.setLayout(left)
        left_widget.setFixedWidth(330)
        left.setContentsMargins(0, 0, 0, 0)

        top = QHBoxLayout()
        top.addWidget(ModelInputPanel(self.preview, self))
        top.addSpacing(24)
        top.addWidget(self.prediction, 1)

        self.views.addTab(self._row_scan_page, self.tr("Row by row"))
        self.views.addTab(self.experiments, self.tr("Row experiments"))
        self.views.addTab(self.curve, self.tr("How many rows are needed?"))
        self.views.addTab(self.my_digits, self.tr("My handwriting"))

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
        """The checkpoint in use (None before the first model is loaded)."""
        if self.state.model_path is None and self._predictor is not None:
            return bundled_model_path()
        return self.state.model_path

    def set_model(self, path: Path, name: str = "", loaded: Predictor | None = None) -> bool:
        """Read drawings with the checkpoint at `path`, shown as `name`; True when in use.

        `loaded`: the checkpoint already loaded (off the GUI thread). A file that cannot be
        used gets a message box and the previous model stays.
        """
        from lstm_gui.core.reading.inference import Predictor

        path = Path(path)
        try:
            predictor = loaded if loaded is not None else Predictor.from_file(path)
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
        """Look for MNIST here first (the state's data folder, which every tab follows)."""
        self.state.set_data_dir(None if folder is None else Path(folder))

    def show_digit(self, image: np.ndarray, label: int | None = None) -> None:
        """Open a 28x28 float image (ink high) on the pad and in the row-scan view."""
        self.input.show_digit(image, label)

    def open_image_file(self, path: Path) -> bool:
        """Open a photo, scan or drawing of a digit; a bad file gets a message. True if opened."""
        return self.input.open_image_file(path)

    def paste(self) -> None:
        """Read a digit from the clipboard: an image, or an image file copied in a file manager."""
        self.input.paste()

    def show_random_test_digit(self) -> None:
        """A random digit of the model's test set, read in the background the first time.

        The digit appears when the test set is ready; a message says so if it is not found.
        """
        self.input.show_random_test_digit()

    def draw_example(self, digit: int | None = None) -> None:
        """Let the app draw an example digit with pen strokes (random unless given)."""
        self.input.draw_example(digit)

    def shutdown(self) -> None:
        """Stop background work (reading, test digits, curve, animation) and wait for it."""
        if self._row_scan_page.is_built:  # not built to be paused
            self.row_scan.pause()
        self.reader.shutdown()
        self.test_digits.wait()
        self.animation_saver.wait()
        self.curve.stop()
        self.my_digits.shutdown()

    def refresh(self) -> None:
        """Read the pad again now (also runs the row experiments)."""
        self.reader.refresh()

    # ------------------------------------------------------------------ model

    def _reading_predictor(self, load: bool) -> Predictor | None:
        """The model for the reader: loading the bundled one only when there is ink to read."""
        return self.predictor() if load else self._predictor

    def _dataset(self) -> str:
        """The dataset of the model in use, whose test digits the Test digit button shows."""
        if self._predictor is None:
            return "mnist"
        return self._predictor.checkpoint.train_config.dataset

    def _load_bundled_model(self) -> None:
        from lstm_gui.core.reading.inference import Predictor

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
        self._use(predictor, path, self.tr("Bundled model"), chosen=False)

    def _use(self, predictor: Predictor, path: Path, name: str, chosen: bool = True) -> None:
        """Read with `predictor`; `chosen`: a file someone picked, not the bundled default."""
        self._predictor = predictor
        self._model_load_failed = False
        self.picker.show_model(path, name, predictor.checkpoint)
        self.curve.set_predictor(predictor)
        # Every tab reads the model in use from the state; None: the bundled one by default.
        self.state.set_model(path if chosen else None, name if chosen else "")
        self.refresh()
        self.model_changed.emit(name)

    def _choose_data_folder(self) -> bool:
        """Ask where MNIST is; True when a folder was chosen (and is now used)."""
        folder = dialogs.choose_folder(self, self.tr("Choose the folder that holds MNIST"))
        if folder is None:
            return False
        self.set_data_dir(folder)
        self.data_folder_chosen.emit(Path(folder))
        return True

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
        if self.input.open_mime(event.mimeData(), self.tr("what was dropped")):
            event.acceptProposedAction()

    # ------------------------------------------------------------------ slots

    def _on_first_show(self) -> None:
        if self._predictor is None and not self._model_load_failed:
            self._load_bundled_model()

    def _on_row_scan_built(self) -> None:
        self.cell_numbers.follow(self.row_scan)

    def _on_model_chosen(self, path: Path) -> None:
        self.set_model(path, "")

    def _on_data_folder_requested(self) -> None:
        if self._choose_data_folder():
            self.curve.start()
