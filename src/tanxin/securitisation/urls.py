from django.urls import path

from tanxin.securitisation.views import deals, runs

app_name = "securitisation"
urlpatterns = [
    path("", deals.deal_list, name="deals"),
    path("new/", deals.deal_new, name="deal_new"),
    path("import/", deals.deal_import, name="deal_import"),
    path("<int:deal_id>/", deals.deal_detail, name="deal"),
    path("<int:deal_id>/edit/", deals.deal_edit, name="deal_edit"),
    path("<int:deal_id>/pool/", deals.deal_pool, name="deal_pool"),
    path("<int:deal_id>/structure/", deals.deal_structure, name="deal_structure"),
    path("<int:deal_id>/run/<str:kind>/", deals.deal_run, name="deal_run"),
    path("<int:deal_id>/export.json", deals.deal_export, name="deal_export"),
    path("<int:deal_id>/tape.xlsx", runs.tape, name="tape"),
    path("<int:deal_id>/runs/<int:run_id>/", runs.run_detail, name="run"),
    path("<int:deal_id>/reports/<str:kind>/", runs.report, name="report"),
    path("<int:deal_id>/reports/<str:kind>.<str:fmt>", runs.report_file, name="report_file"),
]
