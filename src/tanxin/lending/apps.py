from django.apps import AppConfig


class LendingConfig(AppConfig):
    name = "tanxin.lending"
    label = "lending"
    verbose_name = "Lending"
