"""Every figure the Draw and Train tabs' what-to-look-for texts cite, measured on one checkpoint.

The texts (lstm_gui/gui/widgets/look_for_texts.py) quote the bundled model; when it changes,
run this and put its numbers in them:

    .venv/bin/python benchmarks/bundled_model_figures.py [--checkpoint CKPT]
        [--data-dir ../shared/data/mnist] [--drawn-seed 7] [--sample 2000] [--sevens 50]

One labelled line per figure, grouped by the LookFor key it belongs to. The confusion figures
and the rows-needed curve read all 10,000 test digits, as the Train tab's matrix and the Draw
tab's curve do (the curve again on the first --sample digits, for comparison); the other
views' figures read the first --sample digits. Definitions are the app's own: the settle row
is RowScan.decided_at (the guesses view's dashed line), the row influence
Predictor.row_influence (the Draw tab's bars), the row experiments the Draw tab's cards at
their default settings; a blank row has no pixel above 0. "The drawn 7" is the Example
button's drawing, synthetic_digit(7, rng) from a fixed seed, prepared as the pad prepares it;
tallies over --sevens seeds say how typical it is. Units are numbered from 1, as in the app.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import torch

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from lstm_gui.core.config import IMAGE_SIDE  # noqa: E402
from lstm_gui.core.reading import row_experiments as experiments  # noqa: E402
from lstm_gui.core.reading.digit_strokes import synthetic_digit  # noqa: E402
from lstm_gui.core.reading.inference import Predictor, RowScan  # noqa: E402
from lstm_gui.core.reading.strokes import Drawing  # noqa: E402
from lstm_gui.core.run.model import Gate  # noqa: E402
from lstm_gui.resources import bundled_model_path  # noqa: E402

DEFAULT_DATA_DIR = (REPO_ROOT / ".." / "shared" / "data" / "mnist").resolve()
# The Draw tab's row-experiment cards as they open (row_experiments_view.py).
DEFAULT_ERASE = (12, 14)
DEFAULT_STOP_AFTER = 14
DEFAULT_SHUFFLE_SEED = 1
MEMORY_ROWS = (8, 14, 28)
RUNNING_ROWS_NEEDED = (14, 16, 20, 24, 28)
SATURATED_G = 0.9
SURE = 0.99
# A row of the drawn 7 belongs to its top bar when this many pixels are more than half inked
# (the bar is horizontal and long; the stem crosses a row in 2-4 pixels).
BAR_PIXELS = 6


def scans_of(predictor: Predictor, images: np.ndarray, batch: int = 500) -> list[RowScan]:
    """The row scan of each image (N, 28, 28) float ink-high, traced in batches (one-way nets)."""
    scans: list[RowScan] = []
    for start in range(0, len(images), batch):
        chunk = images[start : start + batch]
        with torch.no_grad():
            trace = predictor.model.trace(predictor.encoder(torch.from_numpy(chunk)))
        top = trace.top
        probabilities = trace.probabilities.numpy()
        for k, image in enumerate(chunk):
            scans.append(
                RowScan(
                    image=image,
                    probabilities=probabilities[k],
                    hidden=top.hidden[k].numpy(),
                    cell=None if top.cell is None else top.cell[k].numpy(),
                    gates={gate: value[k].numpy() for gate, value in top.gates.items()},
                )
            )
    return scans


def as_float(images: torch.Tensor) -> np.ndarray:
    """uint8 test images as the app reads them: float32 in [0, 1]."""
    return images.numpy().astype(np.float32) / 255.0


def confusion_figures(predictor: Predictor, images: np.ndarray, labels: np.ndarray) -> list[str]:
    """Accuracy on the given digits and the three most frequent (true, answer) mistakes."""
    answers = np.concatenate(
        [
            predictor.probabilities(images[s : s + 1000]).argmax(1)
            for s in range(0, len(images), 1000)
        ]
    )
    mistakes = Counter(
        (int(t), int(a)) for t, a in zip(labels, answers, strict=True) if t != a
    ).most_common(3)
    listed = ", ".join(f"{t} read as {a} x{n}" for (t, a), n in mistakes)
    return [
        f"accuracy on {len(labels)} test digits: {100 * np.mean(answers == labels):.2f}%",
        f"most frequent mistakes: {listed}",
    ]


def probability_figures(scans: list[RowScan], labels: np.ndarray) -> list[str]:
    """The share sure above 99%, the number wrong and their median top probability."""
    final = np.stack([scan.probabilities[-1] for scan in scans])
    top = final.max(axis=1)
    wrong = final.argmax(axis=1) != labels
    median_wrong = f"{100 * np.median(top[wrong]):.1f}%" if wrong.any() else "n/a"
    return [
        f"share with top probability above {SURE:.0%}: {100 * np.mean(top > SURE):.1f}%",
        f"wrong: {int(wrong.sum())} of {len(labels)}; median top probability on them: "
        f"{median_wrong}",
    ]


def guess_figures(predictor: Predictor, scans: list[RowScan], labels: np.ndarray) -> list[str]:
    """The guess before any ink and the median settle row, overall and per class."""
    blank = predictor.row_scan(np.zeros((IMAGE_SIDE, IMAGE_SIDE), np.float32))
    settled = np.array([scan.decided_at for scan in scans])
    per_class = ", ".join(
        f"{digit}: {np.median(settled[labels == digit]):g}"
        for digit in range(10)
        if (labels == digit).any()
    )
    blank_rows = "".join(str(g) for g in blank.guesses)
    return [
        f"guess on a blank image: {blank.final} ({100 * blank.probabilities[-1].max():.0f}%); "
        f"after each blank row: {blank_rows}",
        f"median settle row: {np.median(settled):g} (mean {settled.mean():.1f})",
        f"median settle row per class: {per_class}",
    ]


def _stacked(scans: list[RowScan], gate: Gate) -> np.ndarray:
    return np.stack([scan.gates[gate] for scan in scans])


def memory_figures(scans: list[RowScan]) -> list[str]:
    """Mean |c| at a few rows and the range of h."""
    cells = np.abs(np.stack([scan.cell for scan in scans if scan.cell is not None]))
    hidden = np.stack([scan.hidden for scan in scans])
    at_rows = ", ".join(f"row {r}: {cells[:, r - 1].mean():.3f}" for r in MEMORY_ROWS)
    return [
        f"mean |c| {at_rows}",
        f"h from {hidden.min():.3f} to {hidden.max():.3f}; 99th percentile of |h| "
        f"{np.percentile(np.abs(hidden), 99):.3f}",
    ]


def gate_figures(scans: list[RowScan]) -> list[str]:
    """Mean f overall, over blank rows and over inked rows; saturated g; mean i."""
    forget = _stacked(scans, Gate.FORGET)  # (N, 28, hidden)
    inked = np.stack([scan.image.max(axis=1) > 0 for scan in scans])  # (N, 28)
    candidate = _stacked(scans, Gate.CELL_CANDIDATE)
    saturated = np.mean(np.abs(candidate) > SATURATED_G)
    one_in = f" (one in {1 / saturated:.1f})" if saturated else ""
    return [
        f"mean f: {forget.mean():.3f}; over blank rows {forget[~inked].mean():.3f}; "
        f"over inked rows {forget[inked].mean():.3f} (blank row: no pixel above 0)",
        f"share of g beyond +-{SATURATED_G}: {100 * saturated:.1f}%{one_in}",
        f"mean i: {_stacked(scans, Gate.INPUT).mean():.3f}",
    ]


def longest_influence_rows(predictor: Predictor, images: Iterable[np.ndarray]) -> np.ndarray:
    """The 1-based row of the longest row-influence bar of each image."""
    return np.array([int(predictor.row_influence(image).argmax()) + 1 for image in images])


def influence_figures(predictor: Predictor, scans: list[RowScan]) -> list[str]:
    """The share of digits whose longest influence bar is at or before the settle row."""
    longest = longest_influence_rows(predictor, (scan.image for scan in scans))
    settled = np.array([scan.decided_at for scan in scans])
    return [
        f"longest influence bar at or before the settle row: "
        f"{100 * np.mean(longest <= settled):.1f}% of {len(scans)}; "
        f"median longest row {np.median(longest):g}"
    ]


def rows_needed_figures(
    predictor: Predictor, images: torch.Tensor, labels: torch.Tensor
) -> list[str]:
    """Accuracy after only the first t rows, and the marked row (rows_needed())."""
    *_, progress = experiments.rows_needed_curve(predictor, images, labels)
    accuracy = progress.accuracy
    shares = ", ".join(f"{t}: {100 * accuracy[t - 1]:.1f}%" for t in RUNNING_ROWS_NEEDED)
    early = int(np.argmax(accuracy[:14]))
    every_row = " ".join(f"{100 * a:.0f}" for a in accuracy)
    return [
        f"accuracy after the first t rows of {progress.total} digits: {shares}",
        f"highest over rows 1-14: {100 * accuracy[early]:.1f}% (row {early + 1}); marked row "
        f"(first reaching {experiments.ROWS_NEEDED_SHARE:.0%} of the final accuracy): "
        f"{progress.rows_needed()}",
        f"accuracy (%) after each row 1-28: {every_row}",
    ]


def drawn_digit(digit: int, seed: int) -> np.ndarray:
    """The Example button's drawing of `digit` from `seed`, as the pad hands it to the model."""
    strokes = synthetic_digit(digit, np.random.default_rng(seed))
    image = Drawing.render(None, strokes).model_image()
    if image is None:
        raise SystemExit(f"error: the example {digit} of seed {seed} came out blank.")
    return image


