"""The text of the stand-alone training script, with the marks training_script.py fills in.

`$NAME` is replaced by a value or by lines the generator writes; the lines between `#@if FLAG`
and `#@end` are kept only when FLAG is set (`#@if !FLAG`: when it is not); the marks vanish.
The script's lines stay within 88 characters, so that black or ruff would change nothing.
"""

TEMPLATE = r'''
"""Train $CELL_NAME on $TITLE, as lstm-gui does, in plain PyTorch.

Written by lstm-gui $VERSION (Show the code). It trains what the app trains
with these settings: the same network, initial weights, batches and arithmetic,
so it reaches the app's accuracy. Run it: python this_file.py [--data-dir DIR]
"""

import argparse
import gzip
import time
from pathlib import Path

import torch
from torch import nn

$SETTINGS


# --------------------------------------------------------------------------------- data
IDX_FILES = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)


def read_idx(path: Path) -> torch.Tensor:
    """An IDX file (gzipped or not) as a tensor of bytes.

    The header: two zero bytes, a type byte (8: unsigned bytes), the number of
    dimensions, then each dimension's size as a 4-byte big-endian number.
    """
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims)]
    pixels = torch.frombuffer(bytearray(raw[4 + 4 * dims :]), dtype=torch.uint8)
    return pixels.reshape(shape)


def load_dataset(data_dir: str) -> list[torch.Tensor]:
    """Training images and labels, then test images and labels (uint8, int64)."""
    root = Path(data_dir)
    # The files directly in the folder, or in torchvision's layout inside it.
    for folder in (root, root / "$NAME", root / "$TORCHVISION_CLASS" / "raw"):
        paths = [folder / name for name in IDX_FILES]
        paths = [path if path.exists() else Path(f"{path}.gz") for path in paths]
        if all(path.exists() for path in paths):
            images, labels, test_images, test_labels = map(read_idx, paths)
            return [images, labels.long(), test_images, test_labels.long()]
#@if download
    # Not there: torchvision downloads the same four files into the folder.
    from torchvision import datasets

    train = datasets.$TORCHVISION_CLASS(root, train=True, download=True)
    test = datasets.$TORCHVISION_CLASS(root, train=False, download=True)
    return [train.data, train.targets, test.data, test.targets]
#@end
#@if !download
    raise SystemExit(f"error: $TITLE is missing; put its IDX files in {root}.")
#@end
#@if permuted


# The permuted view: every image's pixels in the same random order, drawn once.
PIXEL_ORDER = torch.randperm(
    784, generator=torch.Generator().manual_seed(PERMUTATION_SEED)
)
#@end


def to_sequences(images: torch.Tensor) -> torch.Tensor:
#@if !blank
    """Images (N, 28, 28) with pixels in [0, 1] -> sequences (N, STEPS, FEATURES).
#@end
#@if blank
    """Images (N, 28, 28) in [0, 1] -> sequences (N, STEPS + BLANK_STEPS, FEATURES).
#@end

    $READING_ORDER, cut into STEPS equal chunks.
#@if blank
    Then BLANK_STEPS steps of zeros: the network answers after the last of them, so
    it must remember the digit that long (the memory task).
#@end
    """
#@if standardize
    images = (images - MEAN) / STD  # mean 0 and std 1 over the training set
#@end
#@if permuted
    pixels = images.reshape(len(images), 784)[:, PIXEL_ORDER.to(images.device)]
#@if !blank
    return pixels.reshape(len(images), STEPS, FEATURES)
#@end
#@if blank
    sequences = pixels.reshape(len(images), STEPS, FEATURES)
#@end
#@end
#@if !permuted
#@if !blank
    return images.reshape(len(images), STEPS, FEATURES)
#@end
#@if blank
    sequences = images.reshape(len(images), STEPS, FEATURES)
#@end
#@end
#@if blank
    blank = sequences.new_zeros(len(images), BLANK_STEPS, FEATURES)
    return torch.cat([sequences, blank], dim=1)
#@end
#@if augment


def distort(images: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Random shifts, rotations, scaling, shear and stroke widths, like drawings.

    Drawn from the shuffling generator as lstm-gui draws them: the same SEED, the same
    distortions.
    """
    count, device = len(images), images.device

    def uniform(low: float, high: float) -> torch.Tensor:
        return (torch.rand(count, generator=generator) * (high - low) + low).to(device)

    angle = uniform(-0.2, 0.2)  # radians, about 11 degrees either way
    scale = uniform(0.85, 1.15)
    shear = uniform(-0.15, 0.15)
    shift_x, shift_y = uniform(-0.15, 0.15), uniform(-0.15, 0.15)  # 2 of 28 pixels
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    # One 2x3 affine matrix per image: where each output pixel is read from.
    theta = torch.stack(
        [
            torch.stack([cos, -sin + shear, shift_x], dim=1),
            torch.stack([sin, cos, shift_y], dim=1),
        ],
        dim=1,
    )
    grid = nn.functional.affine_grid(theta, [count, 1, 28, 28], align_corners=False)
    warped = nn.functional.grid_sample(
        images.unsqueeze(1), grid, mode="bilinear", align_corners=False
    )
    # A third of the digits get strokes about a pixel thicker, a sixth thinner ones.
    choice = torch.rand(count, generator=generator).to(device)
    thick = 0.5 * (warped + nn.functional.max_pool2d(warped, 3, stride=1, padding=1))
    thin = -nn.functional.max_pool2d(-warped, 2, stride=1, padding=0)
    thin = nn.functional.pad(thin, (0, 1, 0, 1))
    is_thick = (choice < 0.33).view(count, 1, 1, 1)
    is_thin = (choice > 0.83).view(count, 1, 1, 1)
    distorted = torch.where(is_thick, thick, torch.where(is_thin, thin, warped))
    return distorted.squeeze(1).clamp(0.0, 1.0)
#@end


# -------------------------------------------------------------------------- the network
class DigitReader(nn.Module):
    """$NETWORK_SUMMARY"""

    def __init__(self) -> None:
        super().__init__()
$RNN
        self.classify = nn.Linear($WIDTH, $CLASSES)
#@if keras_init
        # Keras's initialisation (the tutorial's): faster learning here than PyTorch's.
        for name, weights in self.rnn.named_parameters():
            if name.startswith("weight_ih"):
                nn.init.xavier_uniform_(weights)  # Glorot-uniform (input weights)
            elif name.startswith("weight_hh"):
                nn.init.orthogonal_(weights)  # orthogonal (recurrent weights)
            else:
                nn.init.zeros_(weights)
#@if unit_forget_bias
                if name.startswith("bias_ih"):
                    # The forget gate's bias (the second quarter) starts at 1: remember
                    # by default early in training, as Keras's unit_forget_bias does.
                    with torch.no_grad():
                        weights[HIDDEN_SIZE : 2 * HIDDEN_SIZE] = 1.0
#@end
        nn.init.xavier_uniform_(self.classify.weight)
        nn.init.zeros_(self.classify.bias)
#@end
#@if !keras_init
        # PyTorch's default initialisation: uniform in +-1/sqrt(HIDDEN_SIZE).
#@end
#@if gate_bias
        # The $GATE gate's bias (the second block of each bias vector) starts at
        # GATE_BIAS; PyTorch splits it over two vectors, so the second one gets 0.
        with torch.no_grad():
            for name, weights in self.rnn.named_parameters():
                if name.startswith("bias_ih"):
                    weights[HIDDEN_SIZE : 2 * HIDDEN_SIZE] = GATE_BIAS
                elif name.startswith("bias_hh"):
                    weights[HIDDEN_SIZE : 2 * HIDDEN_SIZE] = 0.0
#@end

    def forward(self, sequences: torch.Tensor) -> torch.Tensor:
#@if lstm
        _, (last_hidden, _) = self.rnn(sequences)  # (layers, batch, hidden)
#@end
#@if !lstm
        _, last_hidden = self.rnn(sequences)  # (layers, batch, hidden)
#@end
#@if bidirectional
        # The top layer's two directions: the forward one after the last step, the
        # backward one after the first.
        top = torch.cat([last_hidden[-2], last_hidden[-1]], dim=1)
        return self.classify(top)  # scores (logits); the softmax is in the loss
#@end
#@if !bidirectional
        return self.classify(last_hidden[-1])  # logits; the softmax is in the loss
#@end


# ----------------------------------------------------------------------------- training
@torch.no_grad()
def evaluate(
    model: nn.Module, images: torch.Tensor, labels: torch.Tensor
) -> tuple[float, float]:
    """Mean cross-entropy and accuracy on a set, 1000 images at a time."""
    model.eval()  # evaluation mode: no dropout
    total_loss, correct = 0.0, 0
    for first in range(0, len(labels), 1000):
        logits = model(to_sequences(images[first : first + 1000]))
        batch_labels = labels[first : first + 1000]
        loss = nn.functional.cross_entropy(logits, batch_labels, reduction="sum")
        total_loss += loss.item()
        correct += (logits.argmax(dim=1) == batch_labels).sum().item()
    model.train()
    return total_loss / len(labels), correct / len(labels)


def main() -> None:
    """Read the data, build the network, train it and test it after every epoch."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=DATA_DIR, help="the dataset's folder")
    args = parser.parse_args()
#@if threads
    torch.set_num_threads(THREADS)
#@end
    # Gradients through long sequences shrink into denormal floats, which x86 CPUs
    # compute many times slower; treating them as zero changes no result.
    torch.set_flush_denormal(True)
#@if auto_device
    # The fastest device there is: a CUDA GPU, then Apple's GPU, then the CPU.
    if torch.cuda.is_available():
        device = torch.device("cuda")
    elif torch.backends.mps.is_available():
        device = torch.device("mps")
    else:
        device = torch.device("cpu")
#@end
#@if !auto_device
    device = torch.device("$DEVICE")
#@end
#@if bf16
    # bf16: the matrix products in bfloat16, about twice as fast where the hardware has
    # it (a recent GPU, a CPU with AVX512-BF16 or AMX); elsewhere lstm-gui uses fp32.
    if device.type == "cuda":
        use_bf16 = torch.cuda.is_bf16_supported()
    else:
        use_bf16 = device.type == "cpu" and (
            torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported()
        )
#@end

    images, labels, test_images, test_labels = load_dataset(args.data_dir)
#@if train_limit
    images, labels = images[:TRAIN_LIMIT], labels[:TRAIN_LIMIT]
#@end
#@if test_limit
    test_images, test_labels = test_images[:TEST_LIMIT], test_labels[:TEST_LIMIT]
#@end
    # The tutorial's only preprocessing: pixels from 0..255 to 0..1.
    images, labels = (images.float() / 255).to(device), labels.to(device)
    test_images = (test_images.float() / 255).to(device)
    test_labels = test_labels.to(device)

    torch.manual_seed(SEED)  # the initial weights, the same as the app's for this seed
    model = DigitReader().to(device)
$OPTIMIZER

    print(f"Training on {len(labels):,} images, on {device}.")
    for epoch in range(1, EPOCHS + 1):
        start = time.perf_counter()
        # A new order of the images every epoch, drawn from SEED and the epoch number as
        # lstm-gui draws it, so the script trains on the same batches as the app.
#@if dropout
        torch.manual_seed(SEED * 100_003 + epoch)  # (and dropout's random masks)
#@end
        shuffle = torch.Generator().manual_seed(SEED * 100_003 + epoch)
        order = torch.randperm(len(labels), generator=shuffle).to(device)
        # Sums stay on the device: reading a number back every batch would stall a GPU.
        loss_sum = torch.zeros((), device=device)
        correct = torch.zeros((), dtype=torch.int64, device=device)
        for first in range(0, len(labels), BATCH_SIZE):
            batch = order[first : first + BATCH_SIZE]
            batch_images, batch_labels = images[batch], labels[batch]
#@if augment
            batch_images = distort(batch_images, shuffle)
#@end
#@if bf16
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=use_bf16):
                logits = model(to_sequences(batch_images))
                # Cross-entropy of the scores' softmax: the tutorial's loss.
                loss = nn.functional.cross_entropy(logits, batch_labels)
#@end
#@if !bf16
            logits = model(to_sequences(batch_images))
            # Cross-entropy of the scores' softmax: the tutorial's loss.
            loss = nn.functional.cross_entropy(logits, batch_labels)
#@end
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
#@if grad_clip
            nn.utils.clip_grad_norm_(model.parameters(), GRAD_CLIP)
#@end
            optimizer.step()
            loss_sum += loss.detach() * len(batch)
            correct += (logits.argmax(dim=1) == batch_labels).sum()
        seconds = time.perf_counter() - start
        test_loss, test_acc = evaluate(model, test_images, test_labels)
#@if schedule
        schedule.step()  # once per epoch, after it
#@end
        print(
            f"Epoch {epoch}/{EPOCHS} - {seconds:.1f}s"
            f" - loss: {loss_sum.item() / len(labels):.4f}"
            f" - acc: {correct.item() / len(labels):.4f}"
            f" - val_loss: {test_loss:.4f} - val_acc: {test_acc:.4f}",
            flush=True,
        )
    # The tutorial ends by scoring the trained network on the test set.
    print(f"loss: {test_loss:.4f}")
    print(f"acc: {test_acc:.4f}")


if __name__ == "__main__":
    main()
'''
