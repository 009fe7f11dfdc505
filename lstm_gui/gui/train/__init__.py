"""The Train tab: settings form, live curves, confusion matrix, model summary, runs list."""
