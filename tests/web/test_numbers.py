"""Numbers for people: grouped thousands that keep their decimals, intensities to four places, units as written."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from tanxin.web.templatetags.numbers import grouped, intensity, unit_label


def test_grouped_keeps_decimals_and_groups_thousands():
    assert grouped(52772) == "52,772"
    assert grouped(10170.9) == "10,170.9"  # a trend in tonnes was cut to "10,170" before
    assert grouped(Decimal("1234567.50")) == "1,234,567.50"
    assert grouped(None) == "—" and grouped("—") == "—"


def test_an_intensity_is_shown_to_four_places_half_up():
    assert intensity("0.799650") == "0.7997"  # half-up on the fifth place
    assert intensity("0.79994") == "0.7999"
    assert intensity("1234.56785") == "1,234.5679"


def test_units_are_written_for_people_in_each_language():
    with translation.override("zh-hans"):
        assert unit_label("tCO2e/10^4 CNY") == "tCO₂e/万元"
        assert unit_label("tCO2e/employee") == "tCO₂e/人"
    with translation.override("en"):
        assert unit_label("tCO2e/10^4 CNY") == "tCO₂e/10⁴ CNY"
    assert unit_label("kgCO2e/m2") == "kgCO₂e/m²" and unit_label("tCO2e/t") == "tCO₂e/t"
