from django.urls import path

from tanxin.lending.views import loans, screening

app_name = "lending"
urlpatterns = [
    path("", loans.loan_list, name="loans"),
    path("loans/new/", loans.loan_new, name="loan_new"),
    path("loans/new/enterprises/", loans.loan_enterprises, name="loan_enterprises"),
    path("loans/<int:loan_id>/", loans.loan_detail, name="loan"),
    path("loans/<int:loan_id>/do/<str:action>/", loans.loan_step, name="loan_step"),
    path("loans/<int:loan_id>/documents/<int:document_id>/", loans.document, name="loan_document"),
    path("portfolio/", loans.portfolio, name="portfolio"),
    path("notices/", loans.notices, name="notices"),
    path("screening/", screening.screening_list, name="screening"),
    path("screening/activity/", screening.activity, name="screening_activity"),
    path("screening/consents/", screening.consents, name="screening_consents"),
    path("screening/consents/<int:request_id>/answer/", screening.consent_answer, name="screening_consent_answer"),
    path("screening/consents/<int:request_id>/withdraw/", screening.consent_withdraw,
         name="screening_consent_withdraw"),
    path("screening/scorecards/", screening.scorecards, name="screening_scorecards"),
    path("screening/scorecards/<int:version_id>/activate/", screening.scorecard_activate, name="screening_activate"),
    path("screening/visits/<int:visit_id>/report/", screening.visit_report, name="screening_visit_report"),
    path("screening/<int:enterprise_id>/", screening.card_page, name="screening_card"),
    path("screening/<int:enterprise_id>/profile.pdf", screening.profile, name="screening_profile"),
    path("screening/<int:enterprise_id>/credit/new/", screening.credit_new, name="screening_credit_new"),
    path("screening/<int:enterprise_id>/financials/new/", screening.financials_new, name="screening_financials_new"),
    path("screening/<int:enterprise_id>/visits/new/", screening.visit_new, name="screening_visit_new"),
    path("screening/<int:enterprise_id>/outreach/new/", screening.outreach_new, name="screening_outreach_new"),
]
