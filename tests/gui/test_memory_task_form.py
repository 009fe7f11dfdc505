"""The memory task in the Train form: blank steps and the memory gate's bias, in two languages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from lstm_gui.core.config import TrainConfig
from lstm_gui.gui.train.settings_form import SettingsForm
from lstm_gui.gui.translations import compile_translations, install_translators, remove_translators


@pytest.fixture
def form(qtbot: Any) -> SettingsForm:
    widget = SettingsForm()
    qtbot.addWidget(widget)
    return widget


def bias_label(form: SettingsForm) -> str:
    label = form._form.labelForField(form.forget_bias_row)
    assert isinstance(label, QLabel)
    return label.text()


# --------------------------------------------------------------------------- the Train form


def test_the_form_starts_with_no_blanks_and_keras_bias(form: SettingsForm) -> None:
    model, train = form.configs()

    assert train.blank_steps == 0 and model.forget_bias is None
    assert form.blank_steps.text() == "none"
    assert form.forget_bias_default.isChecked()
    assert form.forget_bias.value() == 1.0 and not form.forget_bias.isEnabled()
    assert bias_label(form) == "Forget-gate bias"
    assert "memory task" in form.blank_steps.toolTip()


def test_blank_steps_and_a_bias_reach_the_settings(form: SettingsForm) -> None:
    form.blank_steps.setValue(100)
    form.forget_bias_default.setChecked(False)
    assert form.forget_bias.isEnabled()
    form.forget_bias.setValue(5.0)

    model, train = form.configs()

    assert (train.blank_steps, train.sequence_length, model.forget_bias) == (100, 128, 5.0)
    assert "100 blank steps after the image, 128 steps in all" in form.hint.text()
    assert form.is_valid()


def test_the_gru_names_its_update_gate_and_the_rnn_has_none(form: SettingsForm) -> None:
    form.cell.setCurrentIndex(form.cell.findData("gru"))
    assert bias_label(form) == "Update-gate bias"
    assert form.forget_bias.value() == 0.0  # Keras's GRU starts its update gate at 0
    form.forget_bias_default.setChecked(False)
    form.forget_bias.setValue(-2.5)
    assert form.configs()[0].forget_bias == -2.5

    form.cell.setCurrentIndex(form.cell.findData("rnn"))

    assert not form.forget_bias.isEnabled() and not form.forget_bias_default.isEnabled()
    assert form.configs()[0].forget_bias is None  # no memory gate to start


def test_a_runs_settings_come_back_in_the_form(form: SettingsForm) -> None:
    train = TrainConfig(blank_steps=250, epochs=3)
    model = train.model_config(cell="gru", forget_bias=3.5)

    form.set_configs(model, train)

    assert form.blank_steps.value() == 250 and not form.forget_bias_default.isChecked()
    assert form.forget_bias.value() == 3.5
    shown_model, shown_train = form.configs()
    assert shown_model == model
    assert shown_train == train
    form.reset_to_tutorial()
    assert form.blank_steps.value() == 0 and form.forget_bias_default.isChecked()


def test_a_running_form_locks_the_new_settings(form: SettingsForm) -> None:
    form.forget_bias_default.setChecked(False)
    form.set_editable(False, learning_rate_editable=True)

    assert not form.blank_steps.isEnabled()
    assert not form.forget_bias.isEnabled() and not form.forget_bias_default.isEnabled()
    form.set_editable(True, learning_rate_editable=True)
    assert form.blank_steps.isEnabled() and form.forget_bias.isEnabled()


def test_the_summary_counts_the_blank_steps(window: Any) -> None:
    panel = window.train_tab.training_panel
    panel.settings.blank_steps.setValue(5)
    panel.hidden.setValue(8)
    window.train_tab.summary.rebuild()

    assert window.train_tab.summary.table.item(0, 1).text() == "(None, 33, 28)"
    # LSTM(8) on 28 pixels a step: 4 x (28*8 + 8*8) = 1,152 multiply-adds per step.
    assert "1,152 per step, 38,016 per image of 33 steps" in window.train_tab.summary.total_text()


def test_the_settings_survive_a_restart(window: Any, settings: QSettings, qtbot: Any) -> None:
    from lstm_gui.gui.app import create_main_window

    form = window.train_tab.training_panel.settings
    form.blank_steps.setValue(40)
    form.forget_bias_default.setChecked(False)
    form.forget_bias.setValue(4.5)
    window.save_settings()

    again = create_main_window(settings, runs_root=Path(settings.fileName()).parent / "runs")
    qtbot.addWidget(again)
    model, train = again.train_tab.training_panel.configs()
    again.shutdown(10_000)

    assert (train.blank_steps, model.forget_bias) == (40, 4.5)


def _fits(widget: QWidget, container: QWidget) -> bool:
    """The widget lies inside the container, at least as wide as it asks to be."""
    left = widget.mapTo(container, widget.rect().topLeft()).x()
    return (
        left >= 0
        and left + widget.width() <= container.width()
        and (widget.width() >= widget.minimumSizeHint().width())
    )


def _check_form_fits(window: Any, settle: Callable[[], None], png: Path) -> None:
    window.resize(1366, 768)
    settle()
    form = window.train_tab.training_panel.settings
    for field in (form.blank_steps, form.forget_bias, form.forget_bias_default, form.steps):
        assert _fits(field, form), field.accessibleName() or field.objectName()
    assert form.forget_bias_default.width() >= form.forget_bias_default.sizeHint().width()
    form.grab().save(str(png))


def test_the_form_fits_a_1366_screen(
    window: Any, settle: Callable[[], None], tmp_path: Path
) -> None:
    _check_form_fits(window, settle, tmp_path / "form-en.png")


def test_the_form_fits_in_chinese(
    qapp: QApplication,
    qtbot: Any,
    settle: Callable[[], None],
    settings: QSettings,
    tmp_path: Path,
) -> None:
    from lstm_gui.gui.app import create_main_window

    compile_translations(output=tmp_path / "qm")
    installed = install_translators(qapp, "zh_CN", tmp_path / "qm")
    try:
        window = create_main_window(settings, runs_root=tmp_path / "runs")
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.startup_finished, timeout=30_000):
            window.show()
        form = window.train_tab.training_panel.settings
        assert form.blank_steps.accessibleName() == "空白步数"
        assert bias_label(form) == "遗忘门偏置"
        assert form.forget_bias_default.text() == "Keras 默认值"
        _check_form_fits(window, settle, tmp_path / "form-zh.png")
        window.shutdown(10_000)
    finally:
        remove_translators(qapp, installed)
