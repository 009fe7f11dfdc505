"""Lesson files (*.lstm-lesson): settings, notes, a drawing, an experiment, a model to hand out."""
