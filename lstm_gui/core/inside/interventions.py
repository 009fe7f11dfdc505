"""Interventions on a trained network: gates clamped, memory emptied, units silenced as it reads.

A spec names one change, e.g. `forget=0`, `input=0@rows=1-14`, `output=1@units=1-64`,
`cell=reset@row=14`, `state=reset@row=15`, `unit=41:off`:

- `GATE=V` holds a sigmoid gate at V (0 to 1) while the rows are read: the LSTM's `input`,
  `forget`, `output`; the GRU's `reset`, `update`. A plain RNN has no gates.
- `cell=reset` empties the LSTM's memory c once as each of the rows begins, before the step
  reading its first pixel (by rows, `cell=reset@row=14` is `forget=0@row=14`); `state=reset`
  empties h too, so `state=reset@row=R` reads from row R on as if from the start (any cell).
- `unit=J:off` (or `unit=A-B:off`) sets unit J's h and c to 0 after every step read: it passes
  nothing to the next step nor to the classifier.

`@rows=A-B` / `@row=R` limit a change to those rows, `@units=A-B` / `@unit=J` to those units;
without them it acts on every row and unit. Rows and units are numbered from 1, as the Draw tab
shows them (row 1 is the image's top row; unit 1 the heatmaps' first column). Rows are the
image's 28 rows, then a memory-task model's blank steps (29, 30, ...); a model that reads a row
in several steps is changed at every step of the rows, one that reads several rows a step at
each step touching them; a permuted model has no rows to name. Every layer of a multi-layer
network is changed alike (the same gate and units in each); a bidirectional network cannot be
(its reverse direction is not traced).
Interventions apply in the order given, a later one on the same gate and unit winning.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Generator, Mapping, Sequence
from dataclasses import dataclass

import torch

from lstm_gui.core.config import IMAGE_PIXELS, IMAGE_SIDE, ModelConfig, sequence_shape
from lstm_gui.core.errors import ConfigError
from lstm_gui.core.run.data import ImageSet
from lstm_gui.core.run.model import GATE_NAMES, Gate, GateClamp, SequenceClassifier, StepTrace
from lstm_gui.core.run.progress import EvalResult, EvaluationProgress
from lstm_gui.core.run.sequences import SequenceEncoder
from lstm_gui.core.run.training import evaluation

# The sigmoid gates a spec may clamp, by the word it uses, and the states it may reset.
GATE_TARGETS: dict[str, Gate] = {
    "input": Gate.INPUT,
    "forget": Gate.FORGET,
    "output": Gate.OUTPUT,
    "reset": Gate.RESET,
    "update": Gate.UPDATE,
}
CELL, STATE, UNIT = "cell", "state", "unit"
TARGETS = (*GATE_TARGETS, CELL, STATE, UNIT)
RESET_WORD, OFF_WORD = "reset", "off"
CELL_NAMES = {"lstm": "an LSTM", "gru": "a GRU", "rnn": "a plain RNN"}
Span = tuple[int, int]  # first and last, 1-based, inclusive
Emptied = tuple[bool, bool]  # whether a target sets h, and c, to 0
# The targets that empty states, and which: the resets as a row begins (before the step
# reads its state), a unit switched off after every step (before anything reads its output).
_EMPTIED_BEFORE_STEP: dict[str, Emptied] = {CELL: (False, True), STATE: (True, True)}
_EMPTIED_AFTER_STEP: dict[str, Emptied] = {UNIT: (True, True)}


@dataclass(frozen=True)
class Intervention:
    """One change to the network as it reads: a gate held, a state emptied or units silenced."""

    target: str  # a key of GATE_TARGETS, or CELL, STATE, UNIT
    value: float | None = None  # a gate's clamped value; None for the states and units
    rows: Span | None = None  # None: every row (and blank step)
    units: Span | None = None  # None: every unit

    def __post_init__(self) -> None:
        if self.target not in TARGETS:
            raise ConfigError(f'Unknown intervention target "{self.target}".')
        if (self.target in GATE_TARGETS) != (self.value is not None):
            raise ConfigError(f"A value goes with a gate, and only with a gate ({self.target}).")
        if self.target == UNIT and self.units is None:
            raise ConfigError("Name the units to silence, such as unit=41:off.")

    @property
    def gate(self) -> Gate | None:
        """The gate it clamps, None for a state or unit intervention."""
        return GATE_TARGETS.get(self.target)

    @property
    def spec(self) -> str:
        """The intervention as a spec parse_intervention reads back, e.g. forget=0@rows=15-28."""
        if self.target == UNIT:
            head = f"unit={_span_text(self.units)}:{OFF_WORD}"
        elif self.value is not None:
            head = f"{self.target}={self.value:g}"
        else:
            head = f"{self.target}={RESET_WORD}"
        if self.rows is not None:
            head += f"@{'row' if self.rows[0] == self.rows[1] else 'rows'}={_span_text(self.rows)}"
        if self.units is not None and self.target != UNIT:
            head += f"@{'unit' if self.units[0] == self.units[1] else 'units'}="
            head += _span_text(self.units)
        return head


def _span_text(span: Span | None) -> str:
    assert span is not None  # a unit intervention always names its units
    return str(span[0]) if span[0] == span[1] else f"{span[0]}-{span[1]}"


@dataclass(frozen=True)
class InterventionLimits:
    """What a model allows: its cell, units, rows and how its steps cut the image."""

    cell: str
    hidden_size: int
    image_steps: int  # the steps that read the image (28 for rows)
    blank_steps: int = 0  # the memory task's blank steps after it
    bidirectional: bool = False
    permuted: bool = False  # its steps read pixels in shuffled order, not the image's rows

    @classmethod
    def of(cls, config: ModelConfig, encoder: SequenceEncoder) -> InterventionLimits:
        """The limits of a model and the encoder that feeds it."""
        steps = (sequence_shape(encoder.view, encoder.steps)[0], encoder.blank_steps)
        permuted = encoder.view == "permuted"
        return cls(str(config.cell), config.hidden_size, *steps, config.bidirectional, permuted)

    @property
    def rows(self) -> int:
        """The rows a spec may name: the image's 28, then the blank steps."""
        return IMAGE_SIDE + self.blank_steps

    def steps_of(self, rows: Span | None) -> range:
        """The 0-based steps that read rows `rows` (all steps when None)."""
        if rows is None:
            return range(self.image_steps + self.blank_steps)
        return range(self._step_of(rows[0], first=True), self._step_of(rows[1], first=False) + 1)

    def row_starts(self, rows: Span | None) -> frozenset[int]:
        """The 0-based steps that read the first pixel of each of rows `rows` (all when None)."""
        first, last = rows or (1, self.rows)
        return frozenset(self._step_of(row, first=True) for row in range(first, last + 1))

    def _step_of(self, row: int, first: bool) -> int:
        if row > IMAGE_SIDE:
            return self.image_steps + row - IMAGE_SIDE - 1
        pixels_per_step = IMAGE_PIXELS // self.image_steps
        pixel = (row - 1) * IMAGE_SIDE if first else row * IMAGE_SIDE - 1
        return pixel // pixels_per_step


