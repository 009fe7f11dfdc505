"""The numbers behind one cell of the row scan: a unit's equations at one step, values filled in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import torch

from lstm_gui.core.config import IMAGE_SIDE, ModelConfig, TrainConfig
from lstm_gui.core.numerics import flush_denormals
from lstm_gui.core.reading.inference import row_end_steps
from lstm_gui.core.run.model import GATE_NAMES, LayerTrace, SequenceClassifier
from lstm_gui.core.run.sequences import to_sequences

if TYPE_CHECKING:
    from lstm_gui.core.reading.inference import Predictor

# A pixel counts as inked from half its full brightness: what a person would call "on".
INK_THRESHOLD = 0.5
# The line of the exported script that runs the recurrent layer over the whole sequence.
_RNN_CALL = re.compile(r"=\s*self\.rnn\(")


@dataclass(frozen=True)
class TermNumbers:
    """One activation of the unit: what goes into σ or tanh, and what comes out.

    pre_activation = (from_input + input_bias) + reset * (from_hidden + hidden_bias), where
    reset is 1 except for the GRU's candidate n (its r). `symbol` names it in the equations:
    i, f, g, o for the LSTM, r, z, n for the GRU, h for the plain RNN.
    """

    symbol: str
    from_input: float  # W·x: this unit's row of weight_ih times the step's input
    input_bias: float  # b_ih
    from_hidden: float  # U·h(t-1): this unit's row of weight_hh times the previous h
    hidden_bias: float  # b_hh
    reset: float  # multiplies the recurrent part (the GRU's r for n; else 1)
    pre_activation: float
    value: float  # σ(pre_activation), or tanh for g, n and the RNN's h
    squash: str  # "sigmoid" or "tanh"

    @property
    def recurrent(self) -> float:
        """U·h(t−1) as it enters the sum: scaled by r for the GRU's candidate n."""
        return self.reset * self.from_hidden

    @property
    def bias(self) -> float:
        """Both biases as they enter the sum: b_ih plus b_hh, the latter scaled by r for n."""
        return self.input_bias + self.reset * self.hidden_bias


@dataclass(frozen=True)
class InputSummary:
    """What the layer read at the step: pixels for the first layer, else the layer below's h."""

    features: int  # values read at this step
    pixels_on: int  # of them, pixels at least half inked (first layer only, else 0)
    ink: float  # the sum of those pixel values in [0, 1] (first layer only, else 0)
    from_layer_below: bool  # the top layer of a deeper net reads h of the layer below
    blank: bool  # a blank step after the image: the network reads zeros


@dataclass(frozen=True)
class CellNumbers:
    """Every number of one unit's update at one step, as the equations use them."""

    cell_type: str  # "lstm", "gru" or "rnn"
    entry: int  # 1-based row of the scan: the 28 image rows, then the blank steps
    step: int  # 1-based step of the sequence that this row's state comes after
    steps: int  # the sequence's steps, blank steps included
    unit: int  # 0-based
    layer: int  # 0-based layer whose unit this is (the top one: what the heatmaps show)
    input: InputSummary
    terms: tuple[TermNumbers, ...]  # in the cell's order: i f g o, r z n, or h
    h_previous: float
    h: float
    c_previous: float | None  # the LSTM's memory; None for GRU and RNN
    c: float | None

    def term(self, symbol: str) -> TermNumbers:
        """The activation named `symbol` (i, f, g, o, r, z, n or h)."""
        for term in self.terms:
            if term.symbol == symbol:
                return term
        raise KeyError(symbol)

    @property
    def kept(self) -> float | None:
        """f·c(t−1): the LSTM's memory that this step keeps (None for GRU and RNN)."""
        if self.c_previous is None:
            return None
        return self.term("f").value * self.c_previous

    @property
    def written(self) -> float | None:
        """i·g: what this step writes into the LSTM's memory (None for GRU and RNN)."""
        if self.c is None:
            return None
        return self.term("i").value * self.term("g").value


