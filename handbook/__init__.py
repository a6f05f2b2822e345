"""The collection-script handbook: load, check and render the YAML catalogue.

Shared by the build pipeline (hooks/pipeline.py, handbook/site/pipeline.py), the `handbook` command and the tests.
"""

from pathlib import Path

__version__ = "0.1.0"

PROJECT = Path(__file__).resolve().parent.parent
