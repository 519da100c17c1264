"""The base of every audited business model: its change history and a plain label.

``history`` (django-simple-history, ``inherit=True``) gives each concrete subclass its own
``Historical<Model>`` table exactly as a per-model ``history = HistoricalRecords()`` would, so moving a
model onto this base changes nothing in the database. Services set ``obj._history_user = user`` before
saving, so every change records who made it. The gated manager stays on each model
(``objects = XQuerySet.as_manager()``): its rule is the model's own.
"""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords


class AuditedModel(models.Model):
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


def change_stamp(*model_classes: type[models.Model]) -> tuple:
    """A stamp that changes whenever a row of these models is added, saved or deleted: for a model with a
    change history, its newest history row (every save and delete writes one); for an append-only model, its
    highest id and its number of rows. Read from indexes, so a few milliseconds whatever the table's size.
    A queryset ``.update()`` writes no history and is not seen: the services never use one on these models."""
    out = []
    for model in model_classes:
        history = getattr(model, "history", None)
        if history is not None:
            out.append(history.model.objects.order_by().aggregate(top=models.Max("history_id"))["top"])
        else:
            found = model._default_manager.order_by().aggregate(top=models.Max("pk"), n=models.Count("pk"))
            out.append((found["top"], found["n"]))
    return tuple(out)


def app_stamp(app_label: str) -> tuple:
    """``change_stamp`` over every model of an app (its change-history tables are read through their models)."""
    from django.apps import apps

    config = apps.get_app_config(app_label)
    return change_stamp(*(m for m in config.get_models() if not m.__name__.startswith("Historical")))
