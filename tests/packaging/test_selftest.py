"""`lstm-gui --self-test` on the installed app, its failure reports, and the start-up probe."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from lstm_gui import selftest
from lstm_gui.cli import main
from lstm_gui.gui.startup_probe import STARTUP_PROBE_ENV, STARTUP_PROBE_MARKER
from lstm_gui.gui.translations import compile_translations, translations_dir


def _offscreen_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **extra)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return env


@pytest.fixture(scope="module")
def compiled_translations() -> None:
    """The .qm files, which the run script builds and git does not keep."""
    if not list(translations_dir().glob("*_zh_CN.qm")):
        compile_translations()


def test_sample_digits_are_ten_images_of_0_to_9() -> None:
    samples = selftest.sample_digits()
    assert sorted(digit for _, digit in samples) == list(range(10))
    assert all(path.stat().st_size < 2048 for path, _ in samples)  # tiny, as promised


@pytest.mark.slow  # a subprocess that starts the app and trains: about 9 s
def test_installed_app_passes_its_self_test(
    compiled_translations: None, assert_self_test_passed: Any
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lstm_gui", "--self-test"],
        capture_output=True,
        text=True,
        timeout=300,
        env=_offscreen_env(),
    )
    assert_self_test_passed(result)


def test_a_failing_check_is_named_and_fails_the_self_test(
    monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    def broken(app: object, workdir: Path) -> str:
        raise selftest.CheckFailed("the flux capacitor is missing")

    def crashing(app: object, workdir: Path) -> str:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(
        selftest,
        "CHECKS",
        [("fine", lambda app, workdir: "all good"), ("broken", broken), ("crashing", crashing)],
    )
    out = io.StringIO()
    assert selftest.run_self_test(out) == 1
    lines = out.getvalue().splitlines()
    assert lines[1].startswith("PASS fine: all good (")
    assert lines[2].startswith("FAIL broken: the flux capacitor is missing (")
    assert lines[3].startswith("FAIL crashing: ZeroDivisionError: division by zero (")
    assert lines[-1] == "self-test: 1 passed, 2 failed"


def test_a_check_that_leaves_a_thread_running_fails(
    monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    from PySide6.QtCore import QThread

    left: list[QThread] = []

    def leaves_a_thread(app: object, workdir: Path) -> str:
        thread = QThread()
        thread.setObjectName("ForgottenThread")
        thread.start()
        left.append(thread)
        return "started a thread"

    monkeypatch.setattr(selftest, "CHECKS", [("leaky", leaves_a_thread)])
    out = io.StringIO()
    assert selftest.run_self_test(out) == 1
    line = out.getvalue().splitlines()[1]
    assert line.startswith("FAIL leaky: started a thread; it left 1 thread(s) running: ")
    assert "ForgottenThread" in line
    assert not left[0].isRunning()  # stopped, so that the app can exit


def test_the_self_test_runs_offscreen_without_a_display(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    selftest.use_offscreen_without_display()
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"


def test_the_self_test_keeps_a_chosen_platform(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    selftest.use_offscreen_without_display()
    assert "QT_QPA_PLATFORM" not in os.environ


def test_self_test_takes_no_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--self-test", "predict", "x.png"])
    assert exit_info.value.code == 2
    assert "--self-test takes no command" in capsys.readouterr().err


@pytest.mark.slow  # a subprocess that starts the app: about 8 s
def test_startup_probe_reports_the_first_paint_and_quits() -> None:
    before = time.monotonic()  # the monotonic clock is the system's: shared with the child
    result = subprocess.run(
        [sys.executable, "-m", "lstm_gui"],
        capture_output=True,
        text=True,
        timeout=120,
        env=_offscreen_env(**{STARTUP_PROBE_ENV: "1"}),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    probe = [line for line in result.stdout.splitlines() if line.startswith(STARTUP_PROBE_MARKER)]
    assert len(probe) == 1, result.stdout
    fields = dict(part.split("=", 1) for part in probe[0].split()[1:])
    assert before < float(fields["painted_monotonic"]) < time.monotonic()
    assert fields["torch_imported"] in ("0", "1")  # benchmarks/ reads it


def test_building_the_main_window_does_not_import_torch() -> None:
    # The window must appear before PyTorch (seconds to import) is loaded: issue 5's fast
    # start. Importing the GUI and building the window must not import it.
    code = (
        "import sys\n"
        "from PySide6.QtCore import QSettings\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from lstm_gui.gui.app import configure_application, create_main_window\n"
        "app = QApplication([])\n"
        "configure_application(app)\n"
        "window = create_main_window(QSettings(sys.argv[1], QSettings.Format.IniFormat))\n"
        # Work the window started in threads (a model loaded by a view) counts too: it would
        # import PyTorch beside the first paint. Wait for every thread it started to end.
        "from lstm_gui.gui.widgets.threads import running_qthreads\n"
        "import time\n"
        "deadline = time.monotonic() + 60\n"
        "while running_qthreads() and time.monotonic() < deadline:\n"
        "    app.processEvents()\n"
        "    time.sleep(0.01)\n"
        "print('torch' in sys.modules)\n"
        "import os\n"
        "os._exit(0)\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        result = subprocess.run(
            [sys.executable, "-c", code, str(Path(folder) / "settings.ini")],
            capture_output=True,
            text=True,
            timeout=120,
            env=_offscreen_env(XDG_DATA_HOME=folder, XDG_CONFIG_HOME=folder),
        )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
