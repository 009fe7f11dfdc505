"""Render the README's screenshots: the four tabs in English; Claims and Inside in Chinese.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots.py [--data-dir DIR]

Into a temporary runs folder: a short plain-RNN run, and claim 1's quick experiment with the
forget bias at 5. Then the window at 1366x768: an example 7 read by the bundled model in the
Draw tab; the tutorial's LSTM trained for three epochs of 12,000 digits with the RNN overlaid;
the experiment beside the shipped references in the Claims tab, in English and Chinese; the
Inside tab with the drawn 7: its interventions view (the input gate shut on rows 8-14) in
English, its state trajectories in Chinese. Writes docs/screenshot-{training,draw,claims,
claims-zh_CN,inside,inside-zh_CN}.png; about four minutes on two cores with MNIST in DATA_DIR
(default ../shared/data/mnist).
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from lstm_gui.core.reading.digit_strokes import synthetic_digit

DOCS = Path(__file__).resolve().parent
SIZE = (1366, 768)
# The Train tab's runs: short enough for a minute, long enough for curves.
EPOCHS, DIGITS, TEST_DIGITS = 3, 12000, 2000
SEVEN_SEED = 7


def train_runs(runs: Path, data_dir: Path) -> list[Path]:
    """A short plain-RNN run to overlay on the window's LSTM run; its folder."""
    from lstm_gui.core.config import TrainConfig
    from lstm_gui.core.run.data import load_dataset
    from lstm_gui.core.run.session import plan_new_run, prepare_run

    data = load_dataset("mnist", data_dir, download=False)
    folders = []
    for cell in ("rnn",):
        train = TrainConfig(epochs=EPOCHS, train_limit=DIGITS, test_limit=TEST_DIGITS)
        plan = plan_new_run(train.model_config(cell=cell), train, runs_root=runs)
        run = prepare_run(plan, data=data)
        for _ in run.records():
            pass
        folders.append(plan.folder)
    return folders


def quick_experiment(runs: Path, data_dir: Path) -> Any:
    """Claim 1's quick experiment with the forget bias at 5, as a learner would run it; saved."""
    from lstm_gui.core.claims.budgets import QUICK_SETTINGS
    from lstm_gui.core.claims.experiments import (
        GRADIENTS,
        Experiment,
        claims_dir,
        run_experiment,
        save_experiment,
    )
    from lstm_gui.core.run.data import load_dataset

    settings = replace(QUICK_SETTINGS[GRADIENTS], forget_bias=5.0)
    data = load_dataset("mnist", data_dir, download=False)
    *_, experiment = run_experiment(GRADIENTS, settings, runs_root=runs, data=data)
    assert isinstance(experiment, Experiment)  # an experiment's last record is the experiment
    return save_experiment(experiment, claims_dir(runs))


def settle(app: QApplication, turns: int = 40) -> None:
    """Let layout and painting catch up."""
    for _ in range(turns):
        app.processEvents()


def wait_until(app: QApplication, done: Any, seconds: float = 300) -> None:
    """Process events until `done()` (or the time is up), then let painting catch up."""
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    settle(app)


def inside_screenshot(app: QApplication, window: Any, language: str) -> None:
    """The Inside tab reading the drawn 7: interventions (English), trajectories (Chinese)."""
    inside = window.inside_tab
    window.tabs.setCurrentWidget(inside)
    wait_until(app, lambda: inside.data() is not None)
    if language == "en":
        view = inside.interventions
        inside.views.setCurrentWidget(view)
        wait_until(app, lambda: view.form.isEnabled() and not view.is_busy())
        view.form.choose("input", 0.0, rows=(8, 14))
        wait_until(app, lambda: not view.is_busy() and view.changed_panel.digit_text() != "–")
    else:
        inside.views.setCurrentWidget(inside.trajectories)
        settle(app, 80)
    suffix = "" if language == "en" else "-zh_CN"
    window.grab().save(str(DOCS / f"screenshot-inside{suffix}.png"))


def main() -> None:
    """Render every screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data/mnist"))
    args = parser.parse_args()
    from lstm_gui.gui.app import configure_application, create_main_window
    from lstm_gui.gui.translations import compile_translations, install_translators

    work = Path(tempfile.mkdtemp())
    os.environ["LSTM_GUI_DATA"] = str(args.data_dir.resolve())  # the window trains on it too
    runs = work / "runs"
    folders = train_runs(runs, args.data_dir.resolve())
    experiment = quick_experiment(runs, args.data_dir.resolve())
    app = QApplication([])
    configure_application(app)
    for language in ("en", "zh_CN"):
        installed = []
        if language != "en":
            compile_translations(output=work / "qm")
            installed = install_translators(app, language, work / "qm")
        settings = QSettings(str(work / f"{language}.ini"), QSettings.Format.IniFormat)
        window = create_main_window(settings, runs_root=runs)
        window.resize(*SIZE)
        loop = QEventLoop()
        window.startup_finished.connect(loop.quit)
        QTimer.singleShot(60_000, loop.quit)
        window.show()
        loop.exec()
        settle(app)
        window.tabs.setCurrentWidget(window.draw_tab)
        # The Example button's 7 from a fixed seed, the 7 the "?" cards describe
        # (benchmarks/bundled_model_figures.py), so the pictures match their captions.
        seven = synthetic_digit(7, np.random.default_rng(SEVEN_SEED))
        window.draw_tab.pad.set_drawing(strokes=seven)  # read by the bundled model
        settle(app, 80)
        inside_screenshot(app, window, language)
        if language == "en":
            window.tabs.setCurrentWidget(window.draw_tab)
            settle(app, 80)
            window.grab().save(str(DOCS / "screenshot-draw.png"))
            window.tabs.setCurrentWidget(window.train_tab)
            form = window.train_tab.training_panel.settings
            form.epochs.setValue(EPOCHS)
            form.train_limit.setValue(DIGITS)
            form.test_limit.setValue(TEST_DIGITS)
            trained = QEventLoop()
            window.runs.ended.connect(trained.quit)
            window.train_tab.training_panel.start_button.click()
            trained.exec()
            settle(app)
            for folder in folders:
                window.train_tab.runs_panel.set_checked(folder, True)
            settle(app, 80)
            window.grab().save(str(DOCS / "screenshot-training.png"))
        window.tabs.setCurrentWidget(window.claims_tab)
        window.claims_tab.refresh_saved()
        window.claims_tab.show_experiment(experiment)
        settle(app, 80)
        name = "screenshot-claims.png" if language == "en" else "screenshot-claims-zh_CN.png"
        window.grab().save(str(DOCS / name))
        window.close()
        settle(app)
        for translator in installed:
            app.removeTranslator(translator)
    shutil.rmtree(work, ignore_errors=True)
    print("wrote", ", ".join(sorted(p.name for p in DOCS.glob("screenshot-*.png"))))  # noqa: T201


if __name__ == "__main__":
    main()