@dataclass(frozen=True)
class ScriptLine:
    """A line of the exported training script: its 1-based number and its text."""

    number: int
    text: str


def script_line(model: ModelConfig, train: TrainConfig) -> ScriptLine:
    """The line of the exported training script that runs the cell over every step."""
    from lstm_gui.core.export.training_script import training_script

    for number, line in enumerate(training_script(model, train).splitlines(), start=1):
        if _RNN_CALL.search(line):
            return ScriptLine(number, line.strip())
    raise LookupError("the training script has no line that calls self.rnn")


class CellInspector:
    """One sequence traced once; `numbers(entry, unit)` fills in any cell's equations.

    The previous state comes from the model's own step-wise trace; the unit's pre-activations
    are recomputed from its rows of the layer's weights and biases, so that the panel shows
    every addend, not just the traced result.
    """

    def __init__(
        self,
        model: SequenceClassifier,
        sequence: torch.Tensor,
        pixels: np.ndarray,
        image_steps: int,
    ) -> None:
        """`sequence` (steps, features) is the encoded input; `pixels` its raw [0, 1] values.

        `image_steps` of the steps read the image; any after it are blank steps.
        """
        flush_denormals()
        self._model = model
        self._config = model.config
        self._pixels = pixels
        self._image_steps = image_steps
        self._layer = self._config.num_layers - 1
        with torch.no_grad():
            trace = model.trace(sequence[None], guesses=False)  # its logits are not shown
            self._inputs = _top_layer_inputs(model, sequence, trace.layers)
        top = trace.top
        self._hidden = top.hidden[0].double().cpu().numpy()
        self._cell = None if top.cell is None else top.cell[0].double().cpu().numpy()
        steps = int(sequence.shape[0])
        blank = steps - image_steps
        picks = torch.cat([row_end_steps(image_steps), image_steps + torch.arange(blank)])
        self._entry_steps = [int(step) for step in picks]
        self._weights = {
            kind: getattr(model.rnn, f"{kind}_l{self._layer}").detach().double().cpu().numpy()
            for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
        }

    @classmethod
    def for_image(cls, predictor: Predictor, image: np.ndarray) -> CellInspector:
        """The inspector of a 28x28 image (float, ink high) read by `predictor`'s model."""
        array = np.ascontiguousarray(image, dtype=np.float32).reshape(1, IMAGE_SIDE, IMAGE_SIDE)
        encoder = predictor.encoder
        images = torch.from_numpy(array)
        sequence = encoder(images.to(predictor.device))[0]
        raw = to_sequences(images, encoder.view, encoder.permutation, encoder.steps)[0]
        image_steps = int(raw.shape[0])
        blank = np.zeros((encoder.blank_steps, raw.shape[1]), dtype=np.float32)
        pixels = np.concatenate([raw.numpy(), blank])
        return cls(predictor.model, sequence, pixels, image_steps)

    @property
    def entries(self) -> int:
        """The scan's rows: the 28 image rows, then the blank steps."""
        return len(self._entry_steps)

    @property
    def units(self) -> int:
        """Hidden units of the layer shown."""
        return self._config.hidden_size

    def numbers(self, entry: int, unit: int) -> CellNumbers:
        """The equations' numbers of unit `unit` (0-based) after scan row `entry` (1-based)."""
        if not 1 <= entry <= self.entries or not 0 <= unit < self.units:
            raise IndexError(f"no cell at row {entry}, unit {unit + 1}")
        step = self._entry_steps[entry - 1]
        x = self._inputs[step]
        h_previous = self._hidden[step - 1] if step > 0 else np.zeros(self.units)
        cell = self._config.cell
        terms = _terms(cell, self._weights, x, h_previous, unit, self.units)
        c_previous = c = None
        if self._cell is not None:
            c_previous = float(self._cell[step - 1, unit]) if step > 0 else 0.0
        if cell == "lstm" and c_previous is not None:
            i, f, g, o = (term.value for term in terms)
            c = f * c_previous + i * g
            h = o * float(np.tanh(c))
        elif cell == "gru":
            z, n = terms[1].value, terms[2].value
            h = (1.0 - z) * n + z * float(h_previous[unit])
        else:
            h = terms[0].value
        return CellNumbers(
            cell_type=cell,
            entry=entry,
            step=step + 1,
            steps=len(self._inputs),
            unit=unit,
            layer=self._layer,
            input=self._summary(step),
            terms=terms,
            h_previous=float(h_previous[unit]),
            h=float(h),
            c_previous=c_previous,
            c=c,
        )

    def traced(self, entry: int, unit: int) -> tuple[float, float | None]:
        """The model's own traced h and c (None: no memory) after row `entry` for `unit`."""
        step = self._entry_steps[entry - 1]
        c = None if self._cell is None else float(self._cell[step, unit])
        return float(self._hidden[step, unit]), c

    def _summary(self, step: int) -> InputSummary:
        blank = step >= self._image_steps
        if self._layer > 0:
            return InputSummary(int(self._inputs.shape[1]), 0, 0.0, True, blank)
        pixels = self._pixels[step]
        return InputSummary(
            features=int(pixels.shape[0]),
            pixels_on=int((pixels >= INK_THRESHOLD).sum()),
            ink=float(pixels.sum()),
            from_layer_below=False,
            blank=blank,
        )


