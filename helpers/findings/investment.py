"""Notebook 02 (investment figures; standing among the city's urban districts): its tables, findings and caveats.

Table builders read the data for one report; the sentence builders take the tables and numbers the notebook
computed and word every figure and comparison from them, so a sentence changes when the data do.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from helpers.analysis.comparison import compare
from helpers.analysis.growth import share_pct
from helpers.analysis.peers import GDP_BASES, closest_basis, coverage_matrix, peer_table
from helpers.analysis.ranking import (
    basis_readings,
    describe_rank,
    margin_over_next,
    printed_decimals,
    rank_entities,
    rounding_tolerance,
)
from helpers.charts.formatting import fmt
from helpers.data.loading import (
    Metric,
    external_file,
    find_metric,
    get_metric,
    has_metric,
    linked_indicators,
    load_external,
    load_metrics,
    outside_row,
)
from helpers.data.reports import URBAN_DISTRICTS
from helpers.data.validation import GROUP_NOT_STATED
from helpers.findings.common import Caveat, caveat_table, figure_names, listed, states_no
from helpers.findings.parameters import ParameterContradiction, check_parameters
from helpers.paths import DATA_DIR, DEFAULT_REPORT

if TYPE_CHECKING:
    from IPython.display import Markdown

# Column names the sentence builders read (the tables' other columns are for readers only).
PEERS_WITH, PEERS_IN_GROUP, FIGURE_IS = "peers with the figure", "peers in the group", "the figure is"
STAND_IN = "a stand-in: the claim names no measure"
MATCHES = "closest basis"
PEER, SOURCE, PEER_BASIS, BEYOND = "peer", "peer's source", "peer's GDP basis", "gap larger than the rounding"
GAP, ROUNDING = "gap (pp)", "rounding of the two printed figures (pp)"
KIND, SHARE_KIND_INVESTMENT, SHARE_KIND_GDP = "kind", "investment (planned total)", "GDP (its weight)"
BASIS = "basis"
MEASURED_AS, GIVEN = "measured as (by convention)", "figure given with it"
NOT_STATED = "not stated"
CITY_TOTAL = "GDP, city total"
RANK, OUT_OF = "rank claimed", "out of (as printed)"
NO_STATEMENTS = "The outside data hold no peer district's own rank statement."
NO_CAVEATS = "No assumption or caveat applies: nothing was ranked, shared out or compared."
# The urban districts a city's districts are ranked among, where the project knows them (by city).
KNOWN_PEER_GROUPS = URBAN_DISTRICTS


def line(text: str) -> Markdown:
    """One plain line for a reader (what a section lacks), rendered as Markdown."""
    from IPython.display import Markdown

    return Markdown(text)


# --- the peer group, and what would contradict the data ----------------------------------------------------


def peer_group(district: str, city: str, districts: Sequence[str] | None) -> list[str]:
    """The districts ranked together: those named (the district added if outside them), else the city's known
    group (with the district), else the district alone."""
    named = list(KNOWN_PEER_GROUPS.get(city, ())) if districts is None else list(districts)
    return named if district in named else [district, *named]


def standing_gap(
    table: pd.DataFrame,
    group: Sequence[str],
    district: str,
    city: str,
    group_name: str,
    table_year: int,
    data_dir: Path = DATA_DIR,
) -> str:
    """Why the standings cannot be computed ('' when they can): no peer group, or no line for the district in
    the city's district GDP table (`table` as gdp_by_basis returns)."""
    if len(group) < 2:
        return (
            f"The data hold no peer group for {city}, so {district} is not ranked here: name its {group_name} in "
            f"the parameters cell and add their figures to {external_file(data_dir)}."
        )
    if table.loc[table["entity"] == district, "gdp"].isna().all():
        return (
            f"The outside data hold no line for {district} in {city}'s district table of {table_year} GDP, so it is not "
            f"ranked here: add that table's rows to {external_file(data_dir)}."
        )
    return ""


def table_year(parameter: int | None, year: int) -> int:
    """The year of the city's district GDP table: the year after the report's (its nominal growth gives the
    report's year). Another year contradicts the data's design and stops, naming the parameter."""
    if parameter is None or parameter == year + 1:
        return year + 1
    raise ParameterContradiction(
        f"GDP_TABLE_YEAR is {parameter}, but the report reviews {year} and only the city's {year + 1} district "
        f"table gives {year} levels: set GDP_TABLE_YEAR to None (or {year + 1}) in the parameters cell."
    )


def require_entities(parameter: str, names: Sequence[str], data_dir: Path = DATA_DIR) -> None:
    """Stop when a parameter names a place that has no row at all in external_figures.csv (most likely a typo)."""
    check_parameters({parameter: list(names)}, set(load_external(data_dir)["entity"]), external_file(data_dir), "place")


# --- §1: what the investment figures measure -------------------------------------------------------------


