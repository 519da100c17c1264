from django.urls import path

from tanxin.disclosure import portal, views

app_name = "disclosure"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("bureau/", views.bureau, name="bureau"),
    path("bureau/overview.xlsx", views.bureau_xlsx, name="bureau_xlsx"),
    path("v/<int:version_id>/", views.detail, name="detail"),
    path("v/<int:version_id>/edit/", views.edit, name="edit"),
    path("v/<int:version_id>/act/<str:action>/", views.act, name="act"),
    path("v/<int:version_id>/refresh/", views.refresh, name="refresh"),
    path("v/<int:version_id>/comment/", views.comment, name="comment"),
    path("v/<int:version_id>/assign/", views.assign, name="assign"),
    path("v/<int:version_id>/finding/", views.finding, name="finding"),
    path("v/<int:version_id>/finding/<int:finding_id>/resolve/", views.resolve, name="resolve"),
    path("v/<int:version_id>/statement/", views.statement, name="statement"),
    path("v/<int:version_id>/statement/<int:statement_id>/", views.statement_download, name="statement_download"),
    path("v/<int:version_id>/verify/", views.verify, name="verify"),
    path("v/<int:version_id>/restate/", views.restate, name="restate"),
    path("v/<int:version_id>/report.pdf", views.pdf, name="pdf"),
    path("v/<int:version_id>/bundle.json", views.bundle, name="bundle"),
    path("v/<int:version_id>/report.xlsx", views.xlsx, name="xlsx"),
    path("public/", portal.index, name="public"),
    path("public/open-data.csv", portal.open_data_csv, name="open_data_csv"),
    path("public/<int:enterprise_id>/", portal.enterprise, name="public_enterprise"),
]
