from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "tanxin.disclosure"
    label = "disclosure"
