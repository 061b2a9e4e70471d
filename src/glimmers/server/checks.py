"""Our own deploy checks, run by ``glimmers server check`` beside Django's (``check --deploy``)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

PRINTING_BACKENDS = ("console", "locmem", "filebased", "dummy")


@register(Tags.security, deploy=True)
def service_settings(app_configs=None, **kwargs):
    found = []
    if settings.GLIMMERS_SERVER_LOCAL:
        return [Warning("The server runs in local trial mode (plain HTTP, loopback names, emails printed).", id="glimmers.W001")]
    backend = settings.EMAIL_BACKEND.rsplit(".", 2)[-2]
    if backend in PRINTING_BACKENDS:
        found.append(Error(f"Emails are not sent ({settings.EMAIL_BACKEND}): sign-up and password resets need them.",
                           hint="Set GLIMMERS_EMAIL_HOST and GLIMMERS_EMAIL_FROM.", id="glimmers.E001"))
    if settings.GLIMMERS_SIGNUP == "open":
        found.append(Warning("Anyone who finds this service can make an account (GLIMMERS_SIGNUP=open).",
                             hint="GLIMMERS_SIGNUP=invite lets in only people given a code by 'glimmers server invite'.",
                             id="glimmers.W002"))
    if not settings.SESSION_COOKIE_SECURE:
        found.append(Error("Cookies would travel over plain HTTP (GLIMMERS_INSECURE_HTTP is set).", id="glimmers.E002"))
    if settings.SECURE_PROXY_SSL_HEADER is None and not settings.SECURE_SSL_REDIRECT:
        found.append(Warning("No TLS proxy is declared; set GLIMMERS_BEHIND_TLS_PROXY=1 when a proxy ends TLS.", id="glimmers.W003"))
    return found


@register(Tags.staticfiles, deploy=True)
def static_files_collected(app_configs=None, **kwargs):
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists():
        return []
    return [Error(f"The static files are not collected in {settings.STATIC_ROOT}.",
                  hint="Run 'glimmers server init' (it collects them).", id="glimmers.E003")]
