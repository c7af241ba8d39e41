"""02_investment_ranking: its stored findings state what the data give; rerun in a fresh kernel on the fictional
report, it runs through, showing the figures the report has and saying in one line what it lacks.

Expected values are computed here from helpers and report_data, never pasted from the notebook.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat

from helpers import get_metric, has_metric, load_report_info, outside_value, share_pct
from helpers.analysis.peers import GDP_LEVEL, closest_basis, gdp_by_basis
from helpers.analysis.ranking import ASSUMED_BOTH_BASES, rank_entities
from helpers.findings.common import MAX_WORDS, word_count
from helpers.findings.investment import short_rank
from helpers.paths import NOTEBOOKS_DIR

from .conftest import run_fresh, tagged_output

NOTEBOOK = NOTEBOOKS_DIR / "02_investment_ranking.ipynb"
SIX = ["中原区", "二七区", "管城回族区", "金水区", "上街区", "惠济区"]


def test_stored_findings_answer_first_in_five_short_bullets_computed_from_the_data():
    """The committed notebook (run with its defaults) says what the data give, briefly and without code names."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    text = tagged_output(notebook, "findings")
    bullets = [line[2:] for line in text.splitlines() if line.startswith("- ")]
    assert 1 <= len(bullets) <= 5
    assert [b for b in bullets if word_count(b) > MAX_WORDS] == []
    assert not re.search(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b", text)  # no parameter names
    assert bullets[0].startswith("None of the report's 3 市内六区第一 claims")  # the claims first
    table = gdp_by_basis(SIX, 2025)
    民政 = rank_entities(table[table["basis"] == "民政口径"], value="gdp")
    report_basis, _ = closest_basis(
        table[table["entity"] == "中原区"].set_index("basis")["gdp_previous_derived"], get_metric("gdp").value
    )
    # 管理口径: ranked with the districts without a 管理口径 line left out, and with their one figure counted
    managed = table[table["basis"] == "管理口径"].set_index("entity")["gdp"]
    single = table[table["basis"] == "民政口径"].set_index("entity")["gdp"]
    printed = int((managed.dropna() > managed["中原区"]).sum()) + 1
    counted = int((managed.fillna(single) > managed["中原区"]).sum()) + 1
    assert report_basis == "管理口径" and printed == counted  # the same rank either way, so the bullet says so
    ordinal = {1: "1st", 2: "2nd", 3: "3rd"}.get(counted, f"{counted}th")
    assert (
        f"ranks {short_rank(民政, '中原区')} on 民政口径 and {ordinal} of 6 on 管理口径 (the report's basis) whether or not"
        in bullets[1]
    )
    assert "the city's district table of 2025 GDP" in bullets[1] and "郑州市's 2025" not in text
    signed = share_pct(
        get_metric("new_signed_project_investment").value, outside_value("郑州市", "招商引资新签约项目签约总额", 2024)
    )
    weight = share_pct(get_metric("gdp").value, outside_value("郑州市", GDP_LEVEL, 2024, ""))
    assert f"{signed:.1f}%" in text and f"against a GDP weight of {weight:.1f}% (管理口径)" in text
    assert " below its share" not in text  # a gap under a point on totals defined differently: no verdict
    assert "nominal" not in text  # the next year's nominal-growth rank is not a finding
    # growth: what the pairs table shows (the industrial gap beyond rounding), the basis as an assumption
    industry = get_metric("industrial_value_added_growth")
    huiji = outside_value("惠济区", "规模以上工业增加值增速", 2024, "")
    assert f"{industry.name_zh} is {round(abs(huiji - industry.value), 2):g} pp below" in text
    assert "(管理口径 only by assumption)" in text
    # the assumption is off by default: no result rests on it; the caveats table says what it would change
    outputs = " ".join(str(o) for c in notebook.cells for o in c.get("outputs", []))
    assert ASSUMED_BOTH_BASES not in outputs and "off (管理口径 as printed)" in outputs
    # the findings cell types no sentence: its string literals are names and keys, not prose
    findings = next(c for c in notebook.cells if "findings" in c.metadata.get("tags", []))
    literals = [n.value for n in ast.walk(ast.parse(findings.source)) if isinstance(n, ast.Constant)]
    assert [v for v in literals if isinstance(v, str) and " " in v] == []


def test_on_the_fictional_report_it_runs_through_and_says_in_one_line_what_it_lacks(fictional_data: Path):
    """示例区 (in the invented 示例市) has investment figures and a second-place claim, but no peer group: it runs
    through, shows its figures and says what it lacks instead of stopping."""
    info = load_report_info("shiliqu_2024", fictional_data)
    executed = run_fresh(NOTEBOOK, {"REPORT": info.id, "DATA_DIR": str(fictional_data)})
    text = tagged_output(executed, "findings")
    bullets = [line[2:] for line in text.splitlines() if line.startswith("- ")]
    assert 1 <= len(bullets) <= 5 and [b for b in bullets if word_count(b) > MAX_WORDS] == []
    claim = get_metric("investment_attraction_rank", info.id, fictional_data)
    assert claim.rank == 2  # not first: the bullet says "rank claim", not 第一
    assert bullets[0].startswith("The report's 市内六区 rank claim (招商引资工作) cannot be checked here")
    assert bullets[1].startswith(f"The data hold no peer group for {info.city}, so {info.district} is not ranked")
    outputs = " ".join(str(o) for c in executed.cells for o in c.get("outputs", []))
    signed = get_metric("new_signed_project_investment", info.id, fictional_data)
    assert signed.name_zh in outputs and f"{signed.value:.1f}" in outputs  # section 1 shows what the report has
    assert not has_metric("new_started_project_investment", info.id, fictional_data)
    assert "This report states no 新开工项目计划总投资" in outputs  # and says in one line what it lacks
    assert "Traceback" not in outputs and "Error" not in outputs
