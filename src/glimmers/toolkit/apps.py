from django.apps import AppConfig


class ToolkitConfig(AppConfig):
    """The reconnection toolkit: plan, activities, goals, pleasures, exercises, experiments, shared words."""

    name = "glimmers.toolkit"
    # The app's first name, kept as its label: every journal already made has
    # its tables (reconnect_plan, ...) and migrations under it.
    label = "reconnect"
    verbose_name = "Toolkit"
    default_auto_field = "django.db.models.BigAutoField"
