"""The factor library in the database: load the shipped CSVs idempotently, and build the immutable
``FactorSnapshot`` every calculation reads.

Loading never overwrites: a shipped factor id that already exists is left as it is (a changed value in
the CSV must come with a new id, see data/accounting/README.md). GWPs and constants are upserted.
"""

from __future__ import annotations

import csv
import functools
import threading
from decimal import Decimal
from pathlib import Path

from django.apps import apps as django_apps
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max

from tanxin.accounting.domain import loaders, place
from tanxin.accounting.domain.factors import (
    GWP_SETS,
    Blend,
    Factor,
    FactorSnapshot,
    GwpSet,
    Parameter,
    SteamRow,
    make_snapshot,
)
from tanxin.accounting.domain.place import Place, Province
from tanxin.accounting.models import FactorRecord, GwpValue, ReferenceParameter

DATA_DIR = Path(settings.BASE_DIR) / "data" / "accounting"
PROVINCES_FILE = "provinces_grid_regions.csv"


@transaction.atomic
def load_reference(directory: Path | None = None, app_registry=None) -> dict[str, int]:
    """Idempotent: safe to run on every deploy and from the demo seed. Returns rows created per table.

    ``app_registry`` is the historical registry when called from a data migration."""
    directory = directory or DATA_DIR
    registry = app_registry or django_apps
    FactorRecord = registry.get_model("accounting", "FactorRecord")
    GwpValue = registry.get_model("accounting", "GwpValue")
    ReferenceParameter = registry.get_model("accounting", "ReferenceParameter")
    # Parse with the domain loaders first: a malformed file is refused before anything is written.
    loaders.load_snapshot(directory)
    created = {"factors": 0, "gwp": 0, "reference": 0}
    existing = set(FactorRecord.objects.values_list("factor_id", flat=True))
    new = []
    for r in _rows_in(directory, "emission_factors.csv"):
        if r["factor_id"] in existing:
            continue
        year = r["data_year"].strip()
        new.append(FactorRecord(
            factor_id=r["factor_id"], family=r["family"], subject=r["subject_code"], name_zh=r["subject_zh"],
            name_en=r["subject_en"], year=int(year) if year else None, value=r["value"].strip(), unit=r["unit"],
            method_document=r["method_document"], publisher=r["publisher"], source_ref=r["source_ref"],
            confidence=r["confidence"], notes=r.get("notes", ""), shipped=True,
        ))  # fmt: skip
    FactorRecord.objects.bulk_create(new)
    created["factors"] = len(new)
    for r in _rows_in(directory, "gwp_100yr.csv"):
        for gwp_set in GWP_SETS:
            if r[gwp_set].strip():
                _obj, was_created = GwpValue.objects.update_or_create(
                    gas=r["gas"], gwp_set=gwp_set,
                    defaults={"value": r[gwp_set].strip(), "name_zh": r["name_zh"], "notes": r.get("notes", "")},
                )  # fmt: skip
                created["gwp"] += was_created
    reference = [("parameter", r["parameter_id"], r) for r in _rows_in(directory, "parameters.csv")]
    reference += [("blend", r["blend"], r) for r in _rows_in(directory, "refrigerant_blends.csv")]
    reference += [("steam", r["pressure_mpa_abs"], r)
                  for r in _rows_in(directory, "steam_saturated.csv")]  # fmt: skip
    for kind, key, row in reference:
        _obj, was_created = ReferenceParameter.objects.update_or_create(kind=kind, key=key, defaults={"data": row})
        created["reference"] += was_created
    return created


def _rows_in(directory: Path, name: str) -> list[dict[str, str]]:
    with (directory / name).open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def to_factor(r: FactorRecord) -> Factor:
    return Factor(
        id=r.factor_id, family=r.family, subject=r.subject, year=r.year, value=Decimal(r.value), unit=r.unit,
        source=r.source, confidence=r.confidence, name_zh=r.name_zh, name_en=r.name_en, notes=r.notes,
    )  # fmt: skip


def _build_snapshot() -> FactorSnapshot:
    gwp: dict[str, dict[str, Decimal]] = {name: {} for name in GWP_SETS}
    for g in GwpValue.objects.all():
        gwp.setdefault(g.gwp_set, {})[g.gas] = Decimal(g.value)
    blends, parameters, steam = [], [], []
    for ref in ReferenceParameter.objects.all():
        d = ref.data
        if ref.kind == ReferenceParameter.Kind.PARAMETER:
            parameters.append(Parameter(ref.key, Decimal(d["value"]), d["unit"], d["source_ref"], d["confidence"]))
        elif ref.kind == ReferenceParameter.Kind.BLEND:
            parts = [p.split(":") for p in d["components_mass_fraction"].split(";")]
            blends.append(Blend(ref.key, tuple((g.strip(), Decimal(f)) for g, f in parts), d.get("notes", "")))
        else:
            steam.append(SteamRow(Decimal(d["pressure_mpa_abs"]), Decimal(d["saturation_temperature_c"]),
                                  Decimal(d["enthalpy_saturated_vapour_kj_per_kg"]), d["source_ref"],
                                  d["confidence"]))  # fmt: skip
    return make_snapshot(
        factors=[to_factor(r) for r in FactorRecord.objects.current()],
        gwp_sets=[GwpSet(name, values, source=f"IPCC {name}, 100-year") for name, values in gwp.items()],
        blends=blends, parameters=parameters, steam_table=steam,
    )  # fmt: skip


@functools.cache
def provinces() -> dict[str, Province]:
    """The versioned province → grid-region table shipped in ``data/accounting`` (read once)."""
    return place.index(loaders.load_provinces(DATA_DIR / PROVINCES_FILE))


def place_of(division_code: str) -> Place:
    """Province and grid region of a jurisdiction, from the first two digits of its division code."""
    return place.place_for(division_code, provinces())


_cache: dict[tuple, FactorSnapshot] = {}
_lock = threading.Lock()


def _version() -> tuple:
    """Cheap fingerprint of the library tables; any insert or supersession changes it."""
    f = FactorRecord.objects.aggregate(n=Count("id"), top=Max("id"), sup=Count("superseded_by"))
    g = GwpValue.objects.aggregate(n=Count("id"), top=Max("id"))
    p = ReferenceParameter.objects.aggregate(n=Count("id"), top=Max("id"))
    return (f["n"], f["top"], f["sup"], g["n"], g["top"], p["n"], p["top"])


def current_snapshot() -> FactorSnapshot:
    """The library as it stands now, frozen. Rebuilt only when the tables changed."""
    version = _version()
    if not version[0]:
        # An empty library (a flushed database, a test that truncates tables): load the shipped data rather
        # than calculate with nothing. Idempotent, so a race between two requests is harmless.
        load_reference()
        version = _version()
    snapshot = _cache.get(version)
    if snapshot is None:
        snapshot = _build_snapshot()
        with _lock:
            _cache.clear()
            _cache[version] = snapshot
    return snapshot