def investment_figures(
    groups: Mapping[str, str], report: str = DEFAULT_REPORT, data_dir: Path = DATA_DIR
) -> tuple[pd.DataFrame, str]:
    """The report's investment figures (metric_id → what it measures) that it states, in one unit named in the
    value column, and the line naming those it does not state. Figures in two units stop, naming the parameter."""
    rows = []
    for metric_id, measures in groups.items():
        metric = find_metric(metric_id, report, data_dir)
        if metric is not None:
            row = {"what it measures": measures, "figure": metric.name_zh, "in English": metric.name_en}
            rows.append(row | {"unit": metric.unit, "value": metric.value, "bound (余/近/约…)": metric.bound})
    lacking = states_no(list(groups), report, data_dir, what="investment totals")
    if not rows:
        return pd.DataFrame(), lacking or "No investment figure is listed to look for."
    frame = pd.DataFrame(rows)
    units = sorted(set(frame["unit"]))
    if len(units) > 1:
        raise ParameterContradiction(f"PIPELINE lists figures in {units}: list figures in one unit only")
    return frame.drop(columns="unit").rename(columns={"value": f"value ({units[0]})"}), lacking


# --- §2: the first-place claims ----------------------------------------------------------------------------


def claim_item(name: str, group_name: str) -> str:
    """What a rank claim ranks: its name without the peer group and 排名 ('认购市内六区排名' → '认购')."""
    return name.replace(f"{group_name}排名", "").replace(group_name, "") or name


def rank_claims(measures: Mapping[str, str], report: str = DEFAULT_REPORT, data_dir: Path = DATA_DIR) -> dict[str, str]:
    """Every rank claim the report makes (rank metric_id → the figure it would be checked on): the measure
    named for it in `measures`, else the figure its row links to, else '' (none named)."""
    metrics = load_metrics(report, data_dir)
    ranks = metrics[metrics["kind"] == "rank"]
    return {
        claim_id: measures.get(claim_id, "" if pd.isna(linked) else str(linked))
        for claim_id, linked in zip(ranks["metric_id"], ranks["base_metric_id"], strict=True)
    }


def claims_table(
    measures: Mapping[str, str],
    proxies: Sequence[str],
    group: Sequence[str],
    district: str,
    group_name: str,
    report: str = DEFAULT_REPORT,
    data_dir: Path = DATA_DIR,
) -> pd.DataFrame:
    """One row per rank claim the report makes (`measures`: rank metric_id → the figure it would be checked on,
    for claims whose row links to none): the group as printed, how many peers have that figure, the standing
    computed where any has it, and what would settle it."""
    peers = [entity for entity in group if entity != district]
    rows = []
    for claim_id, measure_id in rank_claims(measures, report, data_dir).items():
        claim = get_metric(claim_id, report, data_dir)
        measure = find_metric(measure_id, report, data_dir) if measure_id else None
        name = (measure_id or "no figure named") if measure is None else measure.name_zh
        with_figure, standing = 0, "cannot be checked here"
        if measure is not None:
            table = peer_table(measure_id, group, claim.year, district, data_dir=data_dir, report=report)
            with_figure = int(table.loc[table["entity"] != district, "source"].ne("missing").sum())
            if with_figure:
                standing = describe_rank(rank_entities(table), district)
        settle = settles(claim_item(claim.name_zh, group_name), name if measure else "", claim.year, peers)
        if claim_id in proxies:
            settle = (
                f"the city's own assessment of {claim_item(claim.name_zh, group_name)}; {settle} would not settle it"
            )
        rows.append(
            {
                "claim (the report's words)": claim.quote,
                "item ranked": claim_item(claim.name_zh, group_name),
                RANK: claim.rank,
                OUT_OF: GROUP_NOT_STATED if claim.out_of is None else claim.out_of,
                GIVEN: f"{name}: not in the report" if measure is None else f"{name} {claim.year}: {measure.label()}",
                FIGURE_IS: STAND_IN if claim_id in proxies else "the claim's own",
                PEERS_WITH: with_figure,
                PEERS_IN_GROUP: len(peers),
                "computed standing": standing,
                "what would settle it": settle,
            }
        )
    return pd.DataFrame(rows)


def settles(item: str, figure: str, year: int, peers: Sequence[str]) -> str:
    """What would settle a rank claim: the figure it names for each peer, else the city's own ranking of the item."""
    if not figure:
        return f"the city's own ranking of {item} (the report names no figure for it)"
    return f"{figure} {year} for {'、'.join(peers) or 'each district of the group'}"


def adapting_line(
    measures: Mapping[str, str],
    proxies: Sequence[str],
    group_name: str,
    report: str = DEFAULT_REPORT,
    data_dir: Path = DATA_DIR,
) -> str:
    """What to add to check the report's own rank claims: the figure each names, per peer, in the outside-figures
    file; a claim on a stand-in or on no figure is settled only by the city's own ranking."""
    add, ranking_only = [], []
    for claim_id, measure_id in rank_claims(measures, report, data_dir).items():
        claim = get_metric(claim_id, report, data_dir)
        item = claim_item(claim.name_zh, group_name)
        measure = find_metric(measure_id, report, data_dir) if measure_id else None
        if claim_id in proxies or measure is None:
            ranking_only.append(item)
        else:
            add.append((item, measure.name_zh, claim.year))
    if not add and not ranking_only:
        return "The report makes no rank claim, so nothing needs adding for section 2."
    parts = []
    if add:
        figures = listed([f"{figure} ({year})" for _, figure, year in add], "or")
        parts.append(
            f"To check the {listed([item for item, _, _ in add])} {'claim' if len(add) == 1 else 'claims'}, add "
            f"one row per peer district for {figures} to {external_file(data_dir)} (entity, indicator, year, value, unit, "
            "source address and quoted sentence) and rerun once the project's data check passes: section 2 then "
            'shows a computed standing instead of "cannot be checked here".'
        )
    if ranking_only:
        which = "claim names" if len(ranking_only) == 1 else "claims name"
        parts.append(
            f"The {listed(ranking_only)} {which} no figure that peers' figures could settle: only the "
            "city's own ranking would."
        )
    return " ".join(parts)


