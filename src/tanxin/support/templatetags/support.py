"""Display helpers for the support-fund pages: money in fen as yuan, provenance in words."""

from __future__ import annotations

import re

from django import template
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tanxin.common.money import format_yuan

register = template.Library()

FACT_LABELS = {
    "disclosure_published": _("Carbon disclosure published"),
    "disclosure_verified": _("Carbon disclosure verified"),
    "intensity_this_year": _("Carbon intensity, scored year"),
    "intensity_last_year": _("Carbon intensity, previous year"),
    "reduction": _("Intensity reduction"),
    "compliance_on_time": _("ETS compliance on time"),
    "surplus_t": _("Surplus allowances (t)"),
    "declared_points": _("Declared points"),
}
KIND_LABELS = {
    "automatic": _("Automatic"),
    "self_declared": _("Self-declared"),
    "expert": pgettext_lazy("score", "Expert"),
    "adjusted": _("Adjusted"),
}


@register.filter
def yuan(fen) -> str:
    """Whole fen shown as yuan with thousands separators (¥ 1,234.56)."""
    if fen is None or fen == "":
        return "—"
    return "¥" + format_yuan(int(fen))


@register.filter
def fact_label(key: str) -> str:
    return str(FACT_LABELS.get(key, key))


@register.filter
def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


# A fact's source as recorded in the provenance: "tanxin.<owner>.<module>.<read>(<enterprise>, <year>)".
# The recorded path and an evidence file's digest stay in the API and the audit trail; pages name the source.
_SOURCE_PATH = re.compile(r"^tanxin\.(?P<owner>\w+)\.[\w.]+\(\s*\d+\s*,\s*(?P<year>\d{4})\s*\)$")
SOURCE_LABELS = {
    "disclosure": _("Disclosure report (%(year)s)"),
    "registry": _("Allowance registry, compliance %(year)s"),
}
PROVIDER_LABELS = {"disclosure": _("Disclosure reports"), "registry": _("Registry")}


@register.filter
def source_label(source: str) -> str:
    source = str(source or "")
    if source == "not_available":
        return str(_("fact not available (owner module not connected): no points"))
    if source.startswith("demo:"):
        return str(_("demo data"))
    if source.startswith("sha256:"):
        return str(_("Evidence"))
    match = _SOURCE_PATH.match(source)
    if match and match["owner"] in SOURCE_LABELS:
        return str(SOURCE_LABELS[match["owner"]]) % {"year": match["year"]}
    return provider_label(source.split(".")[1]) if source.startswith("tanxin.") and "." in source else source


@register.filter
def provider_label(owner: str) -> str:
    """The module a fact is read from, by name: "disclosure" → 披露报告."""
    return str(PROVIDER_LABELS.get(owner, owner))


@register.filter
def provider_labels(providers) -> str:
    separator = ", " if (get_language() or "").startswith("en") else "、"
    return separator.join(provider_label(owner) for owner in providers)


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def problem(p) -> str:
    from tanxin.support.errors import problem_text

    return problem_text(p) if isinstance(p, dict) else str(p)


ELIGIBILITY_FACTS = {
    "registered_in_district": _("Registered in the district"),
    "active": _("Enterprise is active"),
    "enterprise_type": _("Enterprise type"),
    "industry": _("Industry (GB/T 4754 division)"),
    "industry_section": _("Industry section"),
    "size": _("Enterprise size"),
    "ets": _("ETS membership"),
    "key_emitter": _("Key emission-control unit"),
}


@register.filter
def eligibility_label(fact: str) -> str:
    """An eligibility fact by its name, never its key ("registered_in_district")."""
    return str(FACT_LABELS.get(fact) or ELIGIBILITY_FACTS.get(fact) or fact)


@register.filter
def eligibility_actual(reason) -> str:
    """The value that failed an eligibility rule, in words: yes/no, an enterprise type by name."""
    actual = reason.get("actual") if isinstance(reason, dict) else getattr(reason, "actual", None)
    fact = reason.get("fact") if isinstance(reason, dict) else getattr(reason, "fact", "")
    if fact == "enterprise_type" and actual:
        return etype_label(actual)
    return fact_value(actual)


@register.filter
def etype_label(value: str) -> str:
    from tanxin.orgs.models import Organisation

    return str(dict(Organisation.EnterpriseType.choices).get(value, value))


