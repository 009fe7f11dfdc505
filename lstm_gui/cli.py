"""`lstm-gui`: the desktop app with no arguments, and headless train/evaluate/predict commands."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lstm_gui.cli_parser import build_parser
from lstm_gui.core.errors import LstmGuiError
from lstm_gui.terminal import ProgressBar, download_reporter, print_epoch

if TYPE_CHECKING:
    from lstm_gui.core.config import TrainConfig

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)  # usage errors exit 2 with usage text
    args.argv = list(sys.argv[1:] if argv is None else argv)  # as typed, for provenance
    if args.self_test:
        if args.command is not None:
            parser.error("--self-test takes no command")
        args.command = "self-test"
    handlers: dict[str | None, Callable[[argparse.Namespace], int]] = {
        None: _run_gui,
        "train": _train,
        "evaluate": _evaluate,
        "gradients": _gradients,
        "sweep": _sweep,
        "claims": _claims,
        "script": _script,
        "predict": _predict,
        "scan": _scan,
        "export": _export,
        "install-launcher": _install_launcher,
        "uninstall-launcher": _uninstall_launcher,
        "self-test": _self_test,
    }
    try:
        return handlers[args.command](args)
    except LstmGuiError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("error: interrupted.", file=sys.stderr)
        return EXIT_ERROR
    except MemoryError:  # outside a run (a run's own is an OutOfMemory, an LstmGuiError)
        print("error: out of memory; use a smaller batch, model or dataset.", file=sys.stderr)
        return EXIT_ERROR


def _run_gui(args: argparse.Namespace) -> int:
    try:
        from lstm_gui.gui.app import run_app
    except ImportError as exc:
        print(f"error: the desktop app cannot start ({exc}).", file=sys.stderr)
        return EXIT_ERROR
    return run_app()


# --------------------------------------------------------------------------- self-test, launcher


def _self_test(args: argparse.Namespace) -> int:
    from lstm_gui.selftest import run_self_test

    return run_self_test()


def _install_launcher(args: argparse.Namespace) -> int:
    from lstm_gui.launcher import install_launcher, launch_command

    written = install_launcher()
    print(f"Installed the lstm-gui launcher, which runs: {' '.join(launch_command())}")
    for path in written:
        print(f"  {path}")
    return EXIT_OK


def _uninstall_launcher(args: argparse.Namespace) -> int:
    from lstm_gui.launcher import data_home, uninstall_launcher

    removed = uninstall_launcher()
    if not removed:
        print(f"No lstm-gui launcher was installed in {data_home()}; nothing to remove.")
        return EXIT_OK
    print("Removed the lstm-gui launcher:")
    for path in removed:
        print(f"  {path}")
    return EXIT_OK


# --------------------------------------------------------------------------- train


def _train(args: argparse.Namespace) -> int:
    from lstm_gui.core.run.model import format_summary
    from lstm_gui.core.run.progress import BatchProgress, EpochResult, RunFinished, RunStatus
    from lstm_gui.core.run.runs import CURVES
    from lstm_gui.core.run.session import plan_new_run, plan_resume, prepare_run
    from lstm_gui.core.run.training import TrainingControl

    if args.resume is not None:
        _refuse_settings_beside_resume(args)
        plan = plan_resume(args.resume, args.epochs, threads=args.threads, output=args.output)
    else:
        train_config, model_settings = _new_run_settings(args)
        model_config = train_config.model_config(cell=args.cell, **model_settings)
        plan = plan_new_run(model_config, train_config, output=args.output)
    run = prepare_run(
        plan,
        data_dir=args.data_dir,
        download=not args.no_download,
        progress=download_reporter(sys.stderr),
    )
    if run.notice:
        print(f"note: {run.notice}", file=sys.stderr)
    out = sys.stdout
    if not args.json:
        print(format_summary(run.model, plan.train_config.sequence_length), file=out)
        print(
            f"Training on {run.train_samples:,} {run.data.spec.title} samples, validating on "
            f"{len(run.test_set):,}, device {run.device}.",
            file=out,
        )
    control = TrainingControl()
    previous = signal.signal(signal.SIGINT, lambda *_: control.stop())
    bar = ProgressBar(sys.stderr) if not args.json else None
    finished: RunFinished | None = None
    try:
        for record in run.records(control):
            if isinstance(record, BatchProgress):
                if bar is not None:
                    bar.update(record)
            elif isinstance(record, EpochResult):
                if bar is not None:
                    bar.clear()
                print_epoch(record, args.json, out)
            else:
                finished = record
    finally:
        signal.signal(signal.SIGINT, previous)
    assert finished is not None  # records() always ends with one
    final = run.evaluate()
    paths = plan.paths
    if args.json:
        print(
            json.dumps(
                {
                    "final": True,
                    "status": str(finished.status),
                    "epochs_done": finished.epochs_done,
                    "loss": final.loss,
                    "acc": final.acc,
                    "checkpoint": str(paths.latest),
                    "best_checkpoint": str(paths.best),
                    "curves": str(plan.folder / CURVES),
                }
            ),
            file=out,
        )
    else:
        if finished.message:
            print(finished.message, file=out)
        print(f"Saved {paths.latest} (best: {paths.best})", file=out)
        print(f"loss: {final.loss:.4f}", file=out)
        print(f"acc: {final.acc:.4f}", file=out)
    if finished.status == RunStatus.DIVERGED:
        print(f"error: {finished.message}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def _new_run_settings(args: argparse.Namespace) -> tuple[TrainConfig, dict[str, Any]]:
    """A new run's training settings and its model settings but the cell (train and sweep)."""
    from lstm_gui.core.config import PRESET_SETTINGS, Preset, TrainConfig

    defaults = vars(build_parser().parse_args(["train"]))
    for name, value in PRESET_SETTINGS[Preset(args.preset)].items():
        if getattr(args, name) == defaults[name]:  # an option given explicitly wins
            setattr(args, name, value)

    train_config = TrainConfig(
        dataset=args.dataset,
        sequence=args.sequence,
        steps=getattr(args, "steps", None),  # a sweep's lengths are its own
        blank_steps=args.blank_steps,
        optimizer=args.optimizer,
        lr=args.lr,
        batch_size=args.batch_size,
        epochs=args.epochs,
        seed=args.seed,
        grad_clip=args.grad_clip,
        lr_schedule=args.lr_schedule,
        standardize=args.standardize,
        augment=args.augment,
        device=args.device,
        precision=args.precision,
        train_limit=args.train_limit,
        test_limit=args.test_limit,
        torch_threads=args.threads,
    )
    model_settings = {
        "hidden_size": args.hidden,
        "num_layers": args.layers,
        "dropout": args.dropout,
        "bidirectional": args.bidirectional,
        "keras_init": not args.pytorch_init,
        "forget_bias": args.forget_bias,
    }
    return train_config, model_settings