def peer_statements(
    group: Sequence[str], district: str, indicators: Sequence[str], data_dir: Path = DATA_DIR
) -> pd.DataFrame:
    """Peers' own first-place statements (outside indicators), each with its quoted sentence and source; the
    report's own district is never its own peer."""
    external = load_external(data_dir)
    peers = [entity for entity in group if entity != district]
    rows = external[external["entity"].isin(peers) & external["indicator"].isin(indicators)]
    return pd.DataFrame(
        {
            "district": rows["entity"],
            "statement": rows["indicator"],
            "year": rows["year"].astype(str),
            "rank stated": rows["value"].map(lambda v: f"第{v:g}"),
            "period / group": rows["basis"],
            "quoted sentence": rows["quoted_sentence"],
            "source": rows["source_kind"],
        }
    ).reset_index(drop=True)


# --- weight: the district's share of the city's totals and of its GDP --------------------------------------


def district_gdp_levels(
    report_gdp: Metric | None, report_basis: str, derived: pd.Series, table_year: int
) -> dict[str, tuple[float, str]]:
    """The district's report-year GDP on each basis (basis → value, where it comes from): the report's own
    figure on its basis (NaN where it states none), the level derived from the next year's table on the other."""
    return {
        basis: (math.nan if report_gdp is None else report_gdp.value, "the report's figure")
        if basis == report_basis
        else (float(derived.get(basis, math.nan)), f"derived from the city's district table of {table_year} GDP")
        for basis in GDP_BASES
    }


def weight_table(
    totals: Mapping[str, str],
    gdp_levels: Mapping[str, tuple[float, str]],
    city_gdp: float,
    city: str,
    district: str,
    year: int,
    report: str = DEFAULT_REPORT,
    data_dir: Path = DATA_DIR,
) -> pd.DataFrame:
    """The district's share of the city's investment-attraction totals (city indicator → the report's nearest
    figure) beside its share of the city's GDP on each basis, all of one year and in 亿元."""
    here, there = f"{district} {year} (亿元)", f"{city} {year} (亿元)"
    rows = []
    for indicator, metric_id in totals.items():
        figure = outside_row(city, indicator, year, data_dir=data_dir)
        own = find_metric(metric_id, report, data_dir)
        same_unit = figure is not None and own is not None and own.unit == figure["unit"] == "亿元"
        rows.append(
            {
                f"{district} figure": figure_names([metric_id], report, data_dir)[0],
                KIND: SHARE_KIND_INVESTMENT,
                BASIS: NOT_STATED,
                here: own.value if same_unit and own is not None else math.nan,
                f"{city} figure": indicator,
                there: float(figure["value"]) if same_unit and figure is not None else math.nan,
            }
        )
    for basis, (value, source) in gdp_levels.items():
        rows.append(
            {
                f"{district} figure": f"GDP, {source}",
                KIND: SHARE_KIND_GDP,
                BASIS: basis,
                here: value,
                f"{city} figure": CITY_TOTAL,
                there: city_gdp,
            }
        )
    frame = pd.DataFrame(rows)
    frame[f"{district} as % of {city}"] = share_pct(frame[here], frame[there])
    return frame


def weight_lacks(
    totals: Mapping[str, str],
    city_gdp: float,
    city: str,
    year: int,
    report: str = DEFAULT_REPORT,
    data_dir: Path = DATA_DIR,
) -> str:
    """The line naming what the weight table lacks: the report's figures, the city's totals or GDP ('' if none)."""
    own = states_no(list(totals.values()), report, data_dir).rstrip(".")
    outside = [name for name in totals if outside_row(city, name, year, data_dir=data_dir) is None]
    outside += ["地区生产总值"] if math.isnan(city_gdp) else []
    parts = [own] if own else []
    parts += [f"the outside data hold no {city} {year} {'、'.join(outside)}"] if outside else []
    text = "; ".join(parts)
    return f"{text[:1].upper()}{text[1:]}." if text else ""


def weights_shown(weights: pd.DataFrame) -> pd.DataFrame:
    """The weight table as shown: whole where an investment share could be computed, else empty (its line stands
    alone: a GDP share with nothing to set against it says nothing)."""
    shares = weights[weights[KIND] == SHARE_KIND_INVESTMENT][weights.columns[-1]]
    return weights if shares.notna().any() else weights.iloc[0:0]


