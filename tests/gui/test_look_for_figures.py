"""The "?" cards quote the bundled model's figures as benchmarks/bundled_model_figures.py measures.

A retrained bundled model changes these figures; this test fails until the texts are measured
again, so a card never quotes a model the app no longer ships.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re
from pathlib import Path

import pytest

from lstm_gui.gui.widgets.look_for_texts import LOOK_FOR

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def measured(mnist_dir: Path) -> dict[str, str]:
    """The script's output on real MNIST, one line per figure, keyed by its label."""
    spec = importlib.util.spec_from_file_location(
        "bundled_model_figures", REPO_ROOT / "benchmarks" / "bundled_model_figures.py"
    )
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    lines: dict[str, str] = {}
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        script.main(["--data-dir", str(mnist_dir), "--sevens", "50"])
    for line in output.getvalue().splitlines():
        key, _, value = line.partition(": ")
        lines[key] = lines.get(key, "") + value + "\n"
    return lines


def number(before: str, text: str, after: str = "") -> float:
    """The number written between `before` and `after` in the script's output `text`."""
    pattern = re.escape(before) + r"([\d.]+)" + re.escape(after)
    found = re.search(pattern, text)
    assert found, (before, text)
    return float(found.group(1))


def text(key: str) -> str:
    return LOOK_FOR[key].text


def test_the_confusion_card_quotes_the_accuracy_and_the_commonest_mistake(
    measured: dict[str, str],
) -> None:
    accuracy = number("accuracy on 10000 test digits: ", measured["train.confusion"], "%")
    assert f"{accuracy:.1f}% of the 10,000" in text("train.confusion")
    assert f"({accuracy:.1f}%" in text("inside.intervention_answers")
    true, answer, count = re.search(
        r"most frequent mistakes: (\d) read as (\d) x(\d+)", measured["train.confusion"]
    ).groups()  # type: ignore[union-attr]
    assert f"{true} read as {answer} ({count} times)" in text("train.confusion")


def test_the_draw_cards_quote_the_measured_figures(measured: dict[str, str]) -> None:
    probabilities = measured["draw.probabilities"]
    share = number("above 99%: ", probabilities, "%")
    wrong = int(number("wrong: ", probabilities, " of"))
    median = number("on them: ", probabilities, "%")
    assert f"{share:.0f}% of 2,000" in text("draw.probabilities")
    assert f"a median of {median:.0f}% on the {wrong} it got wrong" in text("draw.probabilities")

    settle = int(number("median settle row: ", measured["draw.guesses"]))
    assert f"settles at row {settle} in the median" in text("draw.guesses")

    memory = measured["draw.memory"]
    for row in (8, 14, 28):
        mean_c = number(f"row {row}: ", memory)
        assert f"{mean_c:.2f} at row {row}" in text("draw.memory")

    gates = measured["draw.gates"]
    assert f"averages {number('mean f: ', gates):.2f}" in text("draw.gates")
    assert f"blank rows ({number('blank rows ', gates):.2f})" in text("draw.gates")
    assert f"inked ones ({number('inked rows ', gates):.2f})" in text("draw.gates")
    assert f"{number('0.9: ', gates, '%'):.0f}% of its values" in text("draw.gates")

    influence = measured["draw.influence"]
    assert f"row {int(number('median longest row ', influence))} in the median" in text(
        "draw.influence"
    )
    assert f"For {number('settle row: ', influence, '%'):.0f}% of them" in text("draw.influence")


def test_the_rows_needed_card_quotes_the_curve_on_all_test_digits(
    measured: dict[str, str],
) -> None:
    whole = measured["draw.rows_needed"].splitlines()[0]  # the 10,000 digits the view reads
    assert "of 10000 digits" in whole
    card = text("draw.rows_needed")
    assert f"row 16 ({number('16: ', whole, '%'):.0f}%)" in card
    assert f"row 20 ({number('20: ', whole, '%'):.0f}%)" in card
    assert f"{number('24: ', whole, '%'):.1f}% at row 24" in card
    assert f"{number('28: ', whole, '%'):.1f}% at row 28" in card
    marked = int(number("final accuracy): ", measured["draw.rows_needed"]))
    assert f"final accuracy: row {marked}" in card


def test_the_row_experiments_card_quotes_the_tallies_of_fifty_sevens(
    measured: dict[str, str],
) -> None:
    tallies = measured["drawn 7 tallies"]
    kept = int(number("erase rows 20-28: 7: ", tallies))
    bar_to_one = int(number("erase top bar: 1: ", tallies))
    assert f"Of 50 example 7s, {kept} stay 7s" in text("draw.experiments")
    assert f"makes {bar_to_one} of them a 1" in text("draw.experiments")
