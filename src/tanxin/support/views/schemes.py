"""Bureau pages: scheme list, scheme designer (settings, criteria tree, eligibility), workflow buttons."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tanxin.orgs.gate import principal_for
from tanxin.support import mapping, queries
from tanxin.support.forms import CriterionForm, RuleForm, SchemeForm
from tanxin.support.models import Scheme
from tanxin.support.services import results, review, schemes
from tanxin.support.services.schemes import FROZEN_FIELDS
from tanxin.support.views._util import act, attempt, is_staff, offered_moves, saved, staff_scheme


@login_required
def index(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    if principal.is_bureau_staff:
        page = Paginator(queries.schemes_listed(request.user), queries.QUEUE_PAGE).get_page(request.GET.get("page"))
        return render(request, "support/schemes.html", {"schemes": page.object_list, "page": page, "query": ""})
    if queries.enterprise_of(request.user) is not None:
        ctx = {"rows": queries.eligible_schemes(request.user), "enterprise": queries.enterprise_of(request.user)}
        return render(request, "support/enterprise_home.html", ctx)
    if principal.is_expert:
        return redirect("support:expert_queue")
    return redirect("support:public_index")


def _form_page(request: HttpRequest, form, save, title: str, scheme: Scheme | None = None,
               done: str | None = None) -> HttpResponse:  # fmt: skip
    """The designer's form page: a valid POST calls ``save`` and returns to the scheme (the one ``save``
    returned for a new scheme) with a flash message; otherwise the form again, 400 when it has errors."""
    if request.method == "POST" and form.is_valid():
        result = attempt(form, save)
        if result is not None:
            messages.success(request, done or saved())
            return redirect("support:scheme", (scheme or result).pk)
    ctx = {"form": form, "title": title, "scheme": scheme}
    return render(request, "support/form.html", ctx, status=400 if form.errors else 200)


@login_required
def scheme_new(request: HttpRequest) -> HttpResponse:
    if not is_staff(request):
        raise PermissionDenied
    form = SchemeForm(request.POST or None)
    return _form_page(request, form, lambda: schemes.create_scheme(request.user, form.service_data()),
                      _("New support scheme"), done=_("Scheme created. Now add its criteria."))  # fmt: skip


@login_required
def scheme_edit(request: HttpRequest, scheme_id: int) -> HttpResponse:
    scheme = staff_scheme(request, scheme_id)
    frozen = frozenset() if scheme.status == "draft" else FROZEN_FIELDS
    # The form validates a copy, so the page title keeps the saved name when the form is refused.
    form = SchemeForm(request.POST or None, instance=Scheme.objects.get(pk=scheme.pk), frozen=frozen)
    return _form_page(request, form, lambda: schemes.update_scheme(request.user, scheme.pk, form.service_data()),
                      _("Edit %(scheme)s") % {"scheme": scheme}, scheme)  # fmt: skip


@login_required
def scheme_detail(request: HttpRequest, scheme_id: int) -> HttpResponse:
    scheme = staff_scheme(request, scheme_id)
    ctx = {
        "scheme": scheme,
        "draft": scheme.status == "draft",
        "categories": queries.criteria_by_category(scheme),
        "rows": {c.code: c for c in scheme.criteria.all()},
        "rules": mapping.eligibility_rules(scheme),
        "rule_rows": scheme.eligibility_rules.all(),
        "problems": schemes.validation_problems(scheme) if scheme.status == "draft" else [],
        "log": scheme.status_log.filter(application__isnull=True).select_related("actor"),
        "counts": scheme.applications.values("status").order_by("status"),
        "criterion_form": CriterionForm(),
        "rule_form": RuleForm(),
        "next_steps": [step for step in NEXT_STEPS.get(scheme.status, []) if step[0] in offered_moves(request, scheme)],
    }
    return render(request, "support/scheme.html", ctx)


# status -> [(target, label, needs reason)] shown as buttons on the scheme page
NEXT_STEPS = {
    "draft": [("open", gettext_lazy("Open for applications (freezes the criteria)"), False)],
    "open": [("closed", gettext_lazy("Close the application window"), False)],
    "closed": [("reviewing", gettext_lazy("Start expert review"), False)],
    "reviewing": [("result_draft", gettext_lazy("Rank and draft the awards"), False)],
    "result_draft": [
        ("approved", gettext_lazy("Approve the result"), False),
        ("back", gettext_lazy("Send back to review"), True),
    ],
    "publicity": [
        ("final", gettext_lazy("Make the result final"), False),
        ("back", gettext_lazy("Revise the result"), True),
    ],
}


@login_required
def criterion_form(request: HttpRequest, scheme_id: int, criterion_id: int | None = None) -> HttpResponse:
    scheme = staff_scheme(request, scheme_id)
    row = None
    if criterion_id is not None:
        row = scheme.criteria.filter(pk=criterion_id).first()
        if row is None:
            raise Http404
    form = CriterionForm(request.POST or None, instance=row)
    return _form_page(request, form,
                      lambda: schemes.save_criterion(request.user, scheme.pk, form.service_data(), criterion_id),
                      _("Criterion of %(scheme)s") % {"scheme": scheme}, scheme)  # fmt: skip


@login_required
@require_POST
def criterion_delete(request: HttpRequest, scheme_id: int, criterion_id: int) -> HttpResponse:
    scheme = staff_scheme(request, scheme_id)
    act(request, lambda: schemes.delete_criterion(request.user, scheme.pk, criterion_id), _("Criterion removed."))
    return redirect("support:scheme", scheme.pk)


@login_required
def rule_form(request: HttpRequest, scheme_id: int) -> HttpResponse:
    scheme = staff_scheme(request, scheme_id)
    form = RuleForm(request.POST or None)
    return _form_page(request, form, lambda: schemes.save_rule(request.user, scheme.pk, form.service_data()),
                      _("Eligibility rule of %(scheme)s") % {"scheme": scheme}, scheme)  # fmt: skip


@login_required
@require_POST
def rule_delete(request: HttpRequest, scheme_id: int, rule_id: int) -> HttpResponse:
    scheme = staff_scheme(request, scheme_id)
    act(request, lambda: schemes.delete_rule(request.user, scheme.pk, rule_id), _("Rule removed."))
    return redirect("support:scheme", scheme.pk)


@login_required
@require_POST
def scheme_move(request: HttpRequest, scheme_id: int) -> HttpResponse:
    scheme = staff_scheme(request, scheme_id)
    target, reason, user = request.POST.get("target", ""), request.POST.get("reason", ""), request.user
    steps = {
        "open": lambda: schemes.open_scheme(user, scheme.pk),
        "closed": lambda: schemes.move(user, scheme.pk, "closed", reason),
        "reviewing": lambda: schemes.move(user, scheme.pk, "reviewing", reason),
        "result_draft": lambda: results.build_result(user, scheme.pk),
        "approved": lambda: results.approve(user, scheme.pk),
        "final": lambda: results.finalise(user, scheme.pk),
        "back": lambda: results.send_back(user, scheme.pk, reason),
        "new_version": lambda: schemes.new_version(user, scheme.pk),
        "auto_assign": lambda: review.auto_assign(user, scheme.pk),
    }
    if target not in steps:
        raise Http404
    act(request, steps[target], _("Done."))
    if target == "new_version":
        latest = Scheme.objects.filter(previous=scheme).order_by("-version").first()
        if latest is not None:
            return redirect("support:scheme", latest.pk)
    following = request.POST.get("next", "")
    if following.startswith("/support/") and "//" not in following:  # only back into this module
        return redirect(following)
    return redirect("support:scheme", scheme.pk)