def weight_bullet(weights: pd.DataFrame, district: str, city: str, year: int, lacking: str = "") -> str:
    """The district's share of the city's investment totals beside its GDP weight on 管理口径 (the area its
    government manages, which its investment promotion covers): a reading of scale, no verdict."""
    share = weights.columns[-1]
    investment = weights[(weights[KIND] == SHARE_KIND_INVESTMENT) & weights[share].notna()]
    gdp = weights[(weights[KIND] == SHARE_KIND_GDP) & (weights[BASIS] == GDP_BASES[1]) & weights[share].notna()]
    if investment.empty and lacking:
        return f"{district}'s share of {city}'s {year} investment-attraction totals is not computed. {lacking}"
    if investment.empty or gdp.empty:
        return (
            f"{district}'s share of {city}'s {year} investment-attraction totals is not set beside a GDP weight: "
            f"its {GDP_BASES[1]} GDP share is missing (section 4 names what is)."
        )
    items = listed([f"{row[share]:.1f}% ({row[weights.columns[0]]})" for _, row in investment.iterrows()])
    return (
        f"Against its weight: {district}'s planned investment is {items} of the city's {year} 招商引资 totals, "
        f"against a GDP weight of {gdp[share].iloc[0]:.1f}% ({GDP_BASES[1]}): a reading of scale, the totals may "
        "be defined differently."
    )


# --- §3: growth in the report's year -----------------------------------------------------------------------


def stated_gdp(
    group: Sequence[str], year: int, district: str, report: str = DEFAULT_REPORT, data_dir: Path = DATA_DIR
) -> pd.DataFrame:
    """Each district's stated GDP of `year` (as peer_table): the report's own, or outside figures (all outside
    figures when the report states no GDP)."""
    if has_metric("gdp", report, data_dir):
        return peer_table("gdp", group, year, district, data_dir=data_dir, report=report)
    rows = []
    for entity in group:
        figure = outside_row(entity, linked_indicators("gdp", data_dir), year, "", data_dir)
        value, source = (math.nan, "missing") if figure is None else (float(figure["value"]), "stated")
        rows.append({"entity": entity, "value": value, "basis": "", "source": source})
    return pd.DataFrame(rows, columns=["entity", "value", "basis", "source"])


def report_basis(bases: pd.DataFrame, district: str) -> str:
    """The GDP basis the report's own figure matches (basis_check's table), 'unknown' without one."""
    own = bases[bases["district"] == district] if len(bases) else bases
    return "unknown" if own.empty else str(own[MATCHES].iloc[0])


def basis_check(stated: pd.DataFrame, table: pd.DataFrame, year: int) -> pd.DataFrame:
    """Which basis each stated GDP of `year` matches: its gap to the level derived on each basis (from
    gdp_by_basis), for every entity of `stated` (as peer_table returns) with a figure."""
    rows = []
    with_figure = stated[stated["value"].notna()]
    for entity, value, source in zip(with_figure["entity"], with_figure["value"], with_figure["source"], strict=True):
        levels = table[table["entity"] == entity].set_index("basis")["gdp_previous_derived"]
        closest, gap = closest_basis(levels, float(value))
        basis = closest or "unknown"
        derived = {f"GDP {year} derived, {b} (亿元)": float(levels.get(b, math.nan)) for b in GDP_BASES}
        stated_in = "the report" if source == "report" else "an outside source"
        rows.append(
            {"district": entity, f"GDP {year} stated (亿元)": float(value), "stated in": stated_in, **derived}
            | {MATCHES: basis, "difference (亿元)": gap}
        )
    return pd.DataFrame(rows)


def growth_by_district(
    measures: Mapping[str, str],
    group: Sequence[str],
    district: str,
    city: str,
    year: int,
    report: str = DEFAULT_REPORT,
    data_dir: Path = DATA_DIR,
) -> pd.DataFrame:
    """The report year's growth rates (metric_id → real/nominal by convention), one column per district and the city."""
    rows = []
    for metric_id, measured in measures.items():
        own = find_metric(metric_id, report, data_dir)
        if own is None:
            continue
        peers = peer_table(metric_id, group, year, district, data_dir=data_dir, report=report).set_index("entity")
        city_row = outside_row(city, linked_indicators(metric_id, data_dir), year, "", data_dir)
        rows.append(
            {
                "indicator": own.name_zh,
                MEASURED_AS: measured,
                **{f"{d} {year} (%)": peers.loc[d, "value"] for d in group},
                f"{city} {year} (%)": math.nan if city_row is None else float(city_row["value"]),
                f"{city} figure is": "missing"
                if city_row is None
                else "derived by arithmetic"
                if bool(city_row["derived"])
                else "stated",
            }
        )
    return pd.DataFrame(rows)


