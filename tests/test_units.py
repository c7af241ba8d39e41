import pandas as pd
import pytest

from helpers.data.units import UnknownUnitError, base_unit, convert, to_base


@pytest.mark.parametrize(
    ("value", "unit", "expected", "base"),
    [
        (931.8, "亿元", 931.8e8, "yuan"),
        (975, "万元", 975e4, "yuan"),
        (25, "万平方米", 25e4, "m2"),
        (7.43, "兆瓦", 7.43, "MW"),
        (90, "公里", 90, "km"),
        (2.8, "万人", 28_000, "person"),
        (500, "万人次", 5e6, "person-time"),
    ],
)
def test_to_base(value, unit, expected, base):
    assert to_base(value, unit) == pytest.approx(expected)
    assert base_unit(unit) == base


def test_to_base_works_on_series():
    result = to_base(pd.Series([1.0, 2.5]), "亿元")
    assert result.tolist() == pytest.approx([1e8, 2.5e8])


def test_convert_between_printed_units():
    assert convert(1.8, "亿元", "万元") == pytest.approx(18_000)


def test_convert_refuses_different_quantities():
    with pytest.raises(ValueError, match="cannot convert 亿元"):
        convert(1, "亿元", "万平方米")


def test_unknown_unit_is_an_error_not_a_pass_through():
    with pytest.raises(UnknownUnitError, match="unknown unit '百万瓦'"):
        to_base(3, "百万瓦")


def test_fmt_keeps_decimals_only_where_they_exist_and_shows_missing():
    from helpers.charts.formatting import fmt

    assert fmt(93_180_000_000.0) == "93,180,000,000"
    assert fmt(7.43, decimals=2) == "7.43"
    assert fmt(float("nan")) == "missing"
    assert fmt(None) == "missing"
