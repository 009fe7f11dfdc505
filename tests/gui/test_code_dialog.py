"""Training → Show the code…: the script of the form's settings, highlighted, copied and saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import QApplication

from lstm_gui.core.config import TrainConfig
from lstm_gui.core.errors import ConfigError
from lstm_gui.gui.train.code_dialog import CodeDialog, PythonHighlighter, show_code

LEFT = Qt.MouseButton.LeftButton


def test_show_the_code_shows_the_forms_settings_and_copies_them(
    window: Any, qtbot: Any, digits_dir: Path, tmp_path: Path, dialog_log: Any
) -> None:
    form = window.train_tab.training_panel.settings
    form.cell.setCurrentIndex(form.cell.findData("gru"))
    form.hidden.setValue(48)
    form.epochs.setValue(3)
    window.menus.show_code_action.trigger()
    dialog = window.findChild(CodeDialog)
    assert dialog is not None and dialog.isVisible()
    text = dialog.editor.toPlainText()
    assert text == dialog.script and dialog.editor.isReadOnly()
    assert "HIDDEN_SIZE = 48  # units of the GRU" in text and "EPOCHS = 3\n" in text
    assert "self.rnn = nn.GRU(" in text
    # The app reads the drawn digits (LSTM_GUI_DATA): the script reads the same files.
    assert f'DATA_DIR = "{digits_dir.resolve()}"' in text
    QApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy_button, LEFT)
    assert QApplication.clipboard().text() == text
    assert dialog.status.text() == "Copied to the clipboard."
    dialog_log.save_file = tmp_path / "train_gru.py"
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert (tmp_path / "train_gru.py").read_text(encoding="utf-8") == text
    assert dialog_log.errors == []
    dialog_log.save_file = tmp_path / "no-such-folder" / "train.py"
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert len(dialog_log.errors) == 1 and dialog_log.errors[0].startswith("Cannot write ")
    dialog.close()


def test_invalid_settings_are_explained_not_shown(qtbot: Any, dialog_log: Any) -> None:
    def invalid() -> Any:
        TrainConfig(steps=5)

    assert show_code(None, invalid, None) is None
    assert len(dialog_log.errors) == 1 and "steps must cut the image" in dialog_log.errors[0]

    def raising() -> Any:
        raise ConfigError("Nope.")

    assert show_code(None, raising, None) is None
    assert dialog_log.errors[-1] == "Nope."


def formats_at(document: QTextDocument, line: int) -> list[tuple[str, bool, bool]]:
    """(text, bold, italic) of each coloured stretch of a line."""
    block = document.findBlockByNumber(line)
    return [
        (
            block.text()[span.start : span.start + span.length],
            span.format.fontWeight() == QFont.Weight.Bold,
            span.format.fontItalic(),
        )
        for span in block.layout().formats()
    ]


def test_the_highlighter_knows_keywords_strings_docstrings_and_comments(qtbot: Any) -> None:
    document = QTextDocument(
        'def read(x):\n    """Two\n    lines # not a comment."""\n    y = "a # b"  # real\n'
    )
    highlighter = PythonHighlighter(document, dark=False)
    highlighter.rehighlight()
    assert ("def", True, False) in formats_at(document, 0)
    assert ("read", True, False) in formats_at(document, 0)
    assert formats_at(document, 1)[-1] == ('"""Two', False, False)
    assert formats_at(document, 2) == [('    lines # not a comment."""', False, False)]
    last = formats_at(document, 3)
    assert ('"a # b"', False, False) in last and ("# real", False, True) in last
