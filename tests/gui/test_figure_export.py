"""Every figure exports as a PNG twice its size and as an SVG with text, from both menus."""

from __future__ import annotations

import errno
import os
import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from claims_data import cost_experiment, gradient_experiment, length_experiment
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QContextMenuEvent, QImage
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from lstm_gui.core import atomic_file
from lstm_gui.core.claims.experiments import COST, GRADIENTS, LENGTH
from lstm_gui.core.inside.gradient_history import GradientHistory
from lstm_gui.core.run.progress import BatchProgress
from lstm_gui.gui.train.plot_parts import TRAIN_COLOUR
from lstm_gui.gui.widgets.figure_export import FigureExport, figures_under
from lstm_gui.gui.widgets.figure_render import figure_size

SVG = "{http://www.w3.org/2000/svg}"

# Each figure, by tab and title, and a text its SVG must hold as text (an axis label, a title).
FIGURES = {
    ("Train", "Training curves"): "Loss (cross-entropy)",
    ("Train", "Loss"): "Loss (cross-entropy)",
    ("Train", "Accuracy"): "Accuracy (%)",
    ("Train", "Gradient norm"): "Gradient norm (L2)",
    ("Train", "Confusion matrix"): "Predicted class",
    ("Train", "Gradient through time"): "Latest profile",
    ("Draw", "Prediction"): "probability",
    ("Draw", "Rows needed"): "rows read (from the top)",
    ("Draw", "Row experiments"): "Erase rows",
    ("Draw", "Row scan"): "guess after each row",
    ("Draw", "Row influence"): "influence",
    ("Claims", "Memory gradient after training"): "gradient norm (log scale)",
    ("Claims", "Memory gradient at initialisation"): "Before training: PyTorch default",
    ("Claims", "Input gradient after training"): "Gradient reaching each step's input",
    ("Claims", "Accuracy by length"): "Test accuracy by sequence length",
    ("Claims", "Cost of an update"): "ms per update",
    ("Inside", "State trajectories"): "principal component 1",
    ("Inside", "Unit atlas"): "Digits that drive it most (|h|)",
    ("Inside", "Prediction, untouched"): "probability",
    ("Inside", "Prediction under the intervention"): "probability",
    ("Inside", "Guess after each row, untouched and intervened"): "guess after each row",
}


def fill_figures(window: Any, qtbot: Any) -> None:
    """Give every figure something to draw: curves, a matrix, profiles, a digit, claim runs."""
    metrics = window.train_tab.metrics
    for index in range(1, 21):
        loss = 2.0 / index
        metrics.append_batch(
            BatchProgress(
                epoch=1,
                epochs=2,
                batch=index * 5,
                batches=100,
                global_step=index * 5,
                loss=loss,
                acc=0.5 + index / 50,
                running_loss=loss,
                running_acc=0.5 + index / 50,
                grad_norm=index / 2,
                samples_per_s=1000.0,
                lr=0.01,
            )
        )
    metrics.append_epoch({"epoch": 1, "loss": 0.3, "acc": 0.9, "val_loss": 0.35, "val_acc": 0.88})
    metrics.redraw()
    matrix = np.full((10, 10), 3)
    np.fill_diagonal(matrix, 90)
    window.train_tab.confusion.show_epoch(1, matrix)
    history = GradientHistory()
    history.add(0, np.geomspace(1e-4, 1.0, 28))
    history.add(1, np.geomspace(1e-2, 1.0, 28))
    window.train_tab.gradients.show_history(history)
    plots = window.claims_tab.plots
    plots.show_results(GRADIENTS, gradient_experiment((1e-6, 1e-5, 1e-4), (0.1, 0.2, 0.4)).runs)
    accuracy: dict[tuple[str, int], Sequence[float]] = {
        ("rnn", 28): (0.6, 0.7),
        ("lstm", 28): (0.9, 0.95),
        ("lstm", 100): (0.8, 0.9),
    }
    plots.show_results(LENGTH, length_experiment(accuracy, seeds=2).runs)
    seconds: dict[tuple[str, int, int], Sequence[float]] = {
        ("lstm", 28, 1): (0.004, 0.005),
        ("lstm", 112, 1): (0.01, 0.02),
        ("lstm", 28, 2): (0.01, 0.011),
    }
    plots.show_results(COST, [], cost_experiment(seconds).timings)
    window.tabs.setCurrentWidget(window.draw_tab)
    qtbot.waitUntil(lambda: window.draw_tab.predictor() is not None, timeout=30_000)
    window.draw_tab.draw_example(3)
    assert window.draw_tab.prediction.digit_text() == "3"


