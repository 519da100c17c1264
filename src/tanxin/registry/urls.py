from django.urls import path

from tanxin.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.index, name="index"),
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/<int:account_id>/", views.account, name="account"),
    path("accounts/<int:account_id>/statement.<str:fmt>", views.statement, name="statement"),
    path("transfers/<int:request_id>/decide/", views.decide_transfer, name="decide_transfer"),
    path("allocation/", views.allocation, name="allocation"),
    path("allocation/organisations/", views.account_organisations, name="account_organisations"),
    path("compliance/", views.compliance, name="compliance"),
    path("compliance/enterprises/", views.obligation_enterprises, name="obligation_enterprises"),
    path("holds/", views.holds, name="holds"),
    path("holds/<str:ref>/<str:action>/", views.hold_action, name="hold_action"),
    path("reconciliation/", views.reconciliation, name="reconciliation"),
    path("reconciliation/<int:case_id>/", views.case, name="case"),
    path("public/", views.public, name="public"),
    path("public/certificate/", views.certificate, name="certificate"),
]
