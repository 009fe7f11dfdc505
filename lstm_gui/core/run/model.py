"""SequenceClassifier (LSTM/GRU/RNN) and a step-wise forward that exposes h, c and the gates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import torch
from torch import nn

from lstm_gui.core.choices import ClosedSet
from lstm_gui.core.config import ModelConfig
from lstm_gui.core.run.costs import format_cell_costs

_RNN_CLASSES: dict[str, type[nn.LSTM] | type[nn.GRU] | type[nn.RNN]] = {
    "lstm": nn.LSTM,
    "gru": nn.GRU,
    "rnn": nn.RNN,
}


class Gate(ClosedSet):
    """A gate of a recurrent cell, by the one name the trace, the views and the tests use."""

    INPUT = "input"
    FORGET = "forget"
    CELL_CANDIDATE = "cell_candidate"
    OUTPUT = "output"
    RESET = "reset"
    UPDATE = "update"
    CANDIDATE = "candidate"

    @property
    def symbol(self) -> str:
        """The gate's letter in the cell's equations: c = f*c + i*g, h = (1-z)*n + z*h."""
        return _GATE_SYMBOLS[self]

    @property
    def signed(self) -> bool:
        """True for the tanh candidates (-1 to 1); the other gates are sigmoids (0 to 1)."""
        return self in (Gate.CELL_CANDIDATE, Gate.CANDIDATE)


_GATE_SYMBOLS = {
    Gate.INPUT: "i",
    Gate.FORGET: "f",
    Gate.CELL_CANDIDATE: "g",
    Gate.OUTPUT: "o",
    Gate.RESET: "r",
    Gate.UPDATE: "z",
    Gate.CANDIDATE: "n",
}

# Each cell's gates in the order PyTorch stacks them in weight_ih / weight_hh.
GATE_NAMES: dict[str, tuple[Gate, ...]] = {
    "lstm": (Gate.INPUT, Gate.FORGET, Gate.CELL_CANDIDATE, Gate.OUTPUT),
    "gru": (Gate.RESET, Gate.UPDATE, Gate.CANDIDATE),
    "rnn": (),
}


# Replaces a gate's values (batch, hidden) during one step: how interventions clamp a gate.
GateClamp = Callable[[Gate, torch.Tensor], torch.Tensor]


class StepEdit(Protocol):
    """Changes a trace makes to a layer's states and gates as it reads (core.inside.interventions).

    `step` counts from 0, `layer` from 0 at the bottom.
    """

    def before(
        self, layer: int, step: int, h: torch.Tensor, c: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """The h and c the step starts from."""
        ...

    def gate_clamp(self, layer: int, step: int) -> GateClamp | None:
        """What replaces the gates the step computes; None: nothing."""
        ...

    def after(
        self, layer: int, step: int, h: torch.Tensor, c: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """The h and c the step leaves."""
        ...


class SequenceClassifier(nn.Module):
    """A recurrent layer reads the sequence; its last hidden state goes to a linear layer.

    With the defaults this is the tutorial's Keras model: LSTM(128) over 28 rows of 28 pixels,
    then Dense(10). The softmax lives in the loss (cross-entropy takes logits).
    """

    def __init__(self, config: ModelConfig) -> None:
        super().__init__()
        self.config = config
        self.rnn = _RNN_CLASSES[config.cell](
            input_size=config.input_size,
            hidden_size=config.hidden_size,
            num_layers=config.num_layers,
            batch_first=True,
            dropout=config.dropout,
            bidirectional=config.bidirectional,
        )
        self.head = nn.Linear(config.hidden_size * self.directions, config.num_classes)
        if config.keras_init:
            self.reset_parameters_keras_style()
        self._set_memory_gate_bias()

    @property
    def directions(self) -> int:
        """2 for a bidirectional network, else 1."""
        return 2 if self.config.bidirectional else 1

    def reset_parameters_keras_style(self) -> None:
        """Initialise as Keras does: Glorot-uniform inputs, orthogonal recurrence, zero biases.

        Keras's LSTM also sets the forget gate's bias to 1 (unit_forget_bias), so that the
        cell remembers by default early in training: `_set_memory_gate_bias` puts it there.
        """
        for name, parameter in self.rnn.named_parameters():
            if name.startswith("weight_ih"):
                nn.init.xavier_uniform_(parameter)
            elif name.startswith("weight_hh"):
                nn.init.orthogonal_(parameter)
            elif name.startswith("bias"):
                nn.init.zeros_(parameter)
        nn.init.xavier_uniform_(self.head.weight)
        nn.init.zeros_(self.head.bias)

    def _set_memory_gate_bias(self) -> None:
        """Start the LSTM's forget gate (the GRU's update gate) at the configured bias.

        PyTorch orders the LSTM's gates i, f, g, o and the GRU's r, z, n: the memory gate is
        the second block of both. Its bias is split over two vectors; the value goes into the
        input one and the recurrent one is zeroed, so their sum is exactly the setting.
        """
        bias = memory_gate_bias(self.config)
        if bias is None:
            return
        hidden = self.config.hidden_size
        with torch.no_grad():
            for name, parameter in self.rnn.named_parameters():
                if name.startswith("bias_ih"):
                    parameter[hidden : 2 * hidden] = bias
                elif name.startswith("bias_hh"):
                    parameter[hidden : 2 * hidden] = 0.0

    def features(self, sequences: torch.Tensor) -> torch.Tensor:
        """The last hidden state of the top layer (both directions when bidirectional)."""
        _, state = self.rnn(sequences)
        h_n = state[0] if isinstance(state, tuple) else state
        top = h_n[-self.directions :]  # (directions, batch, hidden)
        return top.permute(1, 0, 2).reshape(sequences.shape[0], -1)

    def forward(self, sequences: torch.Tensor) -> torch.Tensor:
        """Logits (batch, classes) for sequences (batch, steps, features)."""
        return self.head(self.features(sequences))

    @torch.no_grad()
    def trace(
        self, sequences: torch.Tensor, edit: StepEdit | None = None, *, guesses: bool = True
    ) -> StepTrace:
        """Read the sequences step by step, keeping every state, gate and running guess.

        For every step t: the logits after reading steps 1..t and, per layer, the hidden
        state, the LSTM's cell state and the gates. States are those of the forward
        direction; a bidirectional network's running guess comes from reading each prefix.
        `edit` changes states and gates as the steps are read, in every layer (one-directional
        networks only: the reverse direction is not traced step by step). `guesses=False`
        skips a bidirectional network's prefix reads (one per step), its logits left NaN.
        """
        if edit is not None and self.directions != 1:
            raise ValueError("a bidirectional network's trace cannot be edited")
        layers: list[LayerTrace] = []
        layer_input = sequences
        for layer in range(self.config.num_layers):
            layer_trace = self._trace_layer(layer, layer_input, edit)
            layers.append(layer_trace)
            if self.directions == 1:
                layer_input = layer_trace.hidden
            else:
                layer_input = _run_bidirectional_layer(
                    self.rnn, self.config.cell, layer, layer_input
                )
        if self.directions == 1:
            logits = self.head(layers[-1].hidden)
        elif not guesses:
            logits = sequences.new_full((*sequences.shape[:2], self.config.num_classes), torch.nan)
        else:
            steps = sequences.shape[1]
            logits = torch.stack([self(sequences[:, : t + 1]) for t in range(steps)], dim=1)
        return StepTrace(cell_type=self.config.cell, logits=logits, layers=layers)

    def _trace_layer(
        self, layer: int, inputs: torch.Tensor, edit: StepEdit | None = None
    ) -> LayerTrace:
        cell = self.config.cell
        w_ih = getattr(self.rnn, f"weight_ih_l{layer}")
        w_hh = getattr(self.rnn, f"weight_hh_l{layer}")
        b_ih = getattr(self.rnn, f"bias_ih_l{layer}")
        b_hh = getattr(self.rnn, f"bias_hh_l{layer}")
        batch, steps, _ = inputs.shape
        hidden_size = self.config.hidden_size
        # The input projection of all steps at once; only the recurrence needs the loop.
        projected = torch.addmm(b_ih, inputs.reshape(batch * steps, -1), w_ih.t())
        projected = projected.view(batch, steps, -1)
        h = inputs.new_zeros(batch, hidden_size)
        c = inputs.new_zeros(batch, hidden_size)
        hidden, cells = [], []
        gates: dict[Gate, list[torch.Tensor]] = {name: [] for name in GATE_NAMES[cell]}
        for t in range(steps):
            clamp = None
            if edit is not None:
                h, c = edit.before(layer, t, h, c)
                clamp = edit.gate_clamp(layer, t)
            recurrent = torch.addmm(b_hh, h, w_hh.t())
            h, c, values = cell_step(cell, projected[:, t], recurrent, h, c, clamp)
            if edit is not None:
                h, c = edit.after(layer, t, h, c)
            for name, value in zip(GATE_NAMES[cell], values, strict=True):
                gates[name].append(value)
            if cell == "lstm":
                cells.append(c)
            hidden.append(h)
        return LayerTrace(
            hidden=torch.stack(hidden, dim=1),
            cell=torch.stack(cells, dim=1) if cells else None,
            gates={name: torch.stack(values, dim=1) for name, values in gates.items()},
        )


def cell_step(
    cell: str,
    projected: torch.Tensor,
    recurrent: torch.Tensor,
    h: torch.Tensor,
    c: torch.Tensor,
    clamp: GateClamp | None = None,
) -> tuple[torch.Tensor, torch.Tensor, tuple[torch.Tensor, ...]]:
    """One step of a cell, the maths of nn.LSTM, nn.GRU and nn.RNN (tanh).

    `projected` is the step's input times W_ih plus b_ih, `recurrent` h times W_hh plus b_hh.
    Returns the new h, the new c (an LSTM's; the others pass c through) and the gates as
    GATE_NAMES lists them: i, f, g, o for the LSTM; r, z, n for the GRU; none for the RNN.
    `clamp`, when given, replaces each gate's values before they are used.
    """
    keep: GateClamp = clamp or (lambda _gate, value: value)
    if cell == "lstm":
        i, f, g, o = (projected + recurrent).chunk(4, dim=1)
        i, f = keep(Gate.INPUT, i.sigmoid()), keep(Gate.FORGET, f.sigmoid())
        g, o = keep(Gate.CELL_CANDIDATE, g.tanh()), keep(Gate.OUTPUT, o.sigmoid())
        c = f * c + i * g
        return o * c.tanh(), c, (i, f, g, o)
    if cell == "gru":
        x_r, x_z, x_n = projected.chunk(3, dim=1)
        h_r, h_z, h_n = recurrent.chunk(3, dim=1)
        r = keep(Gate.RESET, (x_r + h_r).sigmoid())
        z = keep(Gate.UPDATE, (x_z + h_z).sigmoid())
        n = keep(Gate.CANDIDATE, (x_n + r * h_n).tanh())
        return (1 - z) * n + z * h, c, (r, z, n)
    return (projected + recurrent).tanh(), c, ()


def _run_bidirectional_layer(
    rnn: nn.RNNBase, cell: str, layer: int, layer_input: torch.Tensor
) -> torch.Tensor:
    """Both directions' outputs of one layer of a bidirectional network (the next one's input).

    nn.LSTM and its kin return only the top layer's outputs, so the layer is copied into a
    one-layer module and run alone.
    """
    single = _RNN_CLASSES[cell](
        input_size=layer_input.shape[-1],
        hidden_size=rnn.hidden_size,
        batch_first=True,
        bidirectional=True,
    ).to(layer_input.device)
    for suffix in ("", "_reverse"):
        for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            source = getattr(rnn, f"{kind}_l{layer}{suffix}")
            getattr(single, f"{kind}_l0{suffix}").data.copy_(source)
    output, _ = single(layer_input)
    return output


@dataclass(frozen=True)
class LayerTrace:
    """One layer's states for every step: (batch, steps, hidden) tensors."""

    hidden: torch.Tensor
    cell: torch.Tensor | None  # the LSTM's memory; None for GRU and RNN
    gates: dict[Gate, torch.Tensor] = field(default_factory=dict)


