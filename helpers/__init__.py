"""Helpers for the analysis of the 2024 work report of 中原区: load, check, convert, compute, plot.

Importing this package has no side effects: no logging, printing or matplotlib settings.
"""

from .errors import DataError
from .formatting import fmt
from .loading import BOUNDS, Metric, get_external, get_metric, load_external, load_metrics
from .paths import DATA_DIR, PROJECT_ROOT
from .style import add_source_line, use_report_style
from .textnorm import normalise_text
from .units import UnknownUnitError, convert, to_base

__all__ = [
    "BOUNDS",
    "DATA_DIR",
    "PROJECT_ROOT",
    "DataError",
    "Metric",
    "UnknownUnitError",
    "add_source_line",
    "convert",
    "fmt",
    "get_external",
    "get_metric",
    "load_external",
    "load_metrics",
    "normalise_text",
    "to_base",
    "use_report_style",
]
