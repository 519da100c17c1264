"""The site's routes plus two that fail, for the server-error tests (``pytest.mark.urls``)."""

from django.urls import path

from tanxin.config.urls import handler403, handler404, handler500
from tanxin.config.urls import urlpatterns as site


def _fail(request):
    raise RuntimeError("planted failure")


urlpatterns = [path("planted-failure/", _fail), path("api/v1/planted-failure", _fail), *site]
__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
