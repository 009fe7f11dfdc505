"""Lessons in the window: File → Save lesson… / Open lesson…, the notes panel, dropped files."""