def parse_intervention(spec: str, limits: InterventionLimits | None = None) -> Intervention:
    """Read a spec such as `forget=0@rows=15-28`; ConfigError (one sentence) when it is wrong.

    With `limits`, it is also checked against the model (see check_intervention).
    """

    def bad(reason: str) -> ConfigError:
        return ConfigError(f'Intervention "{spec}": {reason}.')

    head, *qualifiers = spec.strip().split("@")
    name, equals, value_text = (part.strip() for part in head.partition("="))
    name = name.lower()
    if not equals or not name or not value_text:
        raise bad("write TARGET=VALUE, such as forget=0, cell=reset or unit=41:off")
    if name not in TARGETS:
        raise bad(f'unknown gate or state "{name}"; use {", ".join(TARGETS)}')
    value, units = None, None
    if name in GATE_TARGETS:
        value = _gate_value(value_text, bad)
    elif name == UNIT:
        unit_text, colon, word = value_text.partition(":")
        if not colon or word.strip().lower() != OFF_WORD:
            raise bad("a unit is silenced as unit=J:off (or unit=A-B:off)")
        units = _span(unit_text, "unit", bad)
    elif value_text.lower() != RESET_WORD:
        raise bad(f"{name} takes only the value reset ({name}=reset)")
    rows = None
    for qualifier in qualifiers:
        key, equals, text = (part.strip().lower() for part in qualifier.partition("="))
        what = {"rows": "row", "row": "row", "units": "unit", "unit": "unit"}.get(key)
        if what is None or not equals:
            raise bad(f'"@{qualifier}" is neither @rows=A-B nor @units=A-B')
        if (rows if what == "row" else units) is not None:
            raise bad(f"the {what}s are given twice")
        if what == "row":
            rows = _span(text, what, bad)
        else:
            units = _span(text, what, bad)
    intervention = Intervention(name, value, rows, units)
    if limits is not None:
        check_intervention(intervention, limits, spec)
    return intervention


