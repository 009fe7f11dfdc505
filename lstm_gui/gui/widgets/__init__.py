"""Pieces the tabs share: dialogs and worker threads."""
