"""Images as the network reads them: pixels to [0, 1], a view's steps, blank steps after them.

Training, evaluation, prediction and the gradient probes all go through one SequenceEncoder
built from the run's settings, so a model never sees inputs prepared differently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import overload

import numpy as np
import torch

from lstm_gui.core.config import IMAGE_SIDE, TrainConfig, sequence_shape
from lstm_gui.core.run.data import DatasetSpec, dataset_spec

PIXEL_MAX = 255.0


@overload
def to_unit(pixels: torch.Tensor, device: torch.device | str | None = None) -> torch.Tensor: ...
@overload
def to_unit(pixels: np.ndarray, device: None = None) -> np.ndarray: ...
def to_unit(
    pixels: torch.Tensor | np.ndarray, device: torch.device | str | None = None
) -> torch.Tensor | np.ndarray:
    """uint8 pixels as float32 in [0, 1], the tutorial's ÷255 (a tensor, optionally moved)."""
    if isinstance(pixels, np.ndarray):
        return pixels.astype(np.float32) / np.float32(PIXEL_MAX)
    converted = pixels.to(device or pixels.device, torch.float32)
    # In place only on a fresh copy: never scale the caller's float tensor.
    return converted / PIXEL_MAX if converted is pixels else converted.div_(PIXEL_MAX)


def scale_images(images: torch.Tensor, spec: DatasetSpec, standardize: bool) -> torch.Tensor:
    """uint8 images to float32 in [0, 1] like the tutorial (÷255), optionally standardised."""
    scaled = to_unit(images)
    if standardize:
        scaled.sub_(spec.mean).div_(spec.std)
    return scaled


def pixel_permutation(seed: int) -> torch.Tensor:
    """The fixed pixel order of the `permuted` view for a seed."""
    generator = torch.Generator().manual_seed(seed)
    return torch.randperm(IMAGE_SIDE * IMAGE_SIDE, generator=generator)


def to_sequences(
    images: torch.Tensor,
    view: str,
    permutation: torch.Tensor | None = None,
    steps: int | None = None,
) -> torch.Tensor:
    """Float images (N, 28, 28) as sequences (N, steps, features) of a view.

    The pixels in reading order are cut into `steps` equal chunks (None: the view's own
    length). `rows`: row by row, 28 steps of 28 pixels by default (the tutorial). `pixels`:
    784 steps of one pixel. `permuted`: the pixels in the fixed order `permutation`.
    """
    steps, features = sequence_shape(view, steps)
    pixels = images.reshape(images.shape[0], -1)
    if view == "permuted":
        if permutation is None:
            raise ValueError("the permuted view needs a permutation")
        pixels = pixels[:, permutation.to(pixels.device)]
    return pixels.reshape(images.shape[0], steps, features)


@dataclass(frozen=True)
class SequenceEncoder:
    """Turns float images in [0, 1] into the model's input sequences, the same way everywhere.

    Training, evaluation and prediction all go through one encoder built from the run's
    settings, so a model never sees inputs prepared differently from those it learned on.
    """

    view: str
    permutation: torch.Tensor | None = None
    mean: float | None = None  # set when standardising
    std: float | None = None
    steps: int | None = None  # None: the view's own length
    blank_steps: int = 0  # all-zero steps after the image (the memory task)

    @classmethod
    def for_run(
        cls,
        dataset: str,
        view: str,
        standardize: bool,
        permutation_seed: int,
        steps: int | None = None,
        blank_steps: int = 0,
    ) -> SequenceEncoder:
        """The encoder of a run's dataset, sequence view, length, blank steps and scaling."""
        spec = dataset_spec(dataset)
        permutation = pixel_permutation(permutation_seed) if view == "permuted" else None
        if standardize:
            return cls(view, permutation, spec.mean, spec.std, steps, blank_steps)
        return cls(view, permutation, steps=steps, blank_steps=blank_steps)

    @classmethod
    def for_config(cls, config: TrainConfig) -> SequenceEncoder:
        """The encoder of a run's settings."""
        return cls.for_run(
            config.dataset,
            config.sequence,
            config.standardize,
            config.permutation_seed,
            config.steps,
            config.blank_steps,
        )

    def __call__(self, images: torch.Tensor) -> torch.Tensor:
        """Float images (N, 28, 28) in [0, 1] -> sequences (N, steps + blank steps, features).

        Blank steps are zeros after any scaling: the network reads nothing at all there.
        """
        if self.mean is not None and self.std is not None:
            images = (images - self.mean) / self.std
        sequences = to_sequences(images, self.view, self.permutation, self.steps)
        if not self.blank_steps:
            return sequences
        blank = sequences.new_zeros(sequences.shape[0], self.blank_steps, sequences.shape[2])
        return torch.cat([sequences, blank], dim=1)
