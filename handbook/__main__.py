"""`python -m handbook` runs the command line."""

import sys

from handbook.tools.cli import main

sys.exit(main())
