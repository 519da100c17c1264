from django.apps import AppConfig


class LendingConfig(AppConfig):
    name = "tanxin.lending"
    label = "lending"
    verbose_name = "Lending"

    def ready(self) -> None:
        from tanxin.lending.relationships import pledgee_of
        from tanxin.orgs.access import register_relationship

        register_relationship("pledgee", pledgee_of)
