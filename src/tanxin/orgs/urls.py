from django.urls import path

from tanxin.orgs import inbox, views

app_name = "orgs"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("export.<str:fmt>", views.export, name="export"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("import/", views.import_page, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("consents/", views.consents, name="consents"),
    path("consents/<int:consent_id>/revoke/", views.revoke_consent, name="revoke_consent"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/read/", inbox.mark_read, name="inbox_read_all"),
    path("inbox/preferences/", inbox.preferences, name="inbox_preferences"),
    path("inbox/<int:notification_id>/read/", inbox.mark_read, name="inbox_read"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
    path("jurisdictions/", views.jurisdictions, name="jurisdictions"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("members/<int:membership_id>/role/", views.set_role, name="set_role"),
    path("<int:org_id>/", views.detail, name="detail"),
    path("<int:org_id>/edit/", views.edit, name="edit"),
    path("<int:org_id>/history/", views.history, name="history"),
    path("<int:org_id>/invite/", views.invite, name="invite"),
]
