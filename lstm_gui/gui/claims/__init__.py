"""The Claims tab: the tutorial's three claims, an experiment for each, plots and verdicts."""
