"""A trace sentence names a source type by its name, not its key."""

from __future__ import annotations

from django.utils import translation

from tanxin.accounting.trace_i18n import translate


def test_a_views_co2_only_rule_names_the_source_type():
    with translation.override("zh-hans"):
        assert translate("china_regulatory counts only CO2 for refrigerant") == "本口径对 制冷剂 只计 CO2"
    with translation.override("en"):
        assert "refrigerant" not in translate("china_regulatory counts only CO2 for refrigerant")
