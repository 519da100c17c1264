from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "tanxin.web"
    label = "web"
    verbose_name = _("Web")

    def ready(self) -> None:
        from tanxin.web import text

        text.install()
