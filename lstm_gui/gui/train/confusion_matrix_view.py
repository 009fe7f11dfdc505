"""ConfusionMatrixView: counts after each epoch, a colour bar, and a gallery of a cell's digits."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from lstm_gui.gui.widgets.labels import wrapped_label

# isort: split
# pyqtgraph uses the Qt binding that is already imported: PySide6, above.
import pyqtgraph as pg

from lstm_gui.gui.widgets.figure_export import register_figure
from lstm_gui.gui.widgets.look_for import attach_look_for
from lstm_gui.gui.widgets.view_box import menuless_view_box

GALLERY_LIMIT = 200  # thumbnails shown for one cell (the first ones in test-set order)
THUMBNAIL = 56
# The counts are a little smaller than the window's text (7.5 pt beside 9 pt), and grow with it
# when the window is zoomed for a projector.
COUNT_FONT_SCALE = 7.5 / 9.0


class CountLabels(pg.GraphicsObject):
    """The counts written in the cells, all painted in one call.

    A hundred pyqtgraph TextItems cost a hundred Python paint calls per repaint (25 ms),
    which stalled the window while it trained; this draws the same text in one.
    """

    def __init__(self) -> None:
        super().__init__()
        self._counts = np.zeros((0, 0), dtype=np.int64)
        self._light = np.zeros((0, 0), dtype=bool)

    def count_font(self) -> QFont:
        """The counts' font: a step below the application's, zoomed with it."""
        font = QFont(QApplication.font())
        font.setPointSizeF(QApplication.font().pointSizeF() * COUNT_FONT_SCALE)
        return font

    def set_counts(self, counts: np.ndarray, light_cells: np.ndarray) -> None:
        """Counts per cell; `light_cells` marks cells whose colour needs dark text."""
        self.prepareGeometryChange()
        self._counts = counts
        self._light = light_cells
        self.update()

    def texts(self) -> list[str]:
        """The text of each cell, row by row (empty for zero)."""
        return [str(int(count)) if count else "" for count in self._counts.ravel()]

    def boundingRect(self) -> QRectF:
        """The matrix's cells in data coordinates."""
        rows, columns = self._counts.shape
        return QRectF(0, 0, columns, rows)

    def paint(self, painter: QPainter, *args: object) -> None:
        """Each count centred in its cell, at a fixed size in pixels."""
        transform = painter.transform()
        painter.save()
        # Text in device pixels, so that it neither scales with the view nor flips with
        # the inverted y axis.
        painter.resetTransform()
        font = self.count_font()
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        width, height = metrics.horizontalAdvance("00000"), metrics.height()
        box = QRectF(-width / 2, -height / 2, width, height)
        for (row, column), count in np.ndenumerate(self._counts):
            if not count:
                continue
            centre = transform.map(QPointF(column + 0.5, row + 0.5))
            painter.setPen(QColor("black") if self._light[row, column] else QColor("white"))
            painter.drawText(box.translated(centre), Qt.AlignmentFlag.AlignCenter, str(count))
        painter.restore()


