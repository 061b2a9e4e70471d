from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    """Cached insights and the notes for the clinician report."""

    name = "glimmers.analysis"
    label = "analysis"
    verbose_name = "Analysis"
    default_auto_field = "django.db.models.BigAutoField"
