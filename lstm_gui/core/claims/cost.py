"""The cost claim's measurement: seconds per training update, repeated in alternating order.

Each network (cell x length at one layer, and each cell at the shortest length with more
layers) is built once, warmed up, then timed for `timed_updates` updates per repeat. Repeats
run the networks in turn, every other repeat in reverse order, so a machine that slows down or
speeds up during the experiment shifts every network alike instead of favouring the first.
Inputs are random numbers of the task's shape: time does not depend on which digits are read.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import torch
from torch import nn

from lstm_gui.core.claims.records import FINER, CostTiming, ExperimentSettings
from lstm_gui.core.config import IMAGE_SIDE, ModelConfig, pixels_per_step
from lstm_gui.core.numerics import flush_denormals
from lstm_gui.core.run.control import TrainingControl
from lstm_gui.core.run.costs import recurrent_macs_per_step
from lstm_gui.core.run.model import SequenceClassifier

# Untimed updates before the first repeat: the first calls allocate and pick kernels.
WARM_UP = 2


@dataclass(frozen=True)
class CostProgress:
    """`done` of `total` timings finished (networks x repeats)."""

    done: int
    total: int
    cell: str
    steps: int
    layers: int

    @property
    def fraction(self) -> float:
        """0..1 of the whole experiment."""
        return self.done / max(1, self.total)


def timed_networks(settings: ExperimentSettings) -> list[tuple[str, int, int]]:
    """(cell, steps, layers) of every network timed.

    Every length at one layer, and every depth at the shortest length.
    """
    networks = [(cell, steps, 1) for cell in settings.cells for steps in settings.lengths]
    shortest = min(settings.lengths)
    networks += [
        (cell, shortest, layers)
        for cell in settings.cells
        for layers in settings.depths
        if layers != 1
    ]
    return networks


def _input_width(settings: ExperimentSettings, steps: int) -> int:
    return pixels_per_step(steps) if settings.task == FINER else IMAGE_SIDE


class _TimedNetwork:
    """One network, its optimizer and a random batch, ready to time updates."""

    def __init__(self, settings: ExperimentSettings, cell: str, steps: int, layers: int) -> None:
        width = _input_width(settings, steps)
        self.config = ModelConfig(
            cell=cell, input_size=width, hidden_size=settings.hidden, num_layers=layers
        )
        generator = torch.Generator().manual_seed(settings.seed)
        torch.manual_seed(settings.seed)
        self.model = SequenceClassifier(self.config)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=settings.lr)
        self.inputs = torch.rand(settings.batch_size, steps, width, generator=generator)
        self.labels = torch.randint(0, 10, (settings.batch_size,), generator=generator)
        self.steps = steps

    def update(self) -> None:
        """One training update: forward, backward, Adam step."""
        loss = nn.functional.cross_entropy(self.model(self.inputs), self.labels)
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        self.optimizer.step()

    def time(self, updates: int) -> float:
        """Mean seconds per update over `updates` updates."""
        started = time.perf_counter()
        for _ in range(updates):
            self.update()
        return (time.perf_counter() - started) / updates


def time_updates(
    settings: ExperimentSettings,
    *,
    control: TrainingControl | None = None,
    threads: int | None = None,
) -> Iterator[CostProgress | CostTiming]:
    """Time every network `settings.repeats` times; yields progress, then each CostTiming.

    A stop through `control` ends the measurement after the current timing; the networks whose
    repeats all finished are still yielded (none when the first repeat was cut short).
    """
    control = control or TrainingControl()
    flush_denormals()
    if threads is not None:
        torch.set_num_threads(threads)
    networks = timed_networks(settings)
    built = [_TimedNetwork(settings, *network) for network in networks]
    for network in built:
        for _ in range(WARM_UP):
            network.update()
    seconds: list[list[float]] = [[] for _ in networks]
    total = len(networks) * settings.repeats
    done = 0
    for repeat in range(settings.repeats):
        order = list(range(len(networks)))
        if repeat % 2:
            order.reverse()
        for index in order:
            if control.stopped:
                break
            seconds[index].append(built[index].time(settings.timed_updates))
            done += 1
            cell, steps, layers = networks[index]
            yield CostProgress(done, total, cell, steps, layers)
        if control.stopped:
            break
    for (cell, steps, layers), network, measured in zip(networks, built, seconds, strict=True):
        if not measured:
            continue
        yield CostTiming(
            cell=cell,
            steps=steps,
            layers=layers,
            macs_per_sample=recurrent_macs_per_step(network.config) * steps,
            seconds=tuple(measured),
        )