# --------------------------------------------------------------------------- sweep


def _claims(args: argparse.Namespace) -> int:
    from lstm_gui.cli_claims import run_claims

    return run_claims(args)


def _sweep(args: argparse.Namespace) -> int:
    from lstm_gui.claims_report import sweep_header, sweep_row
    from lstm_gui.core.claims.sweep import SweepResult, run_sweep, sweep_configs
    from lstm_gui.core.run.progress import BatchProgress, EpochResult, RunFinished, RunStatus
    from lstm_gui.core.run.training import TrainingControl

    train_config, model_settings = _new_run_settings(args)
    # Every combination is checked before anything is read or trained.
    sweep_configs(args.cells, args.lengths, train_config, model_settings)
    control = TrainingControl()
    previous = signal.signal(signal.SIGINT, lambda *_: control.stop())
    bar = ProgressBar(sys.stderr)
    if not args.json:
        print(sweep_header(), flush=True)
    try:
        for item in run_sweep(
            args.cells,
            args.lengths,
            train_config,
            model_overrides=model_settings,
            runs_root=args.runs_dir,
            data_dir=args.data_dir,
            download=not args.no_download,
            progress=download_reporter(sys.stderr),
            control=control,
        ):
            if isinstance(item, SweepResult):
                line = json.dumps(item.to_dict()) if args.json else sweep_row(item.to_dict())
                print(line, flush=True)
                continue
            record = item.record
            if isinstance(record, BatchProgress):
                bar.update(record)
            elif isinstance(record, EpochResult):
                bar.clear()
            elif isinstance(record, RunFinished) and record.status == RunStatus.STOPPED:
                bar.clear()
                print(
                    f"Sweep stopped during {item.cell.upper()} at {item.steps} steps (run "
                    f"{item.index + 1} of {item.total}); the finished runs are kept.",
                    file=sys.stderr,
                )
            elif isinstance(record, RunFinished) and record.status == RunStatus.DIVERGED:
                print(f"warning: {record.message}", file=sys.stderr)
    finally:
        signal.signal(signal.SIGINT, previous)
    return EXIT_OK


def _script(args: argparse.Namespace) -> int:
    from lstm_gui.core.export.training_script import save_training_script, training_script

    train_config, model_settings = _new_run_settings(args)
    model_config = train_config.model_config(cell=args.cell, **model_settings)
    text = training_script(
        model_config, train_config, data_dir=args.data_dir, download=not args.no_download
    )
    if args.output is None:
        print(text, end="")
    else:
        path = save_training_script(args.output, text)
        print(f"Wrote {path}; run it with: python {path}")
    return EXIT_OK


