from django.apps import AppConfig


class AccountingConfig(AppConfig):
    name = "tanxin.accounting"
    label = "accounting"
