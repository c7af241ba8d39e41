"""Which notebook uses which claim, found from the notebooks' own code (never typed into a list).

Two rules, stated on the annotated page (`USAGE_RULES`):
1. a code cell (the parameters cell included) holds a string literal equal to a metric_id;
2. a code cell calls a helper that reaches claims by rule (`REACH_RULES`): `change_claims(...)`
   uses every growth, decline and change claim and the level each belongs to.
Claims a notebook only lists (e.g. every claim of one section printed with its quote) are not counted.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import nbformat
import pandas as pd

from helpers.analysis.claims import CHANGE_KINDS


@dataclass(frozen=True)
class Use:
    """One notebook's use of one claim: the notebook's stem and how the use was found."""

    notebook: str
    how: str


def _change_claims_and_levels(metrics: pd.DataFrame) -> set[str]:
    """Every growth/decline/change claim and the level (base_metric_id) it belongs to."""
    changes = metrics[metrics["kind"].isin(CHANGE_KINDS)]
    levels = {str(b) for b in changes["base_metric_id"] if isinstance(b, str) and b}
    return set(changes["metric_id"]) | (levels & set(metrics["metric_id"]))


# A call to one of these names reaches the claims the selector returns, without naming them.
REACH_RULES: dict[str, tuple[str, Callable[[pd.DataFrame], set[str]]]] = {
    "change_claims": (
        "calls change_claims(metrics): every growth, decline and change claim and the level it belongs to",
        _change_claims_and_levels,
    ),
}

USAGE_RULES = [
    "A notebook uses a claim when one of its code cells (the parameters cell included) holds the claim's "
    "metric_id as a string literal.",
    *(f"A notebook that {description}." for description, _ in REACH_RULES.values()),
    "A claim a notebook only lists (for example every claim of one section, printed with its quote) is not counted.",
]


def _python_only(source: str) -> str:
    """The cell's source with IPython-only lines (%magic, !shell) blanked, so ast can parse it."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def _cell_tree(source: str, where: str) -> ast.Module:
    """The parsed cell; a cell that is not Python is an error naming the notebook and cell."""
    try:
        return ast.parse(_python_only(source))
    except SyntaxError as error:
        raise ValueError(
            f"{where}: cannot read the cell as Python to find the claims it uses ({error.msg}, line {error.lineno})"
        ) from error


def _called_names(tree: ast.AST) -> set[str]:
    """The names of the functions called in `tree` (`f(...)` and `module.f(...)` both give 'f')."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name):
                names.add(node.func.id)
            elif isinstance(node.func, ast.Attribute):
                names.add(node.func.attr)
    return names


def notebook_uses(path: Path, metrics: pd.DataFrame) -> dict[str, str]:
    """The claims one notebook uses, each with how the use was found (see the module's rules)."""
    notebook = cast(nbformat.NotebookNode, nbformat.read(path, as_version=4))
    ids = set(metrics["metric_id"])
    named: dict[str, str] = {}
    reached: dict[str, str] = {}
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        tree = _cell_tree(cell.source, f"{path.name}, cell {index}")
        place = "parameters" if "parameters" in cell.get("metadata", {}).get("tags", []) else "code"
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in ids:
                named.setdefault(node.value, f"named in its {place}")
        for name in sorted(_called_names(tree) & set(REACH_RULES)):
            for metric_id in sorted(REACH_RULES[name][1](metrics)):
                reached.setdefault(metric_id, f"through {name}()")
    # A claim named outright is reported as named, even where a rule reaches it too.
    return {metric_id: named.get(metric_id) or reached[metric_id] for metric_id in sorted(named | reached)}


def metric_usage(notebooks: Iterable[Path], metrics: pd.DataFrame) -> dict[str, list[Use]]:
    """For every metric_id, the notebooks (in the order given) that use it; an unused claim maps to []."""
    usage: dict[str, list[Use]] = {metric_id: [] for metric_id in metrics["metric_id"]}
    for path in notebooks:
        for metric_id, how in notebook_uses(path, metrics).items():
            usage[metric_id].append(Use(path.stem, how))
    return usage
