"""Tests for the model, its step-wise trace, its Keras-style initialisation and the settings."""

from __future__ import annotations

import math

import pytest
import torch
from torch import nn

from lstm_gui.core.config import ModelConfig, TrainConfig, sequence_shape
from lstm_gui.core.errors import ConfigError, LstmGuiError
from lstm_gui.core.run.checkpoint_header import expected_parameter_shapes
from lstm_gui.core.run.model import (
    GATE_NAMES,
    SequenceClassifier,
    format_summary,
    keras_parameter_count,
    model_summary,
)

SIGMOID_GATES = {"lstm": ("input", "forget", "output"), "gru": ("reset", "update"), "rnn": ()}
TANH_GATES = {"lstm": ("cell_candidate",), "gru": ("candidate",), "rnn": ()}


def make_model(seed: int = 0, **settings) -> SequenceClassifier:
    torch.manual_seed(seed)
    return SequenceClassifier(ModelConfig(**settings)).eval()


def batch(size: int = 3, steps: int = 28, features: int = 28, seed: int = 1) -> torch.Tensor:
    return torch.rand(size, steps, features, generator=torch.Generator().manual_seed(seed))


# --------------------------------------------------------------------------- shapes and size


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
@pytest.mark.parametrize("layers", [1, 2])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_output_is_ten_logits_per_sequence(cell: str, layers: int, bidirectional: bool) -> None:
    model = make_model(cell=cell, num_layers=layers, bidirectional=bidirectional, hidden_size=32)

    logits = model(batch(size=5))

    assert logits.shape == (5, 10)
    assert bool(torch.isfinite(logits).all())
    assert isinstance(model.rnn, {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[cell])


def test_pixel_sequences_take_one_feature_per_step() -> None:
    config = TrainConfig(sequence="pixels").model_config(hidden_size=16)
    model = SequenceClassifier(config).eval()

    assert sequence_shape("pixels") == (784, 1)
    assert model(batch(size=2, steps=784, features=1)).shape == (2, 10)


def test_default_model_has_the_tutorials_parameter_count() -> None:
    model = make_model()

    total = sum(p.numel() for p in model.parameters())

    # LSTM: 4 gates x 128 x (28 inputs + 128 recurrent + 2 biases); Dense: 128 x 10 + 10.
    assert total == 4 * 128 * (28 + 128 + 2) + 128 * 10 + 10 == 82_186
    # Keras keeps one bias vector per gate: 512 fewer, as its model.summary() says.
    assert keras_parameter_count(model) == 81_674


def test_summary_reads_like_keras() -> None:
    model = make_model()

    rows = model_summary(model, steps=28)
    text = format_summary(model, steps=28)

    assert [row.layer for row in rows] == [
        "Input",
        "LSTM(128)",
        "Dense(10)",
        "Softmax (in the loss)",
    ]
    assert [row.parameters for row in rows] == [0, 80_896, 1_290, 0]
    assert [row.output_shape for row in rows] == ["(None, 28, 28)", "(None, 128)"] + [
        "(None, 10)"
    ] * 2
    assert "Total params: 82,186" in text
    assert "Keras counts 81,674" in text
    assert "80,896" in text and "1,290" in text


def test_summary_of_a_stacked_bidirectional_gru() -> None:
    model = make_model(cell="gru", num_layers=2, bidirectional=True, hidden_size=32)

    text = format_summary(model, steps=28)

    assert "Bidirectional(GRU(32)) x 2 layers" in text
    assert "(None, 64)" in text
    total = sum(p.numel() for p in model.parameters())
    assert f"Total params: {total:,}" in text
    assert "Keras counts" not in text  # Keras's GRU keeps both biases too


# --------------------------------------------------------------------------- trace


@pytest.mark.parametrize(
    ("cell", "layers", "hidden"),
    [
        ("lstm", 1, 128),
        ("lstm", 2, 32),
        ("gru", 1, 32),
        ("gru", 2, 32),
        ("rnn", 1, 32),
        ("rnn", 2, 32),
    ],
)
def test_trace_agrees_with_pytorchs_own_recurrent_layer(
    cell: str, layers: int, hidden: int
) -> None:
    dropout = 0.2 if layers > 1 else 0.0
    model = make_model(cell=cell, num_layers=layers, hidden_size=hidden, dropout=dropout)
    sequences = batch()

    trace = model.trace(sequences)
    with torch.no_grad():
        output, state = model.rnn(sequences)
        logits = model(sequences)
    h_n, c_n = state if isinstance(state, tuple) else (state, None)

    assert trace.cell_type == cell
    assert len(trace.layers) == layers
    # The top layer's hidden state at every step is nn.LSTM/GRU/RNN's output sequence ...
    torch.testing.assert_close(trace.top.hidden, output, rtol=0, atol=1e-5)
    # ... every layer's last hidden (and cell) state is the module's final state ...
    for layer, layer_trace in enumerate(trace.layers):
        assert layer_trace.hidden.shape == (3, 28, hidden)
        torch.testing.assert_close(layer_trace.hidden[:, -1], h_n[layer], rtol=0, atol=1e-5)
        if c_n is not None:
            assert layer_trace.cell is not None
            assert layer_trace.cell.shape == (3, 28, hidden)
            torch.testing.assert_close(layer_trace.cell[:, -1], c_n[layer], rtol=0, atol=1e-5)
        else:
            assert layer_trace.cell is None
    # ... and the guess after the last step is the model's answer.
    assert trace.logits.shape == (3, 28, 10)
    torch.testing.assert_close(trace.logits[:, -1], logits, rtol=0, atol=1e-5)
    torch.testing.assert_close(trace.probabilities.sum(-1), torch.ones(3, 28))


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
def test_trace_gates_have_the_right_shapes_and_ranges(cell: str) -> None:
    model = make_model(cell=cell, hidden_size=128)

    gates = model.trace(batch()).top.gates

    assert tuple(gates) == GATE_NAMES[cell]
    for name in SIGMOID_GATES[cell]:
        assert gates[name].shape == (3, 28, 128)
        assert float(gates[name].min()) >= 0.0 and float(gates[name].max()) <= 1.0
    for name in TANH_GATES[cell]:
        assert gates[name].shape == (3, 28, 128)
        assert float(gates[name].min()) >= -1.0 and float(gates[name].max()) <= 1.0


def test_lstm_trace_cell_state_follows_its_gates() -> None:
    model = make_model()

    top = model.trace(batch()).top

    gates, cell = top.gates, top.cell
    assert cell is not None
    # c_t = f * c_(t-1) + i * g  and  h_t = o * tanh(c_t), at a step in the middle.
    expected = (
        gates["forget"][:, 10] * cell[:, 9] + gates["input"][:, 10] * gates["cell_candidate"][:, 10]
    )
    torch.testing.assert_close(cell[:, 10], expected)
    torch.testing.assert_close(top.hidden[:, 10], gates["output"][:, 10] * cell[:, 10].tanh())


def test_bidirectional_trace_ends_with_the_models_answer() -> None:
    model = make_model(bidirectional=True, num_layers=2, hidden_size=16)
    sequences = batch(size=2)

    trace = model.trace(sequences)
    with torch.no_grad():
        output, _ = model.rnn(sequences)

    assert trace.logits.shape == (2, 28, 10)
    torch.testing.assert_close(trace.logits[:, -1], model(sequences), rtol=0, atol=1e-5)
    # States are the forward direction's: the first half of each step's output.
    torch.testing.assert_close(trace.top.hidden, output[..., :16], rtol=0, atol=1e-5)
    # The guess after 5 rows is what the network says when shown those 5 rows alone.
    with torch.no_grad():
        torch.testing.assert_close(trace.logits[:, 4], model(sequences[:, :5]), rtol=0, atol=1e-5)


def test_a_bidirectional_trace_without_guesses_keeps_the_states_and_leaves_logits_nan() -> None:
    model = make_model(bidirectional=True, num_layers=2, hidden_size=16)
    sequences = batch(size=2)

    trace = model.trace(sequences, guesses=False)  # no read of each of the 28 prefixes

    with torch.no_grad():
        output, _ = model.rnn(sequences)
    torch.testing.assert_close(trace.top.hidden, output[..., :16], rtol=0, atol=1e-5)
    assert trace.logits.shape == (2, 28, 10) and bool(trace.logits.isnan().all())


def test_trace_does_not_track_gradients() -> None:
    model = make_model().train()

    trace = model.trace(batch())

    assert not trace.logits.requires_grad
    assert model.training  # trace leaves the mode alone


# --------------------------------------------------------------------------- initialisation


def test_keras_initialisation_of_the_lstm() -> None:
    model = make_model()
    bias_ih, bias_hh = model.rnn.bias_ih_l0, model.rnn.bias_hh_l0
    w_hh, w_ih = model.rnn.weight_hh_l0.detach(), model.rnn.weight_ih_l0.detach()

    # Biases zero, but the forget gate's (the second block of 128) is 1: unit_forget_bias.
    assert torch.equal(bias_ih[128:256], torch.ones(128))
    assert torch.equal(bias_ih[:128], torch.zeros(128))
    assert torch.equal(bias_ih[256:], torch.zeros(256))
    assert torch.equal(bias_hh, torch.zeros(512))
    # Orthogonal recurrent weights: the (512, 128) matrix has orthonormal columns.
    torch.testing.assert_close(w_hh.T @ w_hh, torch.eye(128), rtol=0, atol=1e-5)
    # Glorot-uniform input weights: within +-sqrt(6 / (fan_in + fan_out)).
    limit = math.sqrt(6 / (28 + 512))
    assert float(w_ih.abs().max()) <= limit
    assert float(w_ih.abs().max()) > 0.9 * limit
    assert torch.equal(model.head.bias, torch.zeros(10))


@pytest.mark.parametrize("cell", ["gru", "rnn"])
def test_keras_initialisation_gives_other_cells_zero_biases(cell: str) -> None:
    model = make_model(cell=cell, num_layers=2, dropout=0.1, hidden_size=32)

    for name, parameter in model.rnn.named_parameters():
        if name.startswith("bias"):
            assert torch.equal(parameter, torch.zeros_like(parameter)), name
        elif name.startswith("weight_hh"):
            w = parameter.detach()
            torch.testing.assert_close(w.T @ w, torch.eye(32), rtol=0, atol=1e-5)


def test_pytorch_initialisation_differs_from_keras() -> None:
    model = make_model(keras_init=False)
    w_hh = model.rnn.weight_hh_l0.detach()

    assert not torch.equal(model.rnn.bias_ih_l0[128:256], torch.ones(128))
    assert float(model.rnn.bias_hh_l0.detach().abs().sum()) > 0
    assert (w_hh.T @ w_hh - torch.eye(128)).abs().max() > 0.1
    # PyTorch's default: uniform within +-1/sqrt(hidden).
    assert float(model.rnn.weight_ih_l0.detach().abs().max()) <= 1 / math.sqrt(128)


def test_initialisation_follows_the_seed() -> None:
    first, again, other = make_model(seed=3), make_model(seed=3), make_model(seed=4)

    assert torch.equal(first.rnn.weight_hh_l0, again.rnn.weight_hh_l0)
    assert not torch.equal(first.rnn.weight_hh_l0, other.rnn.weight_hh_l0)


# --------------------------------------------------------------------------- settings


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: ModelConfig(hidden_size=0), "hidden size must be between 1 and 4096, not 0"),
        (lambda: ModelConfig(num_layers=9), "layers must be between 1 and 8"),
        (lambda: ModelConfig(dropout=0.3), "Dropout acts between recurrent layers"),
        (lambda: ModelConfig(dropout=0.95, num_layers=2), "dropout must be between 0 and 0.9"),
        (
            lambda: ModelConfig(cell="transformer"),
            "Unknown cell 'transformer'; choose one of lstm, gru, rnn",
        ),
        (lambda: ModelConfig(num_classes=1), "classes must be between 2 and 1000"),
        (
            lambda: TrainConfig(lr=float("nan")),
            "learning rate must be between 1e-07 and 10, not nan",
        ),
        (lambda: TrainConfig(lr=100.0), "learning rate must be between"),
        (lambda: TrainConfig(batch_size=0), "batch size must be between 1 and"),
        (lambda: TrainConfig(epochs=0), "epochs must be between 1 and"),
        (
            lambda: TrainConfig(optimizer="adagrad"),
            "Unknown optimizer 'adagrad'; choose one of adam, sgd, rmsprop",
        ),
        (lambda: TrainConfig(sequence="columns"), "Unknown sequence view 'columns'"),
        (lambda: TrainConfig(device="tpu"), "Unknown device 'tpu'"),
        (lambda: TrainConfig(grad_clip=0.0), "gradient clip must be between"),
        (lambda: TrainConfig(train_limit=0), "training sample limit must be between"),
        (lambda: TrainConfig(report_every=0), "report interval must be between"),
    ],
)
def test_invalid_settings_are_refused_with_a_clear_message(make, message: str) -> None:
    with pytest.raises(ConfigError) as error:
        make()

    assert isinstance(error.value, LstmGuiError)
    assert message in str(error.value)
    assert str(error.value).endswith(".")


