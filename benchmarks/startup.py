"""Cold start to the first painted main window, for the installed app and the bundle.

Each run starts a new process of the real app (`lstm-gui`, or the PyInstaller bundle) with
LSTM_GUI_STARTUP_PROBE=1: the app prints a marker with the monotonic clock's time when its
main window receives its first paint event, then quits. The time from spawning the process to
that paint is the start-up time a person waits. Runs use a fresh, empty settings and data
folder (a first start). The first run of each warms the disk cache and is reported but not
counted. The executables take turns (bundle, installed, bundle, ...), so that a change in the
machine's load reaches them alike; give --bundle twice to compare two builds of the bundle.

    python benchmarks/startup.py [--runs 7] [--bundle dist/lstm-gui/lstm-gui ...] [--xvfb]

The last line is `window_shown_s=<median for the installed app>`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from lstm_gui.gui.startup_probe import STARTUP_PROBE_ENV, STARTUP_PROBE_MARKER  # noqa: E402

TIMEOUT_S = 120.0
GOAL_S = 1.0  # issue 10: cold start to the window within a second


@dataclass(frozen=True)
class Start:
    """One start-up: seconds to the first paint, and whether torch was loaded by then."""

    seconds: float
    torch_imported: bool


def installed_command() -> list[str]:
    """The installed console script beside this Python, else `python -m lstm_gui`."""
    script = Path(sys.executable).parent / "lstm-gui"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "lstm_gui"]


def start_once(command: list[str], env: dict[str, str]) -> Start:
    """Start the app once and time it to the first painted window."""
    with tempfile.TemporaryDirectory(prefix="lstm-gui-startup-") as home:
        run_env = dict(
            env,
            **{STARTUP_PROBE_ENV: "1"},
            XDG_CONFIG_HOME=str(Path(home) / "config"),
            XDG_DATA_HOME=str(Path(home) / "data"),
            XDG_CACHE_HOME=str(Path(home) / "cache"),
        )
        spawned = time.monotonic()
        process = subprocess.Popen(
            command, env=run_env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        try:
            assert process.stdout is not None
            for line in process.stdout:
                if line.startswith(STARTUP_PROBE_MARKER):
                    fields = dict(part.split("=", 1) for part in line.split()[1:])
                    painted = float(fields["painted_monotonic"])
                    process.wait(timeout=TIMEOUT_S)
                    return Start(painted - spawned, fields.get("torch_imported") == "1")
            raise SystemExit(
                f"error: {command[0]} exited ({process.wait()}) without painting its window."
            )
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def measure(targets: dict[str, list[str]], env: dict[str, str], runs: int) -> dict[str, float]:
    """Time `runs` starts of each target in turn after one warm-up each; medians by label."""
    warm_ups = {label: start_once(command, env) for label, command in targets.items()}
    starts: dict[str, list[Start]] = {label: [] for label in targets}
    for _ in range(runs):
        for label, command in targets.items():
            starts[label].append(start_once(command, env))
    medians = {}
    for label, command in targets.items():
        seconds = [start.seconds for start in starts[label]]
        medians[label] = statistics.median(seconds)
        torch_before = sum(start.torch_imported for start in starts[label])
        print(
            f"{label}: {' '.join(command)}\n"
            f"  first (disk cache cold or warm) {warm_ups[label].seconds:.2f} s; "
            f"runs {' '.join(f'{s:.2f}' for s in seconds)} s; "
            f"median {medians[label]:.2f} s, range {min(seconds):.2f}-{max(seconds):.2f} s "
            f"(goal {GOAL_S:.1f} s)\n"
            f"  torch imported before the first paint in {torch_before} of {runs} runs",
            flush=True,
        )
    return medians


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    """A virtual X screen for runs closer to a desktop than Qt's offscreen platform."""
    if shutil.which("Xvfb") is None:
        raise SystemExit("error: --xvfb needs Xvfb (Debian: apt-get install xvfb).")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        display = pipe.readline().strip()
    if not display:
        server.kill()
        raise SystemExit("error: Xvfb did not start.")
    return server, f":{display}"


def main() -> int:
    """Measure and print; the last line is window_shown_s=<installed app's median>."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per executable")
    parser.add_argument(
        "--bundle",
        type=Path,
        action="append",
        help="a PyInstaller executable, measured too when it exists (repeatable; default: "
        "dist/lstm-gui/lstm-gui)",
    )
    parser.add_argument("--xvfb", action="store_true", help="run on Xvfb instead of offscreen")
    args = parser.parse_args()

    env = dict(os.environ)
    server = None
    if args.xvfb:
        server, display = start_xvfb()
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
        env.pop("WAYLAND_DISPLAY", None)
    elif not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    print(f"Qt platform: {env.get('QT_QPA_PLATFORM', 'default')}, {os.cpu_count()} CPUs")
    bundles = args.bundle or [REPO_ROOT / "dist" / "lstm-gui" / "lstm-gui"]
    targets = {
        ("bundle" if len(bundles) == 1 else f"bundle {path}"): [str(path)]
        for path in bundles
        if path.is_file()
    }
    targets["installed"] = installed_command()
    try:
        medians = measure(targets, env, args.runs)
    finally:
        if server is not None:
            server.terminate()
            server.wait()
    for label, median in medians.items():
        if label.startswith("bundle"):
            print(f"{label.replace(' ', '_', 1)}_window_shown_s={median:.2f}")
    print(f"window_shown_s={medians['installed']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
