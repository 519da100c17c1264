"""A test that commits registry rows for real, on either database: teardown's flush must still work."""

import pytest
from django.db import DatabaseError, connection, transaction

from tanxin.registry import services
from tanxin.registry.verification import verify

from .fixtures import build_registry


@pytest.mark.django_db(transaction=True)
def test_committed_ledger_rows_can_be_flushed_by_the_test_runner_but_not_deleted(world):
    reg = build_registry(world)
    services.transfer(world.users["enterprise_a"], reg.a.pk, reg.b.number, "SZA-2024", 5)
    assert verify().ok
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM registry_posting")
    # pytest-django's teardown flushes every table here; it must not fail on the append-only triggers.
