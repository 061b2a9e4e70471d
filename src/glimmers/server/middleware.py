"""Who a request acts as on the server, and what a signed-out visitor may reach."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from glimmers import people, preferences
from glimmers.web.middleware import OPEN_PATHS

# Answered to anyone: what the local app opens without its token (help in a
# crisis, the files pages and the app need, the calendar feed with its own key),
# except the token's own sign-in page; then the account pages themselves, the
# health check, the link that undoes a closing, and the admin (which sends
# signed-out visitors to the same sign-in as everyone, with two-factor).
OPEN_PREFIXES = (
    *(path for path in OPEN_PATHS if path != "/sign-in/"),
    "/accounts/", "/health/", "/admin/", "/account/closing/",
)


def is_open(path: str) -> bool:
    return path.startswith(OPEN_PREFIXES)


def acting_person(get_response):
    """A signed-in request reads and writes as its person (glimmers.people), for its whole
    length; a signed-out one reaches only the open pages and is sent to sign in for the rest."""
    from django.contrib.auth.views import redirect_to_login

    def middleware(request):
        preferences.forget()
        user = request.user
        if user.is_authenticated:
            with people.acting_as(user.pk):
                try:
                    return get_response(request)
                finally:
                    preferences.forget()
        if is_open(request.path):
            return get_response(request)
        return redirect_to_login(request.get_full_path())

    return middleware


def staff_two_factor(get_response):
    """Staff reach the admin only with two-factor sign-in switched on."""

    def middleware(request):
        if request.path.startswith("/admin/") and request.user.is_authenticated and request.user.is_staff:
            from allauth.mfa.utils import is_mfa_enabled

            if not is_mfa_enabled(request.user):
                messages.warning(request, _("Staff need two-factor sign-in before opening the admin. Set it up here first."))
                return redirect("mfa_activate_totp")
        return get_response(request)

    return middleware


# How often a session's "last seen" (and its browser and address) is brought up to date.
SEEN_EVERY_SECONDS = 10 * 60
_SEEN_KEY = "glimmers_seen_at"


def track_sessions(get_response):
    """django-allauth's record of where a person is signed in, kept up to date at most every
    ten minutes a session: allauth's own middleware writes on every request, which a busy
    service pays for on every page."""
    import time

    from allauth.usersessions.internal import usersessionkit

    def middleware(request):
        user, session = getattr(request, "user", None), getattr(request, "session", None)
        if user is not None and user.is_authenticated and session is not None:
            now = int(time.time())
            if now - int(session.get(_SEEN_KEY, 0)) >= SEEN_EVERY_SECONDS:
                usersessionkit.track_activity(request, user=user, session=session)
                session[_SEEN_KEY] = now
        return get_response(request)

    return middleware
