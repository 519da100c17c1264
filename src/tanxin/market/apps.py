from django.apps import AppConfig


class MarketConfig(AppConfig):
    name = "tanxin.market"
    label = "market"
