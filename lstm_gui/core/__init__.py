"""Qt-free ground floor: data, model, training, checkpoints and inference."""
