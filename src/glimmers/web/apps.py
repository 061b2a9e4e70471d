from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "glimmers.web"
    label = "web"
    verbose_name = "Web"

    def ready(self) -> None:
        # The risk check's prepared lexicon and model, kept by earlier processes
        # (glimmers.prepared_store): the first words a page reads are read quickly too.
        from glimmers import prepared_store

        prepared_store.install()
