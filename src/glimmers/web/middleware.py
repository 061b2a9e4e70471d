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
from django.http import HttpResponse, HttpResponseRedirect
from django.http.request import split_domain_port, validate_host
from django.shortcuts import render
from django.utils import timezone
from glimmers import preferences

TOKEN_PARAMETER = "token"
SESSION_KEY = "glimmers_token_digest"
# Pages that must never hide behind a token: help in a crisis, and the assets it needs.
# The calendar feed has its own key in the address (calendar apps cannot sign in).
# The app's manifest and service worker hold nothing private, and the help page
# they keep must work signed out.
OPEN_PATHS = ("/help-now/", "/static/", "/favicon.ico", "/sign-in/", "/calendar.ics", "/manifest.webmanifest", "/sw.js")


def token_digest(token: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), token.encode(), "sha256").hexdigest()


def token_matches(candidate: str) -> bool:
    expected = settings.GLIMMERS_ACCESS_TOKEN
    return bool(expected) and hmac.compare_digest(candidate.encode(), expected.encode())


def signed_in(request) -> bool:
    """The visitor may see the private pages: signed in to their account on the server;
    locally, a valid session, or no token in use at all."""
    if preferences.accounts():
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)
    expected = settings.GLIMMERS_ACCESS_TOKEN
    if not expected:
        return True
    session = getattr(request, "session", None)
    return session is not None and hmac.compare_digest(session.get(SESSION_KEY, ""), token_digest(expected))


# Requests a page elsewhere makes as part of itself (an image, a script, a
# fetch) carry these Fetch Metadata values; our own pages are same-origin.
FOREIGN_SITES = ("cross-site", "same-site")
SAFE_METHODS = ("GET", "HEAD")


def _refused(status: int, text: str) -> HttpResponse:
    """A bare answer that does not say what is running here."""
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def foreign_request(request) -> bool:
    """A request another site's page made as part of itself (Fetch Metadata).

    Following a link or typing the address (a navigation with GET) is always
    fine, so the crisis page can be reached from anywhere; an image, script,
    fetch or form post from another site is not. Browsers that send no such
    header (and calendar apps) are judged by the Host and the token alone.
    """
    site = request.META.get("HTTP_SEC_FETCH_SITE", "")
    if site not in FOREIGN_SITES:
        return False
    navigating = request.META.get("HTTP_SEC_FETCH_MODE", "") == "navigate"
    return not (navigating and request.method in SAFE_METHODS)


def request_guard(get_response):
    """The first check on every request, before static files and the token.

    Only the loopback names are answered (a page that renamed itself to our
    address, DNS rebinding, gets nothing), and other sites' pages cannot
    load anything from here, so they cannot tell that glimmers is running.
    """

    def middleware(request):
        domain, _port = split_domain_port(request.META.get("HTTP_HOST", "") or request.META.get("SERVER_NAME", ""))
        if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
            return _refused(400, "Bad Request")
        if foreign_request(request):
            return _refused(403, "Forbidden")
        return get_response(request)

    return middleware


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


def acting_person(get_response):
    """Each request works on one person's records (glimmers.people); locally, the only person there is."""
    from glimmers import people

    def middleware(request):
        with people.acting_as_the_local_person():
            return get_response(request)

    return middleware


def person_timezone(get_response):
    """Show every time in the person's own zone; storage stays in UTC."""

    def middleware(request):
        try:
            timezone.activate(zoneinfo.ZoneInfo(preferences.timezone_name()))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        return get_response(request)

    return middleware


def chosen_language(request) -> str:
    """The language for this request: the person's setting, else the browser's first
    language glimmers speaks, else the computer's, else English."""
    from django.utils.translation import get_supported_language_variant
    from django.utils.translation.trans_real import parse_accept_lang_header

    from glimmers.core import i18n

    setting = preferences.language()
    if i18n.supported(setting):
        return i18n.supported(setting)
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        try:
            return i18n.supported(get_supported_language_variant(code))
        except LookupError:
            continue
    return i18n.system_language() or i18n.DEFAULT


def speak_language(get_response):
    """Speak the chosen language in templates, Django's messages and the pure core alike,
    for this request only; the answer says which language it is in."""
    from django.utils import translation
    from django.utils.cache import patch_vary_headers

    from glimmers.core import i18n

    def middleware(request):
        code = chosen_language(request)
        with translation.override(code), i18n.speaking(code):
            request.LANGUAGE_CODE = code
            response = get_response(request)
            if hasattr(response, "render") and callable(response.render) and not getattr(response, "is_rendered", True):
                response.render()  # a lazy template response renders while the language is still chosen
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", code)
        return response

    return middleware