def growth_pairs(
    measures: Mapping[str, str],
    peers: Sequence[str],
    district: str,
    year: int,
    half_unit: float,
    bases: Mapping[str, str],
    report: str = DEFAULT_REPORT,
    data_dir: Path = DATA_DIR,
) -> pd.DataFrame:
    """Each peer's printed growth rate beside the district's, with the gap and the rounding of the two printed
    figures (`half_unit` of each one's last digit); `bases` names the GDP basis each peer's figures match."""
    rows = []
    for metric_id, measured in measures.items():
        own = find_metric(metric_id, report, data_dir)
        if own is None:
            continue
        for peer in peers:
            figure = outside_row(peer, linked_indicators(metric_id, data_dir), year, "", data_dir)
            if figure is None:
                continue
            value = float(figure["value"])
            decimals = [
                printed_decimals(value, str(figure["quoted_sentence"]), f"external_figures.csv: {peer} {year}"),
                printed_decimals(own.value, own.quote, f"metrics.csv: {metric_id}"),
            ]
            tolerance = rounding_tolerance(decimals, half_unit)
            gap = round(value - own.value, 9)
            rows.append(
                {
                    PEER: peer,
                    "indicator": own.name_zh,
                    MEASURED_AS: measured,
                    PEER_BASIS: bases.get(peer, "unknown"),
                    f"peer {year}, as printed (%)": f"{value:.{decimals[0]}f}",
                    f"{district} {year}, as printed (%)": f"{own.value:.{decimals[1]}f}",
                    GAP: gap,
                    ROUNDING: tolerance,
                    BEYOND: "yes" if abs(gap) > tolerance + 1e-9 else "no",
                    SOURCE: figure["source_kind"],
                }
            )
    columns = [PEER, "indicator", MEASURED_AS, PEER_BASIS, f"peer {year}, as printed (%)"]
    columns += [f"{district} {year}, as printed (%)", GAP, ROUNDING, BEYOND, SOURCE]
    return pd.DataFrame(rows, columns=columns)


def pair_text(row: pd.Series, district: str, year: int) -> str:
    """One growth pair in words: the district's rate, the gap and its direction, the peer's rate."""
    own, peer = row[f"{district} {year}, as printed (%)"], row[f"peer {year}, as printed (%)"]
    side = "below" if row[GAP] > 0 else "above"
    return f"{district}'s {row['indicator']} is {round(abs(row[GAP]), 2):g} pp {side} ({own}% against {row[PEER]}'s {peer}%)"


def growth_bullet(
    pairs: pd.DataFrame,
    peer_count: int,
    report_basis: str,
    district: str,
    year: int,
    unmarked: Sequence[str] = (),
) -> str:
    """What the report year's growth pairs show: which gaps exceed the rounding of the printed figures (the
    largest named), how many do not, and on which GDP basis each peer's figures are (`unmarked`: peers with one
    figure, which serves 管理口径 too only by assumption)."""
    if pairs.empty:
        return f"No peer district's {year} growth rates are in the outside data, so {district}'s are not compared."
    peers = list(dict.fromkeys(pairs[PEER]))
    sources = listed(list(dict.fromkeys(pairs[SOURCE].map(lambda s: str(s).split(" of ")[0]))))
    notes = []
    for peer in peers:
        basis = str(pairs.loc[pairs[PEER] == peer, PEER_BASIS].iloc[0])
        same = basis == report_basis
        note = basis if same else f"{basis} ({report_basis} only by assumption)" if peer in unmarked else basis
        notes.append(note if len(peers) == 1 else f"{note} ({peer})")
    beyond = pairs[pairs[BEYOND] == "yes"].assign(size=lambda f: f[GAP].abs()).sort_values("size", ascending=False)
    within = len(pairs) - len(beyond)
    if beyond.empty:
        result = f"all {len(pairs)} gaps are within the rounding of the printed rates, so none is judged"
    else:
        more = f" ({len(beyond) - 1} more beyond it)" if len(beyond) > 1 else ""
        inside = list(dict.fromkeys(pairs.loc[pairs[BEYOND] == "no", "indicator"]))
        rest = f"; {listed(inside)} within it" if within else ""
        result = f"{pair_text(beyond.iloc[0], district, year)}, beyond rounding{more}{rest}"
    return f"{year} growth can be set only against {listed(peers)} ({len(peers)} of {peer_count} peers; a {sources}), whose figures are {listed(notes)}: {result}."


# --- §4: size and per-capita GDP on each basis -------------------------------------------------------------


def gdp_wide(table: pd.DataFrame, group: Sequence[str], table_year: int, year: int) -> pd.DataFrame:
    """The city's district GDP table (as gdp_by_basis returns) for readers: one row per district."""
    wide = pd.DataFrame({"district": list(group)})
    for basis in GDP_BASES:
        on = table[table["basis"] == basis].set_index("entity").reindex(list(group))
        wide[f"GDP {table_year}, {basis} (亿元)"] = on["gdp"].to_numpy()
        wide[f"nominal growth {table_year}, {basis} (%)"] = on["nominal_growth_pct"].to_numpy()
        wide[f"GDP {year}, {basis}, derived (亿元)"] = on["gdp_previous_derived"].to_numpy()
    return wide


