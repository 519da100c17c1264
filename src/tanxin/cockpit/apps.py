from django.apps import AppConfig


class CockpitConfig(AppConfig):
    name = "tanxin.cockpit"
    label = "cockpit"
    verbose_name = "Cockpit"
