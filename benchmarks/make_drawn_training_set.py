"""Write MNIST's training set plus drawn training digits as an IDX folder, for the bundled model.

The drawn digits come from lstm_gui/core/reading/training_drawings.py (shapes from random
parameters, not the held-out templates). The test set is MNIST's own, unchanged, so the run's
test accuracy is MNIST's. The README's "The bundled model" gives the training command.

    python benchmarks/make_drawn_training_set.py OUT [--mnist ../shared/data/mnist]
        [--per-digit 600] [--seed 7001]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from lstm_gui.core.reading.personal_set import write_idx  # noqa: E402
from lstm_gui.core.reading.training_drawings import TRAINING_SEED, training_images  # noqa: E402
from lstm_gui.core.run.data import IDX_FILES, load_dataset  # noqa: E402

DEFAULT_MNIST = REPO_ROOT.parent / "shared" / "data" / "mnist"


def main(argv: list[str] | None = None) -> None:
    """Draw the digits, join them to MNIST's training set and write the four IDX files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the folder to write (made if missing)")
    parser.add_argument("--mnist", type=Path, default=DEFAULT_MNIST)
    parser.add_argument("--per-digit", type=int, default=600)
    parser.add_argument("--seed", type=int, default=TRAINING_SEED)
    args = parser.parse_args(argv)

    mnist = load_dataset("mnist", data_dir=args.mnist, download=False)
    started = time.perf_counter()
    drawn, drawn_labels = training_images(args.per_digit, args.seed)
    seconds = time.perf_counter() - started
    drawn_bytes = np.rint(drawn * 255).astype(np.uint8)
    arrays = {
        "train_images": np.concatenate([mnist.train.images.numpy(), drawn_bytes]),
        "train_labels": np.concatenate([mnist.train.labels.numpy(), drawn_labels]),
        "test_images": mnist.test.images.numpy(),
        "test_labels": mnist.test.labels.numpy(),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    for role, stem in IDX_FILES.items():
        write_idx(args.out / stem, arrays[role])
    print(
        f"{len(drawn_labels)} drawn digits ({seconds:.0f} s) + {len(mnist.train)} MNIST "
        f"training digits; {len(mnist.test)} MNIST test digits -> {args.out}"
    )


if __name__ == "__main__":
    main()
