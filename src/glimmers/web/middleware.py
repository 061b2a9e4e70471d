"""Request guards for the local web app.

The server listens on loopback only, but other accounts on the same machine
can reach loopback too; so every page except the crisis page asks for the
access token that ``glimmers serve`` prints, like a notebook server.
"""

from __future__ import annotations

import hmac
import zoneinfo
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone

TOKEN_PARAMETER = "token"
SESSION_KEY = "glimmers_token_digest"
# Pages that must never hide behind a token: help in a crisis, and the assets it needs.
# The calendar feed has its own key in the address (calendar apps cannot sign in).
OPEN_PATHS = ("/help-now/", "/static/", "/favicon.ico", "/sign-in/", "/calendar.ics")


def token_digest(token: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), token.encode(), "sha256").hexdigest()


def token_matches(candidate: str) -> bool:
    expected = settings.GLIMMERS_ACCESS_TOKEN
    return bool(expected) and hmac.compare_digest(candidate.encode(), expected.encode())


def signed_in(request) -> bool:
    """The visitor may see the private pages: a valid session, or no token in use at all."""
    expected = settings.GLIMMERS_ACCESS_TOKEN
    if not expected:
        return True
    session = getattr(request, "session", None)
    return session is not None and hmac.compare_digest(session.get(SESSION_KEY, ""), token_digest(expected))


class AccessTokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        expected = settings.GLIMMERS_ACCESS_TOKEN
        if not expected or request.path.startswith(OPEN_PATHS):
            return self.get_response(request)
        offered = request.GET.get(TOKEN_PARAMETER, "")
        if offered and token_matches(offered):
            request.session[SESSION_KEY] = token_digest(expected)
            remaining = request.GET.copy()
            del remaining[TOKEN_PARAMETER]
            query = f"?{urlencode(remaining, doseq=True)}" if remaining else ""
            return HttpResponseRedirect(request.path + query)
        if signed_in(request):
            return self.get_response(request)
        response = render(request, "web/sign_in.html", {"next": request.get_full_path()}, status=403)
        return response


def privacy_headers(get_response):
    """Nothing on a page may reach another host: no CDN, no fonts, no beacons."""
    policy = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )

    def middleware(request):
        response = get_response(request)
        response.setdefault("Content-Security-Policy", policy)
        response.setdefault("Cache-Control", "no-store")
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
        return response

    return middleware


def person_timezone(get_response):
    """Show every time in the person's own zone; storage stays in UTC."""

    def middleware(request):
        try:
            timezone.activate(zoneinfo.ZoneInfo(settings.GLIMMERS_TIMEZONE))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        return get_response(request)

    return middleware