def per_capita_wide(per_capita: pd.DataFrame, group: Sequence[str], table_year: int) -> pd.DataFrame:
    """Per-capita GDP and the population it implies (as per_capita_by_basis returns), one row per district."""
    wide = pd.DataFrame({"district": list(group)})
    for basis in GDP_BASES:
        on = per_capita[per_capita["basis"] == basis].set_index("entity").reindex(list(group))
        wide[f"per-capita GDP {table_year}, {basis} (万元)"] = on["gdp_per_capita"].to_numpy()
        wide[f"implied population {table_year}, {basis}, derived (万人)"] = on["population_derived"].to_numpy()
    return wide


def rankings_by_reading(
    measures: Mapping[str, tuple[pd.DataFrame, str]], assume: bool
) -> dict[tuple[str, str], pd.DataFrame]:
    """Each measure (label → frame, column) ranked on each basis reading: 民政口径, 管理口径 as printed, and, when
    `assume`, 管理口径 with an unmarked district's single figure serving both bases (rows flagged `assumed`)."""
    result = {}
    for label, (frame, column) in measures.items():
        columns = [c for c in frame.columns if c not in ("entity", "basis")]
        for reading, subset in basis_readings(frame, columns, assume).items():
            ranked = rank_entities(subset[["entity", "basis", column]], value=column)
            result[(label, reading)] = ranked.merge(subset[["entity", "assumed"]], on="entity")
    return result


def lead_text(margin: tuple[str, float, float] | None, unit: str) -> str:
    """The lead over the next district: percentage points for a rate, else the unit and the percent."""
    if margin is None:
        return "none (no district with data below)"
    return f"{fmt(margin[1], 2)} pp" if unit == "%" else f"{fmt(margin[1], 1)} {unit} ({fmt(margin[2], 1)}%)"


def standings_table(
    rankings: Mapping[tuple[str, str], pd.DataFrame], units: Mapping[str, str], district: str
) -> pd.DataFrame:
    """The district's standing on each measure (label → unit) and reading, and its lead over the next below."""
    rows = []
    for (label, reading), ranked in rankings.items():
        margin = margin_over_next(ranked, district)
        rows.append(
            {
                "measure": f"{label} ({units[label]})",
                "basis": reading,
                f"{district} (the measure's unit)": ranked.loc[ranked["entity"] == district, "value"].iloc[0],
                "standing": describe_rank(ranked, district),
                "next below": "none" if margin is None else margin[0],
                "lead over it": lead_text(margin, units[label]),
            }
        )
    return pd.DataFrame(rows)


def short_rank(ranked: pd.DataFrame, entity: str) -> str:
    """'3 of 6', or '2 of the 3 with a figure' when some have none; ', tied' on a tie; 'unranked (no figure)'."""
    row = ranked.loc[ranked["entity"] == entity].iloc[0]
    if pd.isna(row["rank"]):
        return "unranked (no figure)"
    of = str(row["ranked_of"]) if row["ranked_of"] == row["out_of"] else f"the {row['ranked_of']} with a figure"
    tie = ", tied" if int((ranked["rank"] == row["rank"]).sum()) > 1 else ""
    return f"{row['rank']} of {of}{tie}"


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


UNMARKED_COUNT = "districts without a 管理口径 line count"


def basis_ranks(frame: pd.DataFrame, column: str, district: str) -> dict[str, tuple[str, str]]:
    """The district's rank on `column` (frame with entity, basis) on each basis: basis → (rank, qualifier). On
    管理口径 it is ranked with the single-figure assumption off and on: '2nd of 6' 'whether or not …' when both
    give one rank, else the printed rank and the assumed one."""
    columns = [c for c in frame.columns if c not in ("entity", "basis")]
    single, printed, assumed = (
        rank_entities(r[["entity", "basis", column]], value=column)
        for r in basis_readings(frame, columns, True).values()
    )
    off, on = (short_rank(ranked, district) for ranked in (printed, assumed))
    rank = on.split(" of ")[0]
    if off.split(" of ")[0] == rank and rank.isdigit() and "tied" not in off + on:  # one rank, untied, both ways
        managed = (f"{ordinal(int(rank))} of {len(assumed)}", f" whether or not {UNMARKED_COUNT}")
    else:
        managed = (
            off,
            f", {on} assuming {UNMARKED_COUNT}",
        )
    return {GDP_BASES[0]: (short_rank(single, district), ""), GDP_BASES[1]: managed}


def unmarked(table: pd.DataFrame, entities: Sequence[str]) -> list[str]:
    """The entities with no 管理口径 line in the city's district GDP table (as gdp_by_basis returns)."""
    managed = table[(table["basis"] == GDP_BASES[1]) & table["gdp"].notna()]["entity"]
    return [entity for entity in entities if entity not in set(managed)]


def gdp_by_year(reading: pd.DataFrame, year: int, table_year: int) -> pd.DataFrame:
    """One reading of the GDP table as chart rows: each district's stated table-year level and derived
    report-year level, largest (table year) first; a district filled by the assumption is named so."""
    ordered = reading.sort_values("gdp", ascending=False, na_position="last", kind="stable")
    rows = []
    for row in ordered.itertuples():
        name = f"{row.entity}\n(assumed)" if bool(row.assumed) else str(row.entity)
        rows.append(
            {"district": name, "year": f"{year}, derived", "GDP (亿元)": row.gdp_previous_derived, "derived": True}
        )
        rows.append({"district": name, "year": f"{table_year}, stated", "GDP (亿元)": row.gdp, "derived": False})
    return pd.DataFrame(rows)


