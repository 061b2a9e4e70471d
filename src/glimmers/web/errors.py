"""Error pages that stay calm and keep the way to help in view."""

from django.shortcuts import render
from django.template import loader
from django.http import HttpResponseServerError


def error_exit(get_response):
    """The web's one exit for errors a view does not handle itself.

    A record that does not exist (the core's NotFound, from any view or
    store) is the calm 404 page; any other GlimmersError is the problem
    page with its one readable sentence, status 400; a method a page does
    not take, the calm page instead of Django's blank 405. All keep the
    layout and the way to help. Views handle only the errors they can answer
    in place (a form shown again with what was wrong); nothing else needs a
    try/except in a view.
    """

    def middleware(request):
        response = get_response(request)
        if response.status_code == 405 and not getattr(response, "streaming", False) and not response.content:
            return not_allowed(request, response)
        return response

    def process_exception(request, exception):
        from glimmers.core.errors import GlimmersError, NotFound

        if isinstance(exception, NotFound):
            return not_found(request, exception)
        if isinstance(exception, GlimmersError) and not _is_storage_problem(exception):
            return render(request, "web/problem.html", {"kind": "refused", "message": exception.message}, status=400)
        return None

    middleware.process_exception = process_exception
    return middleware


def _is_storage_problem(exception) -> bool:
    """A journal that cannot be written has its own page (see glimmers.web.support)."""
    from glimmers.db import DatabaseProblem

    return isinstance(exception, DatabaseProblem)


def not_found(request, exception=None):
    return render(request, "web/problem.html", {"kind": "not_found"}, status=404)


def not_allowed(request, bare):
    """A method a page does not take (Django's bare 405): the calm page, the Allow header kept."""
    page = render(request, "web/problem.html", {"kind": "not_allowed"}, status=405)
    if bare.has_header("Allow"):
        page["Allow"] = bare["Allow"]
    return page


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