def _gate_value(text: str, bad: Callable[[str], ConfigError]) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0.0 <= value <= 1.0:
        raise bad(f'a gate holds a value from 0 to 1, not "{text}"')
    return value


def _span(text: str, what: str, bad: Callable[[str], ConfigError]) -> Span:
    first, dash, last = text.partition("-")
    try:
        span = (int(first), int(last) if dash else int(first))
    except ValueError:
        raise bad(f'"{text}" is not a {what} or a range of {what}s like 1-14') from None
    if span[0] < 1:
        raise bad(f"{what}s are numbered from 1, as the Draw tab shows them")
    if span[0] > span[1]:
        raise bad(f"the {what} range {text} runs backwards")
    return span


def check_intervention(
    intervention: Intervention, limits: InterventionLimits, spec: str | None = None
) -> None:
    """Raise ConfigError (one sentence) if the model has no such gate, row or unit."""
    cell = CELL_NAMES.get(limits.cell, limits.cell)
    gates = [name for name, gate in GATE_TARGETS.items() if gate in GATE_NAMES[limits.cell]]
    if limits.bidirectional:
        reason = "a bidirectional network cannot be changed as it reads"
    elif intervention.gate is not None and intervention.target not in gates:
        has = f"its gates are {', '.join(gates)}" if gates else "it has no gates"
        reason = f"{cell} has no {intervention.target} gate; {has}"
    elif intervention.target == CELL and limits.cell != "lstm":
        reason = f"{cell} has no cell state c; state=reset empties its hidden state"
    elif intervention.rows is not None and limits.permuted:
        reason = "a permuted model reads the pixels shuffled, so its steps are not image rows"
    elif intervention.rows is not None and intervention.rows[1] > limits.rows:
        blank = f", {limits.blank_steps} of them blank steps" if limits.blank_steps else ""
        reason = f"this model reads rows 1 to {limits.rows}{blank}"
    elif intervention.units is not None and intervention.units[1] > limits.hidden_size:
        reason = f"this model's units run from 1 to {limits.hidden_size}"
    else:
        return
    raise ConfigError(f'Intervention "{spec or intervention.spec}": {reason}.')


def parse_interventions(
    specs: Sequence[str], limits: InterventionLimits | None = None
) -> list[Intervention]:
    """Every spec read and checked, in order (the first bad one raises)."""
    return [parse_intervention(spec, limits) for spec in specs]


