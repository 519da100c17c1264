"""A deal description imported failing part-way: the draft deal, its rules and its pool are written when
setting its tranches fails. Nothing is kept — no deal, history row, pool line or tranche — and the same
description then imports whole."""

import pytest
from django.db import DatabaseError

from tanxin.securitisation import services
from tanxin.securitisation.models import Deal, PoolLoan, Tranche
from tanxin.securitisation.services import deals
from tests.race import fail_on_call
from tests.securitisation import support

pytestmark = pytest.mark.django_db


def _state() -> tuple[int, ...]:
    return Deal.objects.count(), Deal.history.count(), PoolLoan.objects.count(), Tranche.objects.count()


def test_an_import_failing_at_the_tranches_keeps_nothing_then_imports_whole(monkeypatch):
    dw = support.build()
    exported = services.export_deal(dw.deal)
    Deal.objects.filter(pk=dw.deal.pk).update(status=Deal.Status.WITHDRAWN)
    PoolLoan.objects.filter(deal=dw.deal).update(active=False)
    before = _state()
    calls = fail_on_call(monkeypatch, deals, "set_structure", 1, DatabaseError("connection lost"))
    with pytest.raises(DatabaseError):
        services.import_deal(dw.guarantor_user, exported)
    assert calls[0] == 1 and _state() == before
    monkeypatch.undo()
    copy = services.import_deal(dw.guarantor_user, exported)
    assert list(copy.pool.values_list("loan_id", flat=True)) == [dw.loan_id] and copy.structure == dw.deal.structure
