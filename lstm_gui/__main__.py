"""Entry point for ``python -m lstm_gui``."""

import sys

from lstm_gui.cli import main

sys.exit(main())
