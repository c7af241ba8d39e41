"""Checks that a notebook is stored as the tests and readers need it: executed in order, clean outputs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

MACHINE_PATH = re.compile(r"(/root/|/home/|/tmp/|/work/|/Users/|[A-Za-z]:\\\\Users|site-packages)")


def _text_of(output: dict[str, Any]) -> str:
    text = output.get("text", "")
    data = output.get("data", {})
    parts = [text if isinstance(text, str) else "".join(text)]
    for mime in ("text/plain", "text/html"):
        value = data.get(mime, "")
        parts.append(value if isinstance(value, str) else "".join(value))
    return "\n".join(parts)


def notebook_problems(path: Path) -> list[str]:
    """Every way `path` is not stored executed top to bottom with clean outputs (empty list = fine)."""
    try:
        notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [f"{path}: not a readable notebook ({exc})"]
    problems = []
    kernel = notebook.get("metadata", {}).get("kernelspec", {}).get("name")
    if kernel != "python3":
        problems.append(f"{path}: kernelspec.name is {kernel!r}, expected 'python3'")
    counts = []
    for index, cell in enumerate(notebook.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", []))
        if not source.strip():
            continue
        counts.append(cell.get("execution_count"))
        code_lines = [line for line in source.splitlines() if line.strip() and not line.strip().startswith("#")]
        if code_lines and code_lines[-1].rstrip().endswith(";"):
            problems.append(f"{path}: cell {index} ends with ';', which nbval does not treat as suppressing output")
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "error":
                problems.append(f"{path}: cell {index} has a stored error ({output.get('ename')})")
            if kind == "stream" and output.get("name") == "stderr":
                problems.append(f"{path}: cell {index} has stderr output (a warning or log line)")
            if MACHINE_PATH.search(_text_of(output)):
                problems.append(f"{path}: cell {index} output contains a machine path")
    if None in counts:
        problems.append(f"{path}: {counts.count(None)} code cell(s) never executed")
    elif counts != list(range(1, len(counts) + 1)):
        problems.append(
            f"{path}: execution counts {counts} are not 1..{len(counts)} in order; "
            "re-execute top to bottom in a fresh kernel"
        )
    return problems