def bar_rows(image: np.ndarray) -> tuple[int, int]:
    """The first and last row (1-based) of a 7's top bar: the first run of wide rows."""
    wide = np.flatnonzero((image > 0.5).sum(axis=1) >= BAR_PIXELS)
    if not len(wide):
        return 1, 1
    last = wide[0]
    while last + 1 in wide:
        last += 1
    return int(wide[0]) + 1, int(last) + 1


def card_outcomes(
    predictor: Predictor, image: np.ndarray, bar: tuple[int, int]
) -> dict[str, experiments.ExperimentOutcome]:
    """The Draw tab's five cards at their defaults, plus erasing the top bar and rows 20-28."""
    changed = {
        "erase rows 12-14 (card default)": experiments.erase_rows(image, *DEFAULT_ERASE),
        f"stop after {DEFAULT_STOP_AFTER}": experiments.stop_after(image, DEFAULT_STOP_AFTER),
        "reversed": experiments.reverse_rows(image),
        "transposed": experiments.columns_as_rows(image),
        f"shuffled (seed {DEFAULT_SHUFFLE_SEED})": experiments.shuffle_rows(
            image, DEFAULT_SHUFFLE_SEED
        ),
        f"erase top bar rows {bar[0]}-{bar[1]}": experiments.erase_rows(image, *bar),
        "erase rows 20-28": experiments.erase_rows(image, 20, 28),
    }
    outcomes = experiments.run_experiments(predictor, list(changed.values()))
    return dict(zip(changed, outcomes, strict=True))


