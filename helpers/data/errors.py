"""The one exception the data layer raises, with file, line and column in its message."""

from __future__ import annotations

from pathlib import Path


class DataError(ValueError):
    """A data file is not as its description in datapackage.json says it must be.

    The message is one paragraph naming the file, the line (1 = header), the column and what
    was expected, so a user can fix the row without reading a traceback.
    """

    def __init__(
        self,
        path: Path | str,
        message: str,
        *,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.line = line
        self.column = column
        self.detail = message
        where = [f"{self.path.name} ({self.path})"]
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column '{column}'")
        super().__init__(f"{', '.join(where)}: {message}")
