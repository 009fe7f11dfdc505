"""A claim's experiment: cells x lengths x seeds, run as a generator, saved as JSON.

`run_experiment` trains every cell at every length once per seed (core.claims.sweep), measures
each trained net's gradient through time (the gradients claim) and yields an `Experiment`
holding every run; the cost claim times training updates instead (core.claims.cost). What the
numbers say is written by core.claims.verdicts; the budgets are in core.claims.budgets.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lstm_gui.core.claims.records import ClaimRun, CostTiming, ExperimentSettings
from lstm_gui.core.errors import ConfigError, LstmGuiError

if TYPE_CHECKING:  # torch is imported by running an experiment, not by reading one
    from lstm_gui.core.claims.cost import CostProgress
    from lstm_gui.core.run.control import TrainingControl
    from lstm_gui.core.run.data import DatasetSplits
    from lstm_gui.core.run.progress import Progress

GRADIENTS = "gradients"
LENGTH = "length"
COST = "cost"
CLAIMS = (GRADIENTS, LENGTH, COST)

CLAIMS_FOLDER = ".claims"  # under the runs root; hidden, so the runs list leaves it alone
# The experiments' own training runs, inside the claims folder: dozens per experiment would
# bury the learner's runs in the Train tab's list.
CLAIM_RUNS_FOLDER = "runs"
# Test digits whose gradient through time is measured, before and after training.
PROBE_DIGITS = 256


@dataclass(frozen=True)
class ExperimentProgress:
    """A training record of run `index` of `total` (0-based) and the share of all work done."""

    index: int
    total: int
    seed: int
    cell: str
    steps: int
    record: Progress
    fraction: float  # 0..1 of the whole experiment


@dataclass(frozen=True)
class Experiment:
    """A claim's experiment: its settings, the runs (or timings) that finished, and more."""

    claim: str
    settings: ExperimentSettings
    runs: tuple[ClaimRun, ...] = ()
    timings: tuple[CostTiming, ...] = ()  # the cost claim's
    created: str = field(default_factory=lambda: datetime.now().isoformat(timespec="seconds"))
    stopped: bool = False
    threads: int | None = None  # PyTorch's CPU threads during the runs
    seconds: float = math.nan  # wall time of the whole experiment
    # Where a reference result came from: command, version, machine, date (None: a learner's).
    provenance: Mapping[str, Any] | None = None
    path: Path | None = None  # the file it was saved to or read from

    def to_dict(self) -> dict[str, Any]:
        """The JSON file's contents."""
        return {
            "claim": self.claim,
            "created": self.created,
            "stopped": self.stopped,
            "threads": self.threads,
            "seconds": None if not math.isfinite(self.seconds) else round(self.seconds, 1),
            "provenance": dict(self.provenance) if self.provenance is not None else None,
            "settings": self.settings.to_dict(),
            "runs": [run.to_dict() for run in self.runs],
            "timings": [timing.to_dict() for timing in self.timings],
        }

    @classmethod
    def from_dict(cls, values: Mapping[str, Any], path: Path | None = None) -> Experiment:
        """Read back what to_dict wrote; raises LstmGuiError for anything else."""
        try:
            claim = str(values["claim"])
            if claim not in CLAIMS:
                raise ValueError(f"unknown claim {claim!r}")
            provenance = values.get("provenance")
            if provenance is not None and not isinstance(provenance, dict):
                raise ValueError("provenance is not a mapping")
            seconds = values.get("seconds")
            return cls(
                claim=claim,
                settings=ExperimentSettings.from_dict(values["settings"]),
                runs=tuple(ClaimRun.from_dict(run) for run in values["runs"]),
                timings=tuple(CostTiming.from_dict(t) for t in values.get("timings") or ()),
                created=str(values.get("created", "")),
                stopped=bool(values.get("stopped", False)),
                threads=values.get("threads"),
                seconds=math.nan if seconds is None else float(seconds),
                provenance=provenance,
                path=path,
            )
        except (KeyError, TypeError, ValueError, AttributeError, ConfigError) as exc:
            name = path.name if path is not None else "The file"
            raise LstmGuiError(f"{name} is not a saved experiment: {exc}.") from None

    @property
    def title(self) -> str:
        """The cells, lengths and seeds, e.g. "rnn, lstm × 28, 128 × 3 seeds"."""
        cells = ", ".join(self.settings.cells)
        lengths = ", ".join(str(steps) for steps in self.settings.lengths)
        return f"{cells} × {lengths} × {self.settings.seeds} seed(s)"

    @property
    def seeds_done(self) -> int:
        """How many different seeds have at least one finished run."""
        return len({run.seed for run in self.runs})


