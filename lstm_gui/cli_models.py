"""`lstm-gui evaluate`, `gradients`, `predict`, `scan` and `export`: commands on a saved model."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from lstm_gui.core.errors import LstmGuiError
from lstm_gui.terminal import download_reporter

EXIT_OK = 0


# --------------------------------------------------------------------------- evaluate


def _saved_model_and_data(args: argparse.Namespace) -> tuple[Any, Any, Any, Any]:
    """A saved model on the best device, its settings and its dataset (evaluate, gradients)."""
    from lstm_gui.core.run.checkpoint import load_checkpoint
    from lstm_gui.core.run.control import select_device
    from lstm_gui.core.run.data import load_dataset

    checkpoint = load_checkpoint(args.checkpoint)
    config = checkpoint.train_config
    data = load_dataset(
        config.dataset,
        args.data_dir,
        download=not args.no_download,
        progress=download_reporter(sys.stderr),
    )
    device = select_device("auto")
    return checkpoint.build_model().to(device), config, data, device


def evaluate(args: argparse.Namespace) -> int:
    """A saved model's loss, accuracy and confusion matrix on its test set (under interventions)."""
    from lstm_gui.core.inside.interventions import (
        InterventionLimits,
        evaluate_under,
        parse_interventions,
    )
    from lstm_gui.core.run.sequences import SequenceEncoder
    from lstm_gui.core.run.training import evaluate

    parse_interventions(args.intervene)  # a mistyped spec fails before the data is read
    model, config, data, device = _saved_model_and_data(args)
    encoder = SequenceEncoder.for_config(config)
    interventions = parse_interventions(
        args.intervene, InterventionLimits.of(model.config, encoder)
    )
    # The untouched accuracy costs one ordinary pass (about a second for MNIST's 10,000). Only
    # an intervention needs the step-by-step trace: for a bidirectional 784-step model it took
    # 600 times as long as the ordinary pass.
    untouched = evaluate(model, data.test, encoder, device)
    result = untouched
    if interventions:
        result = evaluate_under(model, data.test, encoder, device, interventions)
    if args.json:
        report: dict[str, Any] = {"checkpoint": str(args.checkpoint)}
        if interventions:
            report["interventions"] = list(args.intervene)
        report.update(
            samples=result.samples,
            loss=result.loss,
            acc=result.acc,
            confusion=result.confusion.tolist(),
        )
        if interventions:
            report["untouched"] = {"loss": untouched.loss, "acc": untouched.acc}
        print(json.dumps(report))
        return EXIT_OK
    print(f"{data.spec.title} test set, {result.samples:,} samples")
    if interventions:
        print(f"under: {', '.join(intervention.spec for intervention in interventions)}")
    print(f"loss: {result.loss:.4f}")
    print(f"acc: {result.acc:.4f}")
    if interventions:
        print(f"untouched: loss {untouched.loss:.4f}, acc {untouched.acc:.4f}")
    print("confusion matrix (rows: true class, columns: predicted):")
    header = "".join(f"{c:>6}" for c in range(result.confusion.shape[1]))
    print(f"{'':>4}{header}")
    for true_class, row in enumerate(result.confusion):
        print(f"{true_class:>4}" + "".join(f"{int(v):>6}" for v in row))
    return EXIT_OK


# --------------------------------------------------------------------------- gradients


def gradients(args: argparse.Namespace) -> int:
    """How the loss's gradient reaches back through a saved model's steps."""
    from lstm_gui.claims_report import profile_table, sparkline
    from lstm_gui.core.inside.gradients import early_late_ratio, probe_profile
    from lstm_gui.core.run.sequences import SequenceEncoder

    model, config, data, device = _saved_model_and_data(args)
    profile = probe_profile(
        model, data.test, SequenceEncoder.for_config(config), device, args.samples
    )
    if args.json:
        print(json.dumps({"checkpoint": str(args.checkpoint), **profile.to_dict()}))
        return EXIT_OK
    layers = model.config.num_layers
    print(
        f"Gradient through time of {model.config.cell.upper()} on "
        f"{profile.steps} steps: mean cross-entropy L over the first {profile.samples:,} "
        f"{data.spec.title} test images."
    )
    if profile.hidden_norms is None:
        print("|dL/dh_t| is not measured for a bidirectional network.")
    elif layers > 1:
        print(f"|dL/dh_t| is that of the top layer (layer {layers} of {layers}).")
    print(*profile_table(profile.input_norms, profile.hidden_norms), sep="\n")
    print(f"|dL/dx_t| by step (log scale): {sparkline(profile.input_norms)}")
    if profile.hidden_norms is not None:
        print(f"|dL/dh_t| by step (log scale): {sparkline(profile.hidden_norms)}")
    print(
        "early/late ratio (mean |dL/dx_t| over the first quarter of steps / the last): "
        f"{early_late_ratio(profile.input_norms):.3g}"
    )
    return EXIT_OK


