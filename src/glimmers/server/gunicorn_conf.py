"""gunicorn's own settings for ``glimmers server run`` (``-c python:glimmers.server.gunicorn_conf``):
its log lines in the same JSON shape as the app's, and no access log of its own (the app's
names routes, never paths or queries)."""

accesslog = None
# gunicorn 25 and later open a control socket in the home folder, shared by every server of
# the same account: a second server would take the first one's. Not used here.
control_socket_disable = True
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "glimmers.server.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "glimmers.server.logs.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
    },
}