def unit_rows(scan: RowScan, unit: int, rows: Iterable[int]) -> str:
    """A unit's c, i, g and f at the given rows (1-based)."""
    assert scan.cell is not None
    values = {"c": scan.cell, "i": scan.gates[Gate.INPUT], "g": scan.gates[Gate.CELL_CANDIDATE]}
    values["f"] = scan.gates[Gate.FORGET]
    return "; ".join(
        f"row {r}: " + " ".join(f"{k}={v[r - 1, unit]:+.2f}" for k, v in values.items())
        for r in rows
    )


def drawn_seven_figures(predictor: Predictor, seed: int) -> list[str]:
    """One drawn 7: running guesses, settle row, longest influence row, cards, two units."""
    image = drawn_digit(7, seed)
    scan = predictor.row_scan(image)
    bar = bar_rows(image)
    inked = np.flatnonzero(image.max(axis=1) > 0)
    lines = [
        f"drawn 7 (synthetic_digit(7, default_rng({seed}))): ink on rows {inked[0] + 1}-"
        f"{inked[-1] + 1}, top bar rows {bar[0]}-{bar[1]}",
        "guess after each row: " + " ".join(str(g) for g in scan.guesses),
        f"answer {scan.final} ({100 * scan.probabilities[-1].max():.0f}%), settles at row "
        f"{scan.decided_at}; longest influence row "
        f"{longest_influence_rows(predictor, [image])[0]}",
    ]
    for name, outcome in card_outcomes(predictor, image, bar).items():
        lines.append(f"card {name}: {outcome.digit} ({100 * outcome.confidence:.0f}%)")
    if scan.cell is None:
        return lines
    cell = scan.cell
    after = min(bar[1] + 4, IMAGE_SIDE)
    # Climbs over the bar and lets it go: the largest |c| on the bar rows less |c| four rows on.
    marker = int(np.argmax(np.abs(cell[bar[0] - 1 : bar[1]]).max(0) - np.abs(cell[after - 1])))
    # Holds what it saw: the largest smallest |c| from row 14 to row 28.
    holder = int(np.argmax(np.abs(cell[13:]).min(0)))
    # Units are numbered from 1, as the unit trace's title numbers them.
    lines.append(
        f"unit {marker + 1} (marks the bar): "
        + unit_rows(scan, marker, range(max(bar[0] - 1, 1), after + 1))
    )
    forget, held = scan.gates[Gate.FORGET][13:, holder], cell[13:, holder]
    lines.append(
        f"unit {holder + 1} (holds): over rows 14-28 c from {held.min():+.2f} to "
        f"{held.max():+.2f}, f from {forget.min():.2f} to {forget.max():.2f}; "
        + unit_rows(scan, holder, (8, 11, 14, 20, 28))
    )
    return lines


