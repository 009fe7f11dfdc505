"""The real main window driven as a person would: settings, runs, plots, errors, closing."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QSettings, Qt

from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.run.checkpoint import Checkpoint, load_checkpoint, save_checkpoint
from lstm_gui.core.run.model import SequenceClassifier
from lstm_gui.core.run.progress import BatchProgress
from lstm_gui.gui.app import create_main_window
from lstm_gui.gui.widgets.deferred import build_deferred_widgets

RUN_TIMEOUT_MS = 90_000


def quick_settings(window: Any, *, epochs: int = 1, train: int = 560, test: int = 200) -> None:
    panel = window.train_tab.training_panel
    panel.epochs.setValue(epochs)
    panel.train_limit.setValue(train)
    panel.test_limit.setValue(test)


def train_to_end(qtbot: Any, window: Any) -> str:
    with qtbot.waitSignal(window.run_ended, timeout=RUN_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(window.train_tab.training_panel.start_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_starts_with_the_tutorial_settings(window: Any) -> None:
    panel = window.train_tab.training_panel
    assert panel.cell.currentText() == "LSTM"
    assert panel.hidden.value() == 128
    assert panel.learning_rate.text() == "0.001"
    assert panel.batch_size.value() == 28
    assert panel.epochs.value() == 20
    assert panel.optimizer.currentText() == "Adam"
    assert "82,186" in window.train_tab.summary.total_text()
    assert "81,674" in window.train_tab.summary.total_text()  # Keras's count, explained
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Train",
        "Draw",
        "Claims",
        "Inside",
    ]
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == ["&File", "&Training", "&View", "&Language", "&Help"]
    assert window.windowIcon().isNull() is False


def test_no_plot_builds_the_pyqtgraph_menu_it_never_shows(
    qtbot: Any, settings: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyqtgraph as pg

    # Where ViewBox looks the menu's class up when it builds one.
    view_box_module = sys.modules[pg.ViewBox.__module__]
    built: list[Any] = []
    original = view_box_module.ViewBoxMenu
    monkeypatch.setattr(
        view_box_module, "ViewBoxMenu", lambda view: built.append(view) or original(view)
    )
    window = create_main_window(settings, runs_root=tmp_path / "runs")
    qtbot.addWidget(window)
    assert build_deferred_widgets(window)  # as after the first paint
    plots = [
        item
        for view in window.findChildren(pg.GraphicsView)
        for item in view.scene().items()
        if isinstance(item, pg.ViewBox)
    ]
    assert len(plots) >= 17  # every tab's plots
    # A colour bar builds its own view box with a menu: pyqtgraph offers no way round it.
    assert [view for view in built if not isinstance(view.parentItem(), pg.ColorBarItem)] == []


def test_reset_to_tutorial_settings(window: Any, qtbot: Any) -> None:
    panel = window.train_tab.training_panel
    panel.cell.setCurrentIndex(panel.cell.findData("gru"))
    panel.hidden.setValue(32)
    panel.layers.setValue(2)
    panel.dropout.setValue(0.2)
    panel.learning_rate.setValue(0.01)
    qtbot.waitUntil(lambda: "GRU(32)" in window.train_tab.summary.table.item(1, 0).text())
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    model, train = panel.configs()
    assert (model.cell, model.hidden_size, model.num_layers, model.dropout) == ("lstm", 128, 1, 0)
    assert (train.lr, train.batch_size, train.epochs) == (0.001, 28, 20)
    qtbot.waitUntil(lambda: window.train_tab.summary.table.item(1, 0).text() == "LSTM(128)")


def test_dropout_needs_two_layers(window: Any) -> None:
    panel = window.train_tab.training_panel
    assert not panel.dropout.isEnabled()
    panel.layers.setValue(2)
    assert panel.dropout.isEnabled()
    panel.dropout.setValue(0.3)
    assert panel.configs()[0].dropout == pytest.approx(0.3)
    panel.layers.setValue(1)
    assert panel.configs()[0].dropout == 0  # ignored, never an error
    assert panel.start_button.isEnabled()


def test_learning_rate_field_steps_and_reads(window: Any) -> None:
    field = window.train_tab.training_panel.learning_rate
    field.stepBy(1)
    assert field.text() == "0.002"
    field.stepBy(1)
    assert field.text() == "0.005"
    field.stepBy(-3)
    assert field.text() == "0.0005"
    assert field.valueFromText("1e-4") == pytest.approx(1e-4)


def test_a_run_fills_plots_confusion_matrix_and_runs(
    window: Any, qtbot: Any, tmp_path: Path, dialog_log: Any
) -> None:
    quick_settings(window, epochs=2)
    assert train_to_end(qtbot, window) == "completed"
    points = window.train_tab.metrics.point_count()
    assert points["val_loss"] == 2 and points["val_acc"] == 2
    assert points["batch_loss"] == 4  # records at batches 14 and 20 of 20, two epochs
    history = window.train_tab.metrics.history
    assert [entry["epoch"] for entry in history] == [1, 2]
    matrix = window.train_tab.confusion.counts()
    assert matrix is not None and matrix.sum() == 200
    right = int(np.trace(matrix))
    assert f"{right} of 200 validation digits" in window.train_tab.confusion.title.text()
    assert window.train_tab.training_panel.epoch_label.text() == "Training completed: 2 epochs."
    assert window.train_tab.training_panel.run_bar.value() == 1000
    assert "samples/s" not in window.train_tab.speed_label.text()  # cleared after the run
    runs = window.train_tab.runs_panel.runs()
    assert len(runs) == 1 and runs[0].epochs_done == 2
    assert runs[0].folder.parent == tmp_path / "runs"
    status_column = window.train_tab.runs_panel.table.topLevelItem(0).text(4)
    assert status_column == "completed"
    assert (runs[0].folder / "curves.csv").is_file()
    assert window.model_path == runs[0].folder / "best.safetensors"
    assert window.train_tab.training_panel.extra_epoch_button.isEnabled()
    assert dialog_log.errors == []


def test_gallery_shows_a_cells_digits_and_opens_one(window: Any, qtbot: Any) -> None:
    quick_settings(window)
    train_to_end(qtbot, window)
    matrix = window.train_tab.confusion.counts()
    row, column = np.unravel_index(np.argmax(matrix), matrix.shape)
    window.train_tab.side_tabs.setCurrentWidget(window.train_tab.confusion)
    plot = window.train_tab.confusion.plot
    scene_point = plot.getPlotItem().vb.mapViewToScene(QPointF(column + 0.5, row + 0.5))
    with qtbot.waitSignal(window.train_tab.confusion.cell_selected, timeout=2000) as selected:
        qtbot.mouseClick(
            plot.viewport(), Qt.MouseButton.LeftButton, pos=plot.mapFromScene(scene_point)
        )
    assert selected.args == [row, column]
    assert window.train_tab.confusion.count_texts()[row * 10 + column] == str(matrix[row, column])
    assert (
        f"{matrix[row, column]} digits read right"
        in window.train_tab.confusion.gallery_title.text()
    )
    gallery = window.train_tab.confusion.gallery
    assert gallery.count() == min(int(matrix[row, column]), 200)
    item = gallery.item(0)
    with qtbot.waitSignal(window.train_tab.confusion.digit_requested, timeout=2000) as blocker:
        rect = gallery.visualItemRect(item)
        qtbot.mouseClick(gallery.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    image, label = blocker.args
    assert image.shape == (28, 28) and 0 <= image.min() and image.max() <= 1
    assert label == row
    assert window.tabs.currentWidget() is window.draw_tab


def test_pause_resume_and_stop(window: Any, qtbot: Any) -> None:
    quick_settings(window, epochs=20, train=600)
    panel = window.train_tab.training_panel
    with qtbot.waitSignal(window.run_started, timeout=5000):
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.pause_button.isEnabled(), timeout=30_000)
    qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)
    assert panel.pause_button.text() == "Resume"
    assert window.statusBar().currentMessage().startswith("Paused")
    assert not panel.start_button.isEnabled() and not panel.hidden.isEnabled()
    qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)
    assert panel.pause_button.text() == "Pause"
    with qtbot.waitSignal(window.run_ended, timeout=RUN_TIMEOUT_MS) as blocker:
        qtbot.waitUntil(
            lambda: len(window.train_tab.metrics.batch_columns()["epoch"]) >= 1, timeout=30_000
        )
        qtbot.mouseClick(panel.stop_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["stopped"]
    assert panel.epoch_label.text() == "Training stopped in epoch 1; what was trained is saved."
    assert panel.start_button.isEnabled()


def test_learning_rate_changes_during_a_run(window: Any, qtbot: Any) -> None:
    quick_settings(window, epochs=20, train=600)
    panel = window.train_tab.training_panel
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.pause_button.isEnabled(), timeout=30_000)
    assert panel.learning_rate.isEnabled()
    panel.learning_rate.setValue(0.0005)
    assert "0.0005" in window.statusBar().currentMessage()

    def uses_new_rate() -> bool:
        return bool(np.any(window.train_tab.metrics.batch_columns()["lr"] == pytest.approx(0.0005)))

    qtbot.waitUntil(uses_new_rate, timeout=RUN_TIMEOUT_MS)
    with qtbot.waitSignal(window.run_ended, timeout=RUN_TIMEOUT_MS):
        qtbot.mouseClick(panel.stop_button, Qt.MouseButton.LeftButton)


def test_one_more_epoch_continues_the_run(window: Any, qtbot: Any) -> None:
    quick_settings(window)
    train_to_end(qtbot, window)
    panel = window.train_tab.training_panel
    with qtbot.waitSignal(window.run_ended, timeout=RUN_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(panel.extra_epoch_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["completed"]
    assert [entry["epoch"] for entry in window.train_tab.metrics.history] == [1, 2]
    assert panel.epochs.value() == 2
    runs = window.train_tab.runs_panel.runs()
    assert len(runs) == 1 and runs[0].epochs_done == 2  # the same run, continued


def test_closing_during_training_asks_stops_and_keeps_the_model(
    window: Any, qtbot: Any, dialog_log: Any
) -> None:
    quick_settings(window, epochs=20, train=600)
    qtbot.mouseClick(window.train_tab.training_panel.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.train_tab.metrics.history != [], timeout=RUN_TIMEOUT_MS)
    window.close()
    assert dialog_log.questions and "Stop training and quit" in dialog_log.questions[0]
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert not window.is_training
    latest = window.train_tab.runs_panel.runs()[0].folder / "latest.safetensors"
    checkpoint = load_checkpoint(latest)
    assert checkpoint.status == "stopped" and checkpoint.epochs_done >= 1


def test_closing_can_be_cancelled(window: Any, qtbot: Any, dialog_log: Any) -> None:
    quick_settings(window, epochs=20, train=600)
    qtbot.mouseClick(window.train_tab.training_panel.start_button, Qt.MouseButton.LeftButton)
    dialog_log.answer_yes = False
    window.close()
    assert window.isVisible() and window.is_training
    with qtbot.waitSignal(window.run_ended, timeout=RUN_TIMEOUT_MS):
        qtbot.mouseClick(window.train_tab.training_panel.stop_button, Qt.MouseButton.LeftButton)


def test_a_corrupt_checkpoint_gets_a_dialog(window: Any, tmp_path: Path, dialog_log: Any) -> None:
    corrupt = tmp_path / "model.safetensors"
    corrupt.write_bytes(b"\x80\x04this is a pickle, not a checkpoint")
    dialog_log.open_file = corrupt
    window.menus.open_action.trigger()
    assert len(dialog_log.errors) == 1
    assert "pickle" in dialog_log.errors[0]
    assert window.model_path is None
    assert window.train_tab.training_panel.start_button.isEnabled()


def test_open_and_save_a_model(window: Any, qtbot: Any, tmp_path: Path, dialog_log: Any) -> None:
    quick_settings(window)
    train_to_end(qtbot, window)
    dialog_log.save_file = tmp_path / "mine"
    window.menus.save_action.trigger()
    saved = tmp_path / "mine.safetensors"
    assert saved.is_file()
    dialog_log.open_file = saved
    window.menus.open_action.trigger()
    assert window.model_path == saved
    assert "validation accuracy" in window.statusBar().currentMessage()
    assert dialog_log.errors == []


def test_save_model_as_and_the_next_start_use_the_model_the_draw_tab_reads(
    window: Any, tmp_path: Path, dialog_log: Any, settings: QSettings
) -> None:
    def checkpoint(name: str) -> Path:
        config = ModelConfig(hidden_size=8)
        model = SequenceClassifier(config)
        return save_checkpoint(
            tmp_path / f"{name}.safetensors",
            Checkpoint(config, TrainConfig(), model.state_dict(), name=name),
        )

    opened, picked = checkpoint("opened"), checkpoint("picked")
    dialog_log.open_file = opened
    window.menus.open_action.trigger()
    window.draw_tab.picker.model_chosen.emit(picked)  # a run chosen in the Draw tab's own list
    assert window.model_path == picked

    dialog_log.save_file = tmp_path / "copy"
    window.menus.save_action.trigger()

    assert (tmp_path / "copy.safetensors").read_bytes() == picked.read_bytes()
    assert settings.value("model/path") == str(picked)  # what the next start opens
    assert dialog_log.errors == []


def test_runs_overlay_and_csv_export(window: Any, qtbot: Any, tmp_path: Path) -> None:
    quick_settings(window)
    train_to_end(qtbot, window)
    window.train_tab.training_panel.cell.setCurrentIndex(
        window.train_tab.training_panel.cell.findData("rnn")
    )
    train_to_end(qtbot, window)
    runs = window.train_tab.runs_panel.runs()
    assert [run.model_config.cell for run in runs] == ["rnn", "lstm"]
    window.train_tab.runs_panel.set_checked(runs[1].folder, True)
    names = window.train_tab.metrics.overlay_names()
    assert len(names) == 3  # validation loss, validation accuracy, gradient norm
    assert all(name.startswith("LSTM-128 rows mnist") for name in names)
    path = tmp_path / "curves.csv"
    window.train_tab.export_curves(path)
    with path.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    by_run: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_run.setdefault(row["run"], []).append(row)
    assert set(by_run) == {"RNN-128 rows mnist", names[-1]}
    current = by_run["RNN-128 rows mnist"]
    assert [row["kind"] for row in current] == ["batch", "batch", "epoch"]
    assert float(current[-1]["val_acc"]) == pytest.approx(
        window.train_tab.metrics.history[0]["val_acc"]
    )
    window.train_tab.runs_panel.set_checked(runs[1].folder, False)
    assert window.train_tab.metrics.overlay_names() == []


def test_plots_export_as_png(window: Any, tmp_path: Path, dialog_log: Any) -> None:
    dialog_log.save_file = tmp_path / "plots.png"
    window.menus.export_png_action.trigger()
    assert (tmp_path / "plots.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_missing_data_offers_a_folder(
    window: Any,
    qtbot: Any,
    tmp_path: Path,
    dialog_log: Any,
    monkeypatch: pytest.MonkeyPatch,
    digits_dir: Path,
) -> None:
    from lstm_gui.core.errors import DataError
    from lstm_gui.core.run import data

    def offline(*args: Any, **kwargs: Any) -> None:
        raise DataError("no network")

    monkeypatch.setattr(data, "download_dataset", offline)
    monkeypatch.setenv("LSTM_GUI_DATA", str(tmp_path / "empty"))
    dialog_log.folder = digits_dir
    quick_settings(window)
    with qtbot.waitSignal(window.run_ended, timeout=RUN_TIMEOUT_MS) as first:
        qtbot.mouseClick(window.train_tab.training_panel.start_button, Qt.MouseButton.LeftButton)
    assert first.args == ["failed"]
    assert "MNIST was not found" in dialog_log.questions[0]
    with qtbot.waitSignal(window.run_ended, timeout=RUN_TIMEOUT_MS) as second:
        pass  # the run restarts with the chosen folder
    assert second.args == ["completed"]


def test_a_folder_chosen_in_the_draw_pad_is_used_for_training_too(
    window: Any, settings: Any, dialog_log: Any, tmp_path: Path
) -> None:
    dialog_log.folder = tmp_path
    window.draw_tab.curve.data_folder_requested.emit()  # "Choose the MNIST folder…"
    assert settings.value("data/folder") == str(tmp_path)
    assert str(tmp_path) in window.statusBar().currentMessage()


def test_out_of_memory_is_explained(
    window: Any, qtbot: Any, dialog_log: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lstm_gui.core.run import session

    def no_memory(*args: Any, **kwargs: Any) -> Any:
        raise MemoryError
        yield  # a generator, like the real one

    monkeypatch.setattr(session, "train", no_memory)
    quick_settings(window)
    assert train_to_end(qtbot, window) == "failed"
    assert "ran out of memory" in dialog_log.errors[0]
    assert window.train_tab.training_panel.start_button.isEnabled()


def test_about_names_versions_and_mnist_licence(window: Any, dialog_log: Any) -> None:
    help_menu = window.menuBar().actions()[-1].menu()
    assert [action.text() for action in help_menu.actions()] == ["&About lstm-gui", "About &Qt"]
    help_menu.actions()[0].trigger()
    assert len(dialog_log.abouts) == 1
    assert "CC BY-SA 3.0" in dialog_log.abouts[0]
    assert "PyTorch" in dialog_log.abouts[0]


def test_language_choice_is_stored(window: Any, settings: Any, dialog_log: Any) -> None:
    window.menus.language_actions["zh_CN"].trigger()
    assert settings.value("ui/language") == "zh_CN"
    assert "next time" in dialog_log.infos[0]


def test_progress_records_do_not_redraw_at_once(window: Any) -> None:
    record = BatchProgress(
        epoch=1,
        epochs=1,
        batch=14,
        batches=20,
        global_step=14,
        loss=2.0,
        acc=0.25,
        running_loss=2.0,
        running_acc=0.2,
        grad_norm=1.0,
        samples_per_s=1000.0,
        lr=0.001,
    )
    window.train_tab.metrics.append_batch(record)
    assert (
        window.train_tab.metrics.smooth_loss_curve.xData is None
        or len(window.train_tab.metrics.smooth_loss_curve.xData) == 0
    )
    assert window.train_tab.metrics.point_count()["batch_loss"] == 1


def test_a_download_can_be_cancelled(
    window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from lstm_gui.core.errors import DataError
    from lstm_gui.core.run import data
    from lstm_gui.core.run.progress import DownloadProgress

    def slow_download(name: str, root: Any, *, progress: Any, cancelled: Any, **_: Any) -> None:
        deadline = time.monotonic() + 30
        done = 0
        while not cancelled() and time.monotonic() < deadline:
            done += 100_000
            progress(DownloadProgress("train-images-idx3-ubyte.gz", done, 9_912_422))
            time.sleep(0.02)  # a network read, in the worker thread
        raise DataError("the download was cancelled")

    monkeypatch.setattr(data, "download_dataset", slow_download)
    monkeypatch.setenv("LSTM_GUI_DATA", str(tmp_path / "empty"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "empty-home"))
    quick_settings(window)
    qtbot.mouseClick(window.train_tab.training_panel.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.train_tab._download is not None, timeout=10_000)
    dialog = window.train_tab._download
    qtbot.waitUntil(lambda: "train-images" in dialog.labelText(), timeout=5000)
    assert dialog.maximum() == 9_912_422
    from PySide6.QtWidgets import QPushButton

    cancel_button = dialog.findChild(QPushButton)
    assert cancel_button.text() == "Cancel"
    with qtbot.waitSignal(window.run_ended, timeout=10_000) as blocker:
        qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["cancelled"]
    assert window.train_tab.training_panel.epoch_label.text() == "The download was cancelled."


def test_divergence_is_explained(
    window: Any, qtbot: Any, dialog_log: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lstm_gui.core.run import session
    from lstm_gui.core.run.progress import RunFinished

    def diverging(*args: Any, **kwargs: Any) -> Any:
        yield RunFinished("diverged", 0, "The loss became nan in epoch 1 near batch 14.")

    monkeypatch.setattr(session, "train", diverging)
    quick_settings(window)
    assert train_to_end(qtbot, window) == "diverged"
    assert dialog_log.errors == ["The loss became nan in epoch 1 near batch 14."]
    assert "diverged" in window.train_tab.training_panel.epoch_label.text()


@pytest.mark.slow  # 150 runs: a long-session regression test
def test_many_short_runs_in_a_row(
    window: Any, qtbot: Any, dialog_log: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: dropping the worker while its thread still deleted it crashed within 150 runs."""
    from lstm_gui.core.run import session

    def no_memory(*args: Any, **kwargs: Any) -> Any:
        raise MemoryError
        yield

    monkeypatch.setattr(session, "train", no_memory)
    quick_settings(window)
    for _ in range(150):
        assert train_to_end(qtbot, window) == "failed"
    assert len(dialog_log.errors) == 150


