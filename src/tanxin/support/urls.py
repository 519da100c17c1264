from django.urls import path

from tanxin.support.views import applications, exports, public, results, schemes

app_name = "support"
urlpatterns = [
    path("", schemes.index, name="index"),
    path("dashboard/", results.dashboard, name="dashboard"),
    path("expert/", applications.expert_queue, name="expert_queue"),
    path("public/", public.public_index, name="public_index"),
    path("public/<int:scheme_id>/", public.public_criteria, name="public_criteria"),
    path("public/<int:scheme_id>/publicity/", public.public_publicity, name="public_publicity"),
    path("public/<int:scheme_id>/objection/", public.objection, name="objection"),
    path("schemes/new/", schemes.scheme_new, name="scheme_new"),
    path("schemes/<int:scheme_id>/", schemes.scheme_detail, name="scheme"),
    path("schemes/<int:scheme_id>/edit/", schemes.scheme_edit, name="scheme_edit"),
    path("schemes/<int:scheme_id>/move/", schemes.scheme_move, name="scheme_move"),
    path("schemes/<int:scheme_id>/criteria/new/", schemes.criterion_form, name="criterion_new"),
    path("schemes/<int:scheme_id>/criteria/<int:criterion_id>/", schemes.criterion_form, name="criterion_edit"),
    path(
        "schemes/<int:scheme_id>/criteria/<int:criterion_id>/delete/", schemes.criterion_delete, name="criterion_delete"
    ),
    path("schemes/<int:scheme_id>/rules/new/", schemes.rule_form, name="rule_new"),
    path("schemes/<int:scheme_id>/rules/<int:rule_id>/delete/", schemes.rule_delete, name="rule_delete"),
    path("schemes/<int:scheme_id>/apply/", applications.apply, name="apply"),
    path("schemes/<int:scheme_id>/applications/", applications.queue, name="queue"),
    path("schemes/<int:scheme_id>/results/", results.result_page, name="results"),
    path("schemes/<int:scheme_id>/publicity/", results.publicity_start, name="publicity_start"),
    path("schemes/<int:scheme_id>/results.xlsx", exports.results_xlsx, name="results_xlsx"),
    path("schemes/<int:scheme_id>/results.pdf", exports.results_pdf, name="results_pdf"),
    path("objections/<int:objection_id>/answer/", results.answer, name="answer"),
    path("applications/<int:app_id>/", applications.detail, name="application"),
    path("applications/<int:app_id>/<str:action>/", applications.post, name="application_post"),
    path("evidence/<int:evidence_id>/", applications.evidence, name="evidence"),
]
