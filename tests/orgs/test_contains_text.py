"""Searching by name ignores case for letters and matches Chinese as typed, in the directory and the search box."""

from __future__ import annotations

import pytest

from tanxin.orgs.models import Organisation
from tanxin.orgs.queries import DirectoryFilter, contains_text, directory
from tanxin.web import search

pytestmark = pytest.mark.django_db


def test_a_name_is_found_whatever_the_case_of_its_letters_and_by_its_chinese_as_typed(world):
    nanshan = world.orgs["enterprise_a"].jurisdiction
    tcl = Organisation.objects.create(kind="enterprise", name_zh="TCL低碳科技", name_en="Tcl Low-Carbon Tech",
                                      jurisdiction=nanshan, uscc="91440300MA5TCL0001")  # fmt: skip
    for q in ("tcl", "TCL", "低碳科", "low-CARBON", "ma5tcl"):
        assert tcl.pk in set(directory(world.users["bureau_officer"], DirectoryFilter(q=q)).values_list("pk",
                                                                                                       flat=True)), q
    assert tcl.pk not in set(directory(world.users["bureau_officer"], DirectoryFilter(q="低碳科技有限")).values_list(
        "pk", flat=True))
    hits = search.enterprises(world.users["bureau_officer"], "tcl低碳")
    assert [h.detail for h in hits] == [tcl.uscc]
    assert Organisation.objects.filter(contains_text("name_zh", "tcl低碳")).get() == tcl
    assert not Organisation.objects.filter(contains_text("name_zh", "低碳tcl")).exists()
