from django.urls import path

from tanxin.cockpit import views

app_name = "cockpit"
urlpatterns = [
    path("", views.start, name="start"),
    path("public/<str:code>/<int:year>/", views.public_summary, name="public"),
    path("<str:code>/<int:year>/", views.board, name="board"),
    path("<str:code>/<int:year>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<str:code>/<int:year>/report.xlsx", views.report_xlsx, name="report_xlsx"),
]
