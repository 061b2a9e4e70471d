"""The people bench/server_load.py sends at the server: Locust users that sign in and use glimmers.

Not run on its own: bench/server_load.py starts Locust with this file and
says through environment variables who may sign in and how to behave
(``GLIMMERS_LOAD_*``, read in :func:`_setting`). Each simulated person

* signs in once through the real form (the page first, for its CSRF token,
  then the address and password, checked with Argon2 as for anyone);
* then, with 1–3 s to think between steps, checks in (the form of the last
  Today page, sent back as a browser sends it, then the Today page the
  answer leads to), opens Today, the timeline, and now and then the insights.

A check-in that meets a kept-open connection the server has just closed
without reading it (gunicorn closes idle connections after two seconds,
and a request sent at that moment is dropped unanswered) is sent again
once, as browsers do; the form's uid makes the server store it once. It is
counted under its own name, never hidden.

``Flood`` is another kind: no thinking, only check-ins, to find how many a
second the server keeps up with.

``Clinician`` is the third: a clinician someone shares with. It signs in with
the password and then, on allauth's two-factor page, with the code an
authenticator app would show (made from the secret the script seeded), and
then, with 1–3 s to think, opens the person page of the one person who shares
with it (every scope, the whole clinician report, each look written into that
person's trail) most often, now and then the page of people who help and the
report as a PDF.

Every answer is kept (when it ended, which page, how long, whether it was
right) and written to a file when Locust quits, so the script computes its
own percentiles over the exact window it measures instead of Locust's
rounded running totals. Check-ins are also counted as they are *sent*,
before any answer, so that a request cut off half-way still counts against
what the database holds.

Each person's connection comes from a loopback address of its own
(127.77.x.y): the sign-in limit counts per address, as it would for people
at home, while every request still stays on this machine.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import random
import re
import struct
import time
import uuid
from typing import ClassVar
from urllib.parse import urlencode

from gevent import GreenletExit
from locust import FastHttpUser, LoadTestShape, between, constant, events, task

PERSON_EMAIL = "person{:05d}@load.example.org"
CLINICIAN_EMAIL = "clinician{:03d}@load.example.org"  # as bench/server_load.py seeds them (clinician_email)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_UID = re.compile(r'name="uid" value="([0-9a-f]+)"')
# Page names as the results name them.
SIGN_IN_PAGE, SIGN_IN, CHECK_IN, TODAY, TIMELINE, INSIGHTS = (
    "sign-in page", "sign-in", "check-in", "Today", "timeline", "insights",
)
TWO_FACTOR_PAGE, TWO_FACTOR = "two-factor page", "two-factor code"
PERSON_PAGE, PEOPLE_WHO_HELP, REPORT_PDF = "clinician's person page", "People who help", "clinician's report PDF"
TWO_FACTOR_PATH = "/accounts/2fa/authenticate/"
# On the person page only when the clinician report is there (web/_report_body.html), and its questionnaire rows.
REPORT_MARKERS = ('<article class="report"', "PHQ-9")
CLOSED_UNANSWERED = "check-in on a closed connection, sent again"
NOTES = ("", "", "flat morning", "a bit more here after the walk", "tired, heavy", "talked with a friend", "nothing much")
TAGS = ("", "work, meeting", "home, alone", "walk, outdoors", "friends", "cooking", "")


def _setting(name: str, default: str = "") -> str:
    return os.environ.get(f"GLIMMERS_LOAD_{name}", default)


class _Plan:
    """What the script asked for, read once."""

    people = int(_setting("PEOPLE", "0"))
    history = int(_setting("HISTORY", "0"))
    clinicians = int(_setting("CLINICIANS", "0"))
    grant_namespace = _setting("GRANT_NAMESPACE")
    password = _setting("PASSWORD")
    samples_file = _setting("SAMPLES")
    think = tuple(float(part) for part in _setting("THINK", "1,3").split(","))
    seed = int(_setting("SEED", "1"))
    steps: ClassVar[list[int]] = [int(part) for part in _setting("STEPS").split(",") if part]
    step_seconds = float(_setting("STEP_SECONDS", "45"))
    step_measure_seconds = float(_setting("STEP_MEASURE_SECONDS", "25"))
    spawn_rate = float(_setting("SPAWN_RATE", "5"))
    stop_above_ms = float(_setting("STOP_ABOVE_MS", "250"))


class _Record:
    """Every answer and every check-in sent, in this process."""

    samples: ClassVar[list[tuple]] = []
    checkins_sent: ClassVar[list[str]] = []  # the uid of every check-in form sent, as it left
    checkins_answered: ClassVar[list[str]] = []  # the uids the server answered "stored" (302 to Today)
    checkins_refused: ClassVar[list[str]] = []  # the uids answered otherwise, or whose request failed
    checkins_cut_off: ClassVar[list[str]] = []  # the uids whose sending the run's own stop interrupted
    stopping = False  # the run is ending: nobody starts a new check-in
    people_order: ClassVar[list[int]] = []
    clinicians_order: ClassVar[list[int]] = []
    steps_done: ClassVar[list[dict]] = []
    user_errors: ClassVar[list[str]] = []
    failure_reasons: ClassVar[dict[str, int]] = {}


def _next_person() -> int:
    """A different person for every simulated user, drawn at random (seeded) from everyone seeded:
    about one in ten has a year of data, as the seeding made them."""
    if not _Record.people_order:
        order = list(range(_Plan.people))
        random.Random(_Plan.seed).shuffle(order)
        _Record.people_order = order[::-1]
    return _Record.people_order.pop()


def _next_clinician() -> int:
    """A different clinician for every simulated clinician, drawn at random (seeded) from those seeded."""
    if not _Record.clinicians_order:
        order = list(range(_Plan.clinicians))
        random.Random(_Plan.seed).shuffle(order)
        _Record.clinicians_order = order[::-1]
    return _Record.clinicians_order.pop()


def _clinician_secret(number: int) -> str:
    """The authenticator secret bench/server_load.py seeded for clinician ``number`` (clinician_secret there)."""
    return base64.b32encode(hashlib.sha256(f"glimmers load clinician {number}".encode()).digest()[:20]).decode()


def _grant_public_id(number: int) -> str:
    """The public id of clinician ``number``'s grant, as bench/server_load.py seeded it (grant_public_id there)."""
    return uuid.uuid5(uuid.UUID(_Plan.grant_namespace), f"grant-{number}").hex