# --------------------------------------------------------------------------- predict


def _load_predictor(checkpoint: Path | None) -> Any:
    """The model of `checkpoint`, or the bundled one (predict, scan)."""
    if checkpoint is not None:
        from lstm_gui.core.run.checkpoint_header import check_checkpoint_header

        # Before PyTorch is imported (two seconds here): a bad file is refused at once.
        check_checkpoint_header(checkpoint)
    from lstm_gui.core.reading.inference import Predictor

    return Predictor.from_file(checkpoint) if checkpoint else Predictor.bundled()


def predict(args: argparse.Namespace) -> int:
    """The digit in each image, as a saved (or the bundled) model reads it (under interventions)."""
    from lstm_gui.core.reading.preprocess import load_image, to_mnist

    interventions: list[Any] = []
    if args.intervene:  # imports PyTorch, which predict otherwise loads after the header check
        from lstm_gui.core.inside.interventions import parse_interventions

        parse_interventions(args.intervene)  # a mistyped spec fails before the model loads
    predictor = _load_predictor(args.checkpoint)
    if args.intervene:
        interventions = parse_interventions(args.intervene, predictor.intervention_limits)
    # Read every image first so that one bad file fails before any output is printed.
    images = [to_mnist(load_image(path)) for path in args.images]
    results = []
    for path, image in zip(args.images, images, strict=True):
        prediction = predictor.predict(image, interventions)
        result: dict[str, Any] = {
            "path": str(path),
            "digit": prediction.digit,
            "label": predictor.classes[prediction.digit],
            "confidence": prediction.confidence,
            "probabilities": [float(p) for p in prediction.probabilities],
        }
        if interventions:
            untouched = predictor.predict(image)
            result["interventions"] = list(args.intervene)
            result["untouched"] = {
                "digit": untouched.digit,
                "label": predictor.classes[untouched.digit],
                "confidence": untouched.confidence,
            }
        results.append(result)
    if args.json:
        print(json.dumps(results))
    else:
        for result in results:
            line = f"{result['path']}: {result['label']} ({result['confidence']:.1%})"
            if "untouched" in result:
                before = result["untouched"]
                line += f", untouched: {before['label']} ({before['confidence']:.1%})"
            print(line)
    return EXIT_OK


def scan(args: argparse.Namespace) -> int:
    """Save an animation of a model reading an image row by row."""
    from lstm_gui.core.export.scan_animation import check_output, save_scan_animation
    from lstm_gui.core.reading.preprocess import load_image, to_mnist
    from lstm_gui.core.reading.scan_record import scan_record

    output = args.output or Path(f"{args.image.stem}-scan.gif")
    check_output(output, width=args.width, fps=args.fps)  # before the model loads
    predictor = _load_predictor(args.checkpoint)
    record = scan_record(predictor, to_mnist(load_image(args.image)))
    save_scan_animation(record, output, width=args.width, fps=args.fps)
    answer = record.guess(-1)
    print(f"Saved {output}: {record.frames} frames, read as {record.classes[answer]}.")
    return EXIT_OK


# --------------------------------------------------------------------------- export


def export(args: argparse.Namespace) -> int:
    """Save a checkpoint without its optimizer state, for sharing."""
    from lstm_gui.core.run.checkpoint import load_checkpoint, save_checkpoint

    checkpoint = load_checkpoint(args.checkpoint)
    name = args.name if args.name is not None else checkpoint.name
    if args.output.resolve() == args.checkpoint.resolve():
        raise LstmGuiError("Choose an OUTPUT other than CKPT; the original stays untouched.")
    save_checkpoint(args.output, replace(checkpoint, optimizer_state=None, name=name))
    size_kb = args.output.stat().st_size / 1024
    print(f"Saved {args.output} ({size_kb:.0f} KB): {name}")
    return EXIT_OK
