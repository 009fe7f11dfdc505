"""Opening a checkpoint that lies about its model: one dialog says why, the model in use stays."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from safetensors import safe_open
from safetensors.torch import load_file, save_file

from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.run.checkpoint import Checkpoint, save_checkpoint
from lstm_gui.core.run.model import SequenceClassifier
from lstm_gui.gui.draw.draw_tab import DrawTab

# What the crafted file's settings claim: 8 layers of 4096 LSTM units, a billion parameters.
CLAIMED = {"hidden_size": 4096, "num_layers": 8}
REASON = "describes a model of 1,007,394,826 parameters, more than lstm-gui opens"


def tiny_checkpoint(path: Path, name: str) -> Path:
    config = ModelConfig(hidden_size=8)
    model = SequenceClassifier(config)
    return save_checkpoint(path, Checkpoint(config, TrainConfig(), model.state_dict(), name=name))


def crafted(folder: Path) -> Path:
    """A tiny model's weights under settings that claim a huge model."""
    tiny = tiny_checkpoint(folder / "tiny-for-crafting.safetensors", "crafted")
    with safe_open(str(tiny), "pt") as handle:
        metadata = json.loads(handle.metadata()["lstm_gui"])
    metadata["model_config"].update(CLAIMED)
    path = folder / "crafted.safetensors"
    save_file(load_file(str(tiny)), str(path), metadata={"lstm_gui": json.dumps(metadata)})
    return path


def forbid_building_models(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if any model is built: the file's header alone must refuse it."""

    def built(*args: object, **kwargs: object) -> None:
        pytest.fail("a model was built for a file whose header already says it is wrong")

    monkeypatch.setattr(SequenceClassifier, "__init__", built)


@pytest.fixture
def tab(qtbot: Any) -> Iterator[DrawTab]:
    widget = DrawTab()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()


def test_the_draw_tab_refuses_it_and_keeps_its_model(
    tab: DrawTab, tmp_path: Path, dialog_log: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    previous = tiny_checkpoint(tmp_path / "previous.safetensors", "previous run")
    assert tab.set_model(previous, "previous run")
    predictor = tab.predictor()
    path = crafted(tmp_path)
    forbid_building_models(monkeypatch)

    assert not tab.set_model(path, "crafted")

    assert len(dialog_log.errors) == 1
    assert dialog_log.errors[0].startswith(
        f"crafted.safetensors cannot be used: crafted.safetensors {REASON}"
    )
    assert dialog_log.errors[0].endswith("The current model stays.")
    assert tab.model_path() == previous
    assert tab.predictor() is predictor


def test_file_open_refuses_it_and_keeps_the_model_in_use(
    window: Any, tmp_path: Path, dialog_log: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    previous = tiny_checkpoint(tmp_path / "previous.safetensors", "previous run")
    dialog_log.open_file = previous
    window.menus.open_action.trigger()
    assert window.model_path == previous and dialog_log.errors == []
    predictor = window.draw_tab.predictor()
    dialog_log.open_file = crafted(tmp_path)
    forbid_building_models(monkeypatch)

    window.menus.open_action.trigger()

    assert len(dialog_log.errors) == 1
    assert dialog_log.errors[0].startswith(f"crafted.safetensors {REASON}")
    assert window.model_path == previous
    assert window.draw_tab.model_path() == previous
    assert window.draw_tab.predictor() is predictor
    assert "previous run" in window.statusBar().currentMessage()
