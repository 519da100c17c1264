"""Report services: pinning inputs, the workflow with actors and reasons, verification, publication,
immutability, restatement, and the facts other modules read."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from tanxin.common.errors import Conflict, DomainError, NotFound, PermissionDenied
from tanxin.disclosure import facts, services
from tanxin.disclosure.models import Finding, ReportVersion, Statement, WorkflowEvent
from tests.disclosure.support import PDF, drive, make_inputs

pytestmark = pytest.mark.django_db


def test_a_new_report_pins_the_accounting_figures_as_integers(world):
    a = world.orgs["enterprise_a"]
    version = services.create_report(world.users["enterprise_a"], a.pk, 2025, inputs=make_inputs(a.pk))
    assert (version.state, version.number, version.total_kg) == ("draft", 1, 1_234_567)
    assert version.ghg_location_kg == 1_234_577
    assert version.previous_year_kg == 1_000_000 and version.quality_score == 92
    assert version.snapshot_digest == "d" * 64
    assert version.events.get().action == "create"


def test_only_the_enterprise_opens_its_own_report(world):
    a = world.orgs["enterprise_a"]
    for persona in ("enterprise_b", "bureau_officer", "verifier_assigned", "bank_with_consent"):
        with pytest.raises(PermissionDenied):
            services.create_report(world.users[persona], a.pk, 2025, inputs=make_inputs())


def test_a_second_annual_report_for_the_same_year_is_a_conflict(world):
    drive(world, "draft")
    with pytest.raises(Conflict):
        drive(world, "draft")


def test_malformed_inputs_are_refused_and_nothing_is_saved(world):
    a = world.orgs["enterprise_a"]
    bad = make_inputs()
    bad["total_kg"]["china_regulatory"] = 12.5
    with pytest.raises(DomainError) as err:
        services.create_report(world.users["enterprise_a"], a.pk, 2025, inputs=bad)
    assert err.value.code == "invalid_payload"
    assert not ReportVersion.objects.exists()


def test_every_transition_is_logged_with_actor_role_and_reason(world):
    version = drive(world, "published")
    events = list(WorkflowEvent.objects.filter(version=version).values_list("action", "role", "actor__username"))
    assert events == [
        ("create", "enterprise", "enterprise_a"), ("submit", "enterprise", "enterprise_a"),
        ("accept", "bureau", "bureau_officer"), ("start_verification", "bureau", "bureau_officer"),
        ("verify", "verifier", "verifier_assigned"), ("publish", "bureau", "bureau_officer"),
    ]  # fmt: skip
    assert version.verified_kg == 1_234_000 and version.published_at is not None


def test_a_returned_report_carries_the_reason_as_a_comment_and_can_be_revised(world):
    version = drive(world, "returned")
    assert version.comments.get().body == "请补充边界说明"
    version = services.act(world.users["enterprise_a"], version.pk, "revise")
    assert version.state == "draft"


def test_returning_without_a_reason_is_refused(world):
    version = drive(world, "submitted")
    with pytest.raises(DomainError) as err:
        services.act(world.users["bureau_officer"], version.pk, "return", "  ")
    assert err.value.details == {"reason": ["This field is required."]} or "reason" in err.value.details
    assert ReportVersion.objects.get(pk=version.pk).state == "submitted"


def test_editing_a_submitted_report_is_a_conflict_and_changes_nothing(world):
    version = drive(world, "submitted")
    with pytest.raises(Conflict) as err:
        services.update_content(world.users["enterprise_a"], version.pk, {"boundary": "改动"})
    assert err.value.code == "report_immutable"
    assert ReportVersion.objects.get(pk=version.pk).boundary == ""


def test_the_wrong_role_gets_403_and_a_stranger_404(world):
    version = drive(world, "submitted")
    with pytest.raises(PermissionDenied):
        services.act(world.users["enterprise_a"], version.pk, "accept")
    with pytest.raises(NotFound):
        services.act(world.users["enterprise_b"], version.pk, "accept")
    with pytest.raises(Conflict):
        services.act(world.users["enterprise_a"], version.pk, "submit")


def test_a_report_without_figures_cannot_be_submitted(world):
    a = world.orgs["enterprise_a"]
    version = services.create_report(world.users["enterprise_a"], a.pk, 2025, inputs={})
    with pytest.raises(DomainError) as err:
        services.act(world.users["enterprise_a"], version.pk, "submit")
    assert err.value.code == "no_inputs"


def test_only_the_assigned_verifier_acts_and_the_other_does_not_even_see_it(world):
    version = drive(world, "in_verification")
    other = world.users["verifier_other"]
    with pytest.raises(NotFound):
        services.add_finding(other, version.pk, "observation", "抽查发票")
    with pytest.raises(NotFound):
        services.upload_statement(other, version.pk, "s.pdf", PDF)
    with pytest.raises(NotFound):
        services.verify(other, version.pk, 1)
    with pytest.raises(PermissionDenied):
        services.verify(world.users["enterprise_a"], version.pk, 1)
    assert ReportVersion.objects.get(pk=version.pk).state == "in_verification"


def test_a_statement_must_be_a_real_pdf_of_bounded_size(world, settings):
    version = drive(world, "in_verification")
    verifier = world.users["verifier_assigned"]
    with pytest.raises(DomainError) as err:
        services.upload_statement(verifier, version.pk, "statement.pdf", b"PK\x03\x04 not a pdf")
    assert err.value.code == "invalid_file"
    settings.TANXIN_DISCLOSURE_STATEMENT_MAX_BYTES = 100
    with pytest.raises(DomainError) as err:
        services.upload_statement(verifier, version.pk, "statement.pdf", PDF + b"x" * 200)
    assert err.value.code == "too_large"
    assert not Statement.objects.exists()


def test_verification_needs_a_statement_and_no_open_material_finding(world):
    version = drive(world, "in_verification")
    verifier = world.users["verifier_assigned"]
    with pytest.raises(DomainError) as err:
        services.verify(verifier, version.pk, 1_000_000)
    assert err.value.code == "statement_missing"
    services.upload_statement(verifier, version.pk, "statement.pdf", PDF)
    finding = services.add_finding(verifier, version.pk, Finding.Severity.MATERIAL, "电表读数与发票不符")
    with pytest.raises(Conflict):
        services.verify(verifier, version.pk, 1_000_000)
    services.resolve_finding(verifier, finding.pk)
    with pytest.raises(DomainError):
        services.verify(verifier, version.pk, -5)
    assert services.verify(verifier, version.pk, 1_000_000).state == "verified"


def test_a_published_version_is_immutable_in_services_and_in_the_database(world):
    version = drive(world, "published")
    with pytest.raises(Conflict):
        services.update_content(world.users["enterprise_a"], version.pk, {"boundary": "x"})
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportVersion.objects.filter(pk=version.pk).update(total_kg=1)
    assert ReportVersion.objects.get(pk=version.pk).total_kg == 1_234_567


def test_a_restatement_is_a_new_version_with_a_reason_and_a_diff(world):
    from tanxin.disclosure import content

    published = drive(world, "published")
    new_inputs = make_inputs(total=1_300_000)
    new = services.restate(world.users["enterprise_a"], published.pk, "补录12月柴油发票", inputs=new_inputs)
    assert (new.number, new.state, new.previous_id) == (2, "draft", published.pk)
    assert new.restatement_reason == "补录12月柴油发票"
    diff = content.diff(published, new)
    changed = {c.key: (c.old, c.new) for c in diff.totals_changed}
    assert changed["total_kg"] == (1_234_567, 1_300_000)
    assert [c.line_id for c in diff.lines_changed] == ["L1"]
    with pytest.raises(Conflict):
        services.restate(world.users["enterprise_a"], published.pk, "again", inputs=new_inputs)
    assert ReportVersion.objects.get(pk=published.pk).state == "published"


def test_restating_a_draft_or_without_a_reason_is_refused(world):
    version = drive(world, "submitted")
    with pytest.raises(Conflict):
        services.restate(world.users["enterprise_a"], version.pk, "reason", inputs=make_inputs())
    published = drive(world, "published", year=2024)
    with pytest.raises(DomainError):
        services.restate(world.users["enterprise_a"], published.pk, "", inputs=make_inputs())


def test_verified_emissions_are_whole_tonnes_half_up_of_the_latest_verified_version(world):
    a = world.orgs["enterprise_a"].pk
    assert facts.verified_emissions(a, 2025) is None
    drive(world, "in_verification", total=2_000_000)
    assert facts.verified_emissions(a, 2025) is None
    version = ReportVersion.objects.get()
    services.upload_statement(world.users["verifier_assigned"], version.pk, "s.pdf", PDF)
    services.verify(world.users["verifier_assigned"], version.pk, 1_999_500)
    assert facts.verified_emissions(a, 2025).tonnes == 2000  # 1,999.5 t rounds half-up
    # the intensity is on the verified basis: 0.4321 pinned on 2,000,000 kg × 1,999,500 / 2,000,000 = 0.431992
    verified_at = ReportVersion.objects.get(pk=version.pk).verified_at
    assert facts.disclosure(a, 2025) == facts.DisclosureFacts(a, 2025, published=False, verified=True,
                                                              total_kg=1_999_500,
                                                              intensity_value_added=Decimal("0.431992"),
                                                              verified_at=verified_at)  # fmt: skip
    services.act(world.users["bureau_officer"], version.pk, "publish")
    assert facts.disclosure(a, 2025).published is True
    b = world.orgs["enterprise_b"].pk
    assert facts.disclosure(b, 2025) == facts.DisclosureFacts(b, 2025, False, False, None, None)


def test_verifying_a_report_hands_the_figure_to_the_registry_as_the_obligation(world):
    from tanxin.registry import facts as registry

    a = world.orgs["enterprise_a"].pk
    drive(world, "in_verification", total=2_000_000)
    version = ReportVersion.objects.get()
    services.upload_statement(world.users["verifier_assigned"], version.pk, "s.pdf", PDF)
    assert registry.position(a, 2025).obligation_t is None
    services.verify(world.users["verifier_assigned"], version.pk, 1_999_500)
    pos = registry.position(a, 2025)
    assert (pos.obligation_t, pos.obligation_source) == (2000, "disclosure")


