"""What to look for in each view: a title and a few sentences, measured on the app's own models.

The bundled model's figures (resources/models/mnist-lstm.safetensors) are measured by
benchmarks/bundled_model_figures.py (the Draw and Train tabs' views: the first 2,000 MNIST test
digits, all 10,000 for the confusion matrix and the rows-needed curve, 50 example 7s),
benchmarks/inside_views.py (1,000 digits, the unit atlas) and `lstm-gui evaluate --intervene`
(10,000 digits); tests/gui/test_look_for_figures.py fails when a card no longer quotes them.
The rest come from a 6-epoch tutorial LSTM trained on 20,000 digits (the Train tab's curves) and
the shipped reference results (resources/claims, the Claims tab). Each text is marked for the
catalogue under the LookFor context; look_for.py translates it when it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate reads
    """Mark a text for the translation catalogue; look_for.py translates it when shown."""
    return text


@dataclass(frozen=True)
class LookFor:
    """One view's what-to-look-for: the view's short name and 2-4 sentences (English source)."""

    key: str
    title: str
    text: str


_ALL = (
    # ------------------------------------------------------------------ Train tab
    LookFor(
        "train.loss",
        QT_TRANSLATE_NOOP("LookFor", "Loss"),
        QT_TRANSLATE_NOOP(
            "LookFor",
            "The training loss per batch and per epoch, and the test loss after each epoch. "
            "Look for the gap between them: in a 6-epoch run on 20,000 digits the training "
            "loss kept falling (0.59 to 0.07) while the test loss stopped improving after "
            "epoch 5 (0.138, then 0.146). From there, more epochs learn these training digits "
            "rather than digits in general.",
        ),
    ),
    LookFor(
        "train.accuracy",
        QT_TRANSLATE_NOOP("LookFor", "Accuracy"),
        QT_TRANSLATE_NOOP(
            "LookFor",
            "The share of training batches and of test digits read right. Most of the gain "
            "comes in the first epochs (test 89.9% after one epoch, 94.0% after two, on 20,000 "
            "digits); later epochs add less than a point each. A test curve that flattens while "
            "the training curve still climbs is the overfitting the loss shows.",
        ),
    ),
    LookFor(
        "train.gradient_norm",
        QT_TRANSLATE_NOOP("LookFor", "Gradient norm"),
        QT_TRANSLATE_NOOP(
            "LookFor",
            "The size (L2 norm) of each batch's gradient. It is largest while the network "
            "learns most (median 4.4, peaks near 8 in the first epoch of a 20,000-digit run) "
            "and shrinks as it settles (median 1.1 in epoch 6); single spikes are batches of "
            "unusual digits. A norm that keeps growing, or jumps by factors of ten, is an "
            "exploding gradient: gradient clipping is for that.",
        ),
    ),
    LookFor(
        "train.confusion",
        QT_TRANSLATE_NOOP("LookFor", "Confusion matrix"),
        QT_TRANSLATE_NOOP(
            "LookFor",
            "Rows are the true digits, columns the model's answers; the diagonal is what it got "
            "right. The bundled model reads 99.5% of the 10,000 MNIST test digits right; its most "
            "frequent mistakes are 5 read as 3 (7 times), 7 as 2 (6) and 4 as 6 (5). The bright "
            "cells off the diagonal are pairs of digits that share strokes.",
        ),
    ),
    LookFor(
        "train.gradient_time",
        QT_TRANSLATE_NOOP("LookFor", "Gradient through time"),
        QT_TRANSLATE_NOOP(
            "LookFor",
            "One row per epoch (row 0: before training), one column per step, coloured by how "
            "much the loss depends on that step's input. In a 20,000-digit run, before "
            "training the first step got "
            "about 160 times less gradient than the last (2.5e-6 against 4.2e-4): it vanishes "
            "on its way back. After one epoch the order had turned (8.6e-4 at step 1, 1.5e-4 "
            "at step 28): the LSTM had learned to carry the early rows to the answer.",
        ),
    ),
    # ------------------------------------------------------------------ Draw tab
    LookFor(
        "draw.probabilities",
        QT_TRANSLATE_NOOP("LookFor", "Probabilities"),
        QT_TRANSLATE_NOOP(
            "LookFor",
            "The network's probability for each digit after reading all 28 rows. The bundled "
            "model is usually sure: 96% of 2,000 MNIST test digits got one bar above 99%. Its "
            "mistakes are less sure (a median of 84% on the 15 it got wrong), so a second visible "
            "bar says the drawing could be read either way.",
        ),
    ),
    LookFor(
        "draw.guesses",
        QT_TRANSLATE_NOOP("LookFor", "Guess after each row"),
        QT_TRANSLATE_NOOP(
            "LookFor",
            "Row t is the guess after reading rows 1 to t; the dot marks the top digit and the "
            "dashed line the row from which the answer no longer changes. Over a blank pad the "
            "bundled model's guess wanders between 1, 7 and 0 (15% to 75%). On MNIST test digits "
            "the answer settles at row 19 in the median (1s near row 8, 7s near 17, 2s and 3s "
            "near 21); the pad's example 7s settle at row 17 in the median, and after row 14 most "
            "of them are still read as a 2 or a 4 (47 of 50).",
        ),
    ),
    LookFor(
        "draw.memory",
        QT_TRANSLATE_NOOP("LookFor", "h and c"),
        QT_TRANSLATE_NOOP(
            "LookFor",
            "h is what the network passes on after each row, and what the answer is read from; c "
            "is the LSTM's memory. Rows above the ink stay pale: nothing has been written yet. "
            "Watch c grow as ink arrives (a mean |c| of 0.38 at row 8, 0.56 at row 14 and 1.23 at "
            "row 28 on test digits) while h stays within ±1, 99% of it within ±0.92: the memory "
            "holds more than it shows.",
        ),
    ),
    LookFor(
        "draw.gates",
        QT_TRANSLATE_NOOP("LookFor", "Gates"),
        QT_TRANSLATE_NOOP(
            "LookFor",
            "i, f and o run from 0 (closed) to 1 (open) per row and unit, g from -1 to 1. The "
            "forget gate f averages 0.69 on the bundled model and is higher over blank rows "
            "(0.77) than over inked ones (0.66): units hold their memory until ink arrives. The "
            "new content g spreads over its whole range, 15% of its values saturated beyond ±0.9 "
            "where the ink makes a unit write hard; the input gate i (mean 0.39) lets part of it "
            "in.",
        ),
    ),
    LookFor(
        "draw.influence",
        QT_TRANSLATE_NOOP("LookFor", "Row influence"),
        QT_TRANSLATE_NOOP(
            "LookFor",
            "Each bar is how much the answer's probability would change for a small change to "
            "that row's pixels, not how much ink it holds. On 2,000 test digits the longest bar "
            "is on the inkiest row for only 1% of them and above the digit's ink for 44%, where "
            "added ink would change the answer most (row 10 in the median). For 74% of them it is "
            "at or before the row where the answer settles.",
        ),
    ),
    LookFor(
        "draw.unit_trace",
        QT_TRANSLATE_NOOP("LookFor", "Unit trace"),
        QT_TRANSLATE_NOOP(
            "LookFor",
            "One unit's h, c and gates row by row: the unit under the mouse, or the heatmap cell "
            "clicked. On one example 7, unit 63's c climbs to 2.8 over rows 9-12, the top bar, "
            "while i and g are near 1, and drops to about 0 by row 14 once f falls to 0.42 and "
            "then 0.34: it marks the bar and lets it go. Unit 102's c falls to -2.7 by row 14 and "
            "stays between -4.1 and -2.7 to row 28 with f between 0.88 and 0.97: it holds what "
            "it saw.",
        ),
    ),
    LookFor(
        "draw.rows_needed",
        QT_TRANSLATE_NOOP("LookFor", "Rows needed"),
        QT_TRANSLATE_NOOP(
            "LookFor",
            "The share of the 10,000 test digits read right after only the first t rows. For the "
            "bundled model it stays below 20% up to row 14, climbs from row 16 (26%) through row "
            "20 (70%) and reaches 99.0% at row 24 and 99.5% at row 28. The marked row is where it "
            "first reaches 99% of its final accuracy: row 24, so the last four rows add half a "
            "point.",
        ),
    ),
    LookFor(
        "draw.experiments",
        QT_TRANSLATE_NOOP("LookFor", "Row experiments"),
        QT_TRANSLATE_NOOP(
            "LookFor",
            "Each card changes the rows the network reads and shows its new answer. Of 50 example "
            "7s, 49 stay 7s with rows 20-28 erased, but erasing the top bar makes 30 of them a "
            "1, and stopping after row 14 gives a 2 (34) or a 4 (13). Reversed rows read as 1 or "
            "3 and shuffled rows mostly as 3: the network learned the order of the rows, not only "
            "what is in them.",
        ),
    ),
    # ------------------------------------------------------------------ Claims tab
    LookFor(
        "claims.memory_gradient",
        QT_TRANSLATE_NOOP("LookFor", "Memory gradient"),
        QT_TRANSLATE_NOOP(
            "LookFor",
            "How much of the loss's gradient reaches the memory state (h; an LSTM's c) at "
            "each step, one line per cell and seed, after training and at initialisation. A "
            "line that falls by powers of ten toward the early steps is a vanishing gradient. "
            "In the shipped reference (128 steps) an LSTM whose forget gate started at bias 1 "
            "kept about 3e-12 of it across the blank steps and stayed at chance (11%); at "
            "bias 5 it kept it and reached 91%.",
        ),
    ),
    LookFor(
        "claims.input_gradient",
        QT_TRANSLATE_NOOP("LookFor", "Input gradient"),
        QT_TRANSLATE_NOOP(
            "LookFor",
            "The same gradient measured at each step's input instead of the memory: how much "
            "the answer depends on the digit's rows (1-28) against the blank steps after them. "
            "In the shipped reference an LSTM whose forget gate started at bias 1 had about "
            "1e-16 on rows 1-28 (the GRU exactly 0) and answered at chance (11%); at bias 5 "
            "its rows got about 1e-3, some 25 times more than the blank steps, and it reached "
            "91%. A cell whose gradient on the digit's rows has vanished cannot learn the digit.",
        ),
    ),
    LookFor(
        "claims.length",
        QT_TRANSLATE_NOOP("LookFor", "Accuracy by length"),
        QT_TRANSLATE_NOOP(
            "LookFor",
            "Test accuracy against sequence length, per cell, with the range over seeds. In the "
            "shipped reference, cutting the image into 28, 112 and 784 steps gave the LSTM 87%, "
            "60% and 30% on the same small budget; on the memory task every gated cell fell "
            "to chance (11%) at 100 steps. Where a line drops, that length is more than the "
            "budget can train.",
        ),
    ),
    LookFor(
        "claims.cost",
        QT_TRANSLATE_NOOP("LookFor", "Cost of an update"),
        QT_TRANSLATE_NOOP(
            "LookFor",
            "Time per training update by sequence length and depth. In the shipped reference "
            "an LSTM update took 1.7 to 3.6 times a plain RNN's (for 4 times the multiply-adds), "
            "784 steps took 42 times as long as 28, and 3 layers 3.2 times one. The steps run "
            "one after another, so time grows with their number.",
        ),
    ),
    # ------------------------------------------------------------------ Inside tab
    LookFor(
        "inside.trajectories",
        QT_TRANSLATE_NOOP("LookFor", "State trajectories"),
        QT_TRANSLATE_NOOP(
            "LookFor",
            "Each dot is one test digit's state after the row shown, coloured by its class. "
            "Over the blank top rows every digit is in the same state. Ink arrives from about "
            "row 4 and the cloud grows, but in the plane of the final states it stays one blob, "
            "every class's mean path looping round the centre together, until about row 16; in "
            "the last ten rows the classes shoot out to their own places. Draw a digit and "
            "follow its star.",
        ),
    ),
    LookFor(
        "inside.separation",
        QT_TRANSLATE_NOOP("LookFor", "Classes apart"),
        QT_TRANSLATE_NOOP(
            "LookFor",
            "In all 128 units the classes part sooner than in this plane (the sentence beside the "
            "plot): 1s by row 10, 0 and 5 by row 13, 6 by row 14, 4 by row 17, 7 and 8 only by "
            "row 20. Two directions keep only about a third of the final states' variance, so 1 "
            "and 4 overlap here, as do 0 and 2, although the network tells them apart. Fitted on "
            "all steps, the plane shows the reading's common loop instead.",
        ),
    ),
    LookFor(
        "inside.atlas",
        QT_TRANSLATE_NOOP("LookFor", "Unit atlas"),
        QT_TRANSLATE_NOOP(
            "LookFor",
            "Silencing any one of the bundled model's 128 units costs at most 3 test digits in "
            "1,000; 65 of them cost one to three, 47 none, and 16 even win one back: what it "
            "knows is spread over many units. The true-class probability drop ranks them more "
            "finely (at most about 0.3 points). The gates are seldom pinned: on average the "
            "forget gate is saturated in 12% of states, the candidate g in 9%, the output gate in "
            "8% and the input gate in 7%, and no gate of any unit in more than about 50%. A "
            "unit's top digits are often of one class (all 4s, all 8s), each marked at the row "
            "where it fires hardest; a yellow cell: your drawing drives that unit as hard.",
        ),
    ),
    LookFor(
        "inside.intervention_answers",
        QT_TRANSLATE_NOOP("LookFor", "Answer, untouched and intervened"),
        QT_TRANSLATE_NOOP(
            "LookFor",
            "Left, the network's probabilities for the digit read untouched; right, read under "
            "the intervention set in the form. On the bundled model's 10,000 test digits (99.5% "
            "right untouched), f = 0 or i = 0 leaves it guessing at chance (9% and 11%), and "
            "never forgetting (f = 1) is nearly as bad (20%). No single unit matters much (at "
            "most 0.15 points lost, unit 97); silencing units 1-64 leaves 37%.",
        ),
    ),
    LookFor(
        "inside.interventions",
        QT_TRANSLATE_NOOP("LookFor", "Guess after each row, untouched and intervened"),
        QT_TRANSLATE_NOOP(
            "LookFor",
            "The dots mark the guess after each row, untouched and under the intervention; the "
            "orange band marks the rows it acts on. Shutting i on rows 8-14 leaves 49% of the "
            "test digits right, on rows 22-28 89%, on rows 1-7 97%. Emptying c at row 14 leaves "
            "81%, emptying h and c there 53%: h carries part of what was read.",
        ),
    ),
)

LOOK_FOR: dict[str, LookFor] = {entry.key: entry for entry in _ALL}
