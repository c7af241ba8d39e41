"""Project paths, resolved from this package's location (never from the working directory)."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
DATA_DIR = PROJECT_ROOT / "report_data"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
DATAPACKAGE_NAME = "datapackage.json"
# Each report lives in DATA_DIR/reports/ID/ (its text, metrics.csv and report.json); the rest is shared.
REPORTS_DIRNAME = "reports"
DEFAULT_REPORT = "zhongyuan_2024"


def report_dir(report: str = DEFAULT_REPORT, data_dir: Path = DATA_DIR) -> Path:
    """The folder of one report inside a data folder (it may not exist yet)."""
    return Path(data_dir) / REPORTS_DIRNAME / report


def data_folder(value: str | Path | None = None) -> Path:
    """The data folder a notebook's DATA_DIR parameter names: None means the project's report_data."""
    return DATA_DIR if value is None else Path(value).resolve()
