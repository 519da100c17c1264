"""Page forms. They only shape input; every rule (units, dimensions, periods, permissions) is the service's."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tanxin.accounting.factor_names import family_label
from tanxin.accounting.ledger import data_fields
from tanxin.accounting.models import KINDS_BY_SOURCE_TYPE, Confidence, EmissionSource, LineKind

FIELD_LABELS = {
    "quantity": _("Quantity"),
    "density_kg_per_l": _("Density (kg/L)"),
    "measured_ncv": _("Measured net calorific value"),
    "measured_cc": _("Measured carbon content (tC/GJ)"),
    "measured_oxidation": _("Measured oxidation rate"),
    "direction": _("Direction"),
    "green_quantity": _("Of which green electricity / certificates"),
    "enthalpy_kj_per_kg": _("Enthalpy (kJ/kg)"),
    "pressure_mpa": _("Pressure (MPa)"),
    "pressure_is_gauge": _("Pressure is gauge pressure"),
    "temperature_c": _("Temperature (°C)"),
    "charge": _("Installed charge"),
    "leak_rate": _("Annual leak rate (0–1)"),
    "stock_start": _("Stock at start"),
    "stock_end": _("Stock at end"),
    "purchased": _("Purchased"),
    "recovered": _("Recovered / returned"),
    "new_equipment_charge": _("Charged into new equipment"),
    "retired_equipment_charge": _("Recovered from retired equipment"),
    "purity": _("Purity (0–1)"),
}
DIRECTIONS = [("purchased", _("Purchased")), ("exported", _("Exported"))]
# The units offered for each kind of line: chosen, not typed (the import and the API accept every unit the
# domain's unit table knows, these are the ones people use).
UNIT_LABELS = {
    "t": _("t (tonnes)"), "kg": _("kg (kilograms)"), "L": _("L (litres)"), "m3": _("m³ (cubic metres)"),
    "Nm3": _("Nm³ (normal cubic metres)"), "万Nm3": _("10⁴ Nm³"), "kWh": _("kWh"), "MWh": _("MWh"),
    "万kWh": _("10⁴ kWh"), "GJ": _("GJ (gigajoules)"), "MJ": _("MJ (megajoules)"),
}
UNITS_BY_KIND = {
    "fuel": ("t", "kg", "L", "Nm3", "万Nm3", "m3"), "electricity": ("kWh", "MWh", "万kWh"), "heat": ("GJ", "MJ"),
    "steam": ("t", "kg"), "hot_water": ("t", "kg"), "refrigerant_leak": ("kg", "t"),
    "refrigerant_balance": ("kg", "t"), "carbonate": ("t", "kg"),
}
MONTHS = [("", _("Whole year"))] + [(str(m), str(m)) for m in range(1, 13)]


class SourceForm(forms.ModelForm):
    """The subject (fuel, refrigerant or carbonate) is chosen from what the factor library knows, by its name."""

    subject = forms.ChoiceField(label=_("Fuel, refrigerant or carbonate"), required=False)

    class Meta:
        model = EmissionSource
        fields = ["name", "source_type", "category", "subject", "facility", "active"]

    def __init__(self, *args, subjects: dict[str, list[tuple[str, str]]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        groups = subjects or {}
        choices: list = [("", _("None (electricity, heat)"))]
        for label, key in ((_("Fuels"), "fuel_combustion"), (_("Refrigerants"), "refrigerant"),
                           (_("Carbonates"), "process_carbonate")):  # fmt: skip
            if groups.get(key):
                choices.append((label, groups[key]))
        current = self.initial.get("subject") or ""
        known = {code for _label, group in choices[1:] for code, _name in group}
        if current and current not in known:  # a subject the library no longer lists stays selectable
            choices.append((current, current))
        self.fields["subject"].choices = choices


class LineForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    month = forms.ChoiceField(label=_("Month"), choices=MONTHS, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=LineKind.choices)
    unit = forms.ChoiceField(label=_("Unit"))
    notes = forms.CharField(label=_("Notes"), max_length=500, required=False)
    lab_report = forms.FileField(label=_("Lab report (PDF/JPEG/PNG)"), required=False,
                                 help_text=_("Required with measured parameters."))  # fmt: skip

    def __init__(self, *args, source: EmissionSource, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = KINDS_BY_SOURCE_TYPE[source.source_type]
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds]
        if len(kinds) == 1:
            self.fields["kind"].widget = forms.HiddenInput()
            self.fields["kind"].initial = kinds[0].value
        units = list(dict.fromkeys(u for kind in kinds for u in UNITS_BY_KIND.get(kind.value, ())))
        current = str(self.initial.get("unit") or "")
        if current and current not in units:  # a line imported with another unit the domain knows keeps it
            units.append(current)
        self.fields["unit"].choices = [(u, UNIT_LABELS.get(u, u)) for u in units]
        names: list[str] = []
        for kind in kinds:
            names += [n for n in data_fields(kind) if n not in names]
        for name in names:
            if name == "direction":
                self.fields[name] = forms.ChoiceField(label=FIELD_LABELS[name], choices=DIRECTIONS, required=False)
            elif name == "pressure_is_gauge":
                self.fields[name] = forms.BooleanField(label=FIELD_LABELS[name], required=False)
            else:
                # Text, not a number input: decimals keep every digit the enterprise typed.
                self.fields[name] = forms.CharField(label=FIELD_LABELS.get(name, name), required=False, max_length=40)
        if source.source_type != "fuel_combustion":
            del self.fields["lab_report"]
        self.order_fields(["year", "month", "kind", *names, "unit", "notes", "lab_report"])

    def payload(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "lab_report" and v not in (None, "")}
        if data.get("pressure_is_gauge") is False:
            data.pop("pressure_is_gauge")
        return data


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, JPEG, PNG or XLSX)"))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


class StatisticsForm(forms.Form):
    revenue_wan = forms.CharField(label=_("Revenue (10^4 CNY)"), required=False, max_length=40)
    value_added_wan = forms.CharField(label=_("Value added (10^4 CNY)"), required=False, max_length=40)
    output = forms.CharField(label=_("Output"), required=False, max_length=40)
    output_unit = forms.CharField(label=_("Output unit"), required=False, max_length=40)
    floor_area_m2 = forms.CharField(label=_("Floor area (m²)"), required=False, max_length=40)
    employees = forms.CharField(label=_("Employees"), required=False, max_length=12)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class FactorForm(forms.Form):
    factor_id = forms.CharField(label=_("Factor id"), max_length=100, help_text=_("e.g. grid.cn.national.2024"))
    family = forms.ChoiceField(label=_("Family"))
    subject = forms.CharField(label=_("Subject code"), max_length=40, help_text=_("CN, SOUTH, DIESEL, ..."))
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    year = forms.IntegerField(label=_("Data year"), required=False, help_text=_("Empty for an undated default."))
    value = forms.CharField(label=_("Value"), max_length=40)
    unit = forms.CharField(label=_("Unit"), max_length=40)
    publisher = forms.CharField(label=_("Publisher"), max_length=200)
    method_document = forms.CharField(label=_("Method document"), max_length=300, required=False)
    source_ref = forms.CharField(label=_("Source reference"), max_length=300)
    confidence = forms.ChoiceField(label=_("Confidence"), choices=Confidence.choices)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, families: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family"].choices = [(f, family_label(f)) for f in families]


class SupersedeForm(forms.Form):
    factor_id = forms.CharField(label=_("New factor id"), max_length=100)
    value = forms.CharField(label=_("Corrected value"), max_length=40)
    publisher = forms.CharField(label=_("Publisher"), max_length=200)
    source_ref = forms.CharField(label=_("Source reference"), max_length=300)
    confidence = forms.ChoiceField(label=_("Confidence"), choices=Confidence.choices)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=300)
