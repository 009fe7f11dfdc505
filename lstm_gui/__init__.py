"""lstm-gui: watch an LSTM learn to read handwritten digits row by row."""

__version__ = "0.1.0"
