"""Zoomed for a projector, plots keep their text and heatmaps readable and the gallery opens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPixmap
from PySide6.QtWidgets import QApplication

from lstm_gui.core.config import IMAGE_SIDE


@pytest.fixture
def zoomed(window: Any, settle: Callable[[], None]) -> Any:
    """The main window at a projector's 1366 x 768, zoomed to 200%, laid out again."""
    window.resize(1366, 768)
    window.presentation.set_zoom(200)
    settle()
    return window


def test_row_scan_heatmaps_keep_their_rows_visible_at_200_percent(
    zoomed: Any, settle: Callable[[], None]
) -> None:
    zoomed.tabs.setCurrentWidget(zoomed.draw_tab)
    view = zoomed.draw_tab.row_scan
    settle()
    line = QFontMetricsF(QApplication.font()).height()
    for plot in view.plots()[:2]:  # the input and the guesses, 28 rows each
        rows_height = plot.getViewBox().sceneBoundingRect().height()
        # A quarter of a line of text per row: the row ticks 1, 7, 14, 21, 28 stay apart.
        assert rows_height / IMAGE_SIDE >= line / 4, plot.titleLabel.text


def test_the_epoch_title_fits_below_the_ticks_at_200_percent(zoomed: Any) -> None:
    for plot in (zoomed.train_tab.metrics.loss_plot, zoomed.train_tab.metrics.accuracy_plot):
        axis = plot.getPlotItem().getAxis("bottom")
        title = axis.label
        title_bottom = title.mapRectToScene(title.boundingRect()).bottom()
        assert title_bottom <= axis.sceneBoundingRect().bottom() + 0.5
        assert title_bottom <= plot.sceneRect().bottom() + 0.5
        assert axis.height() >= axis.textHeight + QFontMetricsF(title.font()).height()


def test_the_training_plots_do_not_overlap_below_a_wrapped_legend(zoomed: Any) -> None:
    metrics = zoomed.train_tab.metrics
    legend = metrics.legend
    assert legend.height() >= legend.heightForWidth(legend.width())
    # The legend wraps at 200%; its extra lines once pushed the plots over one another.
    assert legend.geometry().bottom() < metrics.loss_plot.geometry().top()
    assert metrics.loss_plot.geometry().bottom() < metrics.accuracy_plot.geometry().top()


def test_confusion_counts_grow_with_the_zoom(window: Any) -> None:
    counts = window.train_tab.confusion.count_labels
    unzoomed = counts.count_font().pointSizeF()
    window.presentation.set_zoom(200)
    assert counts.count_font().pointSizeF() == pytest.approx(2 * unzoomed)


def test_enter_opens_a_gallery_digit_as_a_click_does(qtbot: Any) -> None:
    from lstm_gui.gui.train.confusion_matrix_view import ConfusionMatrixView

    view = ConfusionMatrixView()
    qtbot.addWidget(view)
    images = np.arange(4 * 28 * 28, dtype=np.int64).reshape(4, 28, 28).astype(np.uint8)
    labels = np.array([3, 3, 5, 3])
    view.set_test_set(images, labels, tuple("0123456789"))
    view.add_predictions(1, np.array([3, 8, 5, 8]))
    confusion = np.zeros((10, 10), dtype=np.int64)
    confusion[3, 8], confusion[3, 3], confusion[5, 5] = 2, 1, 1
    view.show_epoch(1, confusion)
    view.show()
    view.select_cell(3, 8)  # digits 1 and 3
    view.gallery.setFocus()
    view.gallery.setCurrentRow(1)
    with qtbot.waitSignal(view.digit_requested, timeout=10_000) as opened:
        qtbot.keyClick(view.gallery, Qt.Key.Key_Return)
    image, label = opened.args
    np.testing.assert_allclose(image, images[3] / 255.0)
    assert label == 3


def test_the_row_influence_label_fits_its_column(
    zoomed: Any, qtbot: Any, settle: Callable[[], None]
) -> None:
    tab = zoomed.draw_tab
    zoomed.tabs.setCurrentWidget(tab)
    view = tab.row_scan
    # The tab's own first reading of the (blank) pad, which clears the bars, comes with the
    # bundled model (loaded once the tab is shown).
    qtbot.waitUntil(lambda: tab.model_path() is not None, timeout=30_000)
    view.set_influence(np.linspace(0, 1.234e-5, IMAGE_SIDE))  # "max 1.2e-05": a long label
    settle()
    plot = view.influence_figure.part  # what is exported alone: a wider label was cut off
    axis = plot.getAxis("bottom")
    assert axis.labelText == "max 1.2e-05"
    assert axis.label.boundingRect().width() <= plot.sceneBoundingRect().width()


def test_the_claims_accuracy_axis_labels_100(qtbot: Any, settle: Callable[[], None]) -> None:
    from lstm_gui.gui.claims.experiment_plots import ExperimentPlots

    plots = ExperimentPlots()
    qtbot.addWidget(plots)
    plots.resize(900, 260)
    plots.show()
    settle()
    axis = plots.accuracy_plot.getAxis("left")
    pixmap = QPixmap(10, 10)
    painter = QPainter(pixmap)
    try:
        _, _, texts = axis.generateDrawSpecs(painter)  # what the axis draws
    finally:
        painter.end()
    assert "100" in [text for _, _, text in texts]


def test_the_model_table_rows_grow_with_the_zoom(window: Any, qtbot: Any) -> None:
    table = window.train_tab.summary.table
    qtbot.waitUntil(lambda: table.rowCount() > 0, timeout=10_000)
    window.presentation.set_zoom(200)
    line = QFontMetricsF(QApplication.font()).height()

    def rows_fit() -> bool:
        rows = [table.rowHeight(i) for i in range(table.rowCount())]
        header = table.horizontalHeader().height()
        return min(rows) >= line and table.height() >= header + sum(rows)

    # Zoomed, the rows kept their old height and their text overlapped.
    qtbot.waitUntil(rows_fit, timeout=10_000)
