from django.apps import AppConfig


class ReconnectConfig(AppConfig):
    """The reconnection toolkit: plan, activities, goals, pleasures, exercises, experiments, shared words."""

    name = "glimmers.reconnect"
    label = "reconnect"
    verbose_name = "Reconnect"
    default_auto_field = "django.db.models.BigAutoField"
