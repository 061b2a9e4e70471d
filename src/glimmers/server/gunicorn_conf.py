"""gunicorn's own settings for ``glimmers server run`` (``-c python:glimmers.server.gunicorn_conf``):
its log lines in the same JSON shape as the app's, and no access log of its own (the app's
names routes, never paths or queries)."""

from glimmers.server.logs import json_lines

accesslog = None
# gunicorn 25 and later open a control socket in the home folder, shared by every server of
# the same account: a second server would take the first one's. Not used here.
control_socket_disable = True
logconfig_dict = json_lines({"gunicorn.error": "INFO", "gunicorn.access": "OFF"})
