"""The words walk: every page a role can reach, read in Chinese and in English, checked for what a user should
never see in the main content — codes (snake_case keys, Python dotted paths), English sentences on a Chinese
page, Chinese sentences on an English page.

``walk`` signs in as a role, follows the links of the navigation and of every page it reaches (each URL
pattern once per role, as far as ``depth`` clicks), and reads each page's ``<main>`` in both languages.
``offences`` is the pure check, so its rules are tested without a browser. Names that are codes by nature
(instrument codes, USCCs, units, file formats, the platform's own brand) are allowed explicitly.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

SNAKE = re.compile(r"(?<![\w./@-])(?:[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?![\w./@-])")
DOTTED = re.compile(r"(?<![\w/@-])[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*){2,}(?![\w/@-])")
DIGEST = re.compile(r"\b(?:sha256|sha1|md5):[0-9a-f]{8,}")
ENGLISH_RUN = re.compile(r"[A-Za-z][a-z]+(?:[ ,]+[A-Za-z][a-z]+){3,}")
HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
URL_OR_MAIL = re.compile(r"\b[\w.+-]+@[\w.-]+\b|https?://\S+|\b[\w-]+(?:\.[\w-]+)+\.(?:invalid|cn|com|org|gov)\b")
# Words that are names, not sentences: they stay the same in both languages.
ALLOWED_EN = ("Tanxin", "Swagger", "ReDoc", "OpenAPI", "ECharts", "Excel")
# Codes a user types, shown as the example of what to type: a CSV statement's column header, a new factor's id.
ALLOWED_CODES = ("external_account", "grid.cn.national")
SKIP_PREFIXES = ("/admin/", "/api/", "/accounts/logout", "/i18n/", "/static/", "/media/", "/healthz")
DOWNLOAD_SUFFIXES = (".pdf", ".xlsx", ".csv", ".json", ".zip", ".png", ".txt")
# The main content's text as the user reads it, without what the page marks as a code that is a name
# (HTML's translate="no": USCCs, instrument codes, factor ids in the factor library…).
MAIN_TEXT = """() => {
  const main = document.querySelector('main');
  if (!main) return '';
  const codes = [...main.querySelectorAll('[translate=no]')];
  const saved = codes.map(e => e.style.display);
  codes.forEach(e => { e.style.display = 'none'; });
  const text = main.innerText;
  codes.forEach((e, i) => { e.style.display = saved[i]; });
  return text;
}"""


def offences(text: str, language: str, *, names: tuple[str, ...] = ()) -> list[str]:
    """What in ``text`` (a page's main content) a user of ``language`` should not see. ``names`` are the data's
    own names (organisations, people), which may be in either script."""
    for name in sorted(names, key=len, reverse=True):
        if name:
            text = text.replace(name, " ")
    text = URL_OR_MAIL.sub(" ", text)
    found = [f"code: {m}" for m in SNAKE.findall(text) if m not in ALLOWED_CODES]
    found += [f"path: {m}" for m in DOTTED.findall(text) if m not in ALLOWED_CODES]
    found += [f"digest: {m}" for m in DIGEST.findall(text)]
    if language == "zh-hans":
        for run in ENGLISH_RUN.findall(text):
            if not any(word in run for word in ALLOWED_EN):
                found.append(f"English: {run}")
    else:
        found += [f"Chinese: {m}" for m in HAN_RUN.findall(text)]
    return found


@dataclass
class Finding:
    role: str
    language: str
    route: str
    problems: list[str]
    text: str = ""


@dataclass
class Walk:
    visited: dict[str, str] = field(default_factory=dict)  # URL pattern -> the first path read
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def route_of(path: str) -> str | None:
    """The URL pattern a path resolves to (None for what is not a page of the platform)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route


def _links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("nav a[href], main a[href]", "els => els.map(e => e.getAttribute('href'))")
    out = []
    for href in hrefs:
        parts = urlsplit(href or "")
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if parts.path.startswith(SKIP_PREFIXES) or parts.path.endswith(DOWNLOAD_SUFFIXES):
            continue
        out.append(parts.path)
    return out


def _set_language(page, language: str) -> None:
    page.click(f"button[data-lang={language}]")
    page.wait_for_load_state()


def walk(page, role: str, *, names: tuple[str, ...], corpus: str = "", depth: int = 2,
         result: Walk | None = None) -> Walk:
    """Read every page ``role`` reaches from its home within ``depth`` clicks, once per URL pattern: first in
    Chinese (following links), then the same pages in English. The page must be signed in as ``role`` and show
    Chinese. ``corpus`` is the text the data hold (what people typed: sources, addresses, plans): Chinese found
    in it is data, not a missing translation."""
    result = result or Walk()
    seen: set[str] = set()
    read: list[tuple[str, str]] = []
    frontier = ["/"]
    for _ in range(depth + 1):
        following: list[str] = []
        for path in frontier:
            route = route_of(path)
            if route is None or route in seen:
                continue
            seen.add(route)
            result.visited.setdefault(f"{role} {route}", path)
            response = page.goto(path)
            if response is None or response.status >= 400:  # a link shown to the role that it may not follow
                result.errors.append(f"{role} {path}: {response.status if response else 'no response'}")
                continue
            _check(result, role, "zh-hans", route, page.evaluate(MAIN_TEXT), names, corpus)
            read.append((route, path))
            following += _links(page)
        frontier = following
    _set_language(page, "en")
    for route, path in read:
        page.goto(path)
        _check(result, role, "en", route, page.evaluate(MAIN_TEXT), names, corpus)
    _set_language(page, "zh-hans")
    return result


def _check(result: Walk, role: str, language: str, route: str, text: str, names, corpus: str) -> None:
    problems = [p for p in offences(text, language, names=names) if not (p.startswith("Chinese: ") and p[9:] in corpus)]
    if problems:
        result.findings.append(Finding(role, language, route, sorted(set(problems)), text))


def data_corpus() -> str:
    """Every text the database holds in the platform's own tables (not their history copies), for telling data
    from words on an English page."""
    from django.apps import apps
    from django.db import models

    chunks: list[str] = []
    for model in apps.get_models():
        if not model.__module__.startswith("tanxin.") or model.__name__.startswith("Historical"):
            continue
        fields = [f.name for f in model._meta.concrete_fields
                  if isinstance(f, (models.CharField, models.TextField, models.JSONField))]  # fmt: skip
        if fields:
            for row in model.objects.values_list(*fields):
                chunks += [json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v for v in row if v]
    return "\n".join(chunks)


def debt_lines(findings: list[Finding]) -> set[str]:
    """Findings as the lines of ``words_debt.txt``: ``<language> <URL pattern> <problem>``."""
    return {f"{f.language} {f.route} {problem}" for f in findings for problem in f.problems}
