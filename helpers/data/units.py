"""Chinese units as printed (万, 亿, 万平方米, 兆瓦 …) converted to base units via report_data/units.csv."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TypeVar, cast

import pandas as pd

from helpers.data.descriptor import load_csv_resource, read_descriptor
from helpers.paths import DATA_DIR

Num = TypeVar("Num", float, pd.Series)


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
