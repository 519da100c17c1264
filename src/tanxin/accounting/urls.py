from django.urls import path

from tanxin.accounting import months, views

app_name = "accounting"
urlpatterns = [
    path("", views.index, name="index"),
    path("factors/", views.factors, name="factors"),
    path("factors/new/", views.factor_create, name="factor_create"),
    path("factors/<int:factor_pk>/supersede/", views.factor_supersede, name="factor_supersede"),
    path("gwp/", views.gwp, name="gwp"),
    path("e/<int:enterprise_id>/", views.enterprise, name="enterprise"),
    path("e/<int:enterprise_id>/sources/new/", views.source_create, name="source_create"),
    path("e/<int:enterprise_id>/inventory/<int:year>/", views.inventory, name="inventory"),
    path("e/<int:enterprise_id>/inventory/<int:year>.xlsx", views.inventory, {"fmt": "xlsx"}, name="inventory_xlsx"),
    path("e/<int:enterprise_id>/statistics/<int:year>/", views.statistics, name="statistics"),
    path("e/<int:enterprise_id>/import/", views.import_page, name="import"),
    path("e/<int:enterprise_id>/import/template.xlsx", views.import_template, name="import_template"),
    path("sources/<int:source_id>/", views.source, name="source"),
    path("sources/<int:source_id>/edit/", views.source_edit, name="source_edit"),
    path("sources/<int:source_id>/months/", months.source_months, name="source_months"),
    path("lines/<int:line_id>/edit/", views.line_edit, name="line_edit"),
    path("lines/<int:line_id>/delete/", views.line_delete, name="line_delete"),
    path("lines/<int:line_id>/evidence/", views.line_evidence, name="line_evidence"),
    path("lines/<int:line_id>/explain/", views.explain, name="explain"),
    path("evidence/<int:evidence_id>/", views.evidence_download, name="evidence"),
]
