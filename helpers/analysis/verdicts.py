"""A verdict on each headline claim of a report, computed from the data: claim → verdict → the one reason.

Each rule is a plain function of values (testable on hand-made numbers); `headline_verdicts` applies the
rules to the claims a report makes and leaves out those it does not make. The vocabulary is fixed
(VERDICTS), and rows that contradict or qualify a claim sort first.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.analysis.air_quality import days_in_year, good_day_share
from helpers.analysis.growth import pp_gap
from helpers.analysis.peers import closest_basis, gdp_by_basis
from helpers.analysis.ranking import rank_entities
from helpers.data.loading import (
    Metric,
    get_metric,
    has_metric,
    linked_indicators,
    load_metrics,
    outside_row,
    outside_value,
)
from helpers.data.report_text import as_printed
from helpers.data.reports import URBAN_DISTRICTS, ReportInfo, load_report_info, raw_report_text
from helpers.data.textnorm import normalise_text
from helpers.paths import DATA_DIR, DEFAULT_REPORT

# The fixed vocabulary, in the order rows are shown: what contradicts or qualifies a claim comes first.
VERDICTS = ("misleading as worded", "not supported", "cannot be checked here", "consistent", "supported")
# How far a figure derived from an outside table may sit from the report's and still match (亿元): half a
# unit of the report's last printed decimal (931.8 → 0.05). Notebook 01 uses the same value.
GDP_MATCH_TOLERANCE = 0.05
# ASSUMPTION: the least a 低保 recipient is paid per month for a "people helped" count to read as people,
# not person-times (yuan a month; range tried 100–300). Below it the count is flagged.
LOW_PAYMENT_FLOOR_YUAN_PER_MONTH = 100.0
LOW_PAYMENT_FLOOR_RANGE = (100.0, 300.0)  # the range tried for that floor (yuan a month)
# The report's own verdict on its year: '较好完成了…目标任务' (or 全面完成, 圆满完成 …), one sentence of the text.
TARGETS_MET = re.compile(r"[^。；;,，]*(?:较好|全面|圆满|超额)完成[^。；;,，]*目标任务")


@dataclass(frozen=True)
class Verdict:
    """One headline claim with its verdict, the one reason, what would settle it, and where it is decided."""

    claim: str  # the report's words
    metric_id: str  # the claim's mark in the annotated report ('' if the words carry no figure)
    verdict: str  # one of VERDICTS
    reason: str  # at most 25 words
    settle: str  # what would settle it
    notebook: str  # the notebook (stem) whose section decides it
    section: str  # that section's heading


def gdp_level_verdict(
    reported: float, table: pd.DataFrame, table_year: int, tolerance: float = GDP_MATCH_TOLERANCE
) -> tuple[str, str]:
    """The report's GDP against the level back-calculated from each basis of the city's next-year district table.

    `table` is gdp_by_basis for the district: basis, gdp and nominal_growth_pct of the next year, gdp_previous_derived.
    """
    table = table.dropna(subset=["gdp_previous_derived"])
    if table.empty:
        return "cannot be checked here", "No outside table gives this GDP, or the next year's level and growth."
    basis = str(closest_basis(table.set_index("basis")["gdp_previous_derived"], reported)[0])
    by_basis = table.set_index("basis")
    value, level, growth = (float(by_basis[c][basis]) for c in ("gdp_previous_derived", "gdp", "nominal_growth_pct"))
    arithmetic = f"{level:,.2f} ÷ {1 + growth / 100:.4f} = {value:,.2f} 亿元"
    if abs(value - reported) <= tolerance:
        return (
            "consistent",
            f"Equals {arithmetic}, the {basis} line of the city's district table of {table_year} GDP; one secondary copy.",
        )
    return "not supported", f"No basis matches: the closest, {basis}, gives {arithmetic} ({value - reported:+.2f})."


def growth_verdict(
    reported: float, outside: float, city: str, city_growth: float, same_source: bool = False
) -> tuple[str, str]:
    """A growth rate against an outside statement of the same rate (NaN: none), with the city's for context.

    An outside statement from the report's own source (`same_source`) is no check: it repeats the report.
    """
    if not math.isnan(outside) and not same_source:
        if math.isclose(outside, reported):
            return "consistent", f"An outside source states the same {reported:g}%."
        return "not supported", f"An outside source states {outside:g}%, not {reported:g}%."
    missing = "The only outside statement is the report's own source" if same_source else "No outside source states it"
    if math.isnan(city_growth):
        return "cannot be checked here", f"{missing}."
    gap = pp_gap(reported, city_growth)
    side = f"{abs(gap):.1f} points below" if gap < 0 else f"{gap:.1f} points above" if gap > 0 else "level with"
    return "cannot be checked here", f"{missing}; it is {side} {city}'s {city_growth:g}%."


def rank_verdict(claimed: int, figures: pd.Series, district: str, out_of: int | None) -> tuple[str, str]:
    """A rank claim against the figures of its group (entity → figure, the district's own included).

    Checkable only where every member of the group has a figure; ranked as notebook 02 ranks (rank_entities).
    """
    known = figures.dropna()
    if out_of is None or district not in known.index or len(known) < out_of:
        return "cannot be checked here", "No source here gives the other districts' figures for this measure."
    frame = pd.DataFrame({"entity": known.index, "value": known.to_numpy()})
    ranked = rank_entities(frame).set_index("entity")
    computed = int(ranked["rank"].astype(int)[district])
    if computed == claimed:
        return "consistent", f"Ranked on the figures here it is {computed} of {out_of}, as claimed."
    return "not supported", f"Ranked on the figures here it is {computed} of {out_of}, not {claimed}."


def intensity_target_verdict(decline: float, targets: dict[str, float]) -> tuple[str, str]:
    """A fall in energy intensity said to meet the five-year target early: neither period nor district target is given.

    Read as cumulative since 2020, 'early' implies a district target no larger than the fall; the targets of
    larger areas (`targets`, name → % by 2025) are context only, since a city divides its target unevenly.
    """
    if not targets:
        return "cannot be checked here", "Neither its period nor the district's target is stated."
    names = " and ".join(f"{name}'s {value:g}%" for name, value in sorted(targets.items(), key=lambda item: item[1]))
    return "cannot be checked here", (
        f"Period and district target not stated; if cumulative since 2020, it implies a district target ≤{decline:g}% "
        f"({names} are not the district's)."
    )


def good_days_verdict(days: float, year: int, change: float) -> tuple[str, str]:
    """Good-air days: no outside count of the district's; their share of the year, and the year before implied."""
    share = good_day_share(days, year)
    before = "" if math.isnan(change) else f"; the change implies {days - change:g} in {year - 1}"
    return "cannot be checked here", f"No outside count; {days:g} of {days_in_year(year)} days ({share:.1f}%){before}."


def targets_met_verdict(year: int) -> tuple[str, str]:
    """'较好完成…目标任务': the district's own targets are in no source here (the city's are not the district's)."""
    return (
        "cannot be checked here",
        f"The district's own {year} targets are in no source here; the city's are not its targets.",
    )


def per_head_yuan(paid_wan_yuan: float, people_wan: float) -> float:
    """A total in 万元 over a head count in 万人: yuan a head (the 万 cancel)."""
    return paid_wan_yuan / people_wan


def per_head_verdict(
    paid_wan_yuan: float,
    people_wan: float,
    floor: float = LOW_PAYMENT_FLOOR_YUAN_PER_MONTH,
    count_is_lower_bound: bool = False,
) -> tuple[str, str]:
    """A payment total over a head count: flagged when the monthly amount per head is implausibly small.

    Over a count printed as a lower bound (2.8万余人) the amount per head is an upper bound: 'at most'. Read as
    person-months instead, the total gives the amount per person-month.
    """
    per_head = per_head_yuan(paid_wan_yuan, people_wan)
    about = "at most" if count_is_lower_bound else "about"
    if per_head / 12 < floor:
        return "misleading as worded", (
            f"As people, {about} ¥{per_head / 12:.0f} a head a month (assumed floor ¥{floor:g}); "
            f"as person-months, ¥{per_head:.0f} each: the count's unit is not stated."
        )
    return (
        "consistent",
        f"{about.capitalize()} ¥{per_head / 12:.0f} a head a month, above the assumed floor of ¥{floor:g}.",
    )


def headline_verdicts(report: str = DEFAULT_REPORT, data_dir: Path = DATA_DIR) -> list[Verdict]:
    """A verdict on each headline claim `report` makes, contradicting or qualifying rows first."""
    info = load_report_info(report, data_dir)
    district, city, year = info.district, info.city, info.year

    def metric(metric_id: str) -> Metric | None:
        return get_metric(metric_id, report, data_dir) if has_metric(metric_id, report, data_dir) else None

    text = normalise_text(raw_report_text(report, data_dir))

    def printed(words: str) -> str:
        return as_printed(words, report, data_dir)

    def row(
        metric: Metric, verdict: tuple[str, str], settle: str, notebook: str, section: str, words: str = ""
    ) -> Verdict:
        """A verdict on a metric's claim, shown as its item and its quote (or `words`, the phrase holding the quote)."""
        shown_words = printed(words or metric.quote)
        claim = shown_words if metric.name_zh in shown_words else f"{metric.name_zh}：{shown_words}"
        return Verdict(claim, metric.metric_id, verdict[0], verdict[1], settle, notebook, section)

    rows: list[Verdict] = []
    if gdp := metric("gdp"):
        rows.append(
            row(
                gdp,
                gdp_level_verdict(gdp.value, gdp_by_basis([district], year + 1, data_dir), year + 1),
                f"{city}统计局's district GDP table for {year}.",
                "01_growth_rates",
                "3 · Which GDP is this?",
            )
        )
    growth = metric("gdp_growth")
    if growth:
        stated = outside_row(district, "地区生产总值增速", year, data_dir=data_dir)
        outside = math.nan if stated is None else float(stated["value"])
        same_source = stated is not None and str(stated["source_address"]) in info.source
        city_growth = outside_value(city, "地区生产总值增速", year, data_dir=data_dir)
        rows.append(
            row(
                growth,
                growth_verdict(growth.value, outside, city, city_growth, same_source),
                f"{city}'s {year} statistical release by district.",
                "01_growth_rates",
                "2 · Against the city, the province and China",
            )
        )
    metrics = load_metrics(report, data_dir).set_index("metric_id")
    for metric_id in metrics.index[metrics["kind"] == "rank"]:
        rank = get_metric(metric_id, report, data_dir)
        if rank.rank is not None:
            rows.append(
                row(
                    rank,
                    rank_verdict(rank.rank, _rank_figures(metrics, metric_id, info, data_dir), district, rank.out_of),
                    f"{city}'s own ranking of its urban districts on this measure, with each district's figure.",
                    "02_investment_ranking",
                    '2 · The "first among the peers" claims',
                )
            )
    if intensity := metric("energy_intensity_decline"):
        targets = {
            name: outside_value(name, "单位GDP能耗降低目标(较2020)", 2025, data_dir=data_dir) for name in (city, "全国")
        }
        rows.append(
            row(
                intensity,
                intensity_target_verdict(intensity.value, {k: v for k, v in targets.items() if not math.isnan(v)}),
                "The district's 十四五 energy-intensity target and the period its fall covers.",
                "03_carbon_energy_targets",
                "1 · Energy intensity against the targets",
                words=_clause(text, intensity.quote),
            )
        )
    if days := metric("good_air_days"):
        change = metric("good_air_days_change")
        rows.append(
            row(
                days,
                good_days_verdict(days.value, days.year, change.value if change else math.nan),
                "The district's monitoring-station record for the year.",
                "03_carbon_energy_targets",
                "4 · Air quality",
            )
        )
    paid, people = metric("minimum_living_allowance_paid"), metric("minimum_living_allowance_beneficiaries")
    if paid and people and paid.unit == "万元" and people.unit == "万人":
        rows.append(
            row(
                people,
                per_head_verdict(paid.value, people.value, count_is_lower_bound=people.bound == "lower"),
                "The civil-affairs bureau's count of recipients (people, not person-times) and the monthly standard.",
                "00_data_tour",
                "A plausibility check of the report's own figures",
            )
        )
    own_words = TARGETS_MET.search(text)
    if own_words:
        verdict = targets_met_verdict(year)
        settle = f"{district}'s own {year} targets, set in its previous year's report."
        rows.append(
            Verdict(
                printed(own_words.group(0)),
                "",
                *verdict,
                settle,
                "01_growth_rates",
                "6 · Against the city's own targets",
            )
        )
    return sorted(rows, key=lambda row: VERDICTS.index(row.verdict))


def _clause(text: str, quote: str) -> str:
    """The quote with the rest of its clause, up to the next ；, 。 or line end (the claim as a reader meets it)."""
    found = re.search(re.escape(quote) + r"[^。；;\n]*", text)
    return found.group(0) if found else quote


def _rank_figures(metrics: pd.DataFrame, metric_id: str, info: ReportInfo, data_dir: Path) -> pd.Series:
    """What a rank row ranks (its base_metric_id), for the district (the report's figure) and each other member of
    its city's group of urban districts (the outside figures of that year); NaN where a figure is missing."""
    base = str(metrics.loc[metric_id, "base_metric_id"])
    peers = [d for d in URBAN_DISTRICTS.get(info.city, ()) if d != info.district]
    if base in ("", "nan") or base not in metrics.index:
        return pd.Series(math.nan, index=[info.district, *peers], dtype=float)
    indicators = linked_indicators(base, data_dir)
    figures = {peer: outside_value(peer, indicators, info.year, data_dir=data_dir) for peer in peers}
    return pd.Series({info.district: float(metrics["value"].astype(float)[base]), **figures}, dtype=float)
