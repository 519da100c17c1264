import pytest


@pytest.fixture(autouse=True)
def _fresh_registry_caches():
    from tanxin.registry import services

    services.forget_caches()
    yield
    services.forget_caches()
