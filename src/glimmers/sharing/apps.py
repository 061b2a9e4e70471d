from django.apps import AppConfig


class SharingConfig(AppConfig):
    """Grants to see chosen things, pairings for a daily check-in together, and the audit trail.

    Installed by the server only: the local app has one person and nobody to share with."""

    name = "glimmers.sharing"
    label = "sharing"
    verbose_name = "Sharing"
    default_auto_field = "django.db.models.BigAutoField"
