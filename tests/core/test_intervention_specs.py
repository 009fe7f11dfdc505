"""Intervention specs: read, written back, and refused in one sentence naming the fault."""

from __future__ import annotations

import pytest

from lstm_gui.core.config import ModelConfig
from lstm_gui.core.errors import ConfigError
from lstm_gui.core.inside.interventions import (
    Intervention,
    InterventionLimits,
    parse_intervention,
)
from lstm_gui.core.run.sequences import SequenceEncoder, pixel_permutation

LSTM_128 = InterventionLimits("lstm", 128, 28)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("forget=0", Intervention("forget", 0.0)),
        (" Forget = 1 @ rows = 15-28 ", Intervention("forget", 1.0, rows=(15, 28))),
        ("output=1@units=1-64", Intervention("output", 1.0, units=(1, 64))),
        ("cell=reset@row=14", Intervention("cell", rows=(14, 14))),
        ("state=reset@rows=1-3", Intervention("state", rows=(1, 3))),
        ("unit=41:off", Intervention("unit", units=(41, 41))),
        ("unit=1-8:OFF@rows=20-28", Intervention("unit", rows=(20, 28), units=(1, 8))),
        ("input=0.5@units=3-4@rows=2-9", Intervention("input", 0.5, (2, 9), (3, 4))),
    ],
)
def test_specs_are_read_and_written_back(spec: str, expected: Intervention) -> None:
    intervention = parse_intervention(spec, LSTM_128)

    assert intervention == expected
    assert parse_intervention(intervention.spec) == intervention


@pytest.mark.parametrize(
    ("spec", "limits", "message"),
    [
        ("bogus=0", LSTM_128, 'unknown gate or state "bogus"'),
        ("forget", LSTM_128, "write TARGET=VALUE"),
        ("forget=", LSTM_128, "write TARGET=VALUE"),
        ("forget=2", LSTM_128, 'a gate holds a value from 0 to 1, not "2"'),
        ("forget=-0.1", LSTM_128, "from 0 to 1"),
        ("forget=off", LSTM_128, "from 0 to 1"),
        ("cell=0", LSTM_128, "cell takes only the value reset"),
        ("state=1", LSTM_128, "state takes only the value reset"),
        ("unit=41", LSTM_128, "unit=J:off"),
        ("unit=41:on", LSTM_128, "unit=J:off"),
        ("unit=x:off", LSTM_128, '"x" is not a unit'),
        ("forget=0@rows=20-40", LSTM_128, "this model reads rows 1 to 28"),
        ("forget=0@rows=0-5", LSTM_128, "rows are numbered from 1"),
        ("unit=0:off", LSTM_128, "units are numbered from 1"),
        ("forget=0@rows=9-3", LSTM_128, "the row range 9-3 runs backwards"),
        ("forget=0@rows=a-b", LSTM_128, '"a-b" is not a row'),
        ("unit=129:off", LSTM_128, "units run from 1 to 128"),
        ("output=1@units=1-200", LSTM_128, "units run from 1 to 128"),
        ("forget=0@cols=1-3", LSTM_128, '"@cols=1-3" is neither @rows=A-B nor @units=A-B'),
        ("forget=0@rows", LSTM_128, '"@rows" is neither'),
        ("forget=0@rows=1-3@rows=4-5", LSTM_128, "the rows are given twice"),
        ("unit=3:off@unit=4", LSTM_128, "the units are given twice"),
        ("reset=0", LSTM_128, "an LSTM has no reset gate; its gates are input, forget, output"),
        ("forget=0", InterventionLimits("gru", 8, 28), "a GRU has no forget gate; its gates"),
        ("forget=0", InterventionLimits("rnn", 8, 28), "a plain RNN has no forget gate; it has"),
        ("cell=reset", InterventionLimits("gru", 8, 28), "a GRU has no cell state c"),
        ("cell=reset", InterventionLimits("rnn", 8, 28), "a plain RNN has no cell state c"),
        (
            "unit=1:off",
            InterventionLimits("lstm", 8, 28, bidirectional=True),
            "a bidirectional network cannot",
        ),
        (
            "forget=0@rows=1-14",
            InterventionLimits("lstm", 8, 784, permuted=True),
            "a permuted model reads the pixels shuffled, so its steps are not image rows",
        ),
        ("cell=reset@row=3", InterventionLimits("lstm", 8, 784, permuted=True), "permuted"),
    ],
)
def test_a_bad_spec_is_one_sentence_naming_the_fault(
    spec: str, limits: InterventionLimits, message: str
) -> None:
    with pytest.raises(ConfigError) as error:
        parse_intervention(spec, limits)

    text = str(error.value)
    assert message in text
    assert text.startswith(f'Intervention "{spec}": ') and text.endswith(".")
    assert ". " not in text.rstrip(".")  # one sentence


def test_an_intervention_made_in_code_is_checked_too() -> None:
    with pytest.raises(ConfigError, match="Name the units to silence"):
        Intervention("unit")
    with pytest.raises(ConfigError, match="A value goes with a gate"):
        Intervention("forget")
    with pytest.raises(ConfigError, match="A value goes with a gate"):
        Intervention("cell", 0.0)


def test_a_permuted_model_is_changed_over_all_its_steps_or_refused_rows() -> None:
    permuted = SequenceEncoder("permuted", pixel_permutation(0))
    limits = InterventionLimits.of(ModelConfig(hidden_size=8, input_size=1), permuted)

    assert (
        limits.permuted
        and not InterventionLimits.of(ModelConfig(), SequenceEncoder("rows")).permuted
    )
    assert parse_intervention("forget=0@units=1-4", limits).units == (1, 4)  # no rows: fine
    with pytest.raises(ConfigError, match="permuted"):
        parse_intervention("input=0@rows=1-14", limits)
