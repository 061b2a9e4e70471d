"""Error pages that stay calm and keep the way to help in view."""

from django.shortcuts import render
from django.template import loader
from django.http import HttpResponseServerError


def not_found(request, exception=None):
    return render(request, "web/problem.html", {"kind": "not_found"}, status=404)


def bad_request(request, exception=None):
    """A request Django will not take (a body over the upload limit, a
    malformed form): the calm page with the way to help, not a bare 400."""
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent

    kind = "too_big" if isinstance(exception, (RequestDataTooBig, TooManyFieldsSent)) else "bad_request"
    return render(request, "web/problem.html", {"kind": kind}, status=400)


def csrf_failure(request, reason=""):
    return render(request, "web/problem.html", {"kind": "expired"}, status=403)


def server_error(request):
    # No context processors or database here: they may be what failed.
    return HttpResponseServerError(loader.get_template("web/server_error.html").render({}))
