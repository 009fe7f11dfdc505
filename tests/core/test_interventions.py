"""Interventions against a hand-written cell loop (plain matmuls on the weights) doing the same."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import numpy as np
import pytest
import torch

from lstm_gui.core.config import ModelConfig
from lstm_gui.core.errors import ConfigError
from lstm_gui.core.inside.interventions import (
    Intervention,
    InterventionLimits,
    evaluate_under,
    evaluation_under,
    parse_intervention,
    parse_interventions,
    trace_under,
)
from lstm_gui.core.reading.inference import Predictor
from lstm_gui.core.run.data import DatasetSplits, ImageSet
from lstm_gui.core.run.model import SequenceClassifier
from lstm_gui.core.run.sequences import SequenceEncoder
from lstm_gui.core.run.training import evaluate

ROWS = SequenceEncoder("rows")
ALL = range(28)
EVERY = slice(None)


def make_model(seed: int = 0, **settings) -> SequenceClassifier:
    torch.manual_seed(seed)
    # PyTorch's initialisation: no zero biases, so a silenced network still shows its biases.
    return SequenceClassifier(ModelConfig(keras_init=False, **settings)).eval()


def sequences(size: int = 4, steps: int = 28, seed: int = 1) -> torch.Tensor:
    return torch.rand(size, steps, 28, generator=torch.Generator().manual_seed(seed))


def reference_logits(
    model: SequenceClassifier,
    x: torch.Tensor,
    holds: tuple[tuple[str, float, range, slice], ...] = (),
    empty_c: tuple[tuple[Collection[int], slice], ...] = (),
    empty_h: tuple[tuple[Collection[int], slice], ...] = (),
    silence: tuple[tuple[range, slice], ...] = (),
) -> torch.Tensor:
    """Logits after every step, read by explicit matmuls with the clamps written out.

    holds: (gate letter, value, 0-based steps, unit index) per clamp; silence: (steps, units);
    empty_c / empty_h: (the steps where the named rows begin, units), emptied before those
    steps only. Every layer is changed alike.
    """
    cell, size = model.config.cell, model.config.hidden_size
    layer_input = x
    with torch.no_grad():
        for layer in range(model.config.num_layers):
            w_ih, w_hh, b_ih, b_hh = (
                getattr(model.rnn, f"{name}_l{layer}")
                for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
            )
            h = torch.zeros(x.shape[0], size)
            c = torch.zeros(x.shape[0], size)
            outputs = []
            for t in range(x.shape[1]):
                for steps, units in empty_c + empty_h:
                    if t in steps:
                        c = c.clone()
                        c[:, units] = 0.0
                for steps, units in empty_h:
                    if t in steps:
                        h = h.clone()
                        h[:, units] = 0.0
                from_input = layer_input[:, t] @ w_ih.T + b_ih
                from_state = h @ w_hh.T + b_hh
                gates: dict[str, torch.Tensor] = {}
                if cell == "lstm":
                    total = from_input + from_state
                    for index, letter in enumerate("ifgo"):
                        block = total[:, index * size : (index + 1) * size]
                        gates[letter] = block.tanh() if letter == "g" else torch.sigmoid(block)
                elif cell == "gru":
                    for index, letter in enumerate("rz"):
                        block = slice(index * size, (index + 1) * size)
                        gates[letter] = torch.sigmoid(from_input[:, block] + from_state[:, block])
                for letter, value, steps, units in holds:
                    if t in steps:
                        gates[letter][:, units] = value
                if cell == "lstm":
                    c = gates["f"] * c + gates["i"] * gates["g"]
                    h = gates["o"] * torch.tanh(c)
                elif cell == "gru":
                    n = torch.tanh(
                        from_input[:, 2 * size :] + gates["r"] * from_state[:, 2 * size :]
                    )
                    h = (1 - gates["z"]) * n + gates["z"] * h
                else:
                    h = torch.tanh(from_input + from_state)
                for steps, units in silence:
                    if t in steps:
                        h, c = h.clone(), c.clone()
                        h[:, units] = 0.0
                        c[:, units] = 0.0
                outputs.append(h)
            layer_input = torch.stack(outputs, dim=1)
        return layer_input @ model.head.weight.T + model.head.bias


def under(model: SequenceClassifier, x: torch.Tensor, *specs: str) -> torch.Tensor:
    limits = InterventionLimits.of(model.config, ROWS)
    return trace_under(model, x, parse_interventions(specs, limits), limits).logits


# --------------------------------------------------------------------------- against the loop

LSTM_CASES: dict[tuple[str, ...], dict[str, Any]] = {
    ("forget=0",): {"holds": (("f", 0.0, ALL, EVERY),)},
    ("forget=1@rows=15-28",): {"holds": (("f", 1.0, range(14, 28), EVERY),)},
    ("input=0@rows=1-14",): {"holds": (("i", 0.0, range(0, 14), EVERY),)},
    ("output=1@units=1-3",): {"holds": (("o", 1.0, ALL, slice(0, 3)),)},
    ("input=0.25@unit=5",): {"holds": (("i", 0.25, ALL, slice(4, 5)),)},
    ("cell=reset@row=14",): {"empty_c": ((range(13, 14), EVERY),)},
    ("state=reset@rows=10-12@units=2-4",): {"empty_h": ((range(9, 12), slice(1, 4)),)},
    ("unit=4:off",): {"silence": ((ALL, slice(3, 4)),)},
    ("unit=2-3:off@rows=20-28",): {"silence": ((range(19, 28), slice(1, 3)),)},
    ("forget=0.5@rows=3-5@units=2-6", "unit=1:off", "forget=1@row=4@unit=6"): {
        # The later clamp wins on unit 6, row 4.
        "holds": (("f", 0.5, range(2, 5), slice(1, 6)), ("f", 1.0, range(3, 4), slice(5, 6))),
        "silence": ((ALL, slice(0, 1)),),
    },
}


@pytest.mark.parametrize("specs", list(LSTM_CASES), ids=lambda specs: " ".join(specs))
def test_lstm_interventions_match_the_hand_written_loop(specs: tuple[str, ...]) -> None:
    model, x = make_model(hidden_size=6), sequences()
    expected = reference_logits(model, x, **LSTM_CASES[specs])

    logits = under(model, x, *specs)

    torch.testing.assert_close(logits, expected, atol=1e-5, rtol=1e-5)
    assert not torch.allclose(logits, under(model, x), atol=1e-4)  # it did change the guesses


GRU_CASES: dict[tuple[str, ...], dict[str, Any]] = {
    ("reset=0",): {"holds": (("r", 0.0, ALL, EVERY),)},
    ("update=1@rows=5-28",): {"holds": (("z", 1.0, range(4, 28), EVERY),)},
    ("update=0@units=1-2",): {"holds": (("z", 0.0, ALL, slice(0, 2)),)},
    ("state=reset@row=14",): {"empty_h": ((range(13, 14), EVERY),)},
    ("unit=3:off",): {"silence": ((ALL, slice(2, 3)),)},
}


@pytest.mark.parametrize("specs", list(GRU_CASES), ids=lambda specs: " ".join(specs))
def test_gru_interventions_match_the_hand_written_loop(specs: tuple[str, ...]) -> None:
    model, x = make_model(cell="gru", hidden_size=5), sequences()

    logits = under(model, x, *specs)

    torch.testing.assert_close(
        logits, reference_logits(model, x, **GRU_CASES[specs]), atol=1e-5, rtol=1e-5
    )


@pytest.mark.parametrize(
    ("spec", "clamps"),
    [
        ("unit=2:off", {"silence": ((ALL, slice(1, 2)),)}),
        ("state=reset@rows=1-20", {"empty_h": ((range(0, 20), EVERY),)}),
    ],
)
def test_plain_rnn_state_interventions_match_the_loop(spec: str, clamps: dict) -> None:
    model, x = make_model(cell="rnn", hidden_size=5), sequences()

    torch.testing.assert_close(
        under(model, x, spec), reference_logits(model, x, **clamps), atol=1e-5, rtol=1e-5
    )


def test_every_layer_of_a_deep_network_is_clamped() -> None:
    model, x = make_model(hidden_size=4, num_layers=2), sequences()
    every_layer = reference_logits(model, x, holds=(("f", 0.0, range(4, 9), EVERY),))

    logits = under(model, x, "forget=0@rows=5-9")

    torch.testing.assert_close(logits, every_layer, atol=1e-5, rtol=1e-5)


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
def test_a_state_reset_reads_the_rest_as_if_from_the_start(cell: str) -> None:
    model, x = make_model(cell=cell, hidden_size=8), sequences()

    logits = under(model, x, "state=reset@row=20")

    # nn.LSTM / nn.GRU / nn.RNN on rows 20..28 alone: an independent computation.
    torch.testing.assert_close(logits[:, -1], model(x[:, 19:]), atol=1e-5, rtol=1e-5)


HALF_ROWS = SequenceEncoder("pixels", steps=56)  # half a row, 14 pixels, a step


def under_half_rows(model: SequenceClassifier, x: torch.Tensor, spec: str) -> torch.Tensor:
    limits = InterventionLimits.of(model.config, HALF_ROWS)
    return trace_under(model, x, [parse_intervention(spec, limits)], limits).logits


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_a_state_reset_on_a_row_read_in_two_steps_starts_at_its_first_step(cell: str) -> None:
    model = make_model(cell=cell, hidden_size=8, input_size=14)
    x = sequences(steps=56, seed=3)[:, :, :14]

    logits = under_half_rows(model, x, "state=reset@row=15")

    # nn.LSTM / nn.GRU from row 15's first half (step 28) on: emptied once, not at both halves.
    with torch.no_grad():
        from_row_15 = model.head(model.rnn(x[:, 28:])[0])
    torch.testing.assert_close(logits[:, 28:], from_row_15, atol=1e-5, rtol=1e-5)


def test_a_cell_reset_over_rows_empties_the_memory_as_each_row_begins() -> None:
    model = make_model(hidden_size=6, input_size=14)
    x = sequences(steps=56, seed=4)[:, :, :14]

    logits = under_half_rows(model, x, "cell=reset@rows=2-3")

    # Rows 2 and 3 begin at steps 2 and 4; their second halves keep the memory.
    expected = reference_logits(model, x, empty_c=(((2, 4), EVERY),))
    torch.testing.assert_close(logits, expected, atol=1e-5, rtol=1e-5)


def test_no_input_leaves_the_classifier_only_its_bias() -> None:
    model, x = make_model(hidden_size=6), sequences()

    logits = under(model, x, "input=0")

    # c stays 0, so h = o * tanh(0) = 0 at every step.
    expected = model.head.bias.detach().expand(x.shape[0], 28, -1)
    torch.testing.assert_close(logits, expected)


def test_no_interventions_is_the_ordinary_forward_pass() -> None:
    model, x = make_model(hidden_size=6), sequences()

    torch.testing.assert_close(under(model, x)[:, -1], model(x), atol=1e-5, rtol=1e-5)


def test_blank_steps_are_the_rows_after_the_image() -> None:
    model = make_model(hidden_size=6)
    encoder = SequenceEncoder("rows", blank_steps=3)
    x = encoder(torch.rand(3, 28, 28, generator=torch.Generator().manual_seed(2)))
    limits = InterventionLimits.of(model.config, encoder)

    logits = trace_under(model, x, [parse_intervention("forget=0@rows=29-31", limits)], limits)

    expected = reference_logits(model, x, holds=(("f", 0.0, range(28, 31), EVERY),))
    torch.testing.assert_close(logits.logits, expected, atol=1e-5, rtol=1e-5)
    with pytest.raises(ConfigError, match="rows 1 to 31, 3 of them blank steps"):
        parse_intervention("forget=0@rows=29-32", limits)


@pytest.mark.parametrize(
    ("steps", "blank", "rows", "expected"),
    [
        (28, 0, (3, 5), range(2, 5)),
        (14, 0, (3, 4), range(1, 2)),  # two rows a step: rows 3 and 4 are step 2
        (14, 0, (4, 5), range(1, 3)),
        (56, 0, (2, 2), range(2, 4)),  # half a row a step
        (784, 0, (1, 1), range(0, 28)),
        (14, 2, (28, 30), range(13, 16)),  # the last image step, then the two blank steps
    ],
)
def test_rows_become_the_steps_that_read_them(
    steps: int, blank: int, rows: tuple[int, int], expected: range
) -> None:
    limits = InterventionLimits("lstm", 8, steps, blank)

    assert limits.steps_of(rows) == expected


# --------------------------------------------------------------------------- evaluation


def repeated(images: ImageSet, times: int) -> ImageSet:
    return ImageSet(images.images.repeat(times, 1, 1), images.labels.repeat(times))


def test_evaluation_under_an_intervention_matches_the_loop(digits: DatasetSplits) -> None:
    model = make_model(hidden_size=16)
    x = ROWS(digits.test.images.float() / 255)
    predicted = reference_logits(model, x, holds=(("f", 0.0, range(0, 14), EVERY),))[:, -1]
    expected = predicted.argmax(dim=1).numpy()
    labels = digits.test.labels.numpy()
    limits = InterventionLimits.of(model.config, ROWS)

    result = evaluate_under(
        model, digits.test, ROWS, torch.device("cpu"), [parse_intervention("forget=0@rows=1-14")]
    )

    assert result is not None
    np.testing.assert_array_equal(result.predictions, expected)
    assert result.acc == pytest.approx(float(np.mean(expected == labels)))
    assert result.confusion[labels[0], expected[0]] >= 1 and result.samples == len(labels)
    assert limits.rows == 28


def test_untouched_evaluation_equals_the_trainings_evaluate(digits: DatasetSplits) -> None:
    model = make_model(hidden_size=16)

    result = evaluate_under(model, digits.test, ROWS, torch.device("cpu"), [])
    ordinary = evaluate(model, digits.test, ROWS, torch.device("cpu"))

    assert result is not None
    np.testing.assert_array_equal(result.confusion, ordinary.confusion)
    assert result.loss == pytest.approx(ordinary.loss, rel=1e-5)


def test_evaluation_reports_progress_and_can_be_stopped(digits: DatasetSplits) -> None:
    model = make_model(hidden_size=4)
    records = list(
        evaluation_under(
            model, digits.test, ROWS, torch.device("cpu"), [Intervention("forget", 0.0)], 64
        )
    )
    assert [(record.done, record.total) for record in records] == [
        (64, 200),
        (128, 200),
        (192, 200),
        (200, 200),
    ]
    assert records[-1].result is not None and all(r.result is None for r in records[:-1])

    model.train()
    stoppable = evaluation_under(model, repeated(digits.test, 6), ROWS, torch.device("cpu"), [])
    first = next(stoppable)
    assert (first.done, first.total, first.result) == (500, 1200, None) and not model.training
    stoppable.close()  # stopped: the GUI no longer iterates it
    assert model.training  # its mode is restored all the same


# --------------------------------------------------------------------------- the predictor


def test_predictor_reads_one_digit_under_interventions(digits: DatasetSplits) -> None:
    predictor = Predictor.bundled()
    image = digits.test.images[3].numpy() / 255.0
    silenced = parse_intervention("unit=41:off", predictor.intervention_limits)

    scan = predictor.row_scan(image, [silenced])
    untouched = predictor.row_scan(image)

    assert scan.cell is not None and untouched.cell is not None
    assert np.all(scan.hidden[:, 40] == 0) and np.all(scan.cell[:, 40] == 0)
    assert np.any(untouched.hidden[:, 40] != 0)
    x = predictor.encoder(torch.from_numpy(image[None].astype(np.float32)))
    expected = reference_logits(predictor.model, x, silence=((ALL, slice(40, 41)),))
    np.testing.assert_allclose(scan.probabilities, expected[0].softmax(dim=-1).numpy(), atol=1e-5)
    prediction = predictor.predict(image, [silenced])
    assert prediction.digit == int(expected[0, -1].argmax())
    np.testing.assert_allclose(prediction.probabilities, scan.probabilities[-1])
