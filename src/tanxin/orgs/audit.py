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
