"""What the server keeps about each account besides the journal itself."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from glimmers.config import Config
from glimmers.people import Owned


class Preferences(Owned):
    """One person's settings: what ``config.toml`` holds for the local app."""

    timezone = models.CharField(max_length=64, blank=True, default="")
    country = models.CharField(max_length=8, blank=True, default="")
    country_asked = models.BooleanField(default=False)
    calendar_titles = models.CharField(max_length=8, blank=True, default="")
    language = models.CharField(max_length=8, blank=True, default="")
    # The calendar feed's key: calendar apps cannot sign in, so the address carries it.
    feed_key = models.CharField(max_length=64, blank=True, default="", db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner"], name="one_preferences_per_person")]

    def as_config(self) -> Config:
        return Config(
            timezone=self.timezone,
            country=self.country,
            country_asked=self.country_asked,
            calendar_titles=self.calendar_titles,
            language=self.language,
        )

    def take(self, config: Config) -> None:
        self.timezone = config.timezone
        self.country = config.country
        self.country_asked = config.country_asked
        self.calendar_titles = config.calendar_titles
        self.language = config.language


class Invitation(models.Model):
    """A one-time code that lets one person sign up while sign-up is by invitation."""

    digest = models.CharField(max_length=64, unique=True)
    made_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.used_at is None and now < self.expires_at


class Account(models.Model):
    """Facts about an account the person may see: the sign-in before this one, and
    whether (and when) they asked for it to be deleted."""

    GRACE = timedelta(days=30)

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="glimmers_account")
    previous_sign_in = models.DateTimeField(null=True, blank=True)
    # Set when the person confirmed, from the emailed link, that the account should go.
    closing_since = models.DateTimeField(null=True, blank=True)

    def purge_after(self):
        return self.closing_since + self.GRACE if self.closing_since else None