def gdp_panels(table: pd.DataFrame, assume: bool, year: int, table_year: int) -> dict[str, pd.DataFrame]:
    """The GDP table's readings (as rankings_by_reading) as chart rows, one frame per panel."""
    columns = ["gdp", "nominal_growth_pct", "gdp_previous_derived"]
    return {r: gdp_by_year(frame, year, table_year) for r, frame in basis_readings(table, columns, assume).items()}


# --- how complete the peer data is -------------------------------------------------------------------------


def coverage_table(
    group: Sequence[str],
    district: str,
    year: int,
    table_year: int,
    per_capita: pd.DataFrame,
    metric_ids: Sequence[str],
    report: str = DEFAULT_REPORT,
    data_dir: Path = DATA_DIR,
) -> pd.DataFrame:
    """Indicator × district: where each figure comes from (report, stated, derived, missing), and how many have it."""
    sources = {f"GDP {year} (stated)": stated_gdp(group, year, district, report, data_dir)}
    for basis in GDP_BASES:
        sources[f"GDP {table_year}, {basis}"] = peer_table("gdp", group, table_year, district, basis, data_dir, report)
    for basis in GDP_BASES:
        on = per_capita[per_capita["basis"] == basis]
        status = on["gdp_per_capita"].notna().map({True: "stated", False: "missing"})
        sources[f"per-capita GDP {table_year}, {basis}"] = on.assign(source=status)
    for metric in filter(None, (find_metric(m, report, data_dir) for m in dict.fromkeys(metric_ids))):
        sources[f"{metric.name_zh} {year}"] = peer_table(
            metric.metric_id, group, year, district, data_dir=data_dir, report=report
        )
    matrix = coverage_matrix(sources, group).T
    matrix["districts with data"] = (matrix[list(group)] != "missing").sum(axis=1).map(lambda n: f"{n} of {len(group)}")
    return matrix.rename_axis("indicator").rename_axis(None, axis=1).reset_index()


# --- findings ----------------------------------------------------------------------------------------------


def claims_bullet(claims: pd.DataFrame, group_name: str) -> str:
    """Can the report's rank claims be checked, and what would settle them? Counted from the claims table."""
    if claims.empty:
        return "This report makes no rank claim."
    unstated = int((claims[OUT_OF] == GROUP_NOT_STATED).sum())
    group_of = group_name if not unstated else ""  # a claim that names no group is not counted as the group's
    first = f"{group_of}第一" if group_of else "first-place"
    kind = first if (claims[RANK] == 1).all() else f"{group_of} rank".strip()
    checkable = claims[claims[PEERS_WITH] > 0]
    items = listed(list(claims["item ranked"]))
    settle = "the city's own ranking, with each district's figure, would settle"
    if len(claims) == 1:
        group = "; it does not state its group" if unstated else ""
        if len(checkable):
            rank, standing = claims[RANK].iloc[0], claims["computed standing"].iloc[0]
            return (
                f"The report's {kind} claim ({items}: 第{rank}) can be set against peer figures, which give "
                f"{standing}{group}."
            )
        return (
            f"The report's {kind} claim ({items}) cannot be checked here: the data hold no peer district's figure "
            f"for it; {settle} it{group}."
        )
    group = f"; {unstated} of them does not state its group" if unstated else ""
    if checkable.empty:
        return (
            f"None of the report's {len(claims)} {kind} claims ({items}) can be checked here: the data hold no peer "
            f"district's figure for any of them; {settle} them{group}."
        )
    if len(checkable) == len(claims):
        return f"All {len(claims)} of the report's {kind} claims ({items}) can be set against peer figures{group}."
    return (
        f"{len(checkable)} of the report's {len(claims)} {kind} claims ({items}) can be checked against peer figures; "
        f"{len(claims) - len(checkable)} cannot, and {settle} those{group}."
    )


def gdp_bullet(
    ranks_table_year: Mapping[str, tuple[str, str]],
    ranks_year: Mapping[str, tuple[str, str]],
    report_basis: str,
    district: str,
    table_year: int,
    year: int,
) -> str:
    """Where the district stands by GDP among its peers on each basis (basis_ranks): the table year, then the
    derived report year."""
    own = " (the report's basis)"
    on = " and ".join(
        f"{rank} on {basis}{own if basis == report_basis else ''}{qualifier}"
        for basis, (rank, qualifier) in ranks_table_year.items()
    )
    if dict(ranks_year) == dict(ranks_table_year):
        then = "rank the same"
    else:
        then = "rank " + " and ".join(f"{rank} on {basis}" for basis, (rank, _) in ranks_year.items())
    return f"In the city's district table of {table_year} GDP, {district} ranks {on}; its derived {year} levels {then}."


