"""Chinese units as printed (万, 亿, 万平方米, 兆瓦 …): read in a text, and converted to base units via report_data/units.csv."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TypeVar, cast

import pandas as pd

from helpers.data.descriptor import load_csv_resource, read_descriptor
from helpers.paths import DATA_DIR

Num = TypeVar("Num", float, pd.Series)

# Units as printed, without a magnitude (万, 亿 …), each listed in report_data/units.csv. The pattern
# tries the longest first, so that 个百分点 wins over 个, 场次 over 场, 千瓦时 over 千瓦 and 个月 over 个.
BASE_UNITS = [
    "个百分点", "平方公里", "百分点", "平方米", "立方米", "标准箱", "万千瓦时", "千瓦时", "兆瓦", "千瓦", "公里",
    "千米", "公顷", "美元", "人次", "场次", "个月", "小时", "分钟", "元", "米", "吨", "亩", "人", "名", "户", "个",
    "家", "所", "处", "条", "张", "部", "套", "项", "场", "次", "件", "辆", "座", "台", "天", "倍", "间", "栋", "批",
    "届",
]  # fmt: skip
MAGNITUDES = ["万亿", "千万", "百万", "万", "亿"]  # longest first: 万亿元 is one magnitude, not 万 + 亿元
PREFIX_QUALIFIERS = ("超过", "超", "近", "约", "逾")
SUFFIX_QUALIFIERS = ("余", "多")
AFTER_QUALIFIERS = ("以上",)
_UNIT = "|".join(re.escape(u) for u in sorted(BASE_UNITS, key=len, reverse=True))
_MAG = "|".join(sorted(MAGNITUDES, key=len, reverse=True))
NUMBER_PATTERN = re.compile(
    rf"(?<![A-Za-z0-9.])(?P<value>\d+(?:\.\d+)?)(?P<magnitude>{_MAG})?(?P<suffix>{'|'.join(SUFFIX_QUALIFIERS)})?"
    rf"(?:(?P<unit>{_UNIT})|(?P<percent>%))?(?P<after>{'|'.join(AFTER_QUALIFIERS)})?"
)


def printed_unit(match: re.Match[str]) -> str:
    """The unit a NUMBER_PATTERN match prints after its number, magnitude included (亿元, 万人, %), or ''.

    Bound markers inside it are left out (2.8万余人 → 万人); the extractor and `check` both read units with it.
    """
    return (match["magnitude"] or "") + (match["unit"] or match["percent"] or "")


class UnknownUnitError(KeyError):
    """A unit that units.csv does not list: an error, never a silent pass-through."""

    def __str__(self) -> str:
        return str(self.args[0])


@lru_cache(maxsize=8)
def unit_table(data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """units.csv indexed by the unit as printed."""
    return load_csv_resource(read_descriptor(data_dir)["units"]).set_index("unit")


def _row(unit: str, data_dir: Path) -> pd.Series:
    table = unit_table(data_dir)
    if unit not in table.index:
        raise UnknownUnitError(
            f"unknown unit {unit!r}; known units: {', '.join(table.index)}. Add it to units.csv with its base unit and factor."
        )
    return cast(pd.Series, table.loc[unit])


def base_unit(unit: str, data_dir: Path = DATA_DIR) -> str:
    """The base unit a printed unit converts to (亿元 → yuan)."""
    return str(_row(unit, data_dir)["base_unit"])


def to_base(value: Num, unit: str, data_dir: Path = DATA_DIR) -> Num:
    """Convert `value` printed in `unit` to the base unit (931.8 亿元 → 9.318e10 yuan)."""
    return value * float(_row(unit, data_dir)["factor"])


def convert(value: Num, from_unit: str, to_unit: str, data_dir: Path = DATA_DIR) -> Num:
    """Convert between two printed units of the same base unit (亿元 → 万元: ×10000)."""
    source, target = _row(from_unit, data_dir), _row(to_unit, data_dir)
    if source["base_unit"] != target["base_unit"]:
        raise ValueError(f"cannot convert {from_unit} ({source['base_unit']}) to {to_unit} ({target['base_unit']}).")
    return value * (float(source["factor"]) / float(target["factor"]))
