"""The pieces the findings modules share (helpers.findings.common, and the lookups beside get_metric in
helpers.data.loading), on small hand-made inputs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers.charts.presenting import present_table
from helpers.data.loading import external_file, find_metric, get_metric
from helpers.data.vocabulary import load_metric_vocabulary
from helpers.findings.common import (
    CAVEAT_COLUMNS,
    MAX_WORDS,
    NOT_VARIED,
    Caveat,
    caveat_table,
    figure_names,
    listed,
    show,
    states_no,
    word_count,
)
from helpers.paths import DATA_DIR


def test_word_count_counts_space_separated_runs():
    assert word_count("本区's GDP grew 5.4% in 2024.") == 6
    assert word_count("中原区 ranks 3 of 6") == 5
    assert word_count(" ".join(["w"] * MAX_WORDS)) == MAX_WORDS == 45


def test_external_file_is_the_project_path_for_the_project_data_and_the_folder_path_otherwise(tmp_path: Path):
    assert external_file() == external_file(DATA_DIR) == f"{DATA_DIR.name}/external_figures.csv"
    assert external_file(tmp_path) == str(tmp_path.resolve() / "external_figures.csv")


def test_find_metric_gives_the_figure_or_none(summary_data):
    assert find_metric("gdp") == get_metric("gdp")
    for metric_id in ("energy_intensity_decline", "new_pv_capacity", "good_air_days", "no_such_id"):
        assert find_metric(metric_id, "yangliqu_2024", summary_data) is None
    assert find_metric("gdp_growth", "yangliqu_2024", summary_data) == get_metric(
        "gdp_growth", "yangliqu_2024", summary_data
    )


def test_listed_joins_with_commas_and_a_last_conjunction():
    assert [listed([]), listed(["a"]), listed(["a", "b"]), listed(["a", "b", "c"], "or")] == [
        "",
        "a",
        "a and b",
        "a, b or c",
    ]


def test_figure_names_are_chinese_where_every_figure_has_a_chinese_name(summary_data):
    usual = {m.metric_id: m.names_zh[0] for m in load_metric_vocabulary()}
    own = get_metric("gdp_growth", "yangliqu_2024", summary_data).name_zh
    names = figure_names(["gdp_growth", "new_pv_capacity"], "yangliqu_2024", summary_data)
    assert names == [own, usual["new_pv_capacity"]]  # the report's own name where it states the figure
    english = figure_names(["new_pv_capacity", "no_such_id"], "yangliqu_2024", summary_data)
    assert english[1] == "no such id" and english[0].isascii()  # one name without Chinese: all in English


def test_states_no_names_only_the_figures_the_report_lacks(summary_data):
    args = ("yangliqu_2024", summary_data)
    usual = {m.metric_id: m.names_zh[0] for m in load_metric_vocabulary()}
    assert states_no(["gdp_growth"], *args) == ""
    assert (
        states_no(["gdp_growth", "new_pv_capacity"], *args)
        == f"This report states no {usual['new_pv_capacity']} figure."
    )
    two = states_no(["new_pv_capacity", "good_air_days"], *args, consequence="nothing to read")
    assert (
        two == f"This report states no {usual['new_pv_capacity']}、{usual['good_air_days']} figures: nothing to read."
    )
    every = states_no(["new_pv_capacity", "good_air_days"], *args, what="figures of energy")
    assert (
        every
        == f"This report states none of the figures of energy looked for ({usual['new_pv_capacity']}、{usual['good_air_days']})."
    )
    assert states_no(["no_such_id"], *args) == "This report states no no such id figure."
    assert word_count(two) <= MAX_WORDS


def _shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What `show` displays, as Markdown texts (collected instead of displayed)."""
    import IPython.display

    said: list[str] = []
    monkeypatch.setattr(IPython.display, "display", lambda *objects: said.extend(o.data for o in objects))
    return said


def test_show_says_the_lines_then_returns_the_table_as_presented(monkeypatch: pytest.MonkeyPatch):
    said = _shown(monkeypatch)
    table = pd.DataFrame({"figure": ["甲", "乙"], "value (亿元)": [1.234, float("nan")]})
    shown = show(["", "No 丙 figure.", "No 丁 figure."], table, decimals=2)
    assert said == ["No 丙 figure.\n\nNo 丁 figure."]
    assert shown is not None and shown.equals(present_table(table, decimals=2))


def test_show_without_rows_returns_nothing_and_says_the_empty_line_where_given(monkeypatch: pytest.MonkeyPatch):
    said = _shown(monkeypatch)
    assert show("No 丙 figure.") is None and said == ["No 丙 figure."]
    assert show("No 丙 figure.", pd.DataFrame(), when_empty="Nothing to rank.") is None
    assert said[-1] == "Nothing to rank."
    assert show((), None) is None and show("", pd.DataFrame({"a": [1]}).iloc[0:0]) is None and len(said) == 2


def test_caveat_table_has_one_row_per_caveat_in_the_four_columns():
    rows = [
        Caveat("full-load hours (assumption)", "1,100 h", "900–1,300 h", "CO2 avoided"),
        Caveat("basis", "b", NOT_VARIED, "x"),
    ]
    table = caveat_table(rows)
    assert (
        list(table.columns)
        == list(CAVEAT_COLUMNS)
        == ["assumption or caveat", "value used", "range tried", "what it changes"]
    )
    assert table.iloc[0].tolist() == list(rows[0]) and table.loc[1, "range tried"] == NOT_VARIED == "not varied"
    assert rows[0].changes == "CO2 avoided" and caveat_table([]).columns.tolist() == list(CAVEAT_COLUMNS)
