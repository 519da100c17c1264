"""Deal services against the database: refusals that lose nothing, reproducible runs, the portable
description, the facts other apps read and the borrowers' subsidy."""

from datetime import date

import pytest

from tanxin.common.errors import Conflict, DomainError
from tanxin.securitisation import facts, services
from tanxin.securitisation.domain.subsidy import Terms, subsidy
from tanxin.securitisation.models import Deal, PoolLoan, Run
from tanxin.securitisation.services import runs
from tests.securitisation import support

pytestmark = pytest.mark.django_db


@pytest.fixture
def dw():
    return support.build()


def test_a_loan_in_a_live_deal_cannot_enter_a_second_one(dw):
    second = services.create_deal(dw.guarantor_user, {"name_zh": "第二个计划", "cut_off": dw.deal.cut_off,
                                                      "first_payment": dw.deal.first_payment})  # fmt: skip
    services.update_deal(dw.guarantor_user, second.pk, {"rules": dw.deal.rules})
    with pytest.raises(DomainError) as caught:
        services.set_pool(dw.guarantor_user, second.pk, [dw.loan_id])
    assert caught.value.code == "ineligible" and caught.value.details["loans"][str(dw.loan_id)] == ["other_deal"]
    assert not PoolLoan.objects.filter(deal=second).exists()
    # and the database refuses it too, whatever the service checked
    line = PoolLoan.objects.get(deal=dw.deal)
    line.pk, line.deal = None, second
    with pytest.raises(Exception):  # noqa: B017 - IntegrityError on SQLite and PostgreSQL alike
        from django.db import transaction

        with transaction.atomic():
            line.save()
    assert Conflict.status == 409


def test_an_ineligible_loan_is_refused_with_its_reasons_and_the_pool_is_unchanged(dw):
    services.update_deal(dw.guarantor_user, dw.deal.pk, {"rules": {"bands": ["A"]}})
    with pytest.raises(DomainError) as caught:
        services.set_pool(dw.guarantor_user, dw.deal.pk, [dw.loan_id])
    assert caught.value.details["loans"][str(dw.loan_id)] == ["band"]
    assert PoolLoan.objects.filter(deal=dw.deal, active=True).count() == 1


def test_concentration_limits_name_the_loan_that_breaks_them(dw):
    services.update_deal(dw.guarantor_user, dw.deal.pk, {"rules": {"max_obligor_bp": 5000}})
    with pytest.raises(DomainError) as caught:
        services.set_pool(dw.guarantor_user, dw.deal.pk, [dw.loan_id])
    assert "obligor" in caught.value.details["loans"][str(dw.loan_id)]


def test_a_failed_run_stores_its_error_and_nothing_else(dw):
    before = Run.objects.filter(ok=True).count()
    with pytest.raises(DomainError) as caught:
        services.run_stress(dw.guarantor_user, dw.deal.pk, {"paths": 10**9})
    assert caught.value.code == "too_many_paths"
    failed = Run.objects.get(ok=False)
    assert failed.error and failed.results == {} and failed.pool == [] and Run.objects.filter(ok=True).count() == before


def test_tranches_larger_than_the_pool_are_refused_and_the_structure_is_kept(dw):
    data = dict(dw.deal.structure)
    data["tranches"] = [dict(t) for t in data["tranches"]]
    data["tranches"][0]["balance_fen"] += 10**9
    with pytest.raises(DomainError) as caught:
        services.set_structure(dw.guarantor_user, dw.deal.pk, data)
    assert caught.value.code == "tranches_exceed_pool"
    assert Deal.objects.get(pk=dw.deal.pk).structure == dw.deal.structure


def test_a_stored_run_gives_the_same_numbers_when_repeated(dw):
    assert runs.reproduce(dw.base) == dw.base.results
    assert runs.reproduce(dw.stress) == dw.stress.results
    assert dw.base.price_digest and dw.base.deal_version == Deal.objects.get(pk=dw.deal.pk).version
    assert dw.stress.seed == 7 and dw.stress.paths == 200


def test_the_exported_description_imports_as_a_new_deal_once_the_loan_is_free(dw):
    exported = services.export_deal(dw.deal)
    Deal.objects.filter(pk=dw.deal.pk).update(status=Deal.Status.WITHDRAWN)
    PoolLoan.objects.filter(deal=dw.deal).update(active=False)
    copy = services.import_deal(dw.guarantor_user, exported)
    assert copy.pk != dw.deal.pk and copy.structure == dw.deal.structure
    assert list(copy.pool.values_list("loan_id", flat=True)) == [dw.loan_id]
    with pytest.raises(DomainError):
        services.import_deal(dw.guarantor_user, {"format": "something else"})


def test_facts_summarise_deals_for_the_cockpit_and_the_borrower(dw):
    [summary] = facts.deals({dw.deal.jurisdiction_id})
    assert summary.loan_count == 1 and summary.enterprise_ids == (dw.world.orgs["enterprise_a"].pk,)
    assert summary.pool_balance_fen == PoolLoan.objects.get(deal=dw.deal).balance_fen
    assert summary.senior_outstanding_fen <= summary.outstanding_fen <= summary.pool_balance_fen
    assert facts.deals({999_999}) == []
    assert [s.id for s in facts.deals_for_enterprise(dw.world.orgs["enterprise_a"].pk)] == [dw.deal.pk]
    assert facts.deals_for_enterprise(dw.world.orgs["enterprise_b"].pk) == []


def test_the_subsidy_is_half_the_financing_cost_capped_per_firm_and_year():
    assert subsidy(1_000_00) == 500_00
    assert subsidy(3_000_000_00) == 1_000_000_00
    assert subsidy(3_000_00, Terms(cap_fen=1_000_00)) == 1_000_00


def test_subsidy_lines_cover_three_years_from_the_cut_off(dw):
    lines = facts.subsidy_lines(dw.deal.pk)
    assert [x.year for x in lines] == [dw.deal.cut_off.year + k for k in range(3)]
    first = lines[0]
    assert first.financing_cost_fen > 0 and first.subsidy_fen == min(first.financing_cost_fen // 2, first.cap_fen)
    assert facts.subsidy_lines(999_999) == []


def test_bad_dates_are_field_errors(dw):
    with pytest.raises(DomainError) as caught:
        services.create_deal(dw.guarantor_user, {"name_zh": "x", "cut_off": date(2026, 10, 30),
                                                 "first_payment": date(2026, 10, 1)})  # fmt: skip
    assert "first_payment" in caught.value.details
