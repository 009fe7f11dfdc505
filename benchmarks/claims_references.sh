#!/usr/bin/env bash
# The shipped reference results of the Claims tab: each claim's experiment at its reference
# budget (core/claims/budgets.py), written with its provenance to resources/claims/.
# Usage: benchmarks/claims_references.sh [DATA_DIR]   (default ../shared/data/mnist)
# About 45 minutes on two CPU cores; each experiment trains on one thread.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data/mnist}
runs=$(mktemp -d)
out=resources/claims
lstm() { .venv/bin/lstm-gui "$@"; }
lstm claims cost --budget reference --runs-dir "$runs" --output "$out/cost.json" --json
lstm claims gradients --budget reference --runs-dir "$runs" --data-dir "$data" --no-download \
    --output "$out/gradients.json" --json
lstm claims gradients --budget reference --forget-bias 5 --runs-dir "$runs" --data-dir "$data" \
    --no-download --output "$out/gradients-forget-bias-5.json" --json
lstm claims length --budget reference --runs-dir "$runs" --data-dir "$data" --no-download \
    --output "$out/length.json" --json
lstm claims length --budget reference --task finer --lengths 28,112,784 --runs-dir "$runs" \
    --data-dir "$data" --no-download --output "$out/length-pixels.json" --json
rm -rf "$runs"