class InterventionEdit:
    """The StepEdit that applies interventions to a trace (SequenceClassifier.trace's `edit`).

    `layers` (0-based) limits the changes to those layers; None changes every layer alike.
    """

    def __init__(
        self,
        interventions: Sequence[Intervention],
        limits: InterventionLimits,
        layers: Collection[int] | None = None,
    ) -> None:
        for intervention in interventions:
            check_intervention(intervention, limits)
        self._layers = None if layers is None else frozenset(layers)
        self._plans = [
            (
                intervention,
                # A state is emptied once, as a row begins; the other changes last the rows.
                limits.row_starts(intervention.rows)
                if intervention.target in (CELL, STATE)
                else limits.steps_of(intervention.rows),
                _unit_slice(intervention.units, limits.hidden_size),
            )
            for intervention in interventions
        ]

    def before(
        self, layer: int, step: int, h: torch.Tensor, c: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Empty the memory (and for state=reset, h) the rows start from."""
        return self._emptied(layer, step, h, c, _EMPTIED_BEFORE_STEP)

    def gate_clamp(self, layer: int, step: int) -> GateClamp | None:
        """Hold the gates the interventions name at their values during this step."""
        if not self._changes(layer):
            return None
        held = [
            (intervention.gate, intervention.value, units)
            for intervention, steps, units in self._plans
            if intervention.gate is not None and intervention.value is not None and step in steps
        ]
        if not held:
            return None

        def clamp(gate: Gate, values: torch.Tensor) -> torch.Tensor:
            for target, value, units in held:
                if target == gate:
                    values = values.clone()
                    values[:, units] = value
            return values

        return clamp

    def after(
        self, layer: int, step: int, h: torch.Tensor, c: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Silence the units switched off: nothing reaches the next step or the classifier."""
        return self._emptied(layer, step, h, c, _EMPTIED_AFTER_STEP)

    def _emptied(
        self,
        layer: int,
        step: int,
        h: torch.Tensor,
        c: torch.Tensor,
        emptied: Mapping[str, Emptied],
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """The states that `emptied` names for the targets acting at this step, set to 0."""
        if not self._changes(layer):
            return h, c
        for intervention, steps, units in self._plans:
            if step in steps and intervention.target in emptied:
                empties_h, empties_c = emptied[intervention.target]
                if empties_h:
                    h = _zeroed(h, units)
                if empties_c:
                    c = _zeroed(c, units)
        return h, c

    def _changes(self, layer: int) -> bool:
        return self._layers is None or layer in self._layers


def _unit_slice(units: Span | None, hidden_size: int) -> slice:
    return slice(0, hidden_size) if units is None else slice(units[0] - 1, units[1])


def _zeroed(values: torch.Tensor, units: slice) -> torch.Tensor:
    changed = values.clone()  # the trace keeps the tensor the step produced
    changed[:, units] = 0.0
    return changed


@torch.no_grad()
def trace_under(
    model: SequenceClassifier,
    sequences: torch.Tensor,
    interventions: Sequence[Intervention],
    limits: InterventionLimits,
) -> StepTrace:
    """The model's step trace (logits, states, gates) with the interventions applied."""
    edit = InterventionEdit(interventions, limits) if interventions else None
    return model.trace(sequences, edit)


def evaluation_under(
    model: SequenceClassifier,
    images: ImageSet,
    encoder: SequenceEncoder,
    device: torch.device,
    interventions: Sequence[Intervention],
    batch_size: int | None = None,
) -> Generator[EvaluationProgress, None, None]:
    """Evaluate under interventions batch by batch: a record per batch, the result in the last.

    The default batch holds about 14,000 steps of samples (500 of the 28-row view), so a long
    sequence's trace stays small in memory.
    """
    limits = InterventionLimits.of(model.config, encoder)
    edit = InterventionEdit(interventions, limits) if interventions else None  # checked first
    steps = limits.image_steps + limits.blank_steps
    yield from evaluation(
        model,
        images,
        encoder,
        device,
        batch_size or max(1, 14_000 // steps),
        final_logits=lambda sequences: model.trace(sequences, edit).logits[:, -1],
    )


def evaluate_under(
    model: SequenceClassifier,
    images: ImageSet,
    encoder: SequenceEncoder,
    device: torch.device,
    interventions: Sequence[Intervention],
) -> EvalResult:
    """Loss, accuracy and confusion under interventions, like training.evaluate."""
    for record in evaluation_under(model, images, encoder, device, interventions):
        if record.result is not None:
            return record.result
    raise AssertionError("evaluation always ends with its result")  # pragma: no cover
