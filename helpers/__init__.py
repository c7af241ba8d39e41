"""Helpers for the analysis of the 2024 work report of 中原区: load, check, convert, compute, plot.

Importing this package has no side effects: no logging, printing or matplotlib settings. The names
below are loaded on first use, so `python -m helpers extract` does not pay for pandas or matplotlib.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "BOUNDS": "loading",
    "DATA_DIR": "paths",
    "DEFAULT_REPORT": "paths",
    "MissingFigureError": "loading",
    "ReportInfo": "reports",
    "PROJECT_ROOT": "paths",
    "DataError": "errors",
    "Metric": "loading",
    "UnknownUnitError": "units",
    "add_source_line": "style",
    "compare": "presenting",
    "convert": "units",
    "findings_markdown": "presenting",
    "fmt": "formatting",
    "get_external": "loading",
    "get_metric": "loading",
    "has_metric": "loading",
    "load_external": "loading",
    "load_metrics": "loading",
    "load_report_info": "reports",
    "data_folder": "paths",
    "require_external": "loading",
    "normalise_text": "textnorm",
    "present_table": "presenting",
    "to_base": "units",
    "use_report_style": "style",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
