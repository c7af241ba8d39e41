"""Notebook 01 (growth rates): its tables, sentences, findings bullets and assumptions-and-caveats table.

Each function takes values the notebook computed (numbers, small frames) and returns a table or a sentence
worded from them, so a sentence changes when the data do and is reworded in one place.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from helpers.analysis.claims import CONVENTION, NOMINAL, NOT_STATED, REAL, level_decimals, own_sentence, shown_measure
from helpers.analysis.comparison import compare
from helpers.analysis.growth import implied_previous, pp_gap
from helpers.analysis.peers import (
    COMPARABLE,
    GDP_BASES,
    NO_FIGURE,
    benchmark_measure,
    comparison_status,
    matching_basis,
)
from helpers.analysis.verdicts import TARGETS_MET
from helpers.charts.formatting import fmt
from helpers.data.frames import records
from helpers.data.loading import external_file, linked_indicators, load_external, outside_row
from helpers.data.reports import raw_report_text
from helpers.data.textnorm import normalise_text
from helpers.data.vocabulary import load_metric_vocabulary
from helpers.findings.common import Caveat, caveat_table, figure_names
from helpers.findings.parameters import check_parameters
from helpers.paths import DATA_DIR

PERIOD_NOT_STATED = "period not stated"
NOTHING_DRAWN = "No rate has a benchmark measured alike, so nothing is drawn."
NO_OTHER = "The report states no other growth or change claim."
SOURCE_WORDS = {"assumed": ", assumed", CONVENTION: ", by convention"}
TARGET_SUFFIX = "目标"  # an outside target's indicator is its outturn's indicator plus 目标
BOUND_WORDS = {"左右": "about", "以上": "at least"}
NOT_JUDGED = "not judged"
BASIS_UNSTATED = f"{NOT_JUDGED}: the outturn's basis is not stated"
# What the report's verdict on its own targets claims, by its adverb.
OWN_WORDS = {
    "较好": "completed well; not 全面完成, in full",
    "全面": "completed in full",
    "圆满": "completed successfully",
    "超额": "exceeded",
}
NAME = "indicator (报告用语)"
# The parts of the notebook whose caveats the table can carry (all by default).
ANALYSED = ("targets", "fiscal", "outside fiscal", "income", "retail")


# ---- what the data lack, and parameters the data cannot have -------------------------------------------------


def check_names(
    ids: Mapping[str, Sequence[str]],
    places: Mapping[str, Sequence[str]],
    years: Mapping[str, Sequence[int]],
    present: Collection[str],
    data_dir: Path = DATA_DIR,
) -> None:
    """`check_parameters` on the metric ids (standard or the report's), places and years the parameters name."""
    folder = Path(data_dir)
    standard = {m.metric_id for m in load_metric_vocabulary(folder)} | set(present)
    check_parameters(ids, standard, f"{folder.name}/metric_ids.csv", "metric id")
    external, file = load_external(folder), external_file(folder)
    check_parameters(places, set(external["entity"]), file, "entity")
    check_parameters(years, set(external["year"]), file, "year")


def no_outside(entities: Sequence[str], what: str, year: int | str) -> str:
    """One line naming the entities external_figures.csv has no `what` of; '' if there are none."""
    named = [e for e in entities if e]
    return f"external_figures.csv has no {year} {what} of {' or '.join(named)}." if named else ""


def no_city(city: str, what: str) -> str:
    """One line saying the report names no city (so `what` is not done); '' if it names one."""
    return "" if city else f"The report names no city, so {what}."


def without_figures(judged: pd.DataFrame, entities: Sequence[str]) -> list[str]:
    """The entities that have no figure for any rate of `judged` (none where `judged` is empty)."""
    if judged.empty:
        return []
    return [e for e in entities if not judged.loc[judged["entity"] == e, "value"].notna().any()]


def empty_rows(frame: pd.DataFrame) -> list[str]:
    """The row labels of `frame` whose numbers are all missing."""
    numbers = frame.select_dtypes("number")
    return [str(label) for label in numbers.index[numbers.isna().all(axis=1)]]


def indicator_names(claims: pd.DataFrame, metric_ids: Sequence[str], data_dir: Path = DATA_DIR) -> pd.Series:
    """The report's name of each change claim, then the usual name of each of `metric_ids` the report lacks."""
    absent = [m for m in metric_ids if m not in claims.index]
    extra = pd.Series(figure_names(absent, data_dir=data_dir), index=absent, dtype="object")
    return pd.concat([claims["name_zh"], extra]) if absent else claims["name_zh"]


# ---- labels and formatting -------------------------------------------------------------------------------


def measure_labels(measures: pd.DataFrame) -> pd.Series:
    """How each change is measured, for tables and charts: 'real, by convention', 'nominal, assumed', …"""
    label = measures["measure"] + measures["measure_source"].map(SOURCE_WORDS).fillna("")
    return label.where(measures["group"] != PERIOD_NOT_STATED, PERIOD_NOT_STATED).rename("measured as")


def level_text(values: pd.Series, units: pd.Series) -> pd.Series:
    """Levels as text in their unit's precision (whole 元 for yuan), 'missing' where there is none."""
    return pd.Series([fmt(v, level_decimals(u)) for v, u in zip(values, units, strict=True)], index=values.index)


def counted(n: int, noun: str, plural: str = "") -> str:
    """'1 target', '3 targets': a count with its noun in the right number (`plural` where not noun + 's')."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def signed_pct(value: float) -> str:
    """A rate as '+5.4%', or 'missing' where there is none."""
    return fmt(None) if pd.isna(value) else f"{value:+.1f}%"


# ---- 1 and 7 · change claims and what they imply for the year before ----------------------------------------


def claims_table(claims: pd.DataFrame, labels: pd.Series, year: int) -> pd.DataFrame:
    """Each change claim: its change, measure, level, the previous level it implies and how far that holds."""
    return pd.DataFrame(
        {
            NAME: claims["name_zh"],
            f"change {year}": claims["change"],
            "change unit": claims["change_unit"],
            "measured as": labels.reindex(claims.index),
            "level unit": (claims["level_unit"] + claims["level_qualifier"]).replace("", "no level"),
            f"{year} level (level unit)": level_text(claims["level"], claims["level_unit"]),
            f"implied {year - 1} level (level unit)": level_text(claims["previous"], claims["level_unit"]),
            f"implied {year - 1} level is": claims["implied_previous_is"],
        }
    ).set_index(NAME)


def deflator_bias(level: float, real_growth: float | None, year: int, measure: str = REAL) -> str:
    """Which way level ÷ (1 + real growth) misses the previous year's nominal level if prices fell or rose.

    '' where the level or the growth is missing (nothing is implied) or the growth is not read as real (`measure`).
    """
    if real_growth is None or math.isnan(level) or math.isnan(real_growth) or measure != REAL:
        return ""
    previous = implied_previous(level, real_growth)
    return (
        f"{fmt(level, 1)} ÷ {1 + real_growth / 100:.3f} = {fmt(previous, 1)} applies real growth to a nominal level. "
        f"If prices fell in {year} (a negative deflator), nominal growth was below {real_growth:g}% and "
        f"{fmt(previous, 1)} understates {year - 1}'s nominal GDP; if they rose, it overstates it"
    )


# ---- 2 · against the city, the province and China -----------------------------------------------------------


def judge_benchmarks(bench: pd.DataFrame, measures: pd.Series, year: int, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """`benchmark_table` rows with each side's measure, whether they compare, and the gap only where they do."""
    external = load_external(data_dir)
    judged = bench.copy()
    pairs = list(zip(judged["metric_id"], judged["indicator"], strict=True))
    judged["district_measure"] = judged["metric_id"].map(measures)
    judged["measure"] = [benchmark_measure(m, i, data_dir) if i else "" for m, i in pairs]
    judged["status"] = [
        comparison_status(d, o, v)
        for d, o, v in zip(judged["district_measure"], judged["measure"], judged["value"], strict=True)
    ]
    judged["measure_shown"] = [
        shown_measure(m, own_sentence(external, e, i, year) if i else "").replace(" (by convention)", ", by convention")
        for m, e, i in zip(judged["measure"], judged["entity"], judged["indicator"], strict=True)
    ]
    judged["gap_pp"] = judged["gap_pp"].where(judged["status"] == COMPARABLE)
    return judged


def comparison_table(judged: pd.DataFrame, labels: pd.Series, district: str, year: int) -> pd.DataFrame:
    """Every benchmark that exists beside the district's rate, each side's measure, and the gap if comparable."""
    present = judged[judged["status"] != NO_FIGURE]
    return pd.DataFrame(
        {
            NAME: present["name_zh"],
            "benchmark": present["entity"],
            f"{district} {year} (%)": present["district_value"],
            f"{district} measured as": present["metric_id"].map(labels),
            f"benchmark {year} (%)": present["value"],
            "benchmark measured as": present["measure_shown"].replace("", "not stated"),
            "benchmark figure is": present["derived"].map({True: "derived", False: "stated"}),
            "basis note": present["basis"],
            "gap (pp)": present["gap_pp"],
            "comparison": present["status"],
        }
    ).set_index([NAME, "benchmark"])


def statements(judged: pd.DataFrame, labels: pd.Series, own: Mapping[str, str]) -> list[str]:
    """One sentence per indicator against its benchmarks; an indicator's own sentence (if not '') replaces it."""
    from helpers.analysis.peers import benchmark_statement

    sentences = []
    for metric_id, group in judged.groupby("metric_id", sort=False):
        generic = benchmark_statement(
            str(group["name_zh"].iloc[0]),
            float(group["district_value"].iloc[0]),
            str(labels[metric_id]),
            group.assign(measure=group["measure_shown"]),
        )
        sentences.append(own.get(str(metric_id)) or generic)
    return sentences


def chart_frame(judged: pd.DataFrame, district: str, labels: pd.Series) -> tuple[pd.DataFrame, list[str]]:
    """Bars for the chart: only benchmarks measured like the district's rate, and the indicators left out."""
    comparable = judged[judged["status"] == COMPARABLE]
    own = comparable.drop_duplicates("metric_id").assign(entity=district, derived=False)
    bars = pd.concat([own.assign(value=own["district_value"]), comparable])
    bars["label"] = [
        f"{name.replace('增长', '')}\n({labels[m]})" for m, name in zip(bars["metric_id"], bars["name_zh"], strict=True)
    ]
    shown = set(comparable["metric_id"])
    rest = judged[~judged["metric_id"].isin(shown) & (judged["status"] != NO_FIGURE)]
    left_out = [
        f"{group['name_zh'].iloc[0]} ({'; '.join(dict.fromkeys(map(short_reason, group['status'], group['entity'])))})"
        for _, group in rest.groupby("metric_id", sort=False)
    ]
    return bars[["label", "entity", "value", "derived"]].reset_index(drop=True), left_out


def short_reason(status: str, entity: str) -> str:
    """Why a pair is not drawn, in a few words: 'not measured alike', 'above 全国 on both readings', 'not judged …'."""
    if status.startswith("not comparable"):
        return "not measured alike"
    if status.startswith(NOT_JUDGED):
        return f"{NOT_JUDGED} against {entity}"
    return f"{status.split(' on both readings')[0]} {entity} on both readings"


def readings(
    metric_id: str, entities: Sequence[str], year: int, data_dir: Path = DATA_DIR
) -> dict[str, dict[str, tuple[float, str]]]:
    """Each entity's real and nominal rates for `metric_id` (measure → value, measure as shown); none: left out."""
    external = load_external(data_dir)
    found: dict[str, dict[str, tuple[float, str]]] = {}
    for entity in entities:
        rates: dict[str, tuple[float, str]] = {}
        for indicator in linked_indicators(metric_id, data_dir):
            measure = benchmark_measure(metric_id, indicator, data_dir)
            row = outside_row(entity, indicator, year, data_dir=data_dir)
            if row is not None and measure in (REAL, NOMINAL) and measure not in rates:
                rates[measure] = (
                    float(row["value"]),
                    shown_measure(measure, own_sentence(external, entity, indicator, year)),
                )
        if rates:
            found[entity] = rates
    return found


def income_reading(claims: pd.DataFrame, metric_id: str, found: Mapping[str, Mapping[str, tuple[float, str]]]) -> str:
    """`either_reading` of the claim `metric_id` (claims indexed by metric_id, with measure); '' if the report lacks it."""
    if metric_id not in claims.index:
        return ""
    name, change, measure = (claims[column][metric_id] for column in ("name_zh", "change", "measure"))
    return either_reading(str(name), float(change), str(measure), found)


def either_reading(name: str, value: float, measure: str, found: Mapping[str, Mapping[str, tuple[float, str]]]) -> str:
    """A rate the report leaves unqualified against each entity's real and nominal rates; '' if there are none.

    It is judged only where it lies on the same side of both readings; '' where the report states its `measure`.
    """
    if measure != NOT_STATED:
        return ""
    parts = []
    for entity, rates in found.items():
        shown = " and ".join(f"{label} {v:+.1f}% ({pp_gap(value, v):+.1f} pp)" for v, label in rates.values())
        side = both_readings_side(value, rates)
        if side:
            parts.append(f"{side} {entity}'s on both readings: {shown}")
        elif len(rates) == 2:
            parts.append(f"between {entity}'s two rates ({shown}), so {NOT_JUDGED}")
        else:
            missing = ({REAL, NOMINAL} - set(rates)).pop()
            parts.append(f"{NOT_JUDGED} against {entity}'s {shown} alone (no {missing} rate)")
    return f"{name} {value:+.1f}% (real or nominal not stated) is " + "; ".join(parts) + "." if parts else ""


def both_readings_side(value: float, rates: Mapping[str, tuple[float, str]]) -> str:
    """'above' or 'below' where `value` lies on that side of both the real and the nominal rate; '' otherwise."""
    if set(rates) != {REAL, NOMINAL}:
        return ""
    sides = {compare(value, v) for v, _ in rates.values()}
    return sides.pop() if len(sides) == 1 else ""


def reading_status(value: float, rates: Mapping[str, tuple[float, str]]) -> str:
    """A rate of unstated measure against one benchmark's readings, for the comparison column.

    'above on both readings (+0.7 / +0.9 pp)' (nominal / real) where both agree; 'not judged: why' otherwise.
    """
    side = both_readings_side(value, rates)
    if side:
        gaps = " / ".join(f"{pp_gap(value, rates[m][0]):+.1f}" for m in (NOMINAL, REAL))
        return f"{side} on both readings (nominal {rates[NOMINAL][0]:+.1f}%, real {rates[REAL][0]:+.1f}%: {gaps} pp)"
    if set(rates) == {REAL, NOMINAL}:
        return f"{NOT_JUDGED}: between its nominal and real rates"
    missing = ({REAL, NOMINAL} - set(rates)).pop()
    return f"{NOT_JUDGED}: no {missing} rate to read it against"


def judge_readings(
    judged: pd.DataFrame, metric_id: str, found: Mapping[str, Mapping[str, tuple[float, str]]]
) -> pd.DataFrame:
    """`judged` with `metric_id`'s rows of unstated measure judged on both readings (`readings`) where found."""
    rows = (judged["metric_id"] == metric_id) & (judged["district_measure"] == NOT_STATED)
    rows &= judged["entity"].isin(list(found)) & (judged["status"] != NO_FIGURE)
    out = judged.copy()
    out.loc[rows, "status"] = [
        reading_status(float(v), found[str(e)])
        for v, e in zip(out.loc[rows, "district_value"], out.loc[rows, "entity"], strict=True)
    ]
    return out


def derived_figures(judged: pd.DataFrame) -> list[str]:
    """The outside figures that are arithmetic on a stated one, as 'entity indicator'."""
    return [f"{r['entity']} {r['name_zh']}" for r in records(judged[judged["derived"]])]


def largest_gap(judged: pd.DataFrame, labels: pd.Series) -> str:
    """The widest gap among pairs measured alike, with each side's measure; or that there is none."""
    comparable = judged[judged["status"] == COMPARABLE]
    if comparable.empty:
        return "No benchmark has a rate measured like the district's, so no gap is computed."
    widest = records(comparable.assign(size=comparable["gap_pp"].abs()).sort_values("size", ascending=False))[0]
    return (
        f"The largest gap between rates measured alike: {widest['name_zh']} {widest['district_value']:+.1f}% "
        f"({labels[widest['metric_id']]}) against {widest['entity']} {widest['value']:+.1f}% "
        f"({widest['measure_shown']}), {widest['gap_pp']:+.1f} pp."
    )


# ---- 3 and 5 · which GDP, and its scale within the city ----------------------------------------------------


def district_table(table_year: int, city: str = "") -> str:
    """The outside district GDP table by the year of its figures, not of its publication."""
    return f"{city or 'the city'}'s district table of {table_year} GDP"


def basis_title(district: str, bases: Sequence[str]) -> str:
    """The GDP-by-basis chart's title, naming only the bases the table gives."""
    return f"{district}地区生产总值：{'与'.join(bases)} (GDP on {counted(len(bases), 'basis', 'bases')})"


def basis_table(gdp: pd.DataFrame, reported: float, year: int, table_year: int) -> pd.DataFrame:
    """Each basis of the district table: level, nominal growth, the level they imply for `year`, and the gap."""
    return pd.DataFrame(
        {
            f"{table_year} GDP (亿元, stated)": gdp["gdp"],
            f"{table_year} nominal growth (%)": gdp["nominal_growth_pct"],
            f"{year} GDP back-calculated (亿元, derived from {table_year} GDP)": gdp["gdp_previous_derived"],
            f"report's {year} GDP (亿元)": reported,
            "difference (亿元)": (gdp["gdp_previous_derived"] - reported).abs(),
        }
    )


def basis_bars(gdp: pd.DataFrame, year: int, table_year: int) -> pd.DataFrame:
    """The chart's bars: each basis's level in `table_year` (stated) and in `year` (derived from it)."""
    derived = pd.DataFrame(
        {"year": f"{year} (derived from {table_year} GDP)", "value": gdp["gdp_previous_derived"], "derived": True}
    )
    stated = pd.DataFrame({"year": f"{table_year} (stated)", "value": gdp["gdp"], "derived": False})
    return pd.concat([derived, stated]).rename_axis("basis").reset_index()


def basis_sentence(
    label: str, derived: pd.Series, reported: float, tolerance: float, year: int, table_year: int
) -> str:
    """Which basis's back-calculated level the report's GDP matches (within `tolerance`), and the other's size."""
    gaps = (derived - reported).abs()
    closest = str(gaps.idxmin())
    word = compare(float(gaps.min()), tolerance, above="does not match", below="matches", equal="matches")
    others = "; ".join(
        f"on {b} it is {fmt(v, 1)} 亿元, {v / reported:.2f} times the report's"
        for b, v in derived.drop(closest).items()
    )
    return (
        f"The report's {year} GDP of {label} {word} the {closest} series back-calculated from "
        f"{district_table(table_year)} ({float(derived[closest]):.2f} 亿元; tolerance {tolerance:g} 亿元)"
        + (f"; {others}." if others else ".")
    )


def match_range(derived: pd.Series, reported: float, tolerances: Sequence[float]) -> str:
    """What the match gives at each tolerance tried: the basis matched, or 'no match'."""
    gaps = (derived - reported).abs()
    results = {t: (str(gaps.idxmin()) if gaps.min() <= t else "no match") for t in tolerances}
    if len(set(results.values())) == 1:
        return f"{next(iter(results.values()))} at every value tried"
    return "; ".join(f"{t:g}: {r}" for t, r in results.items())


class BasisMatch(NamedTuple):
    """Which district-table series the report's GDP belongs to; `closest` None where there is nothing to match."""

    matched: str | None
    closest: str | None
    other: str | None
    label: str


def basis_match(derived: pd.Series, reported: float, tolerance: float) -> BasisMatch:
    """The series (index of `derived`) within `tolerance` of `reported`, the closest, the other, and a table label."""
    matched, _ = matching_basis(derived, reported, tolerance)
    gaps = (derived - reported).abs().dropna()
    if gaps.empty:
        return BasisMatch(None, None, None, "basis not known")
    closest = str(gaps.idxmin())
    other = next((str(b) for b in gaps.index if b != closest), None)
    return BasisMatch(matched, closest, other, matched or f"basis not matched (closest: {closest})")


def gdp_table_line(derived: pd.Series, district: str, table_year: int) -> str:
    """One line naming the bases the district GDP table lacks for `district`; '' if it has both."""
    absent = [b for b in GDP_BASES if b not in derived.dropna().index]
    return no_outside([district], f"地区生产总值 on {' or '.join(absent)}", table_year) if absent else ""


def scale_rows(
    reported: float, match: BasisMatch, gdp: pd.DataFrame, year: int, table_year: int
) -> list[tuple[int, str, float, str]]:
    """The district GDP figures to set against the city's: the report's, the other basis derived, the table's."""
    rows = [] if math.isnan(reported) else [(year, match.label, reported, "report")]
    if match.other:
        rows.append(
            (year, match.other, float(gdp["gdp_previous_derived"][match.other]), f"derived from {table_year} GDP")
        )
    return rows + [(table_year, b, float(gdp["gdp"][b]), "stated") for b in (match.closest, match.other) if b]


def shares_of(scale: pd.DataFrame, year: int) -> dict[str, float]:
    """`scale_table`'s shares of the city for `year`, by basis, where there is one."""
    rows = scale.reset_index()
    rows = rows[(rows["year"] == year) & rows["share of the city (%)"].notna()]
    return dict(zip(rows["basis"].astype(str), rows["share of the city (%)"].astype(float), strict=True))


def scale_table(
    rows: Sequence[tuple[int, str, float, str]], city_gdp: Mapping[int, float], district: str, city: str
) -> pd.DataFrame:
    """The district's GDP (year, basis, 亿元, how known) as a share of the city's GDP of that year."""
    table = pd.DataFrame(list(rows), columns=["year", "basis", f"{district} GDP (亿元)", f"{district} figure is"])
    table[f"{city} GDP (亿元)"] = [city_gdp[year] for year in table["year"]]
    table["share of the city (%)"] = table[f"{district} GDP (亿元)"] / table[f"{city} GDP (亿元)"] * 100
    return table.set_index(["year", "basis"])


def district_fiscal_row(
    metrics: pd.DataFrame, labels: pd.Series, ids: tuple[str, str], district: str, year: int
) -> dict[str, object]:
    """The district's 一般公共预算收入 row (level and growth ids as `ids`): NaN where the report states none."""
    rows = metrics.drop_duplicates("metric_id").set_index("metric_id")
    level_id, growth_id = ids
    value = {m: float(rows["value"][m]) if m in rows.index else float("nan") for m in ids}
    return {
        "entity": district,
        f"一般公共预算收入 {year} (亿元)": value[level_id],
        "growth (%)": value[growth_id],
        "basis note": str(labels.get(growth_id, "")),
        "source": "report",
    }


def fiscal_table(
    district_row: Mapping[str, object], entities: Sequence[str], year: int, data_dir: Path = DATA_DIR
) -> pd.DataFrame:
    """一般公共预算收入 and its growth: the district's row (as given) and each entity's from the outside figures."""
    rows = [dict(district_row)]
    for entity in entities:
        level = outside_row(entity, "一般公共预算收入", year, data_dir=data_dir)
        growth = outside_row(entity, "一般公共预算收入增速", year, data_dir=data_dir)
        rows.append(
            {
                "entity": entity,
                f"一般公共预算收入 {year} (亿元)": float("nan") if level is None else float(level["value"]),
                "growth (%)": float("nan") if growth is None else float(growth["value"]),
                "basis note": "" if growth is None else (str(growth["basis"]) or "not stated"),
                "source": "" if growth is None else str(growth["source_kind"]),
            }
        )
    return pd.DataFrame(rows).set_index("entity")


def fiscal_sentence(fiscal: pd.DataFrame, district: str, city: str, year: int) -> str:
    """Fiscal revenue beside the city's and province's: for scale, not compared (their rates do not say 同口径)."""
    growth = {str(e): float(v) for e, v in fiscal["growth (%)"].items()}
    level = {str(e): float(v) for e, v in fiscal.iloc[:, 0].items()}
    same = " (同口径)" if "同口径" in str(fiscal.loc[district, "basis note"]) else ""
    others = ", ".join(f"{e} {signed_pct(v)}" for e, v in growth.items() if e != district and not math.isnan(v))
    lead = f"一般公共预算收入 {year}: {district} {signed_pct(growth[district])}{same}"
    share = level[district] / level[city] * 100 if city in level else float("nan")
    scale = (
        ""
        if math.isnan(share)
        else f" {district}'s revenue is {fmt(share, 1)}% of {city}'s. This understates its revenue weight, since "
        f"{city}'s total includes the city's own share of revenue raised in {district}, and is not comparable with "
        "its GDP share."
    )
    return lead + (f" beside {others}." if others else ".") + scale


def ratio_table(items: Sequence[tuple[str, str, float]], denominators: Mapping[str, float], year: int) -> pd.DataFrame:
    """Each item (name, label, value) over each GDP figure (label → 亿元): scale ratios, in percent."""
    rows = [
        {NAME: name, f"{year} value": label, "divided by": over, "ratio (%)": value / gdp * 100}
        for name, label, value in items
        for over, gdp in denominators.items()
    ]
    return pd.DataFrame(rows).set_index([NAME, "divided by"])


# ---- 6 · targets --------------------------------------------------------------------------------------------


def bound_word(basis: str) -> str:
    """A target's bound in English from its basis note: '左右 (about)' → 'about', '以上 (at least)' → 'at least'."""
    return next((word for zh, word in BOUND_WORDS.items() if zh in basis), "")


def target_text(value: float, basis: str) -> str:
    """A target with its bound kept visible: 'about 7% (左右)', 'at least 8% (以上)'; 'missing' if none."""
    if math.isnan(value):
        return fmt(None)
    zh = next((z for z in BOUND_WORDS if z in basis), "")
    return f"{BOUND_WORDS[zh]} {value:g}% ({zh})" if zh else f"{value:g}%"


def target_outcome(outturn: float, target: float, basis: str, measured: bool = True) -> str:
    """An outturn against a target: 'met'/'not met' for an 'at least' target, 'above'/'below' an 'about' one.

    `measured` False (the outturn's measure or basis is not stated, so not known to be the target's): not judged.
    """
    if math.isnan(outturn) or math.isnan(target):
        return "no figure"
    if not measured:
        return BASIS_UNSTATED
    if bound_word(basis) == "at least":
        return "met" if outturn >= target else "not met"
    return f"{compare(outturn, target, equal='at')} the target"


def target_gap(outturn: float, target: float, judged: bool) -> str:
    """An outturn's gap to its target in pp ('+1.5'), 'not computed' where it is not judged, 'missing' if none."""
    if not judged:
        return "not computed"
    return fmt(None) if math.isnan(outturn) or math.isnan(target) else f"{pp_gap(outturn, target):+.1f}"


def targets(entity: str, metric_ids: Sequence[str], year: int, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """`entity`'s `year` target for each metric (target, basis), NaN and '' where the data have none."""
    rows = []
    for metric_id in metric_ids:
        names = [name + TARGET_SUFFIX for name in linked_indicators(metric_id, data_dir)]
        row = outside_row(entity, names, year, data_dir=data_dir) if names else None
        target, basis = (float("nan"), "") if row is None else (float(row["value"]), str(row["basis"]))
        rows.append({"metric_id": metric_id, "target": target, "basis": basis})
    return pd.DataFrame(rows, columns=["metric_id", "target", "basis"]).set_index("metric_id")


def outturns(entity: str, metric_ids: Sequence[str], year: int, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """`entity`'s `year` rate for each metric, whether it is stated or derived (how), and whether its measure is
    stated (real or nominal, so a target can be read like it); NaN where none."""
    rows = []
    for metric_id in metric_ids:
        row = outside_row(entity, linked_indicators(metric_id, data_dir), year, None, data_dir)
        how = "" if row is None else str(row["derived_from"]).removeprefix("derived: ")
        measure = "" if row is None else benchmark_measure(metric_id, str(row["indicator"]), data_dir)
        rows.append(
            {
                "metric_id": metric_id,
                "outturn": float("nan") if row is None else float(row["value"]),
                "is": "missing" if row is None else (f"derived ({how})" if how else "stated"),
                "measured": measure in (REAL, NOMINAL),
            }
        )
    return pd.DataFrame(rows, columns=["metric_id", "outturn", "is", "measured"]).set_index("metric_id")


def outturn_measured(results: pd.DataFrame) -> pd.Series:
    """Whether each outturn's measure is stated (`outturns`' column; True where a frame has none)."""
    return results["measured"] if "measured" in results else pd.Series(True, index=results.index)


def target_table(
    names: pd.Series, goals: pd.DataFrame, results: pd.DataFrame, entity: str, year: int, judge: bool
) -> pd.DataFrame:
    """An entity's targets against its own outturns; `judge` False leaves every outcome 'not judged'."""
    outcome = [
        target_outcome(o, t, b, bool(m)) if judge else NOT_JUDGED
        for o, t, b, m in zip(
            results["outturn"], goals["target"], goals["basis"], outturn_measured(results), strict=True
        )
    ]
    return pd.DataFrame(
        {
            NAME: names.reindex(goals.index),
            f"{entity} target {year} (as printed)": [
                target_text(t, b) for t, b in zip(goals["target"], goals["basis"], strict=True)
            ],
            f"{entity} outturn {year} (%)": results["outturn"],
            "outturn is": results["is"],
            "gap to the target (pp)": [
                target_gap(o, t, judge and bool(m))
                for o, t, m in zip(results["outturn"], goals["target"], outturn_measured(results), strict=True)
            ],
            "outcome": outcome,
        }
    ).set_index(NAME)


def context_table(
    claims: pd.DataFrame, labels: pd.Series, goals: Mapping[str, pd.DataFrame], district: str, year: int
) -> pd.DataFrame:
    """The district's own rates (claims indexed by metric_id) beside targets (column label → targets frame): no gap."""
    table = pd.DataFrame(
        {
            NAME: claims["name_zh"],
            f"{district} {year} (%)": claims["change"],
            f"{district} measured as": labels.reindex(claims.index),
        }
    )
    for column, frame in goals.items():
        aligned = frame.reindex(claims.index)
        table[column] = [
            target_text(t, str(b)) for t, b in zip(aligned["target"], aligned["basis"].fillna(""), strict=True)
        ]
    return table.set_index(NAME)


def report_wording(report: str, data_dir: Path = DATA_DIR) -> tuple[str, str]:
    """`own_wording` of the report's text (normalised as its quotes are)."""
    return own_wording(normalise_text(raw_report_text(report, data_dir)))


def own_wording(text: str) -> tuple[str, str]:
    """The report's verb on its own targets (e.g. 较好完成) and what it claims; ('', '') if the text has none."""
    found = TARGETS_MET.search(text)
    if not found:
        return "", ""
    adverb = next((zh for zh in OWN_WORDS if zh + "完成" in found.group(0)), "")
    return adverb + "完成", OWN_WORDS.get(adverb, "")


# ---- findings -----------------------------------------------------------------------------------------------


def gdp_bullet(
    district: str, year: int, claims: pd.DataFrame, labels: pd.Series, judged: pd.DataFrame, gdp_id: str
) -> str:
    """First finding: the district's GDP growth (claim `gdp_id`) against each benchmark measured alike; '' if none."""
    if gdp_id not in claims.index:
        return ""
    growth, label = float(claims["change"][gdp_id]), str(labels[gdp_id])
    rows = judged[(judged["metric_id"] == gdp_id) & (judged["status"] == COMPARABLE)]
    parts = [
        f"{compare(r['gap_pp'], 0.0)} {r['entity']}'s {r['value']:.1f}% ({r['gap_pp']:+.1f} pp)" for r in records(rows)
    ]
    return (
        f"{district}'s GDP grew {growth:.1f}% in {year} ({label}): "
        + ("; ".join(parts) or "no benchmark is measured alike")
        + "."
    )


def other_rates_bullet(judged: pd.DataFrame, entities: Sequence[str], gdp_id: str) -> str:
    """The headline rates other than `gdp_id` against the first of `entities` with a figure, where measured alike.

    '' where no entity has a figure for them.
    """
    others = judged[(judged["metric_id"] != gdp_id) & (judged["status"] != NO_FIGURE)]
    entity = next((e for e in entities if e and (others["entity"] == e).any()), "")
    if not entity:
        return ""
    own = others[others["entity"] == entity]
    rows = own[own["status"] == COMPARABLE]
    if rows.empty:
        return f"No other headline rate has a {entity} benchmark measured alike."
    parts = [
        f"{r['name_zh']} {r['district_value']:+.1f}% vs {r['value']:+.1f}%{' (derived)' if r['derived'] else ''} "
        f"({r['gap_pp']:+.1f} pp)"
        for r in records(rows)
    ]
    return f"Against {entity}, rates measured alike: " + "; ".join(parts) + "."


def basis_bullet(
    label: str, closest: str | None, matched: bool, shares: Mapping[str, float], city: str, year: int, table_year: int
) -> str:
    """Which GDP series the report's figure belongs to, and the district's share of the city on each basis.

    `closest` None: no district table to match (the share alone, if any); '' where there is neither.
    """
    if closest is None:
        shown = "; ".join(f"{s:.1f}% of {city}'s" for s in shares.values())
        return f"The report's {year} GDP of {label} is {shown} (no district table gives its basis)." if shown else ""
    lead = (
        f"The report's GDP of {label} is consistent with the {closest} series of {district_table(table_year)}"
        if matched
        else f"The report's GDP of {label} matches no series of {district_table(table_year)} (closest: {closest})"
    )
    if not shares:
        return f"{lead}."
    (first, share), *rest = shares.items()
    others = f" ({', '.join(f'{s:.1f}% on {b}' for b, s in rest)})" if rest else ""
    return f"{lead}; its {year} GDP is {share:.1f}% of {city}'s on {first}{others}."


def targets_bullet(
    city: str,
    year: int,
    names: pd.Series,
    goals: pd.DataFrame,
    results: pd.DataFrame,
    judge: bool,
    own: tuple[str, str, int],
) -> str:
    """How the city did against its own targets, and whether the district's own verdict can be checked.

    `own` is the report's verb on its targets, what it claims, and how many of the district's own targets the data hold.
    """
    parts = []
    if judge:
        label = {str(k): str(v) for k, v in names.items()}
        value, target, basis = results["outturn"].to_dict(), goals["target"].to_dict(), goals["basis"].to_dict()
        measured = outturn_measured(results).to_dict()
        outcome = {str(m): target_outcome(value[m], target[m], basis[m], bool(measured[m])) for m in goals.index}
        firm = {m: o for m, o in outcome.items() if o in ("met", "not met")}
        met = [label[m] for m, o in firm.items() if o == "met"]
        unstated = [label[m] for m, o in outcome.items() if o == BASIS_UNSTATED]
        kind = "comparable 'at least' target" if unstated else "'at least' target"
        if firm:
            parts.append(f"met {len(met)} of {counted(len(firm), kind)}" + (f" ({'、'.join(met)})" if met else ""))
        if unstated:
            parts.append(f"{'、'.join(unstated)}'s basis is unstated")
        parts += [
            f"{label[m]} {value[m]:.1f}% was {o.replace(' the target', '')} its '{target_text(target[m], basis[m])}' target"
            for m, o in outcome.items()
            if o.endswith(" the target")
        ]
    verb, reading, found = own
    has_goals = bool(goals["target"].notna().any())
    if not has_goals and not verb:
        return ""
    city_part = f"In {year} {city} " + ("; ".join(parts) if parts else "is not judged against its targets")
    city_part = city_part if has_goals else f"No {year} target of {city or 'the city'} is in the data"
    said = f"'{verb}' ({reading})" if verb else ""
    if found:
        held = "is" if found == 1 else "are"
        shown = f"its {said}" if said else "its record"
        return f"{city_part}. {counted(found, 'district target')} {held} in the data: {shown} is set beside them."
    checked = f"its {said}" if said else "whether the district met them"
    return f"{city_part}. No source here has the district's targets, so {checked} cannot be checked."


def caveats_table(
    names: pd.Series,
    sources: pd.Series,
    tolerance: tuple[float, Sequence[float], str] | None,
    deflator: str,
    judge_targets: bool,
    derived: Sequence[str],
    places: tuple[str, str, str],
    analysed: Collection[str] = ANALYSED,
) -> pd.DataFrame:
    """The assumptions and caveats of notebook 01, each said once: the value used, the range tried, what it changes.

    `names` and `sources` (each change's measure_source, by metric_id) give the rates read by assumption and by
    convention; `tolerance` is (value used, values tried, what the match gives across them), None where no GDP was
    matched; `deflator` says which way the implied previous GDP is biased ('' where none was implied); `derived`
    names the outside rates that are arithmetic on a stated one; `places` is (district, city, neighbouring district);
    `analysed` names the parts shown (those in ANALYSED): caveats of the others are left out.
    """
    district, city, neighbour = places
    assumed, by_convention = (list(names[sources.reindex(names.index) == s]) for s in ("assumed", CONVENTION))
    rows: list[Caveat] = []
    if assumed:
        rows.append(
            Caveat(
                "Growth the report does not call real or nominal: " + "、".join(assumed),
                "nominal (assumed)",
                "nominal, or not stated",
                "compared with nominal benchmarks; left out, a rate is compared with nothing",
            )
        )
    if by_convention:
        rows.append(
            Caveat(
                "Rates the report gives only as 同比 (year on year): " + "、".join(by_convention),
                "real, by statistical convention",
                "none",
                "compared with real benchmarks; the implied previous levels are approximate",
            )
        )
    if tolerance is not None:
        used, tried, result = tolerance
        rows.append(
            Caveat(
                "How close a back-calculated GDP must be to the report's to match",
                f"{used:g} 亿元 (half the last printed digit)",
                " to ".join(f"{t:g}" for t in tried) + " 亿元",
                f"series matched: {result}",
            )
        )
    if deflator:
        rows.append(Caveat("Implied previous-year GDP", "level ÷ (1 + real growth)", "none", deflator))
    if "targets" in analysed:
        rows += [
            Caveat(
                "A target is measured like its outturn (real for GDP and industry, nominal for investment and retail)",
                "yes" if judge_targets else "no",
                "yes or no",
                f"with no, {city}'s outturns are not judged against its targets",
            ),
            Caveat(
                f"The targets shown are {city}'s and {neighbour}'s, not {district}'s",
                "context only",
                "none",
                f"{district}'s rates stand beside them with no gap; its own targets would settle its claim",
            ),
            Caveat(
                "An 'about' (左右) target has no stated band",
                "above or below, not met or missed",
                "none",
                "only 'at least' (以上) targets are counted as met or not met",
            ),
        ]
    if "fiscal" in analysed:
        rows.append(
            Caveat(
                f"{district}'s 一般公共预算收入 is what the district keeps after revenue sharing",
                "as reported",
                "none",
                "its ratio to GDP is not a tax-burden ratio",
            )
        )
    if "outside fiscal" in analysed:
        rows.append(
            Caveat(
                "Outside 一般公共预算收入 growth does not say 同口径",
                "not compared",
                "none",
                "the city's and province's rates are shown for scale only; the city's revenue target is not judged",
            )
        )
    if "income" in analysed:
        rows.append(
            Caveat(
                "Income growth: the report does not say real or nominal",
                "judged only where both readings agree",
                "real and nominal",
                "a benchmark between the two readings is not judged",
            )
        )
    if derived:
        rows.append(
            Caveat(
                "Derived outside rates: " + "、".join(derived),
                "a later rate minus the acceleration its source states",
                "none",
                "marked derived (hatched in the chart)",
            )
        )
    rows.append(
        Caveat(
            "Outside figures are mostly secondary copies",
            "a match reads 'consistent'",
            "none",
            "the official release would confirm each",
        )
    )
    if "retail" in analysed:
        rows.append(
            Caveat(
                "Retail sales ÷ GDP sets a turnover against a value added",
                "a scale ratio",
                "none",
                "it is not a share of GDP",
            )
        )
    return caveat_table(rows)
