from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _forget_cached_rows(**kwargs) -> None:
    """A flush or migrate may delete instrument rows; the per-process caches must not outlive them."""
    from tanxin.registry import services

    services.forget_caches()


class RegistryConfig(AppConfig):
    name = "tanxin.registry"
    label = "registry"

    def ready(self) -> None:
        post_migrate.connect(_forget_cached_rows, dispatch_uid="registry_forget_caches")