class ConfusionMatrixView(QWidget):
    """Rows: true class, columns: predicted class; clicking a cell lists its test digits."""

    cell_selected = Signal(int, int)  # true class, predicted class
    digit_requested = Signal(object, int)  # a 28x28 float image in [0, 1], its true label

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._images: np.ndarray | None = None  # (N, 28, 28) uint8 test digits
        self._labels: np.ndarray | None = None
        self._predictions: dict[int, np.ndarray] = {}  # epoch -> predicted class per digit
        self._shown_predictions: np.ndarray | None = None
        self._confusion: np.ndarray | None = None
        self._classes: tuple[str, ...] = tuple("0123456789")
        self._build()

    def _build(self) -> None:
        self.title = wrapped_label(self.tr("The confusion matrix appears after the first epoch."))
        self.plot = pg.PlotWidget(viewBox=menuless_view_box())
        self.plot.setMinimumSize(260, 240)
        item = self.plot.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.setLabel("bottom", self.tr("Predicted class"))
        item.setLabel("left", self.tr("True class"))
        item.invertY(True)
        item.setAspectLocked(True)
        self.image = pg.ImageItem(axisOrder="row-major")
        item.addItem(self.image)
        self.count_labels = CountLabels()
        item.addItem(self.count_labels)
        self.colour_bar = pg.ColorBarItem(
            values=(0, 1),
            colorMap=pg.colormap.get("viridis"),
            interactive=False,
            width=12,
            label=self.tr("test digits (colour capped at the largest mistake count)"),
        )
        self.colour_bar.setImageItem(self.image, insert_in=item)
        self.plot.scene().sigMouseClicked.connect(self._on_scene_clicked)
        self._set_axes(len(self._classes))

        self.gallery_title = wrapped_label(self.tr("Click a cell to see its test digits."))
        self.gallery = QListWidget()
        self.gallery.setViewMode(QListView.ViewMode.IconMode)
        self.gallery.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        self.gallery.setGridSize(QSize(THUMBNAIL + 8, THUMBNAIL + 8))
        self.gallery.setResizeMode(QListView.ResizeMode.Adjust)
        self.gallery.setMovement(QListView.Movement.Static)
        self.gallery.setUniformItemSizes(True)
        self.gallery.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.gallery.itemClicked.connect(self._on_gallery_item_clicked)
        # Enter (and a double click) opens the current digit too: the gallery is reachable by
        # keyboard, and a click is not.
        self.gallery.itemActivated.connect(self._on_gallery_item_clicked)
        self.gallery.setToolTip(self.tr("Click a digit to open it in the draw pad."))
        self.gallery.setAccessibleName(self.tr("Digits of the chosen cell"))
        self.gallery.setAccessibleDescription(
            self.tr("Validation digits of the cell chosen in the confusion matrix")
        )

        gallery_box = QWidget()
        gallery_layout = QVBoxLayout(gallery_box)
        gallery_layout.setContentsMargins(0, 0, 0, 0)
        gallery_layout.addWidget(self.gallery_title)
        gallery_layout.addWidget(self.gallery, 1)
        matrix_box = QWidget()
        matrix_layout = QVBoxLayout(matrix_box)
        matrix_layout.setContentsMargins(0, 0, 0, 0)
        matrix_layout.addWidget(self.title)
        matrix_layout.addWidget(self.plot, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(matrix_box)
        self.splitter.addWidget(gallery_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)
        # The matrix and the sentence above it, not the gallery of digits below.
        self.figure = register_figure(matrix_box, self.tr("Confusion matrix"))
        attach_look_for(self.plot, "train.confusion")

    def _set_axes(self, classes: int) -> None:
        ticks = [[(i + 0.5, self._short_name(i)) for i in range(classes)]]
        item = self.plot.getPlotItem()
        for side in ("bottom", "left"):
            axis = item.getAxis(side)
            axis.setTicks(ticks)
            axis.setStyle(tickLength=4)  # outwards: inward ticks looked like minus signs
        item.setRange(xRange=(0, classes), yRange=(0, classes), padding=0)

    def _short_name(self, index: int) -> str:
        name = self._classes[index] if index < len(self._classes) else str(index)
        return name if len(name) <= 3 else str(index)

    # ------------------------------------------------------------------ data in

    def set_test_set(
        self, images: np.ndarray, labels: np.ndarray, classes: tuple[str, ...]
    ) -> None:
        """The validation digits (N, 28, 28) uint8 and labels; a new run's data."""
        self._images = np.asarray(images)
        self._labels = np.asarray(labels)
        self._predictions = {}
        if classes != self._classes:
            self._classes = classes
            self._set_axes(len(classes))

    def add_predictions(self, epoch: int, predictions: np.ndarray) -> None:
        """The predicted class of each validation digit after `epoch` (arrives before it)."""
        self._predictions = {epoch: np.asarray(predictions)}

    def show_epoch(self, epoch: int, confusion: np.ndarray) -> None:
        """Show the matrix of an epoch: counts in the cells, colour capped at the largest error."""
        matrix = np.asarray(confusion, dtype=np.int64)
        self._confusion = matrix
        self._shown_predictions = self._predictions.get(epoch)
        mistakes = matrix.copy()
        np.fill_diagonal(mistakes, 0)
        cap = max(1, int(mistakes.max()))
        self.image.setImage(matrix.astype(np.float32), levels=(0, cap))
        self.image.setRect(0, 0, matrix.shape[1], matrix.shape[0])
        self.colour_bar.setLevels((0, cap))
        colour_map = pg.colormap.get("viridis")
        light = [
            colour_map.map(min(int(count) / cap, 1.0), mode="qcolor").lightnessF() > 0.55
            for count in matrix.ravel()
        ]
        self.count_labels.set_counts(matrix, np.asarray(light).reshape(matrix.shape))
        total = int(matrix.sum())
        right = int(np.trace(matrix))
        self.title.setText(
            self.tr("After epoch {0}: {1} of {2} validation digits read right ({3}%).").format(
                epoch,
                f"{right:,}",
                f"{total:,}",
                f"{100 * right / max(total, 1):.2f}",
            )
        )

    def counts(self) -> np.ndarray | None:
        """The matrix shown (what a person reads in the cells)."""
        return None if self._confusion is None else self._confusion.copy()

    def count_texts(self) -> list[str]:
        """The texts of the cells, row by row."""
        return self.count_labels.texts()

    # ------------------------------------------------------------------ gallery

    def _on_scene_clicked(self, event: object) -> None:
        if self._confusion is None:
            return
        position: QPointF = event.scenePos()  # type: ignore[attr-defined]
        point = self.plot.getPlotItem().vb.mapSceneToView(position)
        row, column = int(np.floor(point.y())), int(np.floor(point.x()))
        if 0 <= row < self._confusion.shape[0] and 0 <= column < self._confusion.shape[1]:
            self.select_cell(row, column)

    def select_cell(self, true_class: int, predicted_class: int) -> None:
        """List the validation digits of one cell in the gallery."""
        self.gallery.clear()
        name_true = self._classes[true_class]
        name_predicted = self._classes[predicted_class]
        if self._images is None or self._labels is None or self._shown_predictions is None:
            self.gallery_title.setText(self.tr("The digits of this epoch are not available."))
            return
        count = min(len(self._labels), len(self._shown_predictions))
        matches = np.flatnonzero(
            (self._labels[:count] == true_class)
            & (self._shown_predictions[:count] == predicted_class)
        )
        if true_class == predicted_class:
            text = self.tr("True {0}, read as {1}: {2} digits read right.")
        else:
            text = self.tr("True {0}, read as {1}: {2} mistakes.")
        text = text.format(name_true, name_predicted, f"{len(matches):,}")
        if len(matches) > GALLERY_LIMIT:
            text += " " + self.tr("Showing the first {0}.").format(GALLERY_LIMIT)
        self.gallery_title.setText(text + " " + self.tr("Click one to open it in the draw pad."))
        for index in matches[:GALLERY_LIMIT]:
            image = np.ascontiguousarray(self._images[index], dtype=np.uint8)
            qimage = QImage(image.data, 28, 28, 28, QImage.Format.Format_Grayscale8).copy()
            pixmap = QPixmap.fromImage(qimage).scaled(
                THUMBNAIL,
                THUMBNAIL,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            item = QListWidgetItem(QIcon(pixmap), "")
            item.setData(Qt.ItemDataRole.UserRole, int(index))
            item.setToolTip(
                self.tr("Test digit #{0}: true {1}, read as {2}").format(
                    int(index), name_true, name_predicted
                )
            )
            self.gallery.addItem(item)
        self.cell_selected.emit(true_class, predicted_class)

    def _on_gallery_item_clicked(self, item: QListWidgetItem) -> None:
        if self._images is None or self._labels is None:
            return
        index = int(item.data(Qt.ItemDataRole.UserRole))
        image = self._images[index].astype(np.float32) / 255.0
        self.digit_requested.emit(image, int(self._labels[index]))
