"""Values every template can use."""

from django.conf import settings


def shared(request):
    return {"person_timezone": settings.GLIMMERS_TIMEZONE}
