"""Build the lstm-gui executable with PyInstaller: `python packaging/build.py` -> dist/lstm-gui/.

The bundle is built in its own virtual environment (build/venv by default), created on the
first run and reused while its requirements stay the same, so that the bundle holds exactly
what the app needs and nothing that happens to be in the developer's environment. By default
that environment gets PyTorch's CPU wheel (`torch==2.13.0`) and no torchvision: the app then
trains and predicts from local data and its bundled model, and says that downloading needs
torchvision. Pass `--torch` to build with another PyTorch (see packaging/README.md).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SPEC_FILE = REPO_ROOT / "packaging" / "lstm_gui.spec"
DEFAULT_VENV = REPO_ROOT / "build" / "venv"
WORK_DIR = REPO_ROOT / "build" / "pyinstaller"
DIST_DIR = REPO_ROOT / "dist"
APP_NAME = "lstm-gui"

DEFAULT_TORCH = "torch==2.13.0"  # the CPU wheel; a newer one here is a 5.5 GB CUDA build
# The app's runtime dependencies less torch and torchvision, plus the bundler. PySide6 6.12.0
# crashes CPython 3.11 (see pyproject.toml), hence the same cap as the project's.
BUILD_REQUIREMENTS = [
    "PySide6-Essentials>=6.8,<6.12",
    "pyqtgraph>=0.14",
    "safetensors>=0.4",
    "numpy>=1.24",
    "pillow>=10",
    "pyinstaller>=6.10",
]
STAMP_NAME = ".lstm-gui-build-requirements"


def venv_python(venv_dir: Path) -> Path:
    """The interpreter of a virtual environment."""
    if os.name == "nt":
        return venv_dir / "Scripts" / "python.exe"
    return venv_dir / "bin" / "python"


def requirements(torch_spec: str) -> list[str]:
    """Everything the build environment installs from package indexes."""
    return [*torch_spec.split(), *BUILD_REQUIREMENTS]


def requirements_stamp(torch_spec: str) -> str:
    """A fingerprint of the build environment's requirements and of the Python running it."""
    text = "\n".join([sys.version, *requirements(torch_spec)])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def say(text: str) -> None:
    """Tell the person running the build what happens."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def run(command: list[str | Path], **kwargs: object) -> None:
    """Run a command, echoing it; a failure ends the build with its exit status."""
    say("+ " + " ".join(str(part) for part in command))
    result = subprocess.run([str(part) for part in command], check=False, **kwargs)  # type: ignore[call-overload]
    if result.returncode != 0:
        raise SystemExit(f"error: {Path(str(command[0])).name} failed (exit {result.returncode}).")


def remove_build_venv(venv_dir: Path) -> None:
    """Delete an old build environment, but never a folder that is not a virtual environment.

    `--venv` names a folder this script replaces wholesale; a typo, or a folder of the user's,
    must not be deleted with it. So only a virtual environment (pyvenv.cfg), a folder stamped
    by an earlier build or an empty folder goes, and never the environment running this build.
    """
    if not venv_dir.exists() and not venv_dir.is_symlink():
        return
    is_venv = (venv_dir / "pyvenv.cfg").is_file() or (venv_dir / STAMP_NAME).is_file()
    is_empty = venv_dir.is_dir() and not any(venv_dir.iterdir())
    if venv_dir.is_symlink() or not venv_dir.is_dir() or not (is_venv or is_empty):
        raise SystemExit(
            f"error: {venv_dir} is not a virtual environment (it has no pyvenv.cfg), so the "
            "build will not delete it to make one; choose a new folder for --venv."
        )
    if venv_dir.resolve() == Path(sys.prefix).resolve():
        raise SystemExit(
            f"error: {venv_dir} is the environment running this build, which cannot replace "
            "itself; choose another folder for --venv."
        )
    shutil.rmtree(venv_dir)


def ensure_build_venv(venv_dir: Path, torch_spec: str, fresh: bool) -> Path:
    """Create (or reuse) the build environment; returns its interpreter."""
    python = venv_python(venv_dir)
    stamp = venv_dir / STAMP_NAME
    wanted = requirements_stamp(torch_spec)
    if fresh:
        remove_build_venv(venv_dir)
    if python.exists() and stamp.is_file() and stamp.read_text().strip() == wanted:
        say(f"Reusing the build environment {venv_dir}")
        return python
    say(f"Creating the build environment {venv_dir} ({torch_spec})")
    remove_build_venv(venv_dir)
    venv.EnvBuilder(with_pip=True, clear=True).create(venv_dir)
    pip: list[str | Path] = [
        python,
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "--quiet",
    ]
    run([*pip, *requirements(torch_spec)])
    # The project itself without its dependencies: they would bring torchvision and with it
    # the CUDA build of torch. The spec reads lstm_gui from the source tree either way.
    run([*pip, "--no-deps", "--editable", REPO_ROOT])
    stamp.write_text(wanted + "\n")
    return python


def compile_translations(python: Path) -> None:
    """Build the .qm files from the .ts sources so that they go into the bundle."""
    run([python, "-m", "lstm_gui.gui.translations"], cwd=REPO_ROOT)


def folder_size(path: Path) -> int:
    """Bytes on disk of every file under `path` (or of the file itself)."""
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


# The parts a bundle's size is reported by: (label, path patterns under _internal/ or beside it).
SIZE_PARTS = [
    ("libtorch_cpu.so", ["_internal/torch/lib/libtorch_cpu.so"]),
    ("rest of torch/", ["_internal/torch/*"]),
    ("Qt and PySide6", ["_internal/PySide6/*", "_internal/shiboken6/*"]),
    ("NumPy", ["_internal/numpy/*", "_internal/numpy.libs/*"]),
    ("Pillow", ["_internal/PIL/*", "_internal/pillow.libs/*"]),
    ("Python", ["_internal/libpython*", "_internal/python3*/*", "_internal/base_library.zip"]),
    ("executable (archive of Python modules)", [APP_NAME, APP_NAME + ".exe"]),
    ("other libraries and files", ["*"]),
]


def size_by_part(bundle_dir: Path) -> list[tuple[str, int]]:
    """(label, bytes) of each part of a one-folder bundle, biggest parts first in SIZE_PARTS."""
    totals = dict.fromkeys((label for label, _ in SIZE_PARTS), 0)
    for path in bundle_dir.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        relative = path.relative_to(bundle_dir)
        for label, patterns in SIZE_PARTS:
            if any(relative.match(pattern) or _under(relative, pattern) for pattern in patterns):
                totals[label] += path.stat().st_size
                break
    return list(totals.items())


def _under(relative: Path, pattern: str) -> bool:
    """True when `relative` lies in the folder that a pattern ending in /* names."""
    folder = pattern.removesuffix("/*")
    return folder != pattern and any(parent.match(folder) for parent in relative.parents)


def report_size(bundle_dir: Path) -> None:
    """Print a bundle's size by part, in MB (10^6 bytes)."""
    parts = size_by_part(bundle_dir)
    for label, size in parts:
        say(f"{size / 1e6:8.1f} MB  {label}")
    say(f"{sum(size for _, size in parts) / 1e6:8.1f} MB  in all ({bundle_dir})")


def dist_dir(onefile: bool) -> Path:
    """Where PyInstaller writes: one-file executables apart from the one-folder bundle."""
    return DIST_DIR / "onefile" if onefile else DIST_DIR


def executable_path(onefile: bool) -> Path:
    """Where the build leaves the executable."""
    name = APP_NAME + (".exe" if os.name == "nt" else "")
    return dist_dir(True) / name if onefile else DIST_DIR / APP_NAME / name


def bundle(python: Path, onefile: bool) -> Path:
    """Run PyInstaller on the spec file; returns the executable."""
    env = dict(os.environ, LSTM_GUI_ONEFILE="1" if onefile else "0")
    run(
        [
            python,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            dist_dir(onefile),
            "--workpath",
            WORK_DIR,
            SPEC_FILE,
        ],
        cwd=REPO_ROOT,
        env=env,
    )
    return executable_path(onefile)


def self_test(executable: Path) -> None:
    """Run the bundle's own checks (offscreen when there is no display)."""
    run([executable, "--self-test"])


def main(argv: list[str] | None = None) -> int:
    """Build the bundle; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--onefile",
        action="store_true",
        help="one self-extracting file, dist/onefile/lstm-gui (starts more slowly)",
    )
    parser.add_argument(
        "--torch",
        default=DEFAULT_TORCH,
        metavar="SPEC",
        help=f"PyTorch requirement(s) for the build environment (default: {DEFAULT_TORCH!r}); "
        "e.g. 'torch==2.9.1 torchvision==0.24.1' with PyTorch's CPU index in PIP_INDEX_URL",
    )
    parser.add_argument("--venv", type=Path, default=DEFAULT_VENV, help="build environment")
    parser.add_argument("--fresh", action="store_true", help="recreate the build environment")
    parser.add_argument(
        "--use-current-python",
        action="store_true",
        help="bundle from the running interpreter's environment instead of a build venv",
    )
    parser.add_argument("--self-test", action="store_true", help="run the bundle's self-test")
    parser.add_argument(
        "--report-size",
        type=Path,
        metavar="DIR",
        help="only print the size by part of the one-folder bundle in DIR (dist/lstm-gui)",
    )
    args = parser.parse_args(argv)
    if args.report_size is not None:
        report_size(args.report_size)
        return 0

    started = time.monotonic()
    if args.use_current_python:
        python = Path(sys.executable)
    else:
        python = ensure_build_venv(args.venv.resolve(), args.torch, args.fresh)
    venv_ready = time.monotonic()
    compile_translations(python)
    executable = bundle(python, args.onefile)
    finished = time.monotonic()
    if not executable.is_file():
        raise SystemExit(f"error: PyInstaller did not produce {executable}.")
    target = executable if args.onefile else executable.parent
    size_mb = folder_size(target) / 1e6
    say(f"Built {executable.relative_to(REPO_ROOT)}")
    say(
        f"bundle_mb={size_mb:.0f} environment_s={venv_ready - started:.0f} "
        f"pyinstaller_s={finished - venv_ready:.0f} total_s={finished - started:.0f}"
    )
    if not args.onefile:
        report_size(target)
    if args.self_test:
        self_test(executable)
    return 0


if __name__ == "__main__":
    sys.exit(main())