def test_a_run_trained_on_the_command_line_opens_with_its_batch_curve(
    window: Any, qtbot: Any, digits_dir: Path, tmp_path: Path, capsys: Any
) -> None:
    from lstm_gui import cli

    folder = tmp_path / "runs" / "20260101-120000-mnist-lstm-rows"
    argv = ["train", "--data-dir", str(digits_dir), "--train-limit", "560", "--test-limit"]
    argv += ["200", "--epochs", "2", "--hidden", "16", "--json"]
    assert cli.main([*argv, "--output", str(folder / "latest.safetensors")]) == 0
    # 560 digits in batches of 28: 20 batches an epoch, a record every 14 and at the 20th.
    epochs = [
        json_line for json_line in capsys.readouterr().out.splitlines() if '"val_acc"' in json_line
    ]
    assert len(epochs) == 2
    window.train_tab.side_tabs.setCurrentWidget(
        window.train_tab.runs_panel
    )  # lists the runs folder again
    (run,) = window.train_tab.runs_panel.runs()
    assert run.folder == folder
    with qtbot.waitSignal(window.run_ended, timeout=RUN_TIMEOUT_MS):
        window.train_tab.runs_panel.select(folder)
        qtbot.mouseClick(window.train_tab.runs_panel.resume_button, Qt.MouseButton.LeftButton)
    # Shown before the third epoch began: the CLI's two epochs of batch records, then the
    # third epoch's, all from the run's curve file and the worker.
    points = window.train_tab.metrics.point_count()
    assert points["batch_loss"] == 6
    assert points["val_loss"] == 3
    with (folder / "curves.csv").open() as stream:
        kinds = [row["kind"] for row in csv.DictReader(stream)]
    assert kinds.count("batch") == 6 and kinds.count("epoch") == 3
