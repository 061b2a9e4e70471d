"""Values every template can use."""

from django.conf import settings


def shared(request):
    values = {"person_timezone": settings.GLIMMERS_TIMEZONE}
    session = getattr(request, "session", None)
    if session is not None and session.get("support_for"):
        from glimmers.web import support

        values["support"] = support.for_remembered_entry(request)
    return values