@dataclass(frozen=True)
class StepTrace:
    """What the network did at every step of a sequence."""

    cell_type: str
    logits: torch.Tensor  # (batch, steps, classes): the guess after reading steps 1..t
    layers: list[LayerTrace]

    @property
    def probabilities(self) -> torch.Tensor:
        """Softmax of the running logits, (batch, steps, classes)."""
        return self.logits.softmax(dim=-1)

    @property
    def top(self) -> LayerTrace:
        """The top layer, whose last hidden state feeds the classifier."""
        return self.layers[-1]


# Weight blocks PyTorch stacks per cell in weight_ih / weight_hh: one per gate (the LSTM's four,
# the GRU's three); a plain RNN has a single block.
@dataclass(frozen=True)
class SummaryRow:
    """One line of a Keras-style model summary."""

    layer: str
    output_shape: str
    parameters: int


def model_summary(model: SequenceClassifier, steps: int) -> list[SummaryRow]:
    """Layers, output shapes and parameter counts, like Keras's model.summary()."""
    config = model.config
    recurrent_params = sum(p.numel() for p in model.rnn.parameters())
    width = config.hidden_size * model.directions
    name = config.label
    return [
        SummaryRow("Input", f"(None, {steps}, {config.input_size})", 0),
        SummaryRow(name, f"(None, {width})", recurrent_params),
        SummaryRow(
            f"Dense({config.num_classes})",
            f"(None, {config.num_classes})",
            sum(p.numel() for p in model.head.parameters()),
        ),
        SummaryRow("Softmax (in the loss)", f"(None, {config.num_classes})", 0),
    ]


