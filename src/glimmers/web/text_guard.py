"""Form data that is not UTF-8 is refused, never stored as U+FFFD.

Django decodes a query string and a form body with ``errors="replace"``, so
bytes that are not UTF-8 would quietly become U+FFFD (�) in what is saved,
while the terminal refuses the same bytes. This middleware reads the raw
bytes first and answers such a request with a calm page naming the field,
in the same words the terminal uses (``glimmers.core.text``), and nothing
is saved. A U+FFFD the person typed themselves is real text and passes.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.shortcuts import render

from glimmers.core.text import label_of, unreadable_message

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def unreadable_fields(encoded: bytes) -> list[str]:
    """The names of the fields in a URL-encoded query or body whose name or value is not UTF-8."""
    found = []
    for pair in encoded.split(b"&"):
        if not pair:
            continue
        name, _sep, value = pair.partition(b"=")
        raw_name = unquote_to_bytes(name.replace(b"+", b" "))
        raw_value = unquote_to_bytes(value.replace(b"+", b" "))
        try:
            shown = raw_name.decode("utf-8")
            raw_value.decode("utf-8")
        except UnicodeDecodeError:
            shown = raw_name.decode("utf-8", errors="replace")
            if shown not in found:
                found.append(shown)
    return found


def _body_fields(request) -> list[str]:
    content_type = request.META.get("CONTENT_TYPE", "").split(";", 1)[0].strip().lower()
    if request.method != "POST" or content_type not in FORM_TYPES:
        return []
    if content_type == FORM_TYPES[0]:
        return unreadable_fields(request.body)
    return unreadable_parts(request.body, request.META.get("CONTENT_TYPE", ""))


def unreadable_parts(body: bytes, content_type: str) -> list[str]:
    """The names of the text fields of a multipart body that are not UTF-8 (Django would
    decode them leniently). An uploaded file is bytes, and whoever reads it checks it."""
    boundary = next(
        (item.split("=", 1)[1].strip().strip('"') for item in content_type.split(";")[1:] if item.strip().startswith("boundary=")),
        "",
    )
    if not boundary:
        return [""]
    found = []
    for part in body.split(b"--" + boundary.encode("latin-1")):
        head, separator, payload = part.partition(b"\r\n\r\n")
        if not separator:
            continue
        if b"filename=" in head:
            continue
        name = head.split(b'name="', 1)[1].split(b'"', 1)[0] if b'name="' in head else b""
        try:
            name.decode("utf-8")
            payload.decode("utf-8")
        except UnicodeDecodeError:
            found.append(name.decode("utf-8", errors="replace"))
    return found


def refuse_unreadable_text(get_response):
    def middleware(request):
        names = unreadable_fields(get_bytes_from_wsgi(request.META, "QUERY_STRING", "")) or _body_fields(request)
        if names:
            from glimmers.core.i18n import _

            label = label_of(names[0]) if names[0] else _("Something you sent")
            return render(request, "web/unreadable.html", {"message": unreadable_message(label)}, status=400)
        return get_response(request)

    return middleware