def fill_inside_figures(window: Any, qtbot: Any) -> None:
    """Read the test digits into the Inside tab and the drawn 3 both ways (after fill_figures)."""
    inside = window.inside_tab
    window.tabs.setCurrentWidget(inside)
    qtbot.waitUntil(lambda: inside.data() is not None, timeout=60_000)
    views = inside.interventions
    inside.views.setCurrentWidget(views)  # its model is loaded once it is shown
    qtbot.waitUntil(lambda: views.changed_panel.digit_text() != "–", timeout=30_000)
    assert views.untouched_panel.digit_text() == "3"


def tab_of(window: Any, figure: FigureExport) -> str:
    for index in range(window.tabs.count()):
        if figure in figures_under(window.tabs.widget(index)):
            return str(window.tabs.tabText(index)).replace("&", "")
    raise AssertionError(figure.title)


def check_png(path: Path, size: Any, name: str) -> QImage:
    """The PNG loads, is twice the figure's size, and holds a picture, not a blank."""
    image = QImage(str(path))
    assert not image.isNull(), name
    assert abs(image.width() - 2 * size.width()) <= 1, (name, image.size(), size)
    assert abs(image.height() - 2 * size.height()) <= 1, (name, image.size(), size)
    small = image.scaled(80, 80).convertToFormat(QImage.Format.Format_RGB32)
    colours = {small.pixel(x, y) for x in range(80) for y in range(80)}
    assert len(colours) > 12, (name, len(colours))
    return image


def check_svg(path: Path, text: str, title: str) -> ElementTree.Element:
    """The SVG parses, draws with vectors, and keeps its labels as text."""
    root = ElementTree.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    vectors = [e for e in root.iter() if e.tag in (f"{SVG}path", f"{SVG}polyline", f"{SVG}rect")]
    assert len(vectors) > 5, title
    texts = " ".join(" ".join((e.text or "").split()) for e in root.iter(f"{SVG}text"))
    assert text in texts.replace("\xa0", " "), (title, texts[:300])
    assert root.findtext(f"{SVG}title") == title
    return root


def test_every_figure_exports_as_png_and_svg(
    window: Any, qtbot: Any, tmp_path: Path, dialog_log: Any
) -> None:
    fill_figures(window, qtbot)
    fill_inside_figures(window, qtbot)
    figures = figures_under(window)
    assert {(tab_of(window, f), f.title) for f in figures} == set(FIGURES)
    for figure in figures:
        text = FIGURES[(tab_of(window, figure), figure.title)]
        png, svg = tmp_path / figure.default_name(".png"), tmp_path / figure.default_name(".svg")
        assert figure.save(png) and figure.save(svg), dialog_log.errors
        check_png(png, figure_size(figure.widget, figure.part), figure.title)
        root = check_svg(svg, text, figure.title)
        if figure.part is None:
            assert figure.widget.accessibleName() == figure.title
        else:  # one plot of a view: none of its neighbours' heatmaps, even off the page
            assert list(root.iter(f"{SVG}image")) == [], figure.title
    assert dialog_log.errors == []


def test_the_curves_png_shows_the_curves_drawn_at_twice_the_width(
    window: Any, qtbot: Any, tmp_path: Path
) -> None:
    fill_figures(window, qtbot)
    path = tmp_path / "curves.png"
    assert window.train_tab.metrics.figure.save(path)
    image = check_png(path, window.train_tab.metrics.plots.size(), "curves")
    blue = QColor(TRAIN_COLOUR).rgb()
    # The smoothed loss curve is 2 px wide on screen: 4 px in the image, in its own colour.
    columns = [
        x
        for x in range(0, image.width(), 7)
        if any(image.pixel(x, y) == blue for y in range(image.height()))
    ]
    assert len(columns) > image.width() // 7 // 3
    x = columns[len(columns) // 2]
    run = max_run(image, x, blue)
    assert 3 <= run <= 12, run


def max_run(image: QImage, x: int, colour: int) -> int:
    """The longest vertical run of `colour` in column x (a line's thickness, about)."""
    best = current = 0
    for y in range(image.height()):
        current = current + 1 if image.pixel(x, y) == colour else 0
        best = max(best, current)
    return best


def right_click(widget: QWidget, point: QPoint) -> QMenu:
    """Right-click a widget as a person would; the context menu that opened."""
    target = widget.viewport() if hasattr(widget, "viewport") else widget
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, target.mapToGlobal(point))
    QApplication.sendEvent(target, event)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    return menu


def trigger(menu: QMenu, text: str) -> None:
    actions = {action.text(): action for action in menu.actions() if not action.isSeparator()}
    assert text in actions, list(actions)
    actions[text].trigger()
    menu.close()


