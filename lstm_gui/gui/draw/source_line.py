"""The line under the pad that says where the digit on it came from."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from lstm_gui.gui.draw.draw_style import TEXT_MUTED


class SourceLine(QLabel):
    """Says where the digit on the pad came from: an example, a test digit, a file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {TEXT_MUTED};")

    def show_example(self, digit: int) -> None:
        """The app drew an example `digit`."""
        self.setText(self.tr("An example {digit} drawn by the app.").format(digit=digit))

    def show_labelled(self, label: int | None) -> None:
        """A digit was opened with its label (None: no label, nothing to say)."""
        text = "" if label is None else self.tr("A digit labelled {label}.").format(label=label)
        self.setText(text)

    def show_test_digit(self, index: int, label: int) -> None:
        """Test digit no. `index` of MNIST, labelled `label`, is on the pad."""
        self.setText(
            self.tr("MNIST test digit no. {index}, labelled {label}.").format(
                index=index, label=label
            )
        )

    def show_loading_test_digits(self) -> None:
        """The test digits are being read (in the background)."""
        self.setText(self.tr("Reading the test digits…"))

    def show_opened(self, file_name: str) -> None:
        """An image file was opened."""
        self.setText(self.tr("Opened {file}.").format(file=file_name))

    def show_pasted(self) -> None:
        """An image was pasted or dropped."""
        self.setText(self.tr("Pasted image."))

    def show_problem(self, message: str) -> None:
        """Something the person asked for could not be done; one sentence why."""
        self.setText(message)
