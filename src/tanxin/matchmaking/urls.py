from django.urls import path

from tanxin.matchmaking.views import catalogue, requests, station, subsidy

app_name = "matchmaking"
urlpatterns = [
    path("", requests.request_list, name="index"),
    path("catalogue/", catalogue.public_catalogue, name="catalogue"),
    path("summary/", station.public_summary, name="summary"),
    path("products/", catalogue.product_list, name="products"),
    path("products/new/", catalogue.product_new, name="product_new"),
    path("products/<int:product_id>/", catalogue.product_detail, name="product"),
    path("products/<int:product_id>/do/<str:action>/", catalogue.product_step, name="product_step"),
    path("requests/new/", requests.request_new, name="request_new"),
    path("requests/<int:request_id>/", requests.request_detail, name="request"),
    path("requests/<int:request_id>/accept/", requests.request_accept, name="request_accept"),
    path("requests/<int:request_id>/answer/", requests.request_answer, name="request_answer"),
    path("requests/<int:request_id>/disburse/", requests.request_disburse, name="request_disburse"),
    path("requests/<int:request_id>/withdraw/", requests.request_withdraw, name="request_withdraw"),
    path("disbursements/<int:disbursement_id>/use/", requests.report_use, name="report_use"),
    path("station/", station.dashboard, name="station"),
    path("station/report.pdf", station.report_pdf, name="station_pdf"),
    path("station/report.xlsx", station.report_xlsx, name="station_xlsx"),
    path("meetings/", station.meeting_list, name="meetings"),
    path("meetings/new/", station.meeting_new, name="meeting_new"),
    path("subsidy/claim/", subsidy.claim, name="subsidy_claim"),
]