# Settings a resumed run takes from its checkpoint; --epochs, --threads, --output, --data-dir
# and --json still apply.
_FIXED_WHEN_RESUMING = (
    "dataset",
    "cell",
    "sequence",
    "steps",
    "blank_steps",
    "hidden",
    "layers",
    "dropout",
    "bidirectional",
    "pytorch_init",
    "forget_bias",
    "batch_size",
    "lr",
    "optimizer",
    "lr_schedule",
    "grad_clip",
    "standardize",
    "augment",
    "seed",
    "device",
    "precision",
    "preset",
    "train_limit",
    "test_limit",
)


def _refuse_settings_beside_resume(args: argparse.Namespace) -> None:
    defaults = vars(build_parser().parse_args(["train"]))
    changed = [name for name in _FIXED_WHEN_RESUMING if getattr(args, name) != defaults[name]]
    if changed:
        flags = ", ".join("--" + name.replace("_", "-") for name in changed)
        raise LstmGuiError(
            f"A resumed run keeps the settings it was started with; drop {flags} "
            "(only --epochs, --threads, --output and --data-dir apply with --resume)."
        )


# --------------------------------------------------------------------------- evaluate


def _saved_model_and_data(args: argparse.Namespace) -> tuple[Any, Any, Any, Any]:
    """A saved model on the best device, its settings and its dataset (evaluate, gradients)."""
    from lstm_gui.core.run.checkpoint import load_checkpoint
    from lstm_gui.core.run.data import load_dataset
    from lstm_gui.core.run.training import select_device

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


def _evaluate(args: argparse.Namespace) -> int:
    from lstm_gui.core.run.data import SequenceEncoder
    from lstm_gui.core.run.training import evaluate

    model, config, data, device = _saved_model_and_data(args)
    result = evaluate(model, data.test, SequenceEncoder.for_config(config), device)
    if args.json:
        print(
            json.dumps(
                {
                    "checkpoint": str(args.checkpoint),
                    "samples": result.samples,
                    "loss": result.loss,
                    "acc": result.acc,
                    "confusion": result.confusion.tolist(),
                }
            )
        )
        return EXIT_OK
    print(f"{data.spec.title} test set, {result.samples:,} samples")
    print(f"loss: {result.loss:.4f}")
    print(f"acc: {result.acc:.4f}")
    print("confusion matrix (rows: true class, columns: predicted):")
    header = "".join(f"{c:>6}" for c in range(result.confusion.shape[1]))
    print(f"{'':>4}{header}")
    for true_class, row in enumerate(result.confusion):
        print(f"{true_class:>4}" + "".join(f"{int(v):>6}" for v in row))
    return EXIT_OK


# --------------------------------------------------------------------------- gradients


def _gradients(args: argparse.Namespace) -> int:
    from lstm_gui.claims_report import profile_table, sparkline
    from lstm_gui.core.inside.gradients import early_late_ratio, probe_profile
    from lstm_gui.core.run.data import SequenceEncoder

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


def _predict(args: argparse.Namespace) -> int:
    from lstm_gui.core.reading.preprocess import load_image, to_mnist

    predictor = _load_predictor(args.checkpoint)
    # Read every image first so that one bad file fails before any output is printed.
    images = [to_mnist(load_image(path)) for path in args.images]
    results = []
    for path, image in zip(args.images, images, strict=True):
        prediction = predictor.predict(image)
        results.append(
            {
                "path": str(path),
                "digit": prediction.digit,
                "label": predictor.classes[prediction.digit],
                "confidence": prediction.confidence,
                "probabilities": [float(p) for p in prediction.probabilities],
            }
        )
    if args.json:
        print(json.dumps(results))
    else:
        for result in results:
            print(f"{result['path']}: {result['label']} ({result['confidence']:.1%})")
    return EXIT_OK


def _scan(args: argparse.Namespace) -> int:
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


def _export(args: argparse.Namespace) -> int:
    from lstm_gui.core.run.checkpoint import load_checkpoint, save_checkpoint

    checkpoint = load_checkpoint(args.checkpoint)
    name = args.name if args.name is not None else checkpoint.name
    if args.output.resolve() == args.checkpoint.resolve():
        raise LstmGuiError("Choose an OUTPUT other than CKPT; the original stays untouched.")
    save_checkpoint(args.output, replace(checkpoint, optimizer_state=None, name=name))
    size_kb = args.output.stat().st_size / 1024
    print(f"Saved {args.output} ({size_kb:.0f} KB): {name}")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
