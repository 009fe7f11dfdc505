"""Accuracy on held-out drawn digits, per style, and on MNIST's test set, for saved models.

The drawings come from lstm_gui/core/reading/heldout_drawings.py: templates and styles of their
own, rendered on the pad's canvas and prepared as the pad prepares them (or by a candidate
preprocessing, --prepare). Choose settings on the dev seed; report on the held-out one.

    python benchmarks/drawn_accuracy.py [--seed dev|heldout] [--per-digit 50]
        [--checkpoint CKPT ...] [--prepare pad ...] [--mnist ../shared/data/mnist]

Each line: style, then the accuracy of every checkpoint x preprocessing; the last lines give
the lowest style and, with --mnist, the MNIST test accuracy.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from lstm_gui.core.reading.heldout_drawings import (  # noqa: E402
    DEV_SEED,
    HELDOUT_SEED,
    STYLES,
    drawn_canvases,
)
from lstm_gui.core.reading.inference import Predictor  # noqa: E402
from lstm_gui.core.reading.preprocess import to_mnist  # noqa: E402
from lstm_gui.core.reading.strokes import Drawing, new_canvas  # noqa: E402
from lstm_gui.core.run.data import load_dataset  # noqa: E402
from lstm_gui.core.run.training import evaluate  # noqa: E402

SEEDS = {"dev": DEV_SEED, "heldout": HELDOUT_SEED}
DEFAULT_MNIST = REPO_ROOT.parent / "shared" / "data" / "mnist"


def pad(canvas: np.ndarray) -> np.ndarray:
    """What the pad gives the model today (Drawing.model_image)."""
    image = Drawing(None, (), canvas).model_image()
    if image is None:
        raise SystemExit("error: a held-out drawing came out blank.")
    return image


def to_mnist_ink(canvas: np.ndarray) -> np.ndarray:
    """to_mnist itself, ink high, as for an opened image file."""
    return to_mnist(canvas, invert=False)


def deslanted(image: np.ndarray, strength: float) -> np.ndarray:
    """A candidate: shear a 28x28 digit upright by `strength` of its slant, framed again.

    The slant is the ink's second moments' (column on row regression); 1.0 stands the main
    axis upright, 0.5 halves its lean. The result is cropped, scaled and centred like MNIST.
    """
    rows, cols = np.mgrid[0:28, 0:28].astype(np.float64)
    weights = image.astype(np.float64) / float(image.sum())
    row_mean, col_mean = float((weights * rows).sum()), float((weights * cols).sum())
    slant = float((weights * (rows - row_mean) * (cols - col_mean)).sum()) / float(
        (weights * (rows - row_mean) ** 2).sum()
    )
    sheared = np.empty_like(image)
    for row in range(28):
        source = np.arange(28) + strength * slant * (row - row_mean)
        sheared[row] = np.interp(source, np.arange(28), image[row], left=0.0, right=0.0)
    return to_mnist(sheared, invert=False)


PREPARATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "pad": pad,
    "to_mnist": to_mnist_ink,
    "pad+deslant": lambda canvas: deslanted(pad(canvas), 1.0),
    "pad+half-deslant": lambda canvas: deslanted(pad(canvas), 0.5),
}


def main() -> int:
    """Print accuracy per style for every checkpoint and preprocessing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", choices=sorted(SEEDS), default="dev")
    parser.add_argument("--per-digit", type=int, default=50, help="drawings of each digit")
    parser.add_argument("--checkpoint", type=Path, action="append", help="default: bundled")
    parser.add_argument("--prepare", choices=sorted(PREPARATIONS), action="append")
    parser.add_argument("--style", choices=list(STYLES), action="append", help="default: all")
    parser.add_argument("--mnist", type=Path, nargs="?", const=DEFAULT_MNIST, default=None)
    args = parser.parse_args()
    torch.set_num_threads(1)

    paths: list[Path | None] = list(args.checkpoint or [None])
    models = {
        str(path or "bundled"): Predictor.from_file(path) if path else Predictor.bundled()
        for path in paths
    }
    preparations = args.prepare or ["pad"]
    columns = [(model, prep) for model in models for prep in preparations]
    print(f"seed {args.seed} ({SEEDS[args.seed]}), {args.per_digit} drawings per digit and style")
    for index, (model, prep) in enumerate(columns):
        print(f"  [{index}] {model} with {prep}")
    print(f"{'style':<20}" + "".join(f"{f'[{i}]':>9}" for i in range(len(columns))))
    lowest = {column: (1.0, "") for column in columns}
    started = time.monotonic()
    for style in args.style or list(STYLES):
        images: dict[str, list[np.ndarray]] = {prep: [] for prep in preparations}
        labels = []
        for canvas, digit in drawn_canvases(style, SEEDS[args.seed], args.per_digit):
            for prep in preparations:
                images[prep].append(PREPARATIONS[prep](canvas))
            labels.append(digit)
        truth = np.array(labels)
        cells = []
        for model, prep in columns:
            guesses = models[model].probabilities(np.stack(images[prep])).argmax(axis=1)
            accuracy = float((guesses == truth).mean())
            cells.append(accuracy)
            if accuracy < lowest[(model, prep)][0]:
                lowest[(model, prep)] = (accuracy, style)
            worst = [str(d) for d in range(10) if (guesses[truth == d] == d).mean() < 0.9]
            if worst:
                sys.stderr.write(f"  {style} [{columns.index((model, prep))}] weak: {worst}\n")
        print(f"{style:<20}" + "".join(f"{cell:>9.1%}" for cell in cells), flush=True)
    print(f"(drawn and read in {time.monotonic() - started:.0f} s)")
    for index, column in enumerate(columns):
        accuracy, style = lowest[column]
        print(f"lowest [{index}]: {accuracy:.1%} ({style})")
    if args.mnist is not None:
        data = load_dataset("mnist", args.mnist, download=False)
        for name, predictor in models.items():
            result = evaluate(predictor.model, data.test, predictor.encoder, predictor.device)
            print(f"mnist_test_acc {name}: {result.acc:.4f} ({result.samples:,} digits)")
        for prep in preparations:
            if prep == "pad":
                continue  # MNIST's images are the model's input as they are
            # A candidate preprocessing must not spoil digits that are MNIST's already: run
            # the test set through it, each digit enlarged onto the pad's canvas as if drawn.
            mnist_images, mnist_labels = data.test.images.numpy(), data.test.labels.numpy()
            prepared = np.stack(
                [PREPARATIONS[prep](new_canvas(image / 255.0)) for image in mnist_images]
            )
            for name, predictor in models.items():
                guesses = predictor.probabilities(prepared).argmax(axis=1)
                accuracy = float((guesses == mnist_labels).mean())
                print(f"mnist_test_acc {name} through {prep}: {accuracy:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
