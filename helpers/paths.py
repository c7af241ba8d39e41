"""Project paths, resolved from this package's location (never from the working directory)."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
DATA_DIR = PROJECT_ROOT / "report_data"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
DATAPACKAGE_NAME = "datapackage.json"
