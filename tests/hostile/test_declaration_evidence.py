"""A support-fund declaration posted with a refused evidence file is not saved (wrong kind, too large, empty);
with an accepted file both are saved together."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tanxin.common.errors import DomainError
from tanxin.support.models import Declaration, EvidenceFile
from tanxin.support.services import applications
from tests.support.conftest import PDF, make_scheme


@pytest.fixture
def app(world):
    return applications.start_application(world.users["enterprise_a"], make_scheme(world).pk)


def _post(world, app, name: str, content: bytes):
    return world.client("enterprise_a").post(f"/support/applications/{app.pk}/declare/", {
        "item_code": "ENT-2", "declared_points": "8", "statement": "产品获绿色设计认证",
        "file": SimpleUploadedFile(name, content),
    })  # fmt: skip


def test_a_declaration_with_a_file_of_the_wrong_kind_is_not_saved(world, app):
    response = _post(world, app, "cert.pdf", b"MZ\x90\x00 an executable dressed as a PDF")
    assert response.status_code == 400 and "仅接受" in response.content.decode()
    assert not Declaration.objects.exists() and not EvidenceFile.objects.exists()


def test_a_declaration_with_a_file_over_the_size_limit_is_not_saved(world, app, settings):
    settings.TANXIN_EVIDENCE_MAX_BYTES = len(PDF) - 1
    response = _post(world, app, "cert.pdf", PDF)
    assert response.status_code == 400 and "文件过大" in response.content.decode()
    assert not Declaration.objects.exists() and not EvidenceFile.objects.exists()


def test_a_refused_file_leaves_an_earlier_declaration_as_it_was(world, app):
    applications.save_declaration(world.users["enterprise_a"], app.pk, "ENT-2", Decimal(3), "旧说明")
    records = Declaration.history.count()
    assert _post(world, app, "cert.pdf", b"not a pdf at all").status_code == 400
    row = Declaration.objects.get()
    assert (row.declared_points, row.statement) == (3, "旧说明") and Declaration.history.count() == records


def test_the_service_refuses_the_pair_before_writing_anything(world, app):
    with pytest.raises(DomainError) as caught:
        applications.declare_with_evidence(world.users["enterprise_a"], app.pk, "ENT-2", Decimal(8), "",
                                           "empty.pdf", b"")  # fmt: skip
    assert "file" in caught.value.details
    assert not Declaration.objects.exists()


def test_a_declaration_with_an_accepted_file_saves_both(world, app):
    response = _post(world, app, "cert.pdf", PDF)
    assert response.status_code == 302
    assert Declaration.objects.get().declared_points == 8
    assert EvidenceFile.objects.get().item_code == "ENT-2"
