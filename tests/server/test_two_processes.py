"""Two ``glimmers server run`` processes on one PostgreSQL database, as behind a load balancer:
a person signed in on one is signed in on the other (sessions live in the database, the key
is shared), signing out on either ends the session on both, and check-ins sent at once
through both land exactly once each, in their own person's journal."""

from __future__ import annotations

import json
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.server.live import (
    Visitor,
    fresh_database,
    init,
    server_env,
    servers,
    sign_in,
    sign_up,
)

pytestmark = pytest.mark.slow

THREADS = 8
CHECK_INS_EACH = 100  # per thread


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """Processes A and B of one service: one fresh database, one key, two ports."""
    folder = tmp_path_factory.mktemp("two-processes")
    with fresh_database() as database_url:
        env = server_env(database_url, folder / "home")
        init(env)
        with servers(env, folder, 2) as (a, b):
            yield a, b


def check_in(visitor: Visitor, server, token: str, uid: str, note: str):
    """One check-in as the form sends it; the reply, without following its redirect (and
    without keeping the one-time message cookie it sets, which only the next page reads)."""
    return visitor.request("POST", server.url + "/", {"csrfmiddlewaretoken": token, "numbness": "4", "note": note, "uid": uid},
                           keep_cookies=False)


def stored_check_ins(visitor: Visitor, server) -> list[dict]:
    """The person's check-ins from the app's own download of everything."""
    answer = visitor.get(server.url + "/account/download/json/")
    assert answer.status == 200 and answer.headers["Content-Type"].startswith("application/json"), answer.status
    return json.loads(answer.text)["checkins"]


def test_a_session_from_one_process_works_on_the_other_and_ends_on_both(pair):
    a, b = pair
    sign_up(a, "ana@example.org")
    visitor = sign_in(a, "ana@example.org")
    assert visitor.get(a.url + "/").status == 200

    # The same cookies on the other process: signed in there too, with a form token it takes.
    on_b = visitor.get(b.url + "/account/")
    assert on_b.status == 200 and "Signed in as ana@example.org" in on_b.text
    token_from_a = visitor.get(a.url + "/").csrf()
    saved = check_in(visitor, b, token_from_a, uuid.uuid4().hex, "from a form A served")
    assert (saved.status, saved.location) == (302, "/")
    assert len(stored_check_ins(visitor, a)) == 1

    # Signing out on B (its confirm form, as a browser sends it) ends the session on A too:
    # even a copy of the old cookie, kept aside, opens nothing on either process.
    old_cookies = dict(visitor.cookies)
    signed_out = visitor.submit(b.url + "/accounts/logout/", {}, follow=False)
    assert signed_out.status == 302
    assert visitor.cookies.get("glimmers_session") != old_cookies["glimmers_session"]
    for cookies in (visitor.cookies, old_cookies):
        for server in (a, b):
            answer = Visitor(cookies).get(server.url + "/")
            assert answer.status == 302 and answer.location.startswith("/accounts/login/"), (server.url, answer.status)


def test_check_ins_sent_at_once_through_both_processes_are_all_stored_once(pair):
    a, b = pair
    people = {}
    for name in ("bea", "cai"):
        sign_up(b, f"{name}@example.org")
        visitor = sign_in(b, f"{name}@example.org")
        people[name] = (visitor, visitor.get(a.url + "/").csrf())

    sent: dict[str, list[str]] = {name: [] for name in people}
    errors: list[str] = []
    lock = threading.Lock()

    def send(thread: int) -> None:
        name = list(people)[thread % len(people)]
        visitor, token = people[name]
        mine = Visitor(visitor.cookies)
        for number in range(CHECK_INS_EACH):
            uid = uuid.uuid4().hex
            server = (a, b)[(thread + number) % 2]
            try:
                answer = check_in(mine, server, token, uid, f"thread {thread} number {number}")
                ok = (answer.status, answer.location) == (302, "/")
                problem = f"{server.url} answered {answer.status} {answer.location}" if not ok else ""
            except OSError as failed:
                ok, problem = False, f"{server.url}: {type(failed).__name__}: {failed}"
            with lock:
                if ok:
                    sent[name].append(uid)
                else:
                    errors.append(problem)

    started = time.monotonic()
    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(send, range(THREADS)))
    took = time.monotonic() - started

    assert errors == [], f"{len(errors)} of {THREADS * CHECK_INS_EACH} failed, e.g. {errors[:5]}"
    for (name, (visitor, _token)), server in zip(people.items(), (a, b), strict=True):
        stored = stored_check_ins(visitor, server)
        assert len(sent[name]) == THREADS // 2 * CHECK_INS_EACH
        assert sorted(row["uid"] for row in stored) == sorted(sent[name]), f"{name}: sent {len(sent[name])}, stored {len(stored)}"
    print(f"{THREADS * CHECK_INS_EACH} check-ins through two processes in {took:.1f} s")

    # The same form sent again (a retry), to the other process: no second row.
    visitor, token = people["bea"]
    again = check_in(visitor, b, token, sent["bea"][0], "sent again")
    assert (again.status, again.location) == (302, "/")
    assert "That check-in was already saved." in visitor.get(b.url + "/").text
    assert len(stored_check_ins(visitor, a)) == len(sent["bea"])


RACES = 20


def send_each_twice_at_once(pair, email: str) -> tuple[Visitor, list[str], list[tuple]]:
    """RACES check-ins, each sent to A and to B at the same moment (a double tap, or a retry
    while the first send is still on its way); returns the person, the uids and the answers."""
    a, b = pair
    sign_up(a, email)
    visitor = sign_in(a, email)
    token = visitor.get(b.url + "/").csrf()
    uids, answers = [], []
    for race in range(RACES):
        uid = uuid.uuid4().hex
        start = threading.Barrier(2)

        def send(server, uid=uid, start=start, race=race):
            start.wait()
            answer = check_in(Visitor(visitor.cookies), server, token, uid, f"race {race}")
            return server.url, answer.status, answer.location, answer.text

        with ThreadPoolExecutor(2) as pool:
            answers += list(pool.map(send, pair))
        uids.append(uid)
    return visitor, uids, answers


def test_one_check_in_sent_to_both_processes_at_once_is_stored_once(pair):
    visitor, uids, _answers = send_each_twice_at_once(pair, "dee@example.org")
    stored = stored_check_ins(visitor, pair[1])
    assert sorted(row["uid"] for row in stored) == sorted(uids)


def test_one_check_in_sent_to_both_processes_at_once_is_answered_as_saved_both_times(pair):
    _visitor, _uids, answers = send_each_twice_at_once(pair, "eli@example.org")
    wrong = [(url, status, "could not be saved" in text) for url, status, location, text in answers if (status, location) != (302, "/")]
    assert wrong == [], f"{len(wrong)} of {len(answers)} answers were not 'saved': {wrong[:4]}"
