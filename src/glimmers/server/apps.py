from django.apps import AppConfig


class ServerConfig(AppConfig):
    name = "glimmers.server"
    label = "server"
    verbose_name = "glimmers server"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from glimmers.server import checks  # noqa: F401 - registers the deploy checks