def test_settings_round_trip_through_plain_dicts() -> None:
    model_config = ModelConfig(cell="gru", num_layers=2, dropout=0.25, bidirectional=True)
    train_config = TrainConfig(sequence="permuted", lr=3e-4, grad_clip=1.0, train_limit=100)

    assert ModelConfig.from_dict(model_config.to_dict()) == model_config
    assert TrainConfig.from_dict(train_config.to_dict()) == train_config


def test_settings_from_another_program_are_refused() -> None:
    with pytest.raises(ConfigError, match="Unknown ModelConfig setting"):
        ModelConfig.from_dict({"cell": "lstm", "units": 128})
    with pytest.raises(ConfigError, match="Expected a mapping"):
        TrainConfig.from_dict(["adam"])  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="hidden size must be a number, not .128."):
        ModelConfig.from_dict({"hidden_size": "128"})


def test_defaults_are_the_tutorials() -> None:
    train_config = TrainConfig()
    model_config = train_config.model_config()

    assert (train_config.optimizer, train_config.lr) == ("adam", 1e-3)
    assert (train_config.batch_size, train_config.epochs) == (28, 20)
    assert train_config.sequence == "rows"
    assert (model_config.cell, model_config.hidden_size, model_config.input_size) == (
        "lstm",
        128,
        28,
    )


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
@pytest.mark.parametrize("layers", [1, 2, 3])
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize(
    ("input_size", "hidden_size", "num_classes"), [(28, 5, 10), (1, 1, 2), (3, 17, 47)]
)
def test_expected_parameter_shapes_are_those_of_the_built_model(
    cell: str, layers: int, bidirectional: bool, input_size: int, hidden_size: int, num_classes: int
) -> None:
    # Checkpoints are checked against these shapes without building a model; any difference
    # would refuse good files or let bad ones through.
    config = ModelConfig(
        cell=cell,
        num_layers=layers,
        bidirectional=bidirectional,
        input_size=input_size,
        hidden_size=hidden_size,
        num_classes=num_classes,
    )
    model = SequenceClassifier(config)

    shapes = expected_parameter_shapes(config)

    assert shapes == {k: tuple(v.shape) for k, v in model.state_dict().items()}
    # In the same order as model.parameters(), which numbers the optimizer's saved state.
    assert list(shapes.items()) == [(k, tuple(v.shape)) for k, v in model.named_parameters()]


def test_one_label_names_the_network_everywhere() -> None:
    from lstm_gui.core.config import ModelConfig
    from lstm_gui.core.run.model import SequenceClassifier, model_summary

    assert ModelConfig().label == "LSTM(128)"
    deep = ModelConfig(cell="gru", hidden_size=64, num_layers=2, bidirectional=True)
    assert deep.label == "Bidirectional(GRU(64)) x 2 layers"
    assert model_summary(SequenceClassifier(deep), 28)[1].layer == deep.label
