from django.apps import AppConfig


class MatchmakingConfig(AppConfig):
    name = "tanxin.matchmaking"
    label = "matchmaking"
    verbose_name = "Matchmaking"
