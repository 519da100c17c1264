from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "tanxin.registry"
    label = "registry"
