"""The run: data, model, training (a generator), session, runs, curves, checkpoints."""
