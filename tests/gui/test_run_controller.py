"""RunController: what happens once a run's thread has ended (+1 epoch, close, retry)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Slot

from lstm_gui.core.config import TrainConfig
from lstm_gui.core.run.session import RunPlan, plan_new_run
from lstm_gui.gui.run_controller import Launch, RunController


class Events(QObject):
    """What the controller reports, in the GUI thread (bound slots, not lambdas)."""

    def __init__(self, controller: RunController) -> None:
        super().__init__()
        self.launches: list[Launch] = []
        self.finished: list[Any] = []
        self.ended: list[str] = []
        self.close_requested = 0
        self.missing: list[str] = []
        self.retry_with: Path | None = None
        self._controller = controller
        controller.data_missing.connect(self.on_data_missing)
        controller.launched.connect(self.on_launched)
        controller.run_finished.connect(self.on_finished)
        controller.ended.connect(self.on_ended)
        controller.close_requested.connect(self.on_close_requested)

    @Slot(object)
    def on_launched(self, launch: Launch) -> None:
        self.launches.append(launch)

    @Slot(object)
    def on_finished(self, finished: Any) -> None:
        self.finished.append(finished)

    @Slot(str)
    def on_ended(self, status: str) -> None:
        self.ended.append(status)

    @Slot()
    def on_close_requested(self) -> None:
        self.close_requested += 1

    @Slot(str)
    def on_data_missing(self, message: str) -> None:
        # As the Train tab does: within the slot, before the run's thread has been seen to end.
        self.missing.append(message)
        if self.retry_with is not None:
            self._controller.retry_after_run(self.retry_with)


def small_plan(tmp_path: Path, epochs: int = 1) -> RunPlan:
    config = TrainConfig(epochs=epochs, train_limit=140, test_limit=56, torch_threads=1)
    model = config.model_config(hidden_size=8)
    return plan_new_run(model, config, output=tmp_path / "run" / "latest.safetensors")


@pytest.fixture
def controller(qtbot: Any) -> Any:
    runs = RunController()
    yield runs
    assert runs.shutdown(30_000)


def test_an_epoch_asked_for_while_training_continues_the_run(
    qtbot: Any, tmp_path: Path, controller: RunController
) -> None:
    events = Events(controller)
    assert controller.start(small_plan(tmp_path), None)
    assert controller.add_epoch(None) == 1 and controller.extra_epochs == 1
    qtbot.waitUntil(lambda: len(events.ended) == 2, timeout=60_000)
    assert [launch.keep_curves for launch in events.launches] == [False, True]
    assert [(f.status, f.epochs_done) for f in events.finished] == [
        ("completed", 1),
        ("completed", 2),
    ]
    assert events.ended == ["completed", "completed"] and not controller.is_training
    assert controller.last_run is not None and controller.extra_epochs == 0


def test_closing_stops_the_run_then_asks_to_close(
    qtbot: Any, tmp_path: Path, controller: RunController
) -> None:
    events = Events(controller)
    controller.start(small_plan(tmp_path, epochs=50), None)
    controller.close_after_run()
    assert controller.closing
    qtbot.waitUntil(lambda: events.close_requested == 1, timeout=60_000)
    assert events.ended == ["stopped"] and not controller.is_training
    assert len(events.launches) == 1  # nothing more starts once the window closes


def test_a_retry_starts_the_run_again_with_the_folder_chosen(
    qtbot: Any, tmp_path: Path, controller: RunController, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lstm_gui.core.errors import DataError
    from lstm_gui.core.run import session

    prepare = session.prepare_run
    folders: list[Path | None] = []

    def missing_at_first(plan: Any, **kwargs: Any) -> Any:
        folders.append(kwargs.get("data_dir"))
        if len(folders) == 1:
            raise DataError("MNIST was not found in the folder.")
        return prepare(plan, **{**kwargs, "data_dir": None})  # the tests' data, where it is

    monkeypatch.setattr(session, "prepare_run", missing_at_first)
    events = Events(controller)
    chosen = events.retry_with = tmp_path / "chosen"
    controller.start(small_plan(tmp_path), None)
    qtbot.waitUntil(lambda: len(events.ended) == 2, timeout=60_000)
    assert events.missing == ["MNIST was not found in the folder."]
    assert events.ended == ["failed", "completed"]
    assert folders[0] is None and folders[1] == chosen
