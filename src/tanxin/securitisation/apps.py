from django.apps import AppConfig


class SecuritisationConfig(AppConfig):
    name = "tanxin.securitisation"
    label = "securitisation"
    verbose_name = "Securitisation"
