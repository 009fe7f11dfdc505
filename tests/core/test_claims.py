"""Claims experiments: seeds, the memory state's gradient, saved and reopened; budgets."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from lstm_gui.core.claims.budgets import QUICK_SETTINGS, REFERENCE_SETTINGS
from lstm_gui.core.claims.experiments import (
    CLAIM_RUNS_FOLDER,
    COST,
    GRADIENTS,
    LENGTH,
    PROBE_DIGITS,
    ClaimRun,
    Experiment,
    ExperimentProgress,
    claims_dir,
    list_experiments,
    load_experiment,
    run_experiment,
    save_experiment,
)
from lstm_gui.core.claims.records import FINER, MEMORY, ExperimentSettings
from lstm_gui.core.claims.references import published_results, reference_experiments
from lstm_gui.core.errors import ConfigError, LstmGuiError
from lstm_gui.core.run.checkpoint import load_checkpoint
from lstm_gui.core.run.control import TrainingControl
from lstm_gui.core.run.data import DatasetSplits
from lstm_gui.core.run.runs import scan_runs

TINY = {"train_limit": 64, "test_limit": 32, "hidden": 8, "batch_size": 32}


def test_the_budget_counts_weight_updates_digits_and_seeds() -> None:
    settings = ExperimentSettings(train_limit=1000, batch_size=64, epochs=3, seeds=4, seed=7)
    assert settings.updates == 3 * 16  # ceil(1000 / 64) = 16 batches an epoch
    assert settings.digits == 1000
    assert settings.seed_list == (7, 8, 9, 10)
    assert ExperimentSettings(train_limit=None, batch_size=64).digits == 60000


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"lengths": (20,)}, "28 or more"),
        ({"task": FINER, "lengths": (100,)}, "equal chunks"),
        ({"seeds": 0}, "seeds"),
        ({"task": "sideways"}, "Unknown task"),
        ({"forget_bias": 99.0}, "forget-gate bias"),
        ({"depths": (0,)}, "depths"),
    ],
)
def test_settings_refuse_what_no_run_could_train(changes: dict, words: str) -> None:
    with pytest.raises(ConfigError, match=words):
        replace(ExperimentSettings(), **changes)


def test_the_quick_budgets_are_smaller_than_the_reference_ones() -> None:
    for claim in (GRADIENTS, LENGTH):
        quick, reference = QUICK_SETTINGS[claim], REFERENCE_SETTINGS[claim]
        assert quick.seeds >= 3 and reference.seeds >= 3
        assert quick.updates < reference.updates
    assert QUICK_SETTINGS[COST].repeats >= 3
    assert max(QUICK_SETTINGS[LENGTH].lengths) >= 1000  # "about a thousand" is tried


def test_published_figures_carry_their_citation() -> None:
    figures = {(r.cell, r.source.split(",")[0]): r.acc for r in published_results(LENGTH)}
    assert figures[("lstm", "Cooijmans et al.")] == pytest.approx(0.989)
    assert figures[("rnn", "Cooijmans et al.")] == pytest.approx(0.350)
    assert figures[("gru", "Bai")] == pytest.approx(0.962)
    assert all(r.steps == 784 for r in published_results(LENGTH))
    assert published_results(COST) == []


def independent_lstm_state_gradients(
    checkpoint_path: str, sequences: torch.Tensor, labels: torch.Tensor
) -> tuple[np.ndarray, np.ndarray]:
    """Mean ||dL/dh_t|| and ||dL/dc_t|| of a one-layer LSTM by an nn.LSTMCell loop."""
    weights = load_checkpoint(checkpoint_path).state_dict
    hidden = weights["rnn.weight_hh_l0"].shape[1]
    cell = nn.LSTMCell(sequences.shape[2], hidden)
    head = nn.Linear(hidden, 10)
    with torch.no_grad():
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(cell, name).copy_(weights[f"rnn.{name}_l0"])
        head.weight.copy_(weights["head.weight"])
        head.bias.copy_(weights["head.bias"])
    h = torch.zeros(sequences.shape[0], hidden)
    c = torch.zeros_like(h)
    hs, cs = [], []
    for t in range(sequences.shape[1]):
        h, c = cell(sequences[:, t], (h, c))
        h.retain_grad()
        c.retain_grad()
        hs.append(h)
        cs.append(c)
    nn.functional.cross_entropy(head(h), labels).backward()

    def norms(states: list[torch.Tensor]) -> np.ndarray:
        return np.array(
            [0.0 if s.grad is None else float(s.grad.norm(dim=1).mean()) for s in states]
        )

    return norms(hs), norms(cs)


def test_a_memory_experiment_trains_every_cell_length_and_seed_and_measures_the_memory_state(
    digits: DatasetSplits, tmp_path: Path
) -> None:
    settings = ExperimentSettings(
        cells=("rnn", "lstm"), task=MEMORY, lengths=(28, 34), seeds=2, seed=5, **TINY
    )
    items = list(run_experiment(GRADIENTS, settings, runs_root=tmp_path, data=digits))
    runs = [item for item in items if isinstance(item, ClaimRun)]
    experiment = items[-1]
    assert isinstance(experiment, Experiment) and not experiment.stopped
    assert experiment.runs == tuple(runs)
    assert [(r.seed, r.cell, r.steps, r.blank_steps) for r in runs] == [
        (5, "rnn", 28, 0),
        (5, "rnn", 34, 6),
        (5, "lstm", 28, 0),
        (5, "lstm", 34, 6),
        (6, "rnn", 28, 0),
        (6, "rnn", 34, 6),
        (6, "lstm", 28, 0),
        (6, "lstm", 34, 6),
    ]
    assert all(run.updates == 2 for run in runs)  # 64 digits in batches of 32
    # Different seeds train different nets.
    assert runs[1].profiles["hidden"] != runs[5].profiles["hidden"]
    lstm = runs[3]
    assert {len(values) for values in lstm.profiles.values()} == {34}
    assert {"hidden", "cell", "input", "hidden_init_keras", "cell_init_pytorch"} <= set(
        lstm.profiles
    )
    assert "cell" not in runs[1].profiles  # a plain RNN has no cell state
    # The trained profiles equal an independent autograd computation on the same digits.
    probe = min(PROBE_DIGITS, len(digits.test))  # the first test digits
    images = digits.test.images[:probe].float().div(255).reshape(probe, 28, 28)
    sequences = torch.cat([images, torch.zeros(probe, 6, 28)], dim=1)
    hidden, cells = independent_lstm_state_gradients(
        lstm.checkpoint, sequences, digits.test.labels[:probe]
    )
    assert np.allclose(lstm.profiles["hidden"], hidden, rtol=1e-3, atol=1e-9)
    assert np.allclose(lstm.profiles["cell"], cells, rtol=1e-3, atol=1e-9)
    # Progress covers the whole experiment once, ending at 1.
    fractions = [item.fraction for item in items if isinstance(item, ExperimentProgress)]
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(1.0)
    # The runs are kept out of the learner's runs list, under the claims folder.
    assert scan_runs(tmp_path).runs == []
    assert len(scan_runs(claims_dir(tmp_path) / CLAIM_RUNS_FOLDER).runs) == 8


def test_at_initialisation_both_initialisations_are_measured_from_the_same_seed(
    digits: DatasetSplits, tmp_path: Path
) -> None:
    settings = ExperimentSettings(
        cells=("lstm",), task=MEMORY, lengths=(40,), seeds=1, keras_init=False, **TINY
    )
    run = next(
        item
        for item in run_experiment(GRADIENTS, settings, runs_root=tmp_path, data=digits)
        if isinstance(item, ClaimRun)
    )
    # The run used PyTorch's initialisation: its own "before" profile is the PyTorch one.
    assert run.profiles["hidden_init"] == run.profiles["hidden_init_pytorch"]
    assert run.profiles["hidden_init_keras"] != run.profiles["hidden_init_pytorch"]


def test_a_stopped_experiment_keeps_the_runs_that_finished(
    digits: DatasetSplits, tmp_path: Path
) -> None:
    settings = ExperimentSettings(cells=("rnn", "lstm"), lengths=(28,), seeds=2, **TINY)
    control = TrainingControl()
    items = []
    for item in run_experiment(LENGTH, settings, runs_root=tmp_path, data=digits, control=control):
        items.append(item)
        if isinstance(item, ClaimRun):
            control.stop()
    experiment = items[-1]
    assert isinstance(experiment, Experiment)
    assert experiment.stopped
    assert [(run.cell, run.seed) for run in experiment.runs] == [("rnn", 0)]


def test_experiments_save_reopen_and_list_newest_first(
    digits: DatasetSplits, tmp_path: Path
) -> None:
    settings = ExperimentSettings(cells=("rnn",), lengths=(28,), seeds=1, **TINY)
    experiment = list(run_experiment(LENGTH, settings, runs_root=tmp_path, data=digits))[-1]
    older = save_experiment(replace(experiment, created="2026-01-01T10:00:00"), tmp_path)
    newer = save_experiment(replace(experiment, created="2026-02-01T10:00:00"), tmp_path)
    reopened = load_experiment(newer.path)
    assert reopened.runs == experiment.runs
    assert reopened.settings == settings
    assert [e.path for e in list_experiments(tmp_path)] == [newer.path, older.path]
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    assert len(list_experiments(tmp_path)) == 2
    with pytest.raises(LstmGuiError, match="broken.json"):
        load_experiment(tmp_path / "broken.json")


def test_a_single_seed_experiment_from_before_seeds_still_opens(tmp_path: Path) -> None:
    old = {
        "claim": "gradients",
        "created": "2026-11-01T10:00:00",
        "stopped": False,
        "threads": 1,
        "settings": {"cells": ["rnn"], "lengths": [28, 112], "train_limit": 2000, "hidden": 32},
        "runs": [
            {
                "cell": "rnn",
                "steps": 112,
                "params": 10,
                "macs_per_sample": 100,
                "samples_per_s": 5.0,
                "seconds": 1.0,
                "val_acc": 0.28,
                "early_late_ratio": 0.5,
                "initial_early_late_ratio": None,
                "profile": [0.1, 0.2],
                "initial_profile": [0.3, 0.4],
                "status": "completed",
                "checkpoint": "",
            }
        ],
    }
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    experiment = load_experiment(path)
    assert experiment.settings.seeds == 1 and experiment.settings.task == FINER
    run = experiment.runs[0]
    assert run.profile == (0.1, 0.2) and run.initial_profile == (0.3, 0.4)
    assert run.val_acc == 0.28 and run.seed == 0


def test_reference_experiments_are_read_by_claim(digits: DatasetSplits, tmp_path: Path) -> None:
    settings = ExperimentSettings(cells=("rnn",), lengths=(28,), seeds=1, **TINY)
    experiment = list(run_experiment(LENGTH, settings, runs_root=tmp_path, data=digits))[-1]
    folder = tmp_path / "refs"
    save_experiment(replace(experiment, provenance={"command": "lstm-gui claims length"}), folder)
    (folder / "junk.json").write_text("[]", encoding="utf-8")
    found = reference_experiments(LENGTH, folder)
    assert [e.provenance for e in found] == [{"command": "lstm-gui claims length"}]
    assert reference_experiments(GRADIENTS, folder) == []


def test_the_shipped_references_open_and_name_their_provenance() -> None:
    for claim in (GRADIENTS, LENGTH, COST):
        for experiment in reference_experiments(claim):
            provenance = experiment.provenance or {}
            assert {"command", "version", "machine", "date", "wall_seconds"} <= set(provenance)
            assert experiment.settings.seeds >= 3 or claim == COST
            assert not experiment.stopped
