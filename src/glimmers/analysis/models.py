"""Insights are computed once and kept until the data they came from changes."""

from __future__ import annotations

from django.db import models

from glimmers.people import Owned, unique_per_owner


class CachedResult(Owned):
    """One computed result (the dashboard, the report's findings), keyed by
    name, with the fingerprint of the data it was computed from."""

    name = models.CharField(max_length=64)
    fingerprint = models.CharField(max_length=128)
    computed_at = models.DateTimeField()
    payload = models.JSONField()

    class Meta:
        constraints = [unique_per_owner("name", name="cachedresult_name_per_owner")]


class HelpNote(Owned):
    """The person's own words for the report: what they would like help with."""

    text = models.TextField(blank=True, default="")
    updated_at = models.DateTimeField()