def per_capita_bullet(
    ranks: Mapping[str, tuple[str, str]], values: Mapping[str, float], city_value: float, city: str
) -> str:
    """The district's per-capita GDP standing on each basis (basis_ranks), with the city's figure for context."""
    parts = []
    for basis, (rank, qualifier) in ranks.items():
        figure = "" if math.isnan(values[basis]) else f"{fmt(values[basis], 2)} 万元"
        if basis == GDP_BASES[0] and figure and not math.isnan(city_value):
            figure += f", {compare(values[basis], city_value)} {city}'s {fmt(city_value, 2)} 万元"
        parts.append(f"{rank} on {basis}" + (f" ({figure})" if figure else "") + qualifier)
    return f"Per head (same table) it ranks {' and '.join(parts)}."


def assumptions_table(
    claims: pd.DataFrame,
    both_bases: tuple[bool, str, str] | None,
    growth: pd.DataFrame,
    rounding: tuple[float, int, int, int],
    district: str,
    year: int,
    table_year: int,
    weights_used: bool = True,
    assumed_peers: Sequence[str] = (),
) -> pd.DataFrame:
    """The assumptions and caveats of what was analysed, each once: what was used, what else was tried, and what
    it changes.

    `claims` and `growth` as claims_table and growth_by_district return; `both_bases`: (used, standing as printed,
    standing with it), None where no standing was computed; `rounding`: (half unit, pairs, pairs within it, pairs
    within it read exactly); `weights_used`: whether any share of the city's totals was computed; `assumed_peers`:
    peers set beside the district on growth whose one figure would serve 管理口径 by the assumption.
    """
    half, pairs, within, exact = rounding
    stand_ins = claims[claims[FIGURE_IS] == STAND_IN] if len(claims) else claims
    convention = growth.groupby(MEASURED_AS, sort=False)["indicator"].agg(list) if len(growth) else pd.Series()
    rows = [
        Caveat(
            f"{item} is ranked on a measure the report does not name; {figure} stands in for it",
            "a stand-in",
            "none",
            "Nothing checkable: no peer has the figure, and a city assessment score would not be settled by it.",
        )
        for item, figure in zip(stand_ins.get("item ranked", []), stand_ins.get(GIVEN, []), strict=True)
    ]
    if both_bases is not None:
        used, printed, assumed = both_bases
        rows.append(
            Caveat(
                "Assumption: a district without a 管理口径 line in the city's district table has one figure, valid on both bases",
                "on" if used else "off (管理口径 as printed)",
                "off, on",
                f"{district}'s {year} GDP on 管理口径: {printed} as printed; {assumed} with the assumption."
                + (
                    f" And whether {listed(assumed_peers)}'s growth rates are on 管理口径 too." if assumed_peers else ""
                ),
            )
        )
    if len(convention):
        rows.append(
            Caveat(
                "Assumption (statistical convention, stated in neither source): "
                + "; ".join(f"{listed(names)} {kind}" for kind, names in convention.items()),
                "the convention",
                "none",
                f"Whether the {year} rates set side by side are measured alike.",
            )
        )
    if pairs:
        rows.append(
            Caveat(
                "Assumption: a printed rate stands for any value that rounds to it",
                f"{half:g} of the last printed digit",
                "0 to 0.5",
                f"Pairs whose gap is within the rounding: {within} of {pairs} at {half:g}, {exact} of {pairs} read exactly.",
            )
        )
    if both_bases is not None:
        rows.append(
            Caveat(
                f"The {year} district GDP levels are derived from the city's district table of {table_year} GDP: level ÷ "
                "(1 + nominal growth)",
                "derived",
                "none",
                f"The {year} ranks and shares: nominal and approximate.",
            )
        )
    if weights_used:
        rows.append(
            Caveat(
                f"The city's {year} 招商引资 totals may be defined differently from the report's planned totals",
                "as printed",
                "none",
                "The investment shares: a reading of scale, not a measured share.",
            )
        )
        rows.append(
            Caveat(
                f"The city's {year} GDP is a city total (no 民政口径 or 管理口径 split); the district's weight in it is "
                "its 管理口径 GDP, the area its government manages and promotes investment for",
                "city total",
                "none",
                f"The denominator of the {year} GDP shares; the 民政口径 share is in the table, not the findings.",
            )
        )
    return caveat_table(rows)


def rounding_counts(pairs: pd.DataFrame, half_unit: float) -> tuple[float, int, int, int]:
    """(half unit, pairs, pairs within the rounding at it, pairs within it read exactly) for the caveats table."""
    within = int((pairs[BEYOND] == "no").sum())
    exact = int((pairs[GAP].abs() <= 1e-9).sum())
    return half_unit, len(pairs), within, exact


def both_bases_effect(table: pd.DataFrame, column: str, district: str, used: bool) -> tuple[bool, str, str]:
    """The district's standing on `column` on 管理口径 as printed and with the single-figure assumption."""
    columns = [c for c in table.columns if c not in ("entity", "basis")]
    readings = list(basis_readings(table, columns, True).values())
    printed, assumed = (rank_entities(r[["entity", "basis", column]], value=column) for r in readings[1:])
    return used, describe_rank(printed, district), describe_rank(assumed, district)