@register.filter
def etype_labels(values) -> str:
    # Chinese enumerates with the 顿号, English with a comma.
    separator = ", " if (get_language() or "").startswith("en") else "、"
    return separator.join(etype_label(v) for v in sorted(values))


@register.filter
def rule_text(rule) -> str:
    """An eligibility rule as a sentence: "Enterprise type is one of Production, R&D"."""
    from tanxin.support.models import EligibilityRule

    fact = eligibility_label(rule.fact)
    kind = getattr(rule.kind, "value", rule.kind)
    if kind == EligibilityRule.Kind.IS_TRUE:
        return fact  # "Registered in the district", not "… is true"
    if kind == EligibilityRule.Kind.IS_FALSE:
        return str(_("%(fact)s: no")) % {"fact": fact}
    verb = dict(EligibilityRule.Kind.choices).get(kind, kind)
    values = sorted(rule.values or [])
    if rule.fact == "enterprise_type":
        values = [etype_label(v) for v in values]
    tail = ", ".join(values) if values else ("" if rule.threshold is None else str(rule.threshold))
    return f"{fact} {verb} {tail}".strip()


BASIS_LABELS = {
    "beyond_max_awardees": _("beyond the number of awardees"),
    "below_min_score": _("below the minimum score"),
    "no_band": _("no band reached"),
    "proportional": _("proportional to score"),
    "adjusted": _("adjusted by the bureau"),
}


@register.filter
def basis_label(basis: str) -> str:
    return str(BASIS_LABELS.get(basis, basis))


@register.filter
def wan(fen) -> str:
    """Large amounts for cards: ¥800.00万 in Chinese, ¥8,000,000 in English."""
    from django.utils.translation import get_language

    if fen is None:
        return "—"
    if (get_language() or "").startswith("zh"):
        return "¥" + format_yuan(int(fen), wan=True)
    return f"¥{int(fen) // 100:,}"


RULE_LABELS = {
    "published_and_verified": _("published and verified"),
    "published": _("published, not verified"),
    "not_published": _("not published"),
    "no_baseline": _("no baseline year: no points"),
    "below_all_tiers": _("below every tier"),
    "on_time": _("on time"),
    "late_or_no_record": _("late or no record"),
    "no_surplus": _("no surplus"),
    "verified": _("verified by the bureau"),
    "pending_verification": _("awaiting verification"),
    "not_declared": _("not declared"),
    "trimmed_mean": _("trimmed mean (highest and lowest dropped)"),
    "mean": _("mean"),
}


@register.filter
def rule_label(rule: str) -> str:
    if rule in RULE_LABELS:
        return str(RULE_LABELS[rule])
    for key, label in FACT_LABELS.items():  # tier rules read "surplus_t > 30000", "reduction >= 0.10"
        if rule.startswith(key + " "):
            return f"{label} {rule[len(key) + 1 :]}"
    return rule


@register.filter
def fact_value(value) -> str:
    return {"True": str(_("yes")), "False": str(_("no")), "": "—", "None": "—"}.get(str(value), str(value))


@register.filter
def iso_local(value) -> str:
    """An ISO timestamp from a provenance record, shown in local time."""
    from datetime import datetime

    from django.utils import timezone

    if not value:
        return ""
    try:
        return timezone.localtime(datetime.fromisoformat(str(value))).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return str(value)


@register.filter
def status_label(value: str) -> str:
    from tanxin.support.models import Application, Scheme

    return str(dict(Application.Status.choices).get(value) or dict(Scheme.Status.choices).get(value, value))


@register.filter
def auto_rule_label(value) -> str:
    from tanxin.support.models import Criterion

    value = getattr(value, "value", value)
    return str(dict(Criterion.Rule.choices).get(value, value))


@register.filter
def evidence_list(items) -> str:
    """A criterion's required evidence, each item in the page's language. The bureau writes an item once in
    one language, or in both as ``中文 / English``; then the page's half is shown."""
    english = (get_language() or "").startswith("en")
    shown = []
    for item in items or ():
        zh, sep, en = str(item).partition(" / ")
        shown.append((en.strip() if english else zh.strip()) if sep and zh.strip() and en.strip() else str(item))
    return "；".join(shown) if not english else "; ".join(shown)