def test_the_context_menus_export_curves_and_heatmaps(
    window: Any, qtbot: Any, tmp_path: Path, dialog_log: Any
) -> None:
    fill_figures(window, qtbot)
    window.tabs.setCurrentWidget(window.train_tab)
    loss = window.train_tab.metrics.loss_plot
    menu = right_click(loss, loss.rect().center())
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == [
        "Export Loss as PNG…",
        "Export Loss as SVG…",
        "Export Training curves as PNG…",
        "Export Training curves as SVG…",
    ]
    dialog_log.save_file = tmp_path / "loss.svg"
    trigger(menu, "Export Loss as SVG…")
    check_svg(tmp_path / "loss.svg", "Loss (cross-entropy)", "Loss")

    window.tabs.setCurrentWidget(window.draw_tab)
    row_scan = window.draw_tab.row_scan
    view = row_scan.figure.widget
    influence = row_scan.influence_figure.part
    centre = view.mapFromScene(influence.sceneBoundingRect().center())
    menu = right_click(view, centre)
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts[:2] == ["Export Row influence as PNG…", "Export Row influence as SVG…"]
    assert texts[2:] == ["Export Row scan as PNG…", "Export Row scan as SVG…"]
    menu.close()
    heatmap = row_scan.plots()[0]  # the input, not the influence bars
    menu = right_click(view, view.mapFromScene(heatmap.sceneBoundingRect().center()))
    dialog_log.save_file = tmp_path / "row scan"  # no suffix: a PNG
    trigger(menu, "Export as PNG…")
    check_png(tmp_path / "row scan.png", view.size(), "row scan")
    assert dialog_log.errors == []


def test_file_export_lists_every_figure_by_tab_and_shows_the_one_saved(
    window: Any, tmp_path: Path, dialog_log: Any
) -> None:
    menu = window.menus.figure_menu
    menu.refresh()
    texts = [action.text() for action in menu.actions()]
    assert sorted(texts) == sorted(f"{tab}: {title}…" for tab, title in FIGURES)
    assert menu.menuAction() in window.menuBar().actions()[0].menu().actions()
    dialog_log.save_file = tmp_path / "claims.svg"
    title = "Memory gradient at initialisation"
    next(a for a in menu.actions() if a.text() == f"Claims: {title}…").trigger()
    assert window.tabs.currentWidget() is window.claims_tab  # its tab is opened
    views = window.claims_tab.plots.gradients
    assert views.stack.currentWidget() is views.initial_view  # and the view, its button too
    assert views.view_tabs.currentIndex() == 1
    check_svg(tmp_path / "claims.svg", "Keras-like (Glorot, orthogonal)", title)


def test_ctrl_shift_e_saves_the_curves_as_png_or_svg(
    window: Any, tmp_path: Path, dialog_log: Any
) -> None:
    dialog_log.save_file = tmp_path / "curves.svg"
    window.menus.export_png_action.trigger()
    check_svg(tmp_path / "curves.svg", "Epoch", "Training curves")
    dialog_log.save_file = tmp_path / "curves.png"
    window.menus.export_png_action.trigger()
    assert (
        QImage(str(tmp_path / "curves.png")).width() == 2 * window.train_tab.metrics.plots.width()
    )


def test_a_file_that_cannot_be_written_gets_one_sentence_and_loses_nothing(
    window: Any, tmp_path: Path, dialog_log: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    figure = window.train_tab.confusion.figure
    assert not figure.save(tmp_path / "missing" / "matrix.png")
    assert len(dialog_log.errors) == 1
    assert "could not be saved to" in dialog_log.errors[0]
    assert "No such file or directory" in dialog_log.errors[0]
    assert not figure.save(tmp_path / "matrix.jpg")
    assert "ending in .png or .svg" in dialog_log.errors[1]

    kept = tmp_path / "matrix.svg"
    kept.write_text("an earlier figure")

    def disk_full(*args: Any) -> Any:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic_file.os, "replace", disk_full)
    assert not figure.save(kept)
    assert "No space left on device" in dialog_log.errors[2]
    assert kept.read_text() == "an earlier figure"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_plot_on_its_own_exports_without_a_window(qtbot: Any, tmp_path: Path) -> None:
    from lstm_gui.gui.train.gradient_view import GradientView

    view = GradientView()
    qtbot.addWidget(view)
    view.resize(300, 400)
    view.show()
    qtbot.waitExposed(view)
    history = GradientHistory()
    history.add(0, [1e-3, 1e-2, 1e-1])
    view.show_history(history)
    assert view.figure.save(tmp_path / "g.png")
    check_png(tmp_path / "g.png", view.figure.widget.size(), "gradient")
    assert view.figure.save(tmp_path / "g.svg")
    root = check_svg(tmp_path / "g.svg", "step t", "Gradient through time")
    # The heatmap stays pixels, drawn unsmoothed when scaled.
    images = list(root.iter(f"{SVG}image"))
    assert images and all(i.get("image-rendering") == "optimizeSpeed" for i in images)
