"""Translate the "explain this number" trace for display.

The domain writes its trace in English constants (labels, formulas, notes, input names); here each
known phrase maps to a translatable message. Unknown text passes through unchanged, so a new domain
step still shows (in English) rather than disappearing.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

EXACT = {
    # step labels
    "CO2 emitted": _("CO2 emitted"),
    "CO2 from carbonate": _("CO2 from carbonate"),
    "CO2 from heat": _("CO2 from heat"),
    "CO2 from electricity": _("CO2 from electricity"),
    "CO2 avoided by export (netted)": _("CO2 avoided by export (netted)"),
    "consumption": _("consumption"),
    "consumption by mass": _("consumption by mass"),
    "electricity": _("electricity"),
    "electricity not covered by green power": _("electricity not covered by green power"),
    "energy content": _("energy content"),
    "heat": _("heat"),
    "heat in steam": _("heat in steam"),
    "heat in hot water": _("heat in hot water"),
    "saturated steam enthalpy": _("saturated steam enthalpy"),
    "refrigerant emitted": _("refrigerant emitted"),
    "refrigerant emitted (mass balance)": _("refrigerant emitted (mass balance)"),
    "exported electricity": _("exported electricity"),
    "exported heat": _("exported heat"),
    # formulas
    "energy × carbon content × oxidation rate × 44/12": _("energy × carbon content × oxidation rate × 44/12"),
    "carbonate mass [t] × purity × stoichiometric factor": _("carbonate mass [t] × purity × stoichiometric factor"),
    "± heat × heat factor": _("± heat × heat factor"),
    "± electricity × grid factor": _("± electricity × grid factor"),
    "volume [L] × density [kg/L] ÷ 1000": _("volume [L] × density [kg/L] ÷ 1000"),
    "mass [t] × (enthalpy − 83.74 kJ/kg) × 10⁻³": _("mass [t] × (enthalpy − 83.74 kJ/kg) × 10⁻³"),
    "mass [t] × (T − 20 °C) × 4.1868 kJ/(kg·K) × 10⁻³": _("mass [t] × (T − 20 °C) × 4.1868 kJ/(kg·K) × 10⁻³"),
    "installed charge × annual leak rate": _("installed charge × annual leak rate"),
    "electricity − green electricity/certificates": _("electricity − green electricity/certificates"),
    "interpolate the saturated-steam table at absolute pressure":
        _("interpolate the saturated-steam table at absolute pressure"),
    "(stock start − stock end) + (purchased − recovered) + (retired charge − new charge)":
        _("(stock start − stock end) + (purchased − recovered) + (retired charge − new charge)"),
    # notes
    "not netted against purchases in this view": _("not netted against purchases in this view"),
    "not a Kyoto gas (Montreal Protocol)": _("not a Kyoto gas (Montreal Protocol)"),
    "green electricity counts as zero emission in the market-based method":
        _("green electricity counts as zero emission in the market-based method"),
    "published for a year after the reporting year": _("published for a year after the reporting year"),
    "an older vintage; a closer year is available": _("an older vintage; a closer year is available"),
    "same vintage at a less local level": _("same vintage at a less local level"),
    "same vintage and level, a more official source is available":
        _("same vintage and level, a more official source is available"),
    "undated default; a dated factor is available": _("undated default; a dated factor is available"),
    "same rank, lower in the preference order": _("same rank, lower in the preference order"),
    # input names and sources
    "absolute pressure": _("absolute pressure"),
    "density": _("density"),
    "green electricity": _("green electricity"),
    "hot water": _("hot water"),
    "installed charge": _("installed charge"),
    "leak rate": _("leak rate"),
    "mass fraction": _("mass fraction"),
    "net calorific value": _("net calorific value"),
    "carbon content": _("carbon content"),
    "oxidation rate": _("oxidation rate"),
    "purity": _("purity"),
    "steam": _("steam"),
    "steam enthalpy": _("steam enthalpy"),
    "supply temperature": _("supply temperature"),
    "heat factor": _("heat factor"),
    "CO2/C molar ratio numerator": _("CO2/C molar ratio numerator"),
    "CO2/C molar ratio denominator": _("CO2/C molar ratio denominator"),
    "base temperature": _("base temperature"),
    "reference enthalpy": _("reference enthalpy"),
    "specific heat": _("specific heat"),
    "stoichiometric factor": _("stoichiometric factor"),
    "stock start": _("stock start"),
    "stock end": _("stock end"),
    "purchased": _("purchased"),
    "recovered": _("recovered"),
    "new equipment charge": _("new equipment charge"),
    "retired equipment charge": _("retired equipment charge"),
    "activity data": _("activity data"),
    "measured by the enterprise": _("measured by the enterprise"),
    "previous step": _("previous step"),
    "previous steps": _("previous steps"),
    "step 1": _("step 1"),
    "step 2": _("step 2"),
    "steam table": _("steam table"),
    "fraction": _("fraction"),
}
PATTERNS = [
    (re.compile(r"^(?P<gas>\S+) as CO2e$"), _("%(gas)s as CO2e")),
    (re.compile(r"^(?P<gas>\S+) mass × GWP \((?P<set>\w+)\)$"), _("%(gas)s mass × GWP (%(set)s)")),
    (re.compile(r"^(?P<gas>\S+) mass$"), _("%(gas)s mass")),
    (re.compile(r"^GWP (?P<gas>\S+)$"), _("GWP %(gas)s")),
    (re.compile(r"^(?P<gas>\S+) emitted$"), _("%(gas)s emitted")),
    (re.compile(r"^(?P<sub>\S+) emitted × mass fraction of (?P<gas>\S+)$"),
     _("%(sub)s emitted × mass fraction of %(gas)s")),
    (re.compile(r"^(?P<gas>\S+) not counted$"), _("%(gas)s not counted")),
    (re.compile(r"^(?P<gas>\S+) reported separately$"), _("%(gas)s reported separately")),
    (re.compile(r"^(?P<view>\w+) counts only CO2 for (?P<type>\w+)$"), _("this view counts only CO2 for %(type)s")),
    (re.compile(r"^convert (?P<a>.+) to (?P<b>.+)$"), _("convert %(a)s to %(b)s")),
    (re.compile(r"^consumption \[(?P<basis>.+)\] × NCV$"), _("consumption [%(basis)s] × NCV")),
    (re.compile(r"^grid factor \((?P<method>\w+)\)$"), _("grid factor (%(method)s)")),
    (re.compile(r"^blend (?P<sub>\S+)$"), _("blend %(sub)s")),
    (re.compile(r"^factor (?P<id>\S+) chosen at provincial level$"), _("factor %(id)s chosen at the provincial level")),
    (re.compile(r"^factor (?P<id>\S+) chosen at regional level$"), _("factor %(id)s chosen at the regional level")),
    (re.compile(r"^factor (?P<id>\S+) chosen at national level$"), _("factor %(id)s chosen at the national level")),
    (re.compile(r"^factor (?P<id>\S+) passed over$"), _("factor %(id)s passed over")),
    (re.compile(r"^vintage (?P<year>\d+), confidence (?P<conf>\S+)$"), _("vintage %(year)s, confidence %(conf)s")),
    (re.compile(r"^vintage undated, confidence (?P<conf>\S+)$"), _("undated default, confidence %(conf)s")),
]


def translate(text: str) -> str:
    if not text:
        return text
    exact = EXACT.get(text)
    if exact is not None:
        return str(exact)
    for pattern, template in PATTERNS:
        match = pattern.match(text)
        if match:
            return str(template) % {k: _word(k, v) for k, v in match.groupdict().items()}
    return text


def _word(key: str, value: str) -> str:
    """A source type inside a trace sentence by its name (``refrigerant`` → 制冷剂); other parts as they are."""
    if key == "type":
        from tanxin.accounting.models import SourceType

        return str(dict(SourceType.choices).get(value, value))
    return value


def translate_steps(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    result = []
    for step in steps:
        result.append({
            **step, "label": translate(step["label"]), "formula": translate(step["formula"]),
            "note": translate(step["note"]),
            "inputs": [{**i, "name": translate(i["name"]), "source": translate(i["source"])} for i in step["inputs"]],
        })  # fmt: skip
    return result
