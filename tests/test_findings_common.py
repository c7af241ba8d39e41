"""The pieces the findings modules share (helpers.findings.common, and the lookups beside get_metric in
helpers.data.loading), on small hand-made inputs."""

from __future__ import annotations

from pathlib import Path

from helpers.data.loading import external_file, find_metric, get_metric
from helpers.findings.common import MAX_WORDS, word_count
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
