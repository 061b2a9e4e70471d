from django.apps import AppConfig


class CareConfig(AppConfig):
    """Screening results, the safety plan and the medication timeline."""

    name = "glimmers.care"
    label = "care"
    verbose_name = "Care"
    default_auto_field = "django.db.models.BigAutoField"
