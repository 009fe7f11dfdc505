"""Digits from outside the pad: what a drop or the clipboard holds, as a file or an image."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QImage

IMAGE_FILTER = "*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff"


def mime_image(mime: QMimeData | None) -> Path | QImage | None:
    """The first local file in `mime`, else the image it holds, else None."""
    if mime is not None and mime.hasUrls():
        local = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
        if local:
            return Path(local[0])
    if mime is not None and mime.hasImage():
        image = QImage(mime.imageData())
        if not image.isNull():
            return image
    return None


def qimage_to_mnist(image: QImage) -> np.ndarray:
    """A QImage of a digit as a 28x28 MNIST-like image (raises ImageError if it holds none)."""
    from PIL import Image

    from lstm_gui.core.reading.preprocess import to_mnist

    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    pixels = np.frombuffer(rgba.constBits(), dtype=np.uint8).reshape(
        rgba.height(), rgba.bytesPerLine() // 4, 4
    )[:, : rgba.width()]
    return to_mnist(Image.fromarray(pixels.copy(), "RGBA"))
