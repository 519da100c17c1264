"""The words walk over the demo district: every page each kind of user reaches, in Chinese and in English.

It fails for a link that leads its user to an error page, and for anything in a page's main content a user of
that language should not read: codes, Python paths, digests, English sentences on a Chinese page, Chinese words
on an English page that are not the data's own text (``tests/e2e/words.py`` has the rules). What is known and
not yet mended is listed in ``tests/e2e/words_debt.txt``; that list may only shrink: a finding not on it fails
the run, and so does a line on it for a page the walk read without finding it.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from tanxin.orgs.models import Organisation, User
from tanxin.orgs.seed import DEMO_PASSWORD
from tests.e2e.conftest import sign_in
from tests.e2e.words import Walk, data_corpus, debt_lines, walk

pytestmark = pytest.mark.e2e

DEBT = Path(__file__).with_name("words_debt.txt")
# One user of each kind of organisation the demo district has (the bureau's officer reaches what its admin
# does but the directory's administration; the expert sees the bureau's expert pages).
ROLES = ("bureau_admin", "expert1", "enterprise_a", "bank1", "guarantor", "verifier_a")


def _debt() -> set[str]:
    lines = DEBT.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def test_every_page_of_every_kind_of_user_speaks_its_language(browser, live_server, transactional_db):
    if connection.vendor != "sqlite":  # the words come from templates and catalogues, not from the database
        pytest.skip("the words walk runs once, in the SQLite variant")
    call_command("seed_demo", stdout=StringIO())
    names = tuple(n for o in Organisation.objects.all() for n in (o.name_zh, o.name_en) if n)
    names += tuple(User.objects.exclude(display_name="").values_list("display_name", flat=True))
    corpus = data_corpus()
    result = Walk()
    for role in ROLES:
        context = browser.new_context(base_url=live_server.url, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(30_000)
        sign_in(page, role, DEMO_PASSWORD)
        walk(page, role, names=names, corpus=corpus, result=result)
        context.close()

    assert len(result.visited) > 150, sorted(result.visited)  # the walk really went through the platform
    assert result.errors == [], "links that lead to an error page:\n" + "\n".join(result.errors)
    found, owed = debt_lines(result.findings), _debt()
    read = {key.split(" ", 1)[1] for key in result.visited}
    new = sorted(found - owed)
    mended = sorted(line for line in owed - found if line.split(" ", 2)[1] in read)
    assert not new, "words a user should not read (or add to words_debt.txt with a reason):\n" + "\n".join(new)
    assert not mended, "mended, strike off tests/e2e/words_debt.txt:\n" + "\n".join(mended)
