"""Translations: every .ts compiles, the Chinese catalogue is complete, and the UI speaks it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from lstm_gui.gui import translations
from lstm_gui.gui.translations import (
    chosen_language,
    compile_translations,
    install_translators,
    remove_translators,
    translations_dir,
)

CATALOGUE = translations_dir() / "lstm_gui_zh_CN.ts"


def test_the_chinese_catalogue_is_complete() -> None:
    root = ET.parse(CATALOGUE).getroot()
    messages = list(root.iter("message"))
    assert len(messages) > 150
    unfinished = [
        m.findtext("source")
        for m in messages
        if m.find("translation").get("type") in ("unfinished", "vanished", "obsolete")
        or not m.findtext("translation")
    ]
    assert unfinished == []
    # Placeholders survive translation, or .format() would fail or lose figures.
    for message in messages:
        source, target = message.findtext("source"), message.findtext("translation")
        for placeholder in ("{0}", "{1}", "{2}", "%p%"):
            assert (placeholder in source) == (placeholder in target), source


def test_every_catalogue_compiles(tmp_path: Path) -> None:
    compiled = compile_translations(output=tmp_path)
    names = {path.name for path in compiled}
    assert "lstm_gui_zh_CN.qm" in names
    assert names == {f"{ts.stem}.qm" for ts in translations_dir().glob("*.ts")}
    assert all(path.parent == tmp_path and path.stat().st_size > 0 for path in compiled)


def test_command_line_entry_compiles(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        translations, "compile_translations", lambda: compile_translations(output=tmp_path)
    )
    assert translations.main([]) == 0
    assert "lstm_gui_zh_CN.qm" in capsys.readouterr().out


@pytest.mark.parametrize("system", ["en", "zh_CN"])
def test_language_setting_wins_over_the_system(
    settings: QSettings, monkeypatch: pytest.MonkeyPatch, system: str
) -> None:
    monkeypatch.setattr(translations, "system_language", lambda: system)
    settings.setValue("ui/language", "zh_CN")
    assert chosen_language(settings) == "zh_CN"
    settings.setValue("ui/language", "en")
    assert chosen_language(settings) == "en"
    settings.setValue("ui/language", "klingon")
    assert chosen_language(settings) == system  # not offered: the system's language
    settings.remove("ui/language")
    assert chosen_language(settings) == system  # never chosen: the system's language


def test_english_installs_nothing(qapp: QApplication) -> None:
    assert install_translators(qapp, "en") == []


def test_the_window_speaks_chinese(
    qapp: QApplication, qtbot: Any, settings: QSettings, tmp_path: Path
) -> None:
    from lstm_gui.gui.app import create_main_window

    compile_translations(output=tmp_path / "qm")
    installed = install_translators(qapp, "zh_CN", tmp_path / "qm")
    try:
        assert installed
        window = create_main_window(settings, runs_root=tmp_path / "runs")
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.startup_finished, timeout=30_000):
            window.show()
        titles = [action.text() for action in window.menuBar().actions()]
        assert titles == ["文件(&F)", "训练(&T)", "视图(&V)", "语言(&L)", "帮助(&H)"]
        panel = window.train_tab.training_panel
        assert panel.start_button.text() == "开始"
        assert panel.reset_button.text() == "恢复教程设置"
        assert window.train_tab.side_tabs.tabText(0) == "混淆矩阵"
        assert (
            window.train_tab.metrics.loss_plot.getPlotItem().getAxis("bottom").labelText == "轮次"
        )
        assert "参数总数：82,186" in window.train_tab.summary.total_text()
        assert window.train_tab.summary.table.item(0, 0).text() == "输入"
    finally:
        remove_translators(qapp, installed)
