"""The installable app: its manifest, its service worker, and the token the
worker needs to send a check-in it kept while the server was out of reach."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.template.loader import get_template, render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, gettext as _
from django.views.decorators.http import require_GET
from django.middleware.csrf import get_token

from glimmers import __version__
from glimmers.web.views import OUTBOX_HEADER

ICONS = (("glimmers/icon-192.png", "192x192", "any"), ("glimmers/icon-512.png", "512x512", "any"),
         ("glimmers/icon-maskable-512.png", "512x512", "maskable"))


@require_GET
def manifest(request):
    document = {
        "name": "glimmers",
        "short_name": "glimmers",
        "description": _("Notice numbness, catch glimmers, find what helps. Everything stays with you."),
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#f7f5f0",
        "theme_color": "#2f5d8a",
        "icons": [{"src": static(path), "sizes": sizes, "type": "image/png", "purpose": purpose} for path, sizes, purpose in ICONS],
        "shortcuts": [{"name": _("Need help now"), "url": reverse("help_now")}],
    }
    return HttpResponse(json.dumps(document, ensure_ascii=False), content_type="application/manifest+json")


@lru_cache(maxsize=1)
def _version() -> str:
    """Changes with glimmers, the worker and the stylesheet, so an update replaces what was kept."""
    parts = [__version__.encode(), get_template("web/app/sw.js").template.source.encode()]
    css = finders.find("glimmers/site.css")
    if css:
        with open(css, "rb") as handle:
            parts.append(handle.read())
    return hashlib.sha256(b"\0".join(parts)).hexdigest()[:16]


def _unreachable_text() -> str:
    """What the installed app says when glimmers cannot be reached and no help page is kept yet."""
    from glimmers import preferences

    if preferences.accounts():
        return _(
            "The glimmers service cannot be reached just now: check your connection and try again. If you are in "
            "danger or might act on thoughts of harming yourself, call your local emergency number now."
        )
    return _(
        "Start glimmers again on your computer. If you are in danger or might act on thoughts of harming "
        "yourself, call your local emergency number now."
    )


@require_GET
def service_worker(request):
    text = render_to_string(
        "web/app/sw.js",
        {
            "version": _version(),
            "css": static("glimmers/site.css"),
            "icon": static("glimmers/icon.svg"),
            "outbox_header": OUTBOX_HEADER,
            "help_now": _("Need help now"),
            "kept_title": _("Kept on this device"),
            "kept_text": _(
                "glimmers could not be reached just now, so your check-in is kept here and will be sent the next "
                "time glimmers opens. Nothing is lost."
            ),
            "kept_help": _("Crisis lines (they work offline)"),
            "unreachable_title": _("glimmers cannot be reached"),
            "unreachable_text": _unreachable_text(),
            "LANGUAGE_CODE": get_language(),
        },
        # No request: the page context would take the support waiting in the
        # session, and the browser fetches the worker beside the page that shows it.
    )
    response = HttpResponse(text, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"  # the browser checks for a new worker on every visit
    return response


@require_GET
def outbox_token(request):
    """The current form token, for the worker to send what it kept (signed-in only)."""
    return JsonResponse({"csrf": get_token(request)})
