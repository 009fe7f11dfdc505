"""The Draw tab: draw pad, prediction, row-by-row scan, row experiments, rows-needed curve."""
