from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "tanxin.support"
    label = "support"
