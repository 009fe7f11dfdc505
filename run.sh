#!/usr/bin/env bash
# Set up lstm-gui in ./.venv (first run, or when pyproject.toml changed), then:
#   ./run.sh [ARGS...]      start the app (ARGS go to lstm-gui, e.g. `./run.sh train --epochs 1`)
#   ./run.sh test [ARGS...] run the quick tests: all but those marked slow (ARGS go to pytest)
#   ./run.sh test --all [ARGS...]  run every test, slow ones too (real MNIST, the bundle build)
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=.venv
STAMP=$VENV/.installed-$(sha256sum pyproject.toml | cut -c1-16)

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
    echo "error: lstm-gui needs Python 3.10 or newer ($PYTHON is $("$PYTHON" --version 2>&1))." >&2
    exit 1
fi
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
if [ ! -f "$STAMP" ]; then
    echo "Installing lstm-gui and its dependencies into $VENV (PyTorch is large; this takes a while)..."
    "$VENV/bin/python" -m pip install --quiet -e ".[dev]"
    rm -f "$VENV"/.installed-*
    touch "$STAMP"
fi
# Qt translations (.qm) are built from the .ts sources, never committed.
"$VENV/bin/python" -m lstm_gui.gui.translations

if [ "${1:-}" = "test" ]; then
    shift
    export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
    # pytest's addopts deselect the slow tests; --all gives them back (`-m` given later wins).
    # Two worker processes (pytest-xdist) for the quick tests: they are mostly single-threaded
    # Qt and tiny models, so two cores halve the wait. --all runs in one process: its bundle
    # build and long-session tests time the app, and a second process sharing the two cores
    # made them fail. `-n N` given after `test` (or LSTM_GUI_TEST_WORKERS) overrides either.
    workers=${LSTM_GUI_TEST_WORKERS:-2}
    if [ "${1:-}" = "--all" ]; then
        shift
        workers=${LSTM_GUI_TEST_WORKERS:-0}
        set -- -m "slow or not slow" "$@"
    fi
    exec "$VENV/bin/python" -m pytest -n "$workers" "$@"
fi
exec "$VENV/bin/lstm-gui" "$@"
