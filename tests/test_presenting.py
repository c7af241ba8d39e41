"""Tables for display show gaps as 'missing' and round numbers; comparisons are worded from the numbers."""

from __future__ import annotations

import ast
import math

import pandas as pd
import pytest

import helpers
from helpers.analysis.comparison import compare
from helpers.charts.presenting import findings_markdown, present_table
from helpers.paths import PACKAGE_DIR


def test_present_table_rounds_and_writes_gaps_as_missing():
    frame = pd.DataFrame({"entity": ["中原区", "二七区"], "GDP (亿元)": [931.77, math.nan], "rank": [1.0, 2.0]})
    shown = present_table(frame, decimals={"GDP (亿元)": 1})
    assert shown["GDP (亿元)"].tolist() == [931.8, "missing"]
    assert shown["rank"].tolist() == [1.0, 2.0]  # a column not named keeps its values
    assert frame["GDP (亿元)"].isna().sum() == 1  # the input is not changed
    assert shown.index.tolist() == ["中原区", "二七区"] and shown.index.name == "entity"  # labelled rows, no 0..n


def test_present_table_keeps_an_index_that_already_labels_rows_or_a_numeric_first_column():
    labelled = pd.DataFrame({"x (%)": [1.0], "y (%)": [2.0]}, index=pd.Index(["中原区"], name="entity"))
    assert present_table(labelled).index.tolist() == ["中原区"]
    numeric = pd.DataFrame({"x (%)": [1.0, 2.0], "name": ["a", "b"]})
    assert list(present_table(numeric).columns) == ["x (%)", "name"]


def test_present_table_with_one_number_of_decimals_and_no_gaps_stays_numeric():
    shown = present_table(pd.DataFrame({"x (%)": [5.444, -0.351]}), decimals=2)
    assert shown["x (%)"].dtype == "float64" and shown["x (%)"].tolist() == [5.44, -0.35]


def test_compare_words_the_outcome_and_refuses_a_gap():
    assert compare(5.4, 5.0) == "above"
    assert compare(5.4, 5.7, "faster than", "slower than") == "slower than"
    assert compare(5.0, 5.0) == "equal to"
    with pytest.raises(ValueError, match="a figure is missing"):
        compare(5.4, math.nan)
    assert helpers.compare is compare  # kept at the top level for the notebooks


def test_analysis_imports_nothing_from_charts():
    """Arithmetic and comparisons live in helpers.analysis, which never depends on how results are shown."""
    imported = []
    for module in sorted((PACKAGE_DIR / "analysis").glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.append((module.name, node.module))
            elif isinstance(node, ast.Import):
                imported.extend((module.name, alias.name) for alias in node.names)
    assert imported  # the walk found the modules' imports
    assert [(name, target) for name, target in imported if "charts" in target.split(".")] == []


def test_findings_markdown_is_a_heading_and_bullets():
    markdown = findings_markdown(["GDP grew 5.4%.", "Two of three claims cannot be checked."])
    assert markdown.data == "### Findings\n\n- GDP grew 5.4%.\n- Two of three claims cannot be checked.\n"


def test_present_table_shows_whole_numbers_as_whole_with_or_without_gaps():
    frame = pd.DataFrame(
        {"days (天)": [237.0, 243.4], "t CO2": [3548.2, math.nan], "count": pd.array([3, None], "Int64")}
    )
    shown = present_table(frame, decimals={"days (天)": 0, "t CO2": 0})
    assert shown["days (天)"].dtype == "int64" and shown["days (天)"].tolist() == [237, 243]
    assert shown["t CO2"].tolist() == [3548, "missing"]
    assert shown["count"].tolist() == [3, "missing"]
