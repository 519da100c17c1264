"""Role homes: an enterprise learns what to do next and where its carbon stands; a bank sees its consented
enterprises with their bands, the requests waiting for it and the loans needing attention."""

from __future__ import annotations

import pytest

from tanxin.lending.models import MarginCall
from tests.cockpit.conftest import chain  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_the_enterprise_home_lists_what_to_do_and_its_carbon_position(chain):  # noqa: F811
    response = chain.world.client("enterprise_a").get("/")
    assert response.status_code == 200
    home = response.context["homes"][0]
    assert home.enterprise_id == chain.world.orgs["enterprise_a"].pk
    assert home.position is not None and home.position.holdings_t > 0
    assert [loan.ref for loan in home.loans] == [chain.loan.ref]
    html = response.content.decode()
    assert 'data-testid="next-steps"' in html and 'data-testid="position"' in html


def test_a_margin_call_shows_on_the_enterprise_home(chain):  # noqa: F811
    MarginCall.objects.create(loan=chain.loan, state=MarginCall.State.OPEN, **_call_fields())
    html = chain.world.client("enterprise_a").get("/").content.decode()
    assert 'data-testid="margin-call"' in html and chain.loan.ref in html


def _call_fields() -> dict:
    from django.utils import timezone

    fields = {f.name for f in MarginCall._meta.get_fields()}
    values = {"opened_on": timezone.localdate(), "coverage_bp": 14000, "zone": "warning", "required_fen": 1,
              "required_t": 1, "deadline": timezone.localdate(), "cure_by": timezone.localdate()}
    return {k: v for k, v in values.items() if k in fields}


def test_enterprise_b_sees_none_of_enterprise_as_position_or_loans(chain):  # noqa: F811
    response = chain.world.client("enterprise_b").get("/")
    assert [h.enterprise_id for h in response.context["homes"]] == [chain.world.orgs["enterprise_b"].pk]
    assert chain.loan.ref not in response.content.decode()


def test_the_bank_home_shows_bands_of_consented_enterprises_and_its_loans(chain):  # noqa: F811
    response = chain.world.client("bank_with_consent").get("/")
    home = response.context["bank_homes"][0]
    assert [e.pk for e, _band in home.consents] == [chain.world.orgs["enterprise_a"].pk]
    assert home.consents[0][1] is not None  # a screening band (or a knock-out) from lending's facts
    other = chain.world.client("bank_without_consent").get("/")
    assert other.context["bank_homes"][0].consents == () and chain.world.orgs["enterprise_a"].name_zh not in \
        other.content.decode()


def test_the_bank_home_lists_the_first_enterprises_and_points_to_the_screening_list_for_the_rest(chain):  # noqa: F811
    from tanxin.cockpit.homes import HOME_CONSENTS
    from tanxin.orgs.models import ConsentGrant
    from tests.personas import _org

    world = chain.world
    bank, nanshan = world.orgs["bank_with_consent"], world.orgs["enterprise_a"].jurisdiction
    for i in range(HOME_CONSENTS + 5):
        extra = _org("enterprise", f"筛查企业{i:02d}", nanshan, f"HC{i:06d}")
        ConsentGrant.objects.create(enterprise=extra, grantee=bank, purpose="授信调查")
    response = world.client("bank_with_consent").get("/")
    home = response.context["bank_homes"][0]
    assert len(home.consents) == HOME_CONSENTS and home.consents_total == HOME_CONSENTS + 6
    names = [e.name_zh for e, _band in home.consents]
    assert names == sorted(names)  # the first ones by name
    html = response.content.decode()
    assert 'data-testid="consents-more"' in html and f"共 {HOME_CONSENTS + 6} 家企业" in html


def test_an_enterprise_with_nothing_to_do_is_told_so(chain):  # noqa: F811
    response = chain.world.client("enterprise_b").get("/")
    assert response.context["waiting"] is False
    assert "暂无待办事项。" in response.content.decode()
    busy = chain.world.client("enterprise_a").get("/")  # its loan's borrower has a report due or a finding
    assert busy.context["waiting"] is ("暂无待办事项。" not in busy.content.decode())
