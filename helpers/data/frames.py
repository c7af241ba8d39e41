"""Small typed bridges between pandas frames and plain Python records."""

from __future__ import annotations

from typing import Any

import pandas as pd


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The frame's rows as plain dicts (column name → value), in order."""
    return [{str(key): value for key, value in row.items()} for row in frame.to_dict("records")]
