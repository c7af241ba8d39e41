"""helpers.findings.common: the pieces the findings modules share, on small hand-made inputs."""

from __future__ import annotations

from helpers.findings.common import MAX_WORDS, word_count


def test_word_count_counts_space_separated_runs():
    assert word_count("本区's GDP grew 5.4% in 2024.") == 6
    assert word_count("中原区 ranks 3 of 6") == 5
    assert word_count(" ".join(["w"] * MAX_WORDS)) == MAX_WORDS == 45
