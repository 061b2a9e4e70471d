"""The server's log: one JSON object a line, each tied to its request by an id,
and never a word of anyone's journal.

What a line may carry is chosen here, not left to whoever logs: the access
line names the route's *pattern* (``entry/<str:ref>/edit/``), never the
path or the query (a search term is journal content); exceptions are logged
by type and the places they passed through, never by their message (a
database error repeats the values it was given). The person is named by
their account number only.
"""

from __future__ import annotations

import json
import logging
import secrets
import time
import traceback
from contextvars import ContextVar

REQUEST_ID_HEADER = "X-Request-ID"
_request_id: ContextVar[str] = ContextVar("glimmers_request_id", default="-")
access = logging.getLogger("glimmers.access")


def current_request_id() -> str:
    return _request_id.get()


def _incoming_id(request) -> str:
    """The proxy's id when it sent a plain one (so its log and ours join), else a new one."""
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    if 8 <= len(offered) <= 64 and all(ch.isalnum() or ch in "-_" for ch in offered):
        return offered
    return secrets.token_hex(8)


def request_log(get_response):
    """Give each request an id (in the answer's X-Request-ID too) and log one line when it ends."""

    def middleware(request):
        token = _request_id.set(_incoming_id(request))
        request.glimmers_request_id = _request_id.get()  # for lines logged after this returns
        started = time.perf_counter()
        status = 500
        try:
            response = get_response(request)
            status = response.status_code
            response[REQUEST_ID_HEADER] = _request_id.get()
            return response
        finally:
            match = getattr(request, "resolver_match", None)
            user = getattr(request, "user", None)
            access.info(
                "request",
                extra={
                    "method": request.method,
                    "route": match.route if match else _unrouted(request.path),
                    "status": status,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                    "person": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            _request_id.reset(token)

    return middleware


def _unrouted(path: str) -> str:
    """The route of a request answered before its view (a sign-in redirect), else for a
    path no route matches, only a first segment of ours (static, favicon)."""
    from django.urls import Resolver404, resolve

    try:
        return resolve(path).route
    except Resolver404:
        pass
    first = path.strip("/").split("/", 1)[0]
    return first[:32] if first in ("static", "favicon.ico", "health") else "(unmatched)"


def json_lines(levels: dict[str, str]) -> dict:
    """A logging configuration writing these loggers (name -> level) to stderr as JSON lines;
    other loggers' warnings too. The app and gunicorn (gunicorn_conf) both use it."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "glimmers.server.logs.RequestIdFilter"}},
        "formatters": {"json": {"()": "glimmers.server.logs.JsonFormatter"}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]}},
        "root": {"handlers": ["stderr"], "level": "WARNING"},
        "loggers": {name: {"handlers": ["stderr"] if level != "OFF" else [], "level": "CRITICAL" if level == "OFF" else level,
                           "propagate": False} for name, level in levels.items()},
    }


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs a failed response after the middleware is done: its request says whose.
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "glimmers_request_id", None) or current_request_id()
        if hasattr(record, "status_code") and not hasattr(record, "status"):
            record.status = record.status_code
        return True


# Fields a log line may carry besides its message; anything else given in ``extra`` is dropped.
ALLOWED_FIELDS = ("method", "route", "status", "ms", "person", "event", "count")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "request_id": getattr(record, "request_id", current_request_id()),
            "message": _message(record),
        }
        for field in ALLOWED_FIELDS:
            if hasattr(record, field):
                line[field] = getattr(record, field)
        if record.exc_info and record.exc_info[0] is not None:
            kind, _value, trace = record.exc_info
            line["exception"] = kind.__qualname__
            line["where"] = [f"{frame.filename.rsplit('/site-packages/', 1)[-1]}:{frame.lineno} {frame.name}" for frame in traceback.extract_tb(trace)][-8:]
        return json.dumps(line, ensure_ascii=False, default=str)


def _message(record: logging.LogRecord) -> str:
    """The message without its arguments: Django's own lines put the path and the
    exception's text there, and either can hold what a person wrote."""
    if record.name.startswith("glimmers.") or record.name == "glimmers":
        return record.getMessage()
    template = str(record.msg)
    # gunicorn's own lines (booting, listening, workers) are filled in, except those
    # that repeat a request it could not read, which can hold what was typed.
    if record.name == "gunicorn.error" and not template.startswith(("Invalid request", "Error handling request")):
        return record.getMessage()[:200]
    return template[:200]
