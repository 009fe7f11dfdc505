"""`lstm-gui claims CLAIM`: the tab's experiment and verdict on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lstm_gui.cli import main
from lstm_gui.core.claims.experiments import claims_dir, list_experiments, load_experiment
from lstm_gui.core.claims.verdicts import verdict

TINY = ["--train-limit", "64", "--test-limit", "32", "--hidden", "8", "--batch-size", "32"]


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_claims_json_prints_every_run_then_an_inconclusive_verdict_on_a_tiny_budget(
    capsys: pytest.CaptureFixture[str], digits_dir: Path, tmp_path: Path
) -> None:
    status, out, _ = run_cli(
        capsys,
        "claims",
        "gradients",
        "--data-dir",
        str(digits_dir),
        "--runs-dir",
        str(tmp_path),
        "--lengths",
        "28,33",
        "--cells",
        "rnn,lstm",
        *TINY,
        "--json",
    )
    assert status == 0
    lines = [json.loads(line) for line in out.splitlines()]
    runs, last = lines[:-1], lines[-1]
    assert len(runs) == 2 * 2 * 3  # rnn and lstm x two lengths x three seeds (the default)
    assert sorted({r["seed"] for r in runs}) == [0, 1, 2]
    assert {r["blank_steps"] for r in runs} == {0, 5}
    assert set(last) == {"claim", "decision", "text", "budget", "experiment"}
    assert last["claim"] == "gradients"
    # Two updates of 32 digits teach nothing: the verdict cannot decide.
    assert last["decision"] == "inconclusive"
    assert last["budget"]["updates"] == 2 and last["budget"]["seeds"] == 3
    # The saved experiment is the one the tab lists, and its verdict is the one printed.
    saved = load_experiment(last["experiment"])
    assert [e.path for e in list_experiments(claims_dir(tmp_path))] == [saved.path]
    assert verdict(saved).text() == last["text"]
    assert [r["val_acc"] for r in runs] == [r.val_acc for r in saved.runs]


def test_claims_cost_writes_the_experiment_with_its_provenance(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    output = tmp_path / "reference" / "cost.json"
    status, out, _ = run_cli(
        capsys,
        "claims",
        "cost",
        "--runs-dir",
        str(tmp_path),
        "--cells",
        "rnn,lstm",
        "--lengths",
        "28,56",
        "--depths",
        "1,2",
        "--hidden",
        "8",
        "--repeats",
        "2",
        "--timed-updates",
        "1",
        "--output",
        str(output),
    )
    assert status == 0
    assert out.splitlines()[-3].startswith("cost: ")
    written = load_experiment(output)
    assert [(t.cell, t.steps, t.layers) for t in written.timings] == [
        ("rnn", 28, 1),
        ("rnn", 56, 1),
        ("lstm", 28, 1),
        ("lstm", 56, 1),
        ("rnn", 28, 2),
        ("lstm", 28, 2),
    ]
    assert all(len(t.seconds) == 2 for t in written.timings)
    provenance = written.provenance or {}
    assert "claims cost" in provenance["command"]
    assert provenance["version"] and provenance["machine"]
    assert provenance["wall_seconds"] == pytest.approx(written.seconds, abs=0.06)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--lengths", "20"], "28 or more"),
        (["--seeds", "0"], ""),
        (["--forget-bias", "50"], "forget-gate bias"),
        (["--task", "finer", "--lengths", "100"], "equal chunks"),
    ],
)
def test_bad_claims_settings_are_one_sentence(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], words: str
) -> None:
    try:
        status = main(["claims", "length", "--runs-dir", str(tmp_path), *args])
    except SystemExit as exit_:  # argparse refuses a non-positive count itself
        status = int(exit_.code or 0)
    err = capsys.readouterr().err
    assert status in (1, 2)
    assert "Traceback" not in err
    assert words in err
    assert not list_experiments(claims_dir(tmp_path))
