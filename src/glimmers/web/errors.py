"""Error pages that stay calm and keep the way to help in view."""

from django.shortcuts import render
from django.template import loader
from django.http import HttpResponseServerError


def not_found(request, exception=None):
    return render(request, "web/problem.html", {"kind": "not_found"}, status=404)


def csrf_failure(request, reason=""):
    return render(request, "web/problem.html", {"kind": "expired"}, status=403)


def server_error(request):
    # No context processors or database here: they may be what failed.
    return HttpResponseServerError(loader.get_template("web/server_error.html").render({}))
