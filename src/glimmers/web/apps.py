from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "glimmers.web"
    label = "web"
    verbose_name = "Web"
