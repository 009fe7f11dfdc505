"""Lesson files (*.lstm-lesson): settings, notes, a drawing, an experiment, a model to hand out."""

# Here, not in archive.py: the command line tells a lesson path by it without importing NumPy.
SUFFIX = ".lstm-lesson"