def claims_dir(runs_root: str | os.PathLike[str] | None = None) -> Path:
    """Where experiments are saved: a hidden folder in the runs folder."""
    from lstm_gui.core.run.runs import runs_dir

    return (Path(runs_root) if runs_root is not None else runs_dir()) / CLAIMS_FOLDER


def save_experiment(experiment: Experiment, folder: str | os.PathLike[str]) -> Experiment:
    """Write the experiment as <folder>/<time stamp>-<claim>.json; returns it with its path."""
    base = Path(folder)
    stamp = experiment.created.replace(":", "").replace("-", "")
    path = base / f"{stamp}-{experiment.claim}.json"
    counter = 2
    while path.exists():
        path = base / f"{stamp}-{experiment.claim}-{counter}.json"
        counter += 1
    return write_experiment(experiment, path)


def write_experiment(experiment: Experiment, path: str | os.PathLike[str]) -> Experiment:
    """Write the experiment to exactly `path` (replaced whole); returns it with its path."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(json.dumps(experiment.to_dict(), indent=1), encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        raise LstmGuiError(
            f"Cannot save the experiment in {path.parent}: {exc.strerror or exc}."
        ) from None
    return replace(experiment, path=path)


def load_experiment(path: str | os.PathLike[str]) -> Experiment:
    """Read a saved experiment; raises LstmGuiError with one sentence when it cannot."""
    path = Path(path)
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise LstmGuiError(f"Cannot read the experiment {path.name}: {exc}.") from None
    if not isinstance(values, dict):
        raise LstmGuiError(f"{path.name} is not a saved experiment.")
    return Experiment.from_dict(values, path)


def list_experiments(folder: str | os.PathLike[str]) -> list[Experiment]:
    """The readable experiments saved in `folder`, newest first (unreadable files are skipped)."""
    try:
        paths = sorted(Path(folder).glob("*.json"), reverse=True)
    except OSError:
        return []
    experiments = []
    for path in paths:
        try:
            experiments.append(load_experiment(path))
        except LstmGuiError:
            continue
    return experiments


def run_experiment(
    claim: str,
    settings: ExperimentSettings,
    *,
    runs_root: Path | None = None,
    data_dir: Path | None = None,
    download: bool = True,
    control: TrainingControl | None = None,
    data: DatasetSplits | None = None,
    progress: Callable[[Any], None] | None = None,
) -> Iterator[ExperimentProgress | CostProgress | ClaimRun | CostTiming | Experiment]:
    """Run the experiment; yields its progress, each finished run, then the Experiment.

    Seeds are outermost, so a stopped experiment holds whole seeds first. A stop through
    `control` ends the current run (its folder keeps what it trained) and the experiment,
    which still ends with an Experiment holding what finished. Run folders go under the claims
    folder of `runs_root`.
    """
    from lstm_gui.core.run.control import TrainingControl

    if claim not in CLAIMS:
        raise ConfigError(f"Unknown claim {claim!r}; choose one of {', '.join(CLAIMS)}.")
    control = control or TrainingControl()
    started = time.perf_counter()
    threads = settings.train_config(settings.seed).with_run_defaults().torch_threads
    if claim == COST:
        from lstm_gui.core.claims.cost import time_updates

        timings: list[CostTiming] = []
        for item in time_updates(settings, control=control, threads=threads):
            if isinstance(item, CostTiming):
                timings.append(item)
            yield item
        yield Experiment(
            claim,
            settings,
            timings=tuple(timings),
            stopped=control.stopped,
            threads=threads,
            seconds=time.perf_counter() - started,
        )
        return
    runs = yield from _train_runs(
        claim, settings, runs_root, data_dir, download, control, data, progress
    )
    yield Experiment(
        claim,
        settings,
        tuple(runs),
        stopped=control.stopped,
        threads=threads,
        seconds=time.perf_counter() - started,
    )


def _train_runs(
    claim: str,
    settings: ExperimentSettings,
    runs_root: Path | None,
    data_dir: Path | None,
    download: bool,
    control: TrainingControl,
    data: DatasetSplits | None,
    progress: Callable[[Any], None] | None,
) -> Generator[ExperimentProgress | ClaimRun, None, list[ClaimRun]]:
    """Every cell x length x seed, each run's figures (and gradient profiles) as it ends."""
    from lstm_gui.core.claims.sweep import sweep_configs, train_sweep_run
    from lstm_gui.core.run.data import load_dataset
    from lstm_gui.core.run.progress import BatchProgress, EpochResult

    plans = [
        (seed, configs)
        for seed in settings.seed_list
        for configs in sweep_configs(
            settings.cells,
            settings.lengths,
            settings.train_config(seed),
            settings.model_overrides(),
            settings.task,
        )
    ]
    if data is None:
        data = load_dataset(
            settings.train_config(settings.seed).dataset,
            data_dir,
            download=download,
            progress=progress,
        )
    folder = claims_dir(runs_root) / CLAIM_RUNS_FOLDER
    runs: list[ClaimRun] = []
    total = len(plans)
    for index, (seed, (model_config, config)) in enumerate(plans):
        initial = _profiles_at_initialisation(claim, model_config, config, data)
        outcome = None
        within = 0.0
        inner = train_sweep_run(
            index, total, model_config, config, data=data, runs_root=folder, control=control
        )
        while True:
            try:
                item = next(inner)
            except StopIteration as stop:
                outcome = stop.value
                break
            record = item.record
            # Records that say nothing of the share done (e.g. the run's end) keep the last.
            if isinstance(record, BatchProgress):
                within = record.global_step / max(1, record.batches * record.epochs)
            elif isinstance(record, EpochResult):
                within = record.epoch / max(1, record.epochs)
            yield ExperimentProgress(
                index, total, seed, item.cell, item.steps, record, (index + within) / total
            )
        if outcome is None:
            break
        result, prepared = outcome
        trained = _measure_profiles(prepared.model, config, data) if claim == GRADIENTS else {}
        run = ClaimRun.from_sweep(result, seed, settings.updates, {**initial, **trained})
        runs.append(run)
        yield run
    return runs


