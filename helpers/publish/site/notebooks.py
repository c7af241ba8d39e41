"""What the index shows of one notebook: its question, its findings (as safe HTML) and its first chart."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import mistune
import nbformat
from markupsafe import Markup

FINDINGS_TAG = "findings"

# Markdown from a notebook is rendered with raw HTML escaped (escape=True): a data string holding
# "<script>" shows as text. mistune also replaces javascript:/vbscript: links by "#harmful-link".
_MARKDOWN = mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])


@dataclass(frozen=True)
class NotebookSummary:
    """The parts of an executed notebook the index leads with."""

    title: str
    question: Markup
    findings: Markup
    chart: str  # a data: URL of the first chart, or ""


def markdown_html(text: str) -> Markup:
    """Markdown rendered to HTML with every raw HTML tag escaped (safe to place in a page)."""
    return Markup(cast(str, _MARKDOWN(text)))


def _markdown_outputs(cell: nbformat.NotebookNode) -> list[str]:
    return [
        "".join(output["data"]["text/markdown"])
        for output in cell.get("outputs", [])
        if "text/markdown" in output.get("data", {})
    ]


def findings_text(notebook: nbformat.NotebookNode) -> str:
    """The Markdown of the cell tagged `findings`; failing that the notebook's last Markdown output, or ""."""
    tagged = [c for c in notebook.cells if FINDINGS_TAG in c.get("metadata", {}).get("tags", [])]
    for cell in tagged:
        if outputs := _markdown_outputs(cell):
            return "\n\n".join(outputs)
    every = [text for cell in notebook.cells for text in _markdown_outputs(cell)]
    return every[-1] if every else ""


def _title_and_question(notebook: nbformat.NotebookNode) -> tuple[str, str]:
    """The first Markdown heading (the notebook's title) and the first paragraph after it."""
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.splitlines()
        for index, line in enumerate(lines):
            if line.startswith("#"):
                rest = "\n".join(lines[index + 1 :]).strip()
                return line.lstrip("#").strip(), re.split(r"\n\s*\n", rest)[0] if rest else ""
    return "", ""


def first_chart(notebook: nbformat.NotebookNode) -> str:
    """The first PNG output of the notebook as a data: URL, or "" if it has none."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if png:
                return "data:image/png;base64," + re.sub(r"\s+", "", "".join(png))
    return ""


def summarise(path: Path, notebook: nbformat.NotebookNode | None = None) -> NotebookSummary:
    """Title, question, findings and first chart of an executed notebook: `notebook`, else the one at `path`."""
    if notebook is None:
        notebook = cast(nbformat.NotebookNode, nbformat.read(path, as_version=4))
    title, question = _title_and_question(notebook)
    return NotebookSummary(
        title=title,
        question=markdown_html(question) if question else Markup(""),
        findings=markdown_html(findings_text(notebook)) if findings_text(notebook) else Markup(""),
        chart=first_chart(notebook),
    )
