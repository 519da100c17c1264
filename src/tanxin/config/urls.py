from __future__ import annotations

import importlib
import importlib.util

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tanxin.config.api import api
from tanxin.web import views as web_views

# Where each module's pages live; a module without urls.py is skipped.
URL_PREFIXES = {"orgs": "directory/"}

urlpatterns = [
    path("", web_views.home, name="home"),
    path("healthz", web_views.healthz, name="healthz"),
    path("search/", web_views.search, name="search"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

for label in settings.TANXIN_APPS:
    module_name = f"tanxin.{label}.urls"
    if importlib.util.find_spec(module_name) is not None:
        urlpatterns.append(path(URL_PREFIXES.get(label, f"{label}/"), include(module_name)))

handler403 = "tanxin.web.views.forbidden"
handler404 = "tanxin.web.views.not_found"
handler500 = "tanxin.web.views.server_error"
