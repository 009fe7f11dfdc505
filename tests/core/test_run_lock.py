"""One run at a time in a run folder: a second run is refused, and a dead run leaves no lock."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lstm_gui.core.config import TrainConfig
from lstm_gui.core.errors import RunFolderBusy
from lstm_gui.core.run.curve_file import CURVES
from lstm_gui.core.run.data import DatasetSplits
from lstm_gui.core.run.progress import RunFinished, RunStatus
from lstm_gui.core.run.run_lock import LOCK_NAME, RunFolderLock
from lstm_gui.core.run.session import plan_new_run, prepare_run

REFUSAL = "Another run is training in {folder} now; give this run a folder of its own"


def test_a_second_lock_on_the_folder_is_refused_until_the_first_is_let_go(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "run"
    with RunFolderLock(folder):
        with pytest.raises(RunFolderBusy) as refused, RunFolderLock(folder):
            pass
        assert str(refused.value).startswith(REFUSAL.format(folder=folder))
    assert not (folder / LOCK_NAME).exists()  # the folder is left as the run made it
    with RunFolderLock(folder):  # free again
        pass


def test_a_lock_held_by_another_process_refuses_and_dies_with_it(tmp_path: Path) -> None:
    folder = tmp_path / "run"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, time
                from lstm_gui.core.run.run_lock import LOCK_NAME, RunFolderLock
                with RunFolderLock({str(folder)!r}):
                    print("held", flush=True)
                    time.sleep(60)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(RunFolderBusy), RunFolderLock(folder):
            pass
    finally:
        holder.kill()  # no clean exit: the operating system drops the lock
        holder.wait(timeout=30)
        if holder.stdout is not None:
            holder.stdout.close()
    assert (folder / LOCK_NAME).exists()  # a killed run cannot tidy up, but its lock is gone
    with RunFolderLock(folder):
        pass
    assert not (folder / LOCK_NAME).exists()


def test_a_second_run_into_a_training_runs_folder_writes_nothing(
    tmp_path: Path, digits: DatasetSplits
) -> None:
    train = TrainConfig(epochs=2, train_limit=280, test_limit=100, device="cpu", torch_threads=1)
    output = tmp_path / "run" / "latest.safetensors"
    first = plan_new_run(train.model_config(hidden_size=16), train, output=output)
    second = plan_new_run(train.model_config(hidden_size=8), train, output=output)
    training = prepare_run(first, data=digits).records()
    next(training)  # the first run has started and holds its folder
    curves_before = (first.folder / CURVES).read_bytes()

    with pytest.raises(RunFolderBusy) as refused:
        next(prepare_run(second, data=digits).records())

    assert str(refused.value) == (
        REFUSAL.format(folder=first.folder) + ", or wait until that run has ended."
    )  # nothing about checkpoints: the one in the folder is the other run's
    assert (first.folder / CURVES).read_bytes() == curves_before
    *_, finished = training
    assert isinstance(finished, RunFinished) and finished.status == RunStatus.COMPLETED
    assert output.is_file()