def keras_parameter_count(model: SequenceClassifier) -> int:
    """Parameters the same network has in Keras, which keeps one bias vector per gate, not two."""
    second_biases = sum(
        p.numel() for name, p in model.rnn.named_parameters() if name.startswith("bias_hh")
    )
    total = sum(p.numel() for p in model.parameters())
    if model.config.cell == "gru":
        # Keras's GRU (reset_after=True, its default) keeps both biases like PyTorch.
        return total
    return total - second_biases


def format_summary(model: SequenceClassifier, steps: int) -> str:
    """The summary as a text table with totals."""
    rows = model_summary(model, steps)
    lines = [f"{'Layer':<34}{'Output shape':<18}{'Param #':>10}", "=" * 62]
    lines += [f"{row.layer:<34}{row.output_shape:<18}{row.parameters:>10,}" for row in rows]
    total = sum(p.numel() for p in model.parameters())
    lines += ["=" * 62, f"Total params: {total:,}"]
    keras_total = keras_parameter_count(model)
    if keras_total != total:
        lines.append(
            f"(Keras counts {keras_total:,}: its {config_name(model)} has one bias vector "
            "per gate, PyTorch two.)"
        )
    lines += ["", *format_cell_costs(model.config, steps)]
    return "\n".join(lines)


def memory_gate_bias(config: ModelConfig) -> float | None:
    """The bias a network's memory gate starts from, None where the initialisation decides.

    Keras-style: the setting, else 1 for the LSTM's forget gate (Keras's unit_forget_bias) and
    0 for the GRU's update gate. PyTorch's default: the setting, else its uniform draw. A plain
    RNN has no memory gate.
    """
    if config.cell == "rnn":
        return None
    if config.forget_bias is not None:
        return float(config.forget_bias)
    if config.keras_init:
        return 1.0 if config.cell == "lstm" else 0.0
    return None


def config_name(model: SequenceClassifier) -> str:
    """The cell's display name, e.g. LSTM."""
    return model.config.cell.upper()