def _hotp(secret: str, counter: int) -> str:
    """RFC 4226's six digits, as allauth's ``hotp_value`` computes them (which cannot be imported here:
    it needs Django's settings, and this process has none)."""
    digest = hmac.new(base64.b32decode(secret, casefold=True), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 10**6:06d}"


def _code_now(secret: str) -> str:
    """The code an authenticator app shows now. A person who sees the code about to turn waits for the
    next one; so does this, since allauth accepts the current 30-second period only and a code sent
    in its last seconds could reach the server after it."""
    if time.time() % 30 > 20:
        time.sleep(30 - time.time() % 30 + 0.1)
    return _hotp(secret, int(time.time()) // 30)


def _source_address(number: int, block: int = 77) -> str:
    """A loopback address of the person's own (127.77.0.1, 127.77.0.2, …; clinicians from 127.78.0.1)."""
    return f"127.{block}.{number // 250}.{number % 250 + 1}"


def _bind_connections(client, address: str) -> None:
    """Make the client's connections start from ``address`` (geventhttpclient has no option
    for it, so the pool's connect step binds the socket first)."""
    from geventhttpclient.client import HTTPClientPool

    class BoundPool(HTTPClientPool):
        def get_client(self, url):
            found = super().get_client(url)
            if not getattr(found, "_glimmers_bound", False):
                pool = found._connection_pool
                connect = pool._connect_socket

                def bound_connect(sock, where, connect=connect):
                    sock.bind((address, 0))
                    return connect(sock, where)

                pool._connect_socket = bound_connect
                found._glimmers_bound = True
            return found

    agent = client.client
    agent.clientpool = BoundPool(**agent.clientpool.client_args)


@events.request.add_listener
def _keep(request_type, name, response_time, response_length, exception, context, start_time=None, **_ignored):
    ended = (start_time or time.time()) + response_time / 1000
    if exception is not None:
        reason = f"{name}: {exception}"[:200]
        _Record.failure_reasons[reason] = _Record.failure_reasons.get(reason, 0) + 1
    _Record.samples.append((round(ended, 3), name, round(response_time, 2), exception is None, bool(context.get("history"))))


@events.test_stopping.add_listener
def _stop_sending(**_ignored):
    """Locust kills a person who was pausing when the run ends, and the kill can land after that person
    woke and began a check-in, before it left (it did, in the connection pool): such a check-in counted
    as sent would never reach the server. So once the run ends, no new check-in starts."""
    _Record.stopping = True


@events.user_error.add_listener
def _keep_crash(user_instance, exception, tb, **_ignored):
    """A task that raised (a bug here, or an answer it could not read) is an error too, never silence."""
    _Record.user_errors.append(f"{type(exception).__name__}: {exception}"[:300])


@events.quitting.add_listener
def _write(environment, **_ignored):
    if not _Plan.samples_file:
        return
    with open(f"{_Plan.samples_file}.{os.getpid()}.json", "w", encoding="utf-8") as out:
        json.dump({"samples": _Record.samples, "checkins_sent": _Record.checkins_sent,
                   "checkins_answered": _Record.checkins_answered, "checkins_refused": _Record.checkins_refused,
                   "checkins_cut_off": _Record.checkins_cut_off,
                   "steps": _Record.steps_done,
                   "user_errors": _Record.user_errors, "failure_reasons": _Record.failure_reasons}, out)


def _location(answer) -> str | None:
    """Where an answer sends the browser (None when the request itself failed and there is no answer)."""
    return (answer.headers or {}).get("Location")


def _closed_unanswered(answer) -> bool:
    """The connection was closed before any answer came: the server never read the request."""
    from geventhttpclient.response import HTTPConnectionClosed

    error = answer.request_meta.get("exception") or getattr(answer, "error", None)
    return answer.status_code == 0 and isinstance(error, HTTPConnectionClosed | ConnectionResetError)


def _why(answer, what: str) -> str:
    """What went wrong, with the connection's own error when there was no answer at all."""
    error = answer.request_meta.get("exception") or getattr(answer, "error", None)
    said = f"{what} answered {answer.status_code}" + (f" to {_location(answer)!r}" if _location(answer) else "")
    return said + (f" ({type(error).__name__}: {error})" if error else "")


class _Browser(FastHttpUser):
    """Someone in a browser: signs in through the real form, then reads pages."""

    abstract = True
    network_timeout = 60.0
    connection_timeout = 30.0
    max_retries = 0  # a check-in is never sent twice behind the script's back

    def _origin(self) -> dict:
        return {"Origin": self.host.rstrip("/"), "Content-Type": "application/x-www-form-urlencoded"}

    def _token(self, path: str, name: str) -> str | None:
        """Open a form's page (a sign-in step) for its CSRF token; None (a failure kept) without one."""
        with self.client.get(path, name=name, catch_response=True) as page:
            tokens = TOKEN.findall(page.text or "")
            if page.status_code != 200 or not tokens:
                page.failure(_why(page, name) + " without a form")
                return None
        return tokens[0]

    def _send(self, path: str, name: str, values: dict, leads_to: str) -> bool:
        """Send a sign-in step's form; whether it was answered with a redirect to ``leads_to``."""
        with self.client.post(path, data=urlencode(values), headers=self._origin(), name=name,
                              allow_redirects=False, catch_response=True) as answer:
            if answer.status_code != 302 or _location(answer) != leads_to:
                answer.failure(_why(answer, name))
                return False
        return True

    def sign_in(self, email: str, leads_to: str = "/") -> bool:
        """The address and password through the real form (checked with Argon2), answered with ``leads_to``."""
        token = self._token("/accounts/login/", SIGN_IN_PAGE)
        if token is None:
            return False
        return self._send("/accounts/login/", SIGN_IN, {"csrfmiddlewaretoken": token, "login": email, "password": _Plan.password},
                          leads_to)


class _Person(_Browser):
    """One person in a browser: signs in once, then keeps a CSRF token and a fresh check-in form."""

    abstract = True

    def on_start(self) -> None:
        number = _next_person()
        self.has_history = number < _Plan.history
        _bind_connections(self.client, _source_address(number))
        self.token = ""
        self.form_uid = ""
        if self.sign_in(PERSON_EMAIL.format(number)):
            self.today()

    def context(self) -> dict:
        return {"history": getattr(self, "has_history", False)}

    def _remember_form(self, body: str) -> None:
        tokens, uids = TOKEN.findall(body), FORM_UID.findall(body)
        self.token = tokens[0] if tokens else self.token
        self.form_uid = uids[0] if uids else ""

    def today(self) -> None:
        with self.client.get("/", name=TODAY, catch_response=True) as page:
            body = page.text or ""
            if page.status_code != 200 or "checkin-form" not in body:
                page.failure(_why(page, "Today") + " without the check-in form")
                return
            self._remember_form(body)

    def check_in(self) -> None:
        if not self.form_uid:  # every check-in is sent from a form never sent before
            self.today()
            if not self.form_uid:
                return
        if _Record.stopping:
            return
        values = {
            "csrfmiddlewaretoken": self.token, "uid": self.form_uid,
            "numbness": random.randint(0, 10), "mood": random.randint(-5, 5),
            "energy": random.randint(0, 10), "stress": random.randint(0, 10),
            "tags": random.choice(TAGS), "note": random.choice(NOTES), "when": "",
        }
        self.form_uid = ""
        _Record.checkins_sent.append(values["uid"])
        try:
            answered = self._send_check_in(values)
        except GreenletExit:
            _Record.checkins_cut_off.append(values["uid"])  # counted apart, and looked up in the database
            raise
        if answered:
            self.today()  # where the answer leads, as in a browser; it brings the next form

    def _send_check_in(self, values: dict) -> bool:
        """Send the check-in (once more if the server closed the connection unread); whether it was stored."""
        for last_try in (False, True):
            with self.client.post("/", data=urlencode(values), headers=self._origin(), name=CHECK_IN,
                                  allow_redirects=False, catch_response=True) as answer:
                if not last_try and _closed_unanswered(answer):
                    # As a browser does when the server closed the kept-open connection it sent on:
                    # the same form once more (its uid makes sure it is stored once). Kept under a
                    # name of its own, so it is counted, never mistaken for a check-in's time.
                    answer.request_meta["name"] = CLOSED_UNANSWERED
                    answer.failure(_why(answer, "check-in"))
                    continue
                if answer.status_code != 302 or _location(answer) != "/":
                    answer.failure(_why(answer, "check-in"))
                    _Record.checkins_refused.append(values["uid"])
                    return False
                _Record.checkins_answered.append(values["uid"])
                return True
        return False

    def page(self, path: str, name: str, marker: str) -> None:
        with self.client.get(path, name=name, catch_response=True) as page:
            body = page.text or ""
            if page.status_code != 200 or marker not in body:
                page.failure(_why(page, name) + ("" if page.status_code != 200 else " without its content"))
                return
            self._remember_form(body)


class Browsing(_Person):
    """Signs in, then checks in and looks around with 1–3 s of thought between steps."""

    wait_time = between(*_Plan.think) if len(_Plan.think) == 2 else constant(_Plan.think[0])

    @task(3)
    def checking_in(self) -> None:
        self.check_in()

    @task(2)
    def opening_today(self) -> None:
        self.today()

    @task(2)
    def reading_the_timeline(self) -> None:
        self.page("/timeline/", TIMELINE, "<main")

    @task(1)
    def looking_at_insights(self) -> None:
        self.page("/insights/", INSIGHTS, "<main")


class Flood(_Person):
    """Signs in, then only checks in, with no pause at all."""

    wait_time = constant(0)

    @task
    def checking_in(self) -> None:
        self.check_in()


class Clinician(_Browser):
    """A clinician one person shares with: signs in with the password and the authenticator's code, then
    reads that person's page (the whole clinician report), with 1–3 s of thought between steps."""

    wait_time = between(*_Plan.think) if len(_Plan.think) == 2 else constant(_Plan.think[0])

    def on_start(self) -> None:
        number = _next_clinician()
        _bind_connections(self.client, _source_address(number, block=78))
        self.grant = _grant_public_id(number)
        if self.sign_in(CLINICIAN_EMAIL.format(number), leads_to=TWO_FACTOR_PATH) and self.second_factor(number):
            self.people_who_help()  # where "Shared with you" lists the person page

    def second_factor(self, number: int) -> bool:
        """allauth's two-factor step: its page for the token, then the code the app shows now."""
        token = self._token(TWO_FACTOR_PATH, TWO_FACTOR_PAGE)
        if token is None:
            return False
        code = _code_now(_clinician_secret(number))
        return self._send(TWO_FACTOR_PATH, TWO_FACTOR, {"csrfmiddlewaretoken": token, "code": code}, "/")

    def read(self, path: str, name: str, *markers: str) -> None:
        with self.client.get(path, name=name, catch_response=True) as page:
            body = page.text or ""
            if page.status_code != 200 or not all(marker in body for marker in markers):
                page.failure(_why(page, name) + ("" if page.status_code != 200 else " without its content"))

    @task(6)
    def opening_the_person_page(self) -> None:
        self.read(f"/shared/{self.grant}/", PERSON_PAGE, *REPORT_MARKERS)

    @task(2)
    def people_who_help(self) -> None:
        self.read("/sharing/", PEOPLE_WHO_HELP, f"/shared/{self.grant}/")

    @task(1)
    def downloading_the_report(self) -> None:
        with self.client.get(f"/shared/{self.grant}/report.pdf", name=REPORT_PDF, catch_response=True) as answer:
            if answer.status_code != 200 or not (answer.content or b"").startswith(b"%PDF"):
                answer.failure(_why(answer, REPORT_PDF) + ("" if answer.status_code != 200 else " without a PDF"))


def _p95_since(start: float) -> float | None:
    """The 95th percentile of the pages (sign-ins left out) answered since ``start``."""
    skipped = (SIGN_IN_PAGE, SIGN_IN, TWO_FACTOR_PAGE, TWO_FACTOR, CLOSED_UNANSWERED)
    times = sorted(sample[2] for sample in _Record.samples if sample[0] >= start and sample[1] not in skipped)
    if not times:
        return None
    return times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]


if _Plan.steps:

    class StepUp(LoadTestShape):
        """More people step by step (``GLIMMERS_LOAD_STEPS``), each step held a while; it stops after the
        first step whose pages' 95th percentile passes ``GLIMMERS_LOAD_STOP_ABOVE_MS``, or after the last."""

        def tick(self):
            elapsed = self.get_run_time()
            began = time.time() - elapsed  # the samples are stamped in seconds since the epoch
            index = int(elapsed // _Plan.step_seconds)
            if index > len(_Record.steps_done) and len(_Record.steps_done) < len(_Plan.steps):
                step_start = len(_Record.steps_done) * _Plan.step_seconds
                measured_from = began + step_start + _Plan.step_seconds - _Plan.step_measure_seconds
                p95 = _p95_since(measured_from)
                _Record.steps_done.append({
                    "users": _Plan.steps[len(_Record.steps_done)],
                    "measured_from": round(measured_from, 3),
                    "measured_to": round(began + step_start + _Plan.step_seconds, 3),
                    "p95_ms": p95,
                })
                if p95 is None or p95 > _Plan.stop_above_ms:
                    return None
            if index >= len(_Plan.steps):
                return None
            return _Plan.steps[index], _Plan.spawn_rate