def _terms(
    cell: str,
    weights: dict[str, np.ndarray],
    x: np.ndarray,
    h_previous: np.ndarray,
    unit: int,
    hidden_size: int,
) -> tuple[TermNumbers, ...]:
    """Each gate's addends for one unit, in PyTorch's block order (i f g o; r z n; h)."""
    symbols = [gate.symbol for gate in GATE_NAMES[cell]] or ["h"]
    signed = {gate.symbol for gate in GATE_NAMES[cell] if gate.signed} | {"h"}
    terms: list[TermNumbers] = []
    reset_value = 1.0
    for block, symbol in enumerate(symbols):
        row = block * hidden_size + unit
        from_input = float(weights["weight_ih"][row] @ x)
        from_hidden = float(weights["weight_hh"][row] @ h_previous)
        input_bias = float(weights["bias_ih"][row])
        hidden_bias = float(weights["bias_hh"][row])
        # Only the GRU's candidate scales the recurrent part, by the reset gate r.
        reset = reset_value if symbol == "n" else 1.0
        pre = from_input + input_bias + reset * (from_hidden + hidden_bias)
        squash = "tanh" if symbol in signed else "sigmoid"
        value = float(np.tanh(pre)) if squash == "tanh" else float(1.0 / (1.0 + np.exp(-pre)))
        if symbol == "r":
            reset_value = value
        terms.append(
            TermNumbers(
                symbol, from_input, input_bias, from_hidden, hidden_bias, reset, pre, value, squash
            )
        )
    return tuple(terms)


def _top_layer_inputs(
    model: SequenceClassifier, sequence: torch.Tensor, layers: list[LayerTrace]
) -> np.ndarray:
    """What the top layer reads at each step, (steps, features), as float64."""
    config = model.config
    if config.num_layers == 1:
        inputs = sequence
    elif not config.bidirectional:
        inputs = layers[-2].hidden[0]
    else:
        # Both directions of the layers below feed the top one; the trace keeps only the
        # forward one, so the lower layers run again as one module with the same weights.
        lower = type(model.rnn)(
            input_size=config.input_size,
            hidden_size=config.hidden_size,
            num_layers=config.num_layers - 1,
            batch_first=True,
            bidirectional=True,
        ).to(sequence.device)
        own = dict(model.rnn.named_parameters())
        for name, parameter in lower.named_parameters():
            parameter.data.copy_(own[name])
        lower.eval()
        inputs = lower(sequence[None])[0][0]
    return inputs.double().cpu().numpy()
