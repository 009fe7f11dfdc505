"""`lstm-gui --self-test`: checks that this installation or bundle works, offscreen if need be.

Each check prints one line, PASS or FAIL with what it saw; the exit status is 0 only if all
pass. Nothing of the user's is read or written: settings, runs and checkpoints live in a
temporary folder that is removed afterwards.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from lstm_gui.selftest_training import check_training

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

SAMPLES_DIR = "samples"
# A sample's digit is the one at the end of its file name: digit-7.png, my_sample_7.png.
_SAMPLE_NAME = re.compile(r"(?:^|[-_ ])(\d)$")
# Strings that the Simplified Chinese translation must translate: one is enough (the GUI's
# wording may change; all of them changing at once means the translations are broken).
KNOWN_STRINGS = [
    ("TrainingWorker", "The download was cancelled."),
    ("app", "Something went wrong: {0}. lstm-gui keeps running; what was trained is saved."),
    ("MainWindow", "&File"),
    ("MainWindow", "&Help"),
]
WINDOW_TIMEOUT_S = 20.0


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check."""

    name: str
    passed: bool
    detail: str
    seconds: float


class CheckFailed(Exception):
    """A check saw something wrong; the message says what."""


def use_offscreen_without_display() -> None:
    """Let Qt draw into memory when there is no screen (CI, SSH) instead of aborting."""
    if os.name == "posix" and sys.platform != "darwin":
        no_screen = not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")
        if no_screen and not os.environ.get("QT_QPA_PLATFORM"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"


def sample_digits() -> list[tuple[Path, int]]:
    """The bundled sample digit images and the digit each one shows."""
    from lstm_gui.resources import resource_path

    folder = resource_path(SAMPLES_DIR)
    samples = []
    for path in sorted(folder.glob("*.png")):
        match = _SAMPLE_NAME.search(path.stem)
        if match:
            samples.append((path, int(match.group(1))))
    return samples


# --------------------------------------------------------------------------- checks


def check_main_window(app: QApplication, workdir: Path) -> str:
    """The main window is created, shown and painted."""
    from PySide6.QtCore import QEvent, QObject, QSettings

    from lstm_gui.gui.app import create_main_window

    settings = QSettings(str(workdir / "settings.ini"), QSettings.Format.IniFormat)
    started = time.monotonic()
    window = create_main_window(settings, workdir / "runs")

    class PaintWatcher(QObject):
        painted = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                PaintWatcher.painted = True
            return False

    watcher = PaintWatcher()
    window.installEventFilter(watcher)
    try:
        window.show()
        process_events_until(app, lambda: PaintWatcher.painted, WINDOW_TIMEOUT_S)
        if not PaintWatcher.painted:
            raise CheckFailed(f"the window was not painted within {WINDOW_TIMEOUT_S:.0f} s")
        painted_s = time.monotonic() - started
        title = window.windowTitle()
        if not title:
            raise CheckFailed("the window has no title")
        size = window.size()
        return f"{title!r}, {size.width()}x{size.height()}, painted after {painted_s:.1f} s"
    finally:
        window.removeEventFilter(watcher)
        # Stop the window's background threads before it is deleted, as the app does on quit.
        shutdown = getattr(window, "shutdown", None)
        if callable(shutdown):
            shutdown()
        window.close()
        window.deleteLater()
        app.processEvents()


def check_bundled_model(app: QApplication, workdir: Path) -> str:
    """The bundled model reads every bundled sample digit correctly."""
    from lstm_gui.core.reading.inference import Predictor
    from lstm_gui.core.reading.preprocess import load_image, to_mnist

    samples = sample_digits()
    if not samples:
        raise CheckFailed("no sample digits (resources/samples/digit-N.png) were found")
    predictor = Predictor.bundled()
    wrong = []
    confidences = []
    for path, digit in samples:
        prediction = predictor.predict(to_mnist(load_image(path)))
        confidences.append(prediction.confidence)
        if prediction.digit != digit:
            wrong.append(f"{path.name} read as {prediction.digit}")
    if wrong:
        raise CheckFailed(f"{len(wrong)} of {len(samples)} misread: {', '.join(wrong)}")
    return (
        f"{len(samples)} of {len(samples)} read correctly by {predictor.name!r} "
        f"(lowest confidence {min(confidences):.0%})"
    )


def check_checkpoint(app: QApplication, workdir: Path) -> str:
    """A checkpoint survives saving and loading unchanged; a corrupt one is refused."""
    import numpy as np
    import torch

    from lstm_gui.core.errors import CheckpointError
    from lstm_gui.core.reading.inference import Predictor
    from lstm_gui.core.run.checkpoint import load_checkpoint, save_checkpoint
    from lstm_gui.resources import bundled_model_path

    original = load_checkpoint(bundled_model_path())
    path = save_checkpoint(workdir / "round-trip.safetensors", original)
    loaded = load_checkpoint(path)
    if loaded.model_config != original.model_config:
        raise CheckFailed("the model settings changed on the way")
    if loaded.train_config != original.train_config or loaded.history != original.history:
        raise CheckFailed("the training settings or the metric history changed on the way")
    if loaded.state_dict.keys() != original.state_dict.keys() or not all(
        torch.equal(loaded.state_dict[name], tensor) for name, tensor in original.state_dict.items()
    ):
        raise CheckFailed("the weights changed on the way")
    image = np.random.default_rng(0).random((28, 28), dtype=np.float32)
    before = Predictor(original).probabilities(image)
    after = Predictor(loaded).probabilities(image)
    if not np.array_equal(before, after):
        raise CheckFailed("the reloaded model predicts differently")
    corrupt = workdir / "corrupt.safetensors"
    corrupt.write_bytes(path.read_bytes()[:200])
    try:
        load_checkpoint(corrupt)
    except CheckpointError:
        pass
    else:
        raise CheckFailed("a truncated checkpoint was accepted")
    return f"{path.stat().st_size / 1024:.0f} KB saved and reloaded; a truncated copy refused"


def check_translations(app: QApplication, workdir: Path) -> str:
    """The Simplified Chinese translation is there and translates known strings."""
    from PySide6.QtCore import QTranslator

    from lstm_gui.gui.translations import translations_dir

    folder = translations_dir()
    files = sorted(folder.glob("*_zh_CN.qm"))
    if not files:
        raise CheckFailed(f"no compiled zh_CN translation (*_zh_CN.qm) in {folder}")
    translators = []
    for path in files:
        translator = QTranslator()
        if not translator.load(str(path)):
            raise CheckFailed(f"{path.name} cannot be loaded")
        translators.append(translator)
    translated = []
    for context, source in KNOWN_STRINGS:
        for translator in translators:
            text = translator.translate(context, source)
            if text and text != source:
                translated.append(f"{source!r} -> {text!r}")
                break
    if not translated:
        raise CheckFailed(f"none of {len(KNOWN_STRINGS)} known strings is translated")
    return f"{', '.join(p.name for p in files)}: {translated[0]}"


CHECKS: list[tuple[str, Callable[[QApplication, Path], str]]] = [
    ("main window opens", check_main_window),
    ("bundled model reads the sample digits", check_bundled_model),
    ("training in the worker thread lowers the loss", check_training),
    ("checkpoint round-trips", check_checkpoint),
    ("translations load", check_translations),
]


# --------------------------------------------------------------------------- running


def run_checks(out: TextIO | None = None) -> list[CheckResult]:
    """Run every check in a temporary folder, printing one line each; returns the results."""
    out = out or sys.stdout
    use_offscreen_without_display()
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from lstm_gui.gui.app import configure_application
    from lstm_gui.gui.widgets.threads import describe_threads, running_qthreads

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "lstm-gui"])
    assert isinstance(app, QApplication)
    configure_application(app)
    results = []
    with tempfile.TemporaryDirectory(prefix="lstm-gui-self-test-") as tmp:
        workdir = Path(tmp)
        # Any QSettings() made by the window goes to the temporary folder, not the user's.
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        for name, check in CHECKS:
            started = time.monotonic()
            try:
                detail = check(app, workdir)
                passed = True
            except CheckFailed as exc:
                detail, passed = str(exc), False
            except Exception as exc:  # noqa: BLE001 - every failure is reported, none stops the rest
                detail, passed = f"{type(exc).__name__}: {exc}", False
            # A thread still running here would crash the app (and this test) at exit.
            left = running_qthreads()
            for thread in left:
                thread.quit()
                thread.wait(10_000)
            if left:
                detail = (
                    f"{detail}; it left {len(left)} thread(s) running: {describe_threads(left)}"
                )
                passed = False
            result = CheckResult(name, passed, detail, time.monotonic() - started)
            results.append(result)
            verdict = "PASS" if passed else "FAIL"
            out.write(f"{verdict} {name}: {detail} ({result.seconds:.1f} s)\n")
            out.flush()
    return results


def run_self_test(out: TextIO | None = None) -> int:
    """Run the self-test; returns 0 when every check passed, else 1."""
    from lstm_gui import __version__

    out = out or sys.stdout
    use_offscreen_without_display()
    frozen = " (bundle)" if getattr(sys, "frozen", False) else ""
    out.write(f"lstm-gui {__version__}{frozen} self-test, Qt platform: {_platform_name()}\n")
    results = run_checks(out)
    failed = sum(not result.passed for result in results)
    out.write(f"self-test: {len(results) - failed} passed, {failed} failed\n")
    return 0 if failed == 0 else 1


def _platform_name() -> str:
    return os.environ.get("QT_QPA_PLATFORM") or "default"


def process_events_until(app: QApplication, done: Callable[[], bool], timeout_s: float) -> None:
    """Run the event loop until `done()` or the timeout, without busy-waiting."""
    from PySide6.QtCore import QEventLoop

    deadline = time.monotonic() + timeout_s
    while not done() and time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
