"""What leaves the app: the stand-alone training script, scan animations."""