def _profiles_at_initialisation(
    claim: str, model_config: Any, config: Any, data: DatasetSplits
) -> dict[str, tuple[float, ...]]:
    """The gradient claim's profiles before training, under both initialisations.

    The run's own initialisation is the one its seed builds (as the session builds it); the
    other is built from the same seed, so the difference is the initialisation alone.
    """
    if claim != GRADIENTS:
        return {}
    import torch

    from lstm_gui.core.run.model import SequenceClassifier

    profiles: dict[str, tuple[float, ...]] = {}
    for keras in (True, False):
        torch.manual_seed(config.seed)
        model = SequenceClassifier(replace(model_config, keras_init=keras))
        measured = _measure_profiles(model, config, data)
        suffix = "keras" if keras else "pytorch"
        for state in ("hidden", "cell"):
            if state in measured:
                profiles[f"{state}_init_{suffix}"] = measured[state]
        if keras == model_config.keras_init:
            profiles.update({f"{name}_init": values for name, values in measured.items()})
    return profiles


def _measure_profiles(model: Any, config: Any, data: DatasetSplits) -> dict[str, tuple[float, ...]]:
    """Input, hidden (and LSTM cell) gradient norms per step on the first test digits."""
    from lstm_gui.core.inside.gradients import probe_profile
    from lstm_gui.core.run.sequences import SequenceEncoder

    profile = probe_profile(
        model,
        data.test,
        SequenceEncoder.for_config(config),
        next(model.parameters()).device,
        PROBE_DIGITS,
    )
    profiles = {"input": _rounded(profile.input_norms)}
    if profile.hidden_norms is not None:
        profiles["hidden"] = _rounded(profile.hidden_norms)
    if profile.cell_norms is not None:
        profiles["cell"] = _rounded(profile.cell_norms)
    return profiles


def _rounded(values: Any) -> tuple[float, ...]:
    """Six significant figures: the files stay small, the ratios exact enough."""
    return tuple(float(f"{float(value):.6g}") for value in values)
