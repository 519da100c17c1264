"""The message catalogues speak with one voice: one translation per msgid (and context) across every
Chinese catalogue, complete headers, no untranslated or fuzzy Chinese entries, and the glossary's
wording wherever a catalogue translates a glossary term."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileParser

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "docs" / "glossary.md"
REQUIRED_HEADERS = ("plural-forms", "content-type")


class _HeaderCatalog(Catalog):
    """A babel catalogue that remembers which headers the file itself declared (babel fills in
    defaults for missing ones, which would hide a catalogue that lacks them)."""

    declared_headers: tuple[str, ...] = ()

    def _set_mime_headers(self, headers) -> None:
        headers = list(headers)
        self.declared_headers = tuple(name.lower() for name, _ in headers)
        super()._set_mime_headers(headers)

    mime_headers = property(Catalog._get_mime_headers, _set_mime_headers)


def read(path: Path) -> _HeaderCatalog:
    catalogue = _HeaderCatalog()
    with path.open("rb") as f:
        PoFileParser(catalogue).parse(f)
    return catalogue


def catalogue_paths(language: str | None = None) -> list[Path]:
    pattern = f"{language or '*'}/LC_MESSAGES/django.po"
    return sorted([*ROOT.glob(f"src/tanxin/*/locale/{pattern}"), *ROOT.glob(f"locale/{pattern}")])


def name(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name


def text(message) -> str:
    """The translation; for plural entries the first (in Chinese, the only) form."""
    return message.string[0] if isinstance(message.string, tuple) else message.string


def msgid(message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else message.id


def translations(path: Path) -> dict[tuple[str, str], str]:
    """(context, msgid) → translation, for translated and not fuzzy entries."""
    return {(m.context or "", msgid(m)): text(m) for m in read(path) if m.id and text(m) and not m.fuzzy}


def untranslated(catalogue: Catalog) -> list[str]:
    missing = []
    for m in catalogue:
        if not m.id:
            continue
        forms = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy or not all(forms):
            missing.append(msgid(m))
    return missing


def glossary_rows(markdown: str) -> list[tuple[str, str, str]]:
    """(English, 中文, context) for every row of the glossary's tables."""
    rows = []
    for line in markdown.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 3 or cells[0] in ("English", "") or set(cells[0]) <= {"-"}:
            continue
        rows.append((cells[0], cells[1], cells[2].strip("`")))
    return rows


def collisions(paths: list[Path]) -> dict[tuple[str, str], dict[str, list[str]]]:
    seen: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in paths:
        for key, value in translations(path).items():
            seen[key][value].append(name(path))
    return {key: dict(variants) for key, variants in seen.items() if len(variants) > 1}


# --- the checks themselves, each proven able to fail on a small bad catalogue ----------------------

BAD_A = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

msgid "Closed"
msgstr "注销"

msgctxt "support scheme status"
msgid "Closed"
msgstr "申报已截止"
"""
BAD_B = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Closed"
msgstr "申报已截止"

#, fuzzy
msgid "Pledge"
msgstr "抵押"

msgid "Haircut"
msgstr ""
"""


def test_the_checks_catch_a_collision_a_missing_header_and_untranslated_entries(tmp_path):
    a, b = tmp_path / "a.po", tmp_path / "b.po"
    a.write_text(BAD_A, encoding="utf-8")
    b.write_text(BAD_B, encoding="utf-8")
    assert collisions([a, b]) == {("", "Closed"): {"注销": ["a.po"], "申报已截止": ["b.po"]}}
    assert "plural-forms" in read(a).declared_headers and "plural-forms" not in read(b).declared_headers
    assert untranslated(read(b)) == ["Pledge", "Haircut"] and untranslated(read(a)) == []
    table = "| English | 中文 | Context | Notes |\n|---|---|---|---|\n| Scheme | 扶持方案 | `support fund` | x |"
    assert glossary_rows(table) == [("Scheme", "扶持方案", "support fund")]


def test_there_are_catalogues_in_both_languages_for_every_app_with_strings():
    zh, en = catalogue_paths("zh_Hans"), catalogue_paths("en")
    assert len(zh) >= 8 and len(en) == len(zh)


def test_no_msgid_is_translated_two_ways_in_two_chinese_catalogues():
    found = collisions(catalogue_paths("zh_Hans"))
    assert not found, "\n".join(
        f"{mid!r}{f' [{ctx}]' if ctx else ''}: " + " | ".join(f"{v} ({', '.join(p)})" for v, p in variants.items())
        for (ctx, mid), variants in sorted(found.items())
    )


@pytest.mark.parametrize("path", catalogue_paths(), ids=name)
def test_every_catalogue_declares_its_plural_forms_and_content_type(path):
    declared = read(path).declared_headers
    assert [h for h in REQUIRED_HEADERS if h not in declared] == []


@pytest.mark.parametrize("path", catalogue_paths("zh_Hans"), ids=name)
def test_every_chinese_entry_is_translated_and_not_fuzzy(path):
    assert untranslated(read(path)) == []


def test_the_glossary_has_terms_in_every_area():
    rows = glossary_rows(GLOSSARY.read_text(encoding="utf-8"))
    assert len(rows) >= 80
    english = {r[0] for r in rows}
    areas = ("Surrender", "Pledge", "hold", "Compliance", "Screening band", "Haircut", "Coverage", "disclosure report")
    for term in areas:
        assert term in english


def test_every_catalogue_translates_a_glossary_term_as_the_glossary_does():
    rows = glossary_rows(GLOSSARY.read_text(encoding="utf-8"))
    catalogues = {name(p): translations(p) for p in catalogue_paths("zh_Hans")}
    wrong = []
    for english, chinese, context in rows:
        for catalogue, entries in catalogues.items():
            found = entries.get((context, english))
            if found is not None and found != chinese:
                where = f"{catalogue}: {english!r}{f' [{context}]' if context else ''}"
                wrong.append(f"{where} is {found!r}, glossary says {chinese!r}")
    assert wrong == []


def test_the_glossary_gives_each_term_and_context_one_chinese_wording():
    rows = glossary_rows(GLOSSARY.read_text(encoding="utf-8"))
    wording: dict[tuple[str, str], set[str]] = defaultdict(set)
    for english, chinese, context in rows:
        wording[(context, english)].add(chinese)
    assert {k: v for k, v in wording.items() if len(v) > 1} == {}
    assert all(re.search(r"[\u4e00-\u9fff]", chinese) or chinese.isupper() for _, chinese, _ in rows)
