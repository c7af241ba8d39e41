"""Growth arithmetic against values worked out by hand (derivations in the comments)."""

import math

import pandas as pd
import pytest

from helpers.analysis import growth


def test_implied_previous_level():
    # 931.8 / 1.054 = 884.0607...
    assert growth.implied_previous(931.8, 5.4) == pytest.approx(884.0607, abs=1e-4)


def test_absolute_increase():
    # 931.8 - 884.0607 = 47.7393
    assert growth.absolute_increase(931.8, 5.4) == pytest.approx(47.7393, abs=1e-4)


def test_missing_growth_stays_missing():
    result = growth.implied_previous(pd.Series([313.0, 100.0]), pd.Series([5.5, float("nan")]))
    assert result.iloc[0] == pytest.approx(296.6825, abs=1e-4)  # 313 / 1.055
    assert math.isnan(result.iloc[1])


def test_pp_gap():
    assert growth.pp_gap(5.4, 5.0) == pytest.approx(0.4)
    assert growth.pp_gap(3.2, 10.5) == pytest.approx(-7.3)


def test_compound_change():
    # 1.054 * 0.874 = 0.921196 -> -7.8804 %
    assert growth.compound_change(5.4, -12.6) == pytest.approx(-7.8804, abs=1e-4)


def test_annualised_change_of_the_reported_fall():
    # ln 0.874 = -0.134675; /4 -> exp = 0.966892 -> -3.3108 %/yr
    assert growth.annualised_change(-12.6, 4) == pytest.approx(-3.3108, abs=1e-4)


@pytest.mark.parametrize(("target", "annual"), [(-13.5, -2.8589), (-14.0, -2.9714)])
def test_annual_rate_each_five_year_target_needs(target, annual):
    # 0.865 ** 0.2 = 0.971411 ; 0.86 ** 0.2 = 0.970286
    assert growth.annualised_change(target, 5) == pytest.approx(annual, abs=1e-4)


def test_cumulative_is_the_inverse_of_annualised():
    assert growth.cumulative_change(growth.annualised_change(-12.6, 4), 4) == pytest.approx(-12.6)


def test_required_annual_change_for_what_is_left():
    # 0.865 / 0.874 = 0.989703 -> -1.0297 % in the one remaining year
    assert growth.required_annual_change(-12.6, -13.5, 1) == pytest.approx(-1.0297, abs=1e-4)
    # already past the target: the result is positive (room to spare)
    assert growth.required_annual_change(-15.0, -13.5, 1) > 0


def test_bad_year_counts_are_refused():
    with pytest.raises(ValueError):
        growth.annualised_change(-12.6, 0)
    with pytest.raises(ValueError):
        growth.required_annual_change(-12.6, -13.5, 0)
