"""Augmentation: the random distortions that make MNIST digits look like people's drawings."""

from __future__ import annotations

import torch

from lstm_gui.core.config import IMAGE_SIDE


def augment_batch(images: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Small random shifts, rotations, scaling and stroke thickness, like hand drawings.

    `images` is a float batch (B, 28, 28) with ink high. The bundled model is trained with
    this so that it reads people's drawings, which are thicker and shakier than MNIST.
    """
    batch = images.shape[0]
    device = images.device

    def uniform(low: float, high: float) -> torch.Tensor:
        return (torch.rand(batch, generator=generator) * (high - low) + low).to(device)

    angle = uniform(-0.2, 0.2)  # radians, about ±11°
    scale = uniform(0.85, 1.15)
    shear = uniform(-0.15, 0.15)
    shift_x, shift_y = uniform(-0.15, 0.15), uniform(-0.15, 0.15)  # ±2 px of 28
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack(
        [
            torch.stack([cos, -sin + shear, shift_x], dim=1),
            torch.stack([sin, cos, shift_y], dim=1),
        ],
        dim=1,
    )
    grid = torch.nn.functional.affine_grid(theta, [batch, 1, IMAGE_SIDE, IMAGE_SIDE], False)
    warped = torch.nn.functional.grid_sample(
        images.unsqueeze(1), grid, mode="bilinear", padding_mode="zeros", align_corners=False
    )
    # A third of the digits get thicker strokes, a sixth thinner ones.
    choice = torch.rand(batch, generator=generator).to(device)
    thick = torch.nn.functional.max_pool2d(warped, 3, stride=1, padding=1)
    thin = -torch.nn.functional.max_pool2d(-warped, 2, stride=1, padding=0)
    thin = torch.nn.functional.pad(thin, (0, 1, 0, 1))
    mix_thick = (choice < 0.33).view(batch, 1, 1, 1)
    mix_thin = (choice > 0.83).view(batch, 1, 1, 1)
    # Blend dilation half-way so that strokes grow by about one pixel, not two.
    thickened = 0.5 * (warped + thick)
    out = torch.where(mix_thick, thickened, torch.where(mix_thin, thin, warped))
    return out.squeeze(1).clamp_(0.0, 1.0)