def seven_tallies(predictor: Predictor, seeds: Iterable[int]) -> list[str]:
    """How 50 drawn 7s fare under the cards: counts of each answer, median settle row."""
    answers: dict[str, Counter[int]] = {}
    settled, finals = [], Counter[int]()
    for seed in seeds:
        image = drawn_digit(7, seed)
        scan = predictor.row_scan(image)
        settled.append(scan.decided_at)
        finals[scan.final] += 1
        for name, outcome in card_outcomes(predictor, image, bar_rows(image)).items():
            key = "erase top bar" if name.startswith("erase top bar") else name
            answers.setdefault(key, Counter())[outcome.digit] += 1

    def counts(counter: Counter[int]) -> str:
        return ", ".join(f"{d}: {n}" for d, n in counter.most_common())

    lines = [
        f"{len(settled)} drawn 7s: read as {counts(finals)}; median settle row "
        f"{np.median(settled):g}"
    ]
    lines += [f"  {name}: {counts(counter)}" for name, counter in answers.items()]
    return lines


def main(argv: list[str] | None = None) -> int:
    """Print every figure for one checkpoint."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkpoint", type=Path, default=bundled_model_path())
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    # Seed 7 draws the 7 the texts describe (rows 9-12 its bar), so the two can be compared.
    parser.add_argument("--drawn-seed", type=int, default=7, help="seed of 'the drawn 7'")
    parser.add_argument("--sample", type=int, default=2000, help="test digits for the views")
    parser.add_argument("--sevens", type=int, default=50, help="drawn 7s tallied (seeds 0..)")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)

    predictor = Predictor.from_file(args.checkpoint)
    test = experiments.load_test_digits("mnist", args.data_dir)
    all_labels = test.labels.numpy()
    sample = test.head(args.sample)
    labels = sample.labels.numpy()
    scans = scans_of(predictor, as_float(sample.images))
    print(f"checkpoint: {args.checkpoint}")
    sections = {
        "train.confusion": confusion_figures(predictor, as_float(test.images), all_labels),
        "draw.probabilities": probability_figures(scans, labels),
        "draw.guesses": guess_figures(predictor, scans, labels),
        "draw.memory": memory_figures(scans),
        "draw.gates": gate_figures(scans),
        "draw.influence": influence_figures(predictor, scans),
        # The Draw tab's curve reads the whole test set; the first digits alone for comparison.
        "draw.rows_needed": rows_needed_figures(predictor, test.images, test.labels)
        + rows_needed_figures(predictor, sample.images, sample.labels),
        "drawn 7": drawn_seven_figures(predictor, args.drawn_seed),
        "drawn 7 tallies": seven_tallies(predictor, range(args.sevens)),
    }
    for key, lines in sections.items():
        for line in lines:
            print(f"{key}: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
