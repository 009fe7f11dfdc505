"""The bundle's entry point: the same `lstm-gui` command line as the installed app."""

import sys

from lstm_gui.cli import main

if __name__ == "__main__":
    sys.exit(main())
