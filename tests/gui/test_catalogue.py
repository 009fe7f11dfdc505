"""The Chinese catalogue is refreshed from every module and keeps translations that move."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lstm_gui.gui import translations


def test_every_string_in_the_sources_is_translated(tmp_path: Path) -> None:
    """Running lupdate over the package adds nothing untranslated: the catalogue is current."""
    if translations.find_qt_tool("lupdate") is None:
        pytest.skip("Qt's lupdate is not installed")
    shutil.copy(translations.translations_dir() / translations.CATALOGUE, tmp_path)
    refreshed = translations.update_catalogue(tmp_path)
    assert translations.untranslated(refreshed) == []
    assert "训练" in refreshed.read_text(encoding="utf-8")


def test_a_string_that_moves_to_another_class_keeps_its_translation(tmp_path: Path) -> None:
    catalogue = tmp_path / "moved.ts"
    catalogue.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="zh_CN">'
        "<context><name>NewPanel</name><message><source>Start</source>"
        '<translation type="unfinished"></translation></message>'
        "<message><source>Brand new</source>"
        '<translation type="unfinished"></translation></message></context></TS>',
        encoding="utf-8",
    )
    translations._carry_over(catalogue, {"Start": "开始"})
    assert translations.untranslated(catalogue) == ["Brand new"]
    assert "<translation>开始</translation>" in catalogue.read_text(encoding="utf-8")


def test_every_literal_string_is_translated_under_a_literal_context() -> None:
    """Qt's lupdate reads no variables: translate(CONTEXT, "text") leaves "text" out.

    (A text that is itself a variable is marked where it is written, with QT_TRANSLATE_NOOP.)
    """
    import ast

    package = Path(translations.__file__).resolve().parents[1]
    hidden = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            context, text = node.args[:2]
            if name == "translate" and isinstance(text, ast.Constant):
                if not isinstance(context, ast.Constant):
                    hidden.append(f"{path.name}:{node.lineno}")
    assert hidden == []
