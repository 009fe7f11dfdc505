"""The numbers behind a row-scan cell: against the model's trace and a recomputation by hand."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.export.training_script import training_script
from lstm_gui.core.inside.cell_numbers import CellInspector, script_line
from lstm_gui.core.reading.digit_strokes import synthetic_digit
from lstm_gui.core.reading.inference import Predictor
from lstm_gui.core.reading.strokes import Drawing
from lstm_gui.core.run.model import Gate, SequenceClassifier


def sigmoid(value: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-value))


@pytest.fixture(scope="module")
def drawn_seven() -> tuple[Predictor, np.ndarray]:
    image = Drawing.render(None, synthetic_digit(7, np.random.default_rng(7))).model_image()
    assert image is not None
    return Predictor.bundled(), image


def random_model(**settings: object) -> SequenceClassifier:
    torch.manual_seed(3)
    return SequenceClassifier(ModelConfig(**settings)).eval()  # type: ignore[arg-type]


def test_bundled_model_numbers_match_its_own_row_scan(
    drawn_seven: tuple[Predictor, np.ndarray],
) -> None:
    predictor, image = drawn_seven
    scan = predictor.row_scan(image)
    inspector = CellInspector.for_image(predictor, image)
    assert scan.cell is not None
    for row, unit in [(1, 0), (10, 44), (12, 80), (20, 17), (28, 127)]:
        numbers = inspector.numbers(row, unit)
        assert numbers.step == row  # the tutorial's 28 steps: one row a step
        assert numbers.h == pytest.approx(scan.hidden[row - 1, unit], abs=1e-5)
        assert numbers.c == pytest.approx(scan.cell[row - 1, unit], abs=1e-5)
        for gate in (Gate.INPUT, Gate.FORGET, Gate.CELL_CANDIDATE, Gate.OUTPUT):
            traced = scan.gates[gate][row - 1, unit]
            assert numbers.term(gate.symbol).value == pytest.approx(traced, abs=1e-5)
        if row > 1:
            assert numbers.c_previous == pytest.approx(scan.cell[row - 2, unit], abs=1e-5)
            assert numbers.h_previous == pytest.approx(scan.hidden[row - 2, unit], abs=1e-5)
        assert numbers.kept is not None and numbers.written is not None
        assert numbers.kept + numbers.written == pytest.approx(numbers.c, abs=1e-9)


def test_input_summary_counts_the_rows_inked_pixels(
    drawn_seven: tuple[Predictor, np.ndarray],
) -> None:
    predictor, image = drawn_seven
    inspector = CellInspector.for_image(predictor, image)
    for row in (1, 10, 20):
        summary = inspector.numbers(row, 0).input
        assert summary.features == 28
        assert summary.pixels_on == int(np.count_nonzero(image[row - 1] >= 0.5))
        assert summary.ink == pytest.approx(float(image[row - 1].sum()), rel=1e-6)
    # A blank top row of a drawn digit: nothing read, so W·x is exactly zero.
    first = inspector.numbers(1, 5)
    assert first.input.pixels_on == 0
    assert all(term.from_input == 0.0 for term in first.terms)


def test_lstm_addends_match_a_recomputation_from_the_raw_weights() -> None:
    model = random_model(input_size=28, hidden_size=6)
    sequence = torch.rand(28, 28)
    inspector = CellInspector(model, sequence, sequence.numpy(), 28)
    params = {
        name: value.detach().double().numpy() for name, value in model.rnn.state_dict().items()
    }
    w_ih, w_hh = params["weight_ih_l0"], params["weight_hh_l0"]
    b_ih, b_hh = params["bias_ih_l0"], params["bias_hh_l0"]
    x = sequence.double().numpy()
    h, c = np.zeros(6), np.zeros(6)
    for step in range(28):
        x_part, h_part = w_ih @ x[step], w_hh @ h
        pre = x_part + b_ih + h_part + b_hh
        i, f, g, o = (pre[k * 6 : (k + 1) * 6] for k in range(4))
        i, f, g, o = sigmoid(i), sigmoid(f), np.tanh(g), sigmoid(o)
        c_new = f * c + i * g
        h_new = o * np.tanh(c_new)
        for unit in range(6):
            numbers = inspector.numbers(step + 1, unit)
            for block, symbol in enumerate("ifgo"):
                term = numbers.term(symbol)
                assert term.from_input == pytest.approx(x_part[block * 6 + unit], abs=1e-9)
                assert term.from_hidden == pytest.approx(h_part[block * 6 + unit], abs=1e-5)
                assert term.input_bias + term.hidden_bias == pytest.approx(
                    b_ih[block * 6 + unit] + b_hh[block * 6 + unit], abs=1e-9
                )
            assert numbers.term("f").value == pytest.approx(f[unit], abs=1e-5)
            assert numbers.c_previous == pytest.approx(c[unit], abs=1e-5)
            assert numbers.c == pytest.approx(c_new[unit], abs=1e-5)
            assert numbers.h == pytest.approx(h_new[unit], abs=1e-5)
        h, c = h_new, c_new


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
def test_each_cells_h_matches_pytorchs_fused_layer(cell: str) -> None:
    model = random_model(cell=cell, input_size=28, hidden_size=5)
    sequence = torch.rand(28, 28)
    inspector = CellInspector(model, sequence, sequence.numpy(), 28)
    with torch.no_grad():
        outputs = model.rnn(sequence[None])[0][0].double().numpy()  # (steps, hidden)
    for row in (1, 2, 14, 28):
        for unit in range(5):
            assert inspector.numbers(row, unit).h == pytest.approx(outputs[row - 1, unit], abs=1e-5)
    symbols = [term.symbol for term in inspector.numbers(3, 0).terms]
    assert symbols == {"lstm": list("ifgo"), "gru": list("rzn"), "rnn": ["h"]}[cell]


def test_gru_candidate_scales_its_recurrent_part_by_the_reset_gate() -> None:
    model = random_model(cell="gru", input_size=28, hidden_size=4)
    sequence = torch.rand(28, 28)
    numbers = CellInspector(model, sequence, sequence.numpy(), 28).numbers(9, 2)
    r, n = numbers.term("r"), numbers.term("n")
    assert n.reset == pytest.approx(r.value)
    expected = n.from_input + n.input_bias + r.value * (n.from_hidden + n.hidden_bias)
    assert n.pre_activation == pytest.approx(expected)
    assert n.value == pytest.approx(np.tanh(expected))
    assert numbers.c is None and numbers.kept is None and numbers.written is None


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
def test_the_three_addends_shown_sum_to_the_pre_activation(cell: str) -> None:
    model = random_model(cell=cell, input_size=28, hidden_size=4)
    sequence = torch.rand(28, 28)
    numbers = CellInspector(model, sequence, sequence.numpy(), 28).numbers(9, 2)
    for term in numbers.terms:
        assert term.from_input + term.recurrent + term.bias == pytest.approx(term.pre_activation)
    if cell == "gru":
        r, n = numbers.term("r").value, numbers.term("n")
        assert n.recurrent == pytest.approx(r * n.from_hidden)
        assert n.bias == pytest.approx(n.input_bias + r * n.hidden_bias)


@pytest.mark.parametrize("bidirectional", [False, True])
def test_top_layer_of_a_deeper_net_reads_the_layer_below(bidirectional: bool) -> None:
    model = random_model(input_size=28, hidden_size=4, num_layers=2, bidirectional=bidirectional)
    sequence = torch.rand(28, 28)
    inspector = CellInspector(model, sequence, sequence.numpy(), 28)
    with torch.no_grad():
        outputs = model.rnn(sequence[None])[0][0].double().numpy()  # top layer, both directions
    for row in (1, 15, 28):
        numbers = inspector.numbers(row, 3)
        assert numbers.layer == 1
        assert numbers.input.from_layer_below
        assert numbers.input.features == 4 * (2 if bidirectional else 1)
        assert numbers.h == pytest.approx(outputs[row - 1, 3], abs=1e-5)  # forward direction


def test_longer_sequences_show_the_step_that_ends_each_row() -> None:
    model = random_model(input_size=14, hidden_size=3)
    sequence = torch.rand(56 + 2, 14)
    sequence[56:] = 0.0  # two blank steps
    inspector = CellInspector(model, sequence, sequence.numpy(), 56)
    assert inspector.entries == 30
    assert inspector.numbers(1, 0).step == 2
    assert inspector.numbers(28, 0).step == 56
    blank = inspector.numbers(30, 0)
    assert blank.step == 58 and blank.input.blank and blank.input.features == 14
    with pytest.raises(IndexError):
        inspector.numbers(31, 0)
    with pytest.raises(IndexError):
        inspector.numbers(1, 3)


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_script_line_is_the_exported_scripts_call_of_the_cell(cell: str) -> None:
    model, train = ModelConfig(cell=cell), TrainConfig()
    line = script_line(model, train)
    lines = training_script(model, train).splitlines()
    assert lines[line.number - 1].strip() == line.text
    assert "self.rnn(sequences)" in line.text
    assert ("(last_hidden, _)" in line.text) == (cell == "lstm")
