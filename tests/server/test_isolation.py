"""Nobody reaches anybody else's journal: a crawl of every route as alice, bob and charlie.

Each person gets a journal with something of every kind in it, each with
words of their own (a marker nobody else's pages could hold). Then, for
every ordered pair of people, the *victim's* own pages are crawled as the
victim would use them, and every address found (links and form targets,
with the victim's own object references in them) is requested by the
*attacker*, with GET and with POST:

- an address naming one of the victim's objects must answer 404 (or 405
  for the method the route does not take), and at least one method must
  reach the lookup and answer 404;
- no page the attacker sees may contain any other person's marker;
- afterwards, every row the other two people own is exactly as it was.

The crawl fails when a route of ours is added that it cannot classify (a
parameter it does not know) or that the victims' pages never lead to, so a
new page cannot slip in without being walked. django-allauth's and the
admin's own routes are checked apart (they hold accounts, not journals).
"""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

PEOPLE = ("alice", "bob", "charlie")
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
# Route parameters that name one person's object: another person must get 404.
OBJECT_PARAMETERS = {"ref", "token", "grant", "pairing"}
# Route parameters that name something everyone shares (a questionnaire, a
# guide, an exercise, a day, a download format): the page is the attacker's own.
SHARED_PARAMETERS = {"kind", "key", "on"}
# Routes whose parameters are not objects reached through a session, with why.
APART = {
    "calendar_feed": "the key in the address is the credential (calendar apps cannot sign in); tested below",
    "close_account_confirm": "a signed token for one account, refused for any other signed-in account; tested below",
    "closing_cancel": "a signed token from the email; tested in the account tests",
    "sharing_invitation": "the code in the address is a one-time credential; tested in test_sharing_matrix.py",
    "shared": "what another person chose to share: walked as sharer, recipients and a stranger in test_sharing_matrix.py",
    "shared_report_pdf": "as 'shared'",
    "shared_fhir": "as 'shared'",
}
# Prefixes of routes that belong to django-allauth and the admin.
THIRD_PARTY = ("accounts/", "admin/")


def marker(name: str) -> str:
    return f"zq{name}secret"


class Addresses(HTMLParser):
    """Every link and form target on a page, with the form's method."""

    def __init__(self):
        super().__init__()
        self.found: set[tuple[str, str]] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href", "").startswith("/"):
            self.found.add(("GET", attrs["href"].split("#")[0]))
        if tag == "form":
            action = attrs.get("action") or ""
            if action.startswith("/"):
                self.found.add(((attrs.get("method") or "get").upper(), action.split("#")[0]))


def seed(person, name: str) -> None:
    """Something of every kind, several with the person's own marker in their words."""
    from glimmers import people, preferences, transfer
    from glimmers.analysis import notes
    from glimmers.care import medication, safety_plan
    from glimmers.core import demo
    from glimmers.core.care.medication import MedicationEvent
    from glimmers.core.refs import parse_ref
    from glimmers.core.safety.safety_plan import SafetyPlan
    from glimmers.journal import models, store
    from glimmers.toolkit import sharing

    words = marker(name)
    bundle = demo.generate(days=40, end=date(2026, 11, 19), timezone="Europe/Berlin", seed=sum(map(ord, name)))
    for index in range(len(bundle.checkins) - 5, len(bundle.checkins)):
        checkin = bundle.checkins[index]
        bundle.checkins[index] = dataclasses.replace(checkin, note=f"{words} {checkin.note or ''}".strip())
    with people.acting_as(person):
        transfer.write_bundle(bundle, source="demo", now=NOW)
        safety_plan.save(SafetyPlan({"people_to_ask": (f"{words} 07700 900123",)}), now=NOW)
        medication.add(MedicationEvent(name="sertraline", kind="start", day=date(2026, 10, 1), note=words), now=NOW)
        sharing.save("friend", f"{words}: I feel far away today", now=NOW)
        notes.save(f"{words} would like help with sleep", now=NOW)
        preferences.save("country", "GB")
        preferences.feed_key()
        trashed = models.CheckIn.objects.order_by("id").first()
        store.trash(parse_ref(trashed.ref), now=NOW)
    share_with_a_friend(person, name)


def share_with_a_friend(person, name: str) -> None:
    """A grant and a daily check-in together with someone outside the crawl, so the person's
    sharing pages lead to objects of theirs that the others must not reach."""
    from django.contrib.auth import get_user_model

    from glimmers.sharing import grants, pairing

    friend = get_user_model().objects.create_user(username=f"p-{name}-friend", email=f"{name}-friend@example.org")
    grant, _code = grants.propose(person, role="trusted", scope_keys=["weekly_summary"], ends_at=None, now=NOW)
    grants.accept(grant, friend, now=NOW)
    together, _code = pairing.propose(person, now=NOW)
    pairing.accept(together, friend, now=NOW)


@pytest.fixture
def three(make_person):
    """alice, bob and charlie, each with a journal and a signed-in browser."""
    found = {}
    for name in PEOPLE:
        person = make_person(name)
        seed(person, name)
        visitor = Client()
        visitor.force_login(person)
        found[name] = (person, visitor)
    return found


def our_routes() -> dict[str, tuple[str, set[str]]]:
    """url_name -> (route, parameter names) of every route of ours (not allauth's or the admin's)."""
    found = {}

    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                if not route.startswith(THIRD_PARTY):
                    found[entry.name] = (route, set(entry.pattern.converters))

    walk(get_resolver().url_patterns)
    return found


def discover(visitor, words: str) -> set[tuple[str, str]]:
    """The addresses a person's own pages lead to, crawled as they would use them
    (including the page right after a check-in, which offers to undo it)."""
    from collections import Counter

    seen, queue, found, kinds = set(), ["/", "/more/", "/toolkit/", "/account/", "/trash/", "/insights/"], set(), Counter()
    soon = (datetime.now(timezone.utc) + timedelta(days=5)).strftime("%Y-%m-%dT10:00")
    # Things that offer an address only while they are new: the undo after a
    # check-in, an activity still to come, a goal not yet done.
    for path, data in (
        ("/", {"numbness": "5", "note": f"{words} just now", "uid": "0" * 32}),
        ("/activities/", {"form": "plan", "plan-title": f"{words} walk", "plan-category": "body", "plan-when": soon}),
        ("/goals/", {"kind": "goal", "goal-kind": "goal", "goal-text": f"{words} the email"}),
    ):
        saved = visitor.post(path, data, follow=True)
        assert saved.status_code == 200, (path, saved.status_code)
        parser = Addresses()
        parser.feed(saved.content.decode())
        found |= parser.found
    while queue:
        path = queue.pop(0)
        if path in seen or path.startswith(("/static/", "/accounts/logout", "/admin/")):
            continue
        match = resolve(path.split("?")[0])
        # A few of each kind of page (each day links to the day before, back to 1970).
        kind = (match.url_name, match.kwargs.get("kind") or match.kwargs.get("key"))
        if kinds[kind] >= 2:
            continue
        kinds[kind] += 1
        seen.add(path)
        response = visitor.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = Addresses()
        parser.feed(response.content.decode())
        found |= parser.found
        for method, address in parser.found:
            if method == "GET" and address not in seen and _ours(address):
                queue.append(address)
    return {(method, address) for method, address in found if _ours(address)}


def _ours(address: str) -> bool:
    try:
        match = resolve(address.split("?")[0])
    except Resolver404:
        return False
    return not match.route.startswith(THIRD_PARTY)


def owned_rows(people_ids) -> dict:
    """Every row these people own, field by field, table by table."""
    from django.apps import apps

    from glimmers.people import Owned

    rows = {}
    for model in apps.get_models():
        if issubclass(model, Owned):
            rows[model._meta.label] = sorted(
                model.every_owner.filter(owner_id__in=people_ids).values_list(), key=lambda row: row[0]
            )
    return rows


def test_nobody_reaches_anybody_elses_journal(three):
    routes = our_routes()
    unknown = {name: params for name, (_route, params) in routes.items()
               if params - OBJECT_PARAMETERS - SHARED_PARAMETERS and name not in APART}
    assert not unknown, f"routes with parameters the crawl does not know (add them to a set above, with care): {unknown}"
    markers = {name: marker(name) for name in PEOPLE}
    walked_objects: set[str] = set()
    problems: list[str] = []
    addresses_of = {name: discover(three[name][1], markers[name]) for name in PEOPLE}
    walked_shared: set[tuple[str, str]] = set()
    for victim, attacker in itertools.permutations(PEOPLE, 2):
        addresses = addresses_of[victim]
        bystanders = [three[name][0].pk for name in PEOPLE if name != attacker]
        before = owned_rows(bystanders)
        visitor = three[attacker][1]
        for method, address in sorted(addresses):
            match = resolve(address.split("?")[0])
            names = set(match.kwargs)
            if match.url_name in APART or (not names & OBJECT_PARAMETERS and (attacker, address) in walked_shared):
                continue  # an address naming nothing of the victim's is the same for every victim: walked once
            walked_shared.add((attacker, address))
            statuses = {}
            for verb in ("GET", "POST"):
                response = visitor.get(address) if verb == "GET" else visitor.post(address, {})
                statuses[verb] = response.status_code
                body = response.content.decode("utf-8", "replace") if response.get("Content-Type", "").startswith(("text/", "application/")) else ""
                for other, words in markers.items():
                    if other != attacker and words in body:
                        problems.append(f"{attacker} saw {other}'s words at {verb} {address} ({response.status_code})")
            if names & OBJECT_PARAMETERS:
                walked_objects.add(match.url_name)
                if not set(statuses.values()) <= {404, 405} or 404 not in statuses.values():
                    problems.append(f"{attacker} reached {victim}'s {address}: GET {statuses['GET']}, POST {statuses['POST']}")
        after = owned_rows(bystanders)
        changed = [table for table in before if before[table] != after[table]]
        if changed:
            problems.append(f"{attacker}'s crawl of {victim}'s addresses changed others' rows in {changed}")
    never = {name for name, (_route, params) in routes.items() if params & OBJECT_PARAMETERS and name not in APART} - walked_objects
    assert not never, f"routes naming an object that no person's pages led to, so the crawl could not walk them: {sorted(never)}"
    assert not problems, "\n".join(problems)


def test_every_route_of_ours_answers_a_stranger_with_only_their_own(three):
    """Routes without an object, each with GET and POST as a person with an empty journal."""
    from glimmers.server.middleware import is_open

    stranger = Client()
    stranger.force_login(get_user_model().objects.create_user(username="p-dave", email="dave@example.org", password="x" * 12))
    for name, (route, params) in our_routes().items():
        if params or name in APART:
            continue
        address = "/" + route
        for verb in ("GET", "POST"):
            response = stranger.get(address) if verb == "GET" else stranger.post(address, {})
            body = response.content.decode("utf-8", "replace")
            for person in PEOPLE:
                assert marker(person) not in body, f"dave saw {person}'s words at {verb} {address}"
            assert response.status_code < 500, f"{verb} {address} failed: {response.status_code}"
        signed_out = Client().get(address)
        if not is_open(address):
            assert signed_out.status_code == 302 and "/accounts/login/" in signed_out["Location"], address


def test_the_calendar_feed_opens_only_with_its_own_key(three):
    from glimmers import people, preferences

    alice, visitor = three["alice"]
    with people.acting_as(alice):
        key = preferences.feed_key()
    assert Client().get(f"/calendar.ics?key={key}").status_code == 200
    assert Client().get(f"/calendar.ics?key={key[:-1]}x").status_code == 404
    assert Client().get("/calendar.ics?key=").status_code == 404
    body = Client().get(f"/calendar.ics?key={key}").content.decode()
    assert all(marker(name) not in body for name in PEOPLE)
    visitor.post("/calendar/", {"action": "new_key"})
    assert Client().get(f"/calendar.ics?key={key}").status_code == 404


def test_a_closing_link_works_only_for_its_own_account(three, mailoutbox):
    import re

    alice, alice_visitor = three["alice"]
    _bob, bob_visitor = three["bob"]
    alice_visitor.post("/account/close/", {"password": "a long pass phrase 9"})
    link = re.search(r"http://testserver(/account/close/[^/\s]+/)", mailoutbox[-1].body).group(1)
    assert bob_visitor.get(link).status_code == 400
    assert bob_visitor.post(link).status_code == 400
    alice.refresh_from_db()
    assert alice.is_active


OUR_TABLES = ("journal_", "care_", "reconnect_", "analysis_", "server_preferences", "sharing_")
# The columns that put a person in a query: the owner, or the person a grant is made out to or
# a pairing was accepted by (who reads it by that column, and only that one).
PERSON_COLUMNS = ("owner_id", "recipient_id", "partner_id")


def unscoped_reads(statements) -> list[str]:
    """SELECTs that read a table of ours without naming an owner anywhere in them.

    Every owned table is read through the person's scope, which always puts
    ``owner_id`` in the query; a link table (a check-in's tags) has no owner of
    its own and must be read through the person's own rows. A read by primary key
    alone (Django following a foreign key from a row already in hand) is allowed."""
    import re

    found = []
    for sql in statements:
        if not sql.lstrip().upper().startswith("SELECT") or not any(f'"{table}' in sql for table in OUR_TABLES):
            continue
        if any(column in sql for column in PERSON_COLUMNS):
            continue
        if re.search(r'WHERE "\w+"\."id" = %s LIMIT 21$|WHERE "\w+"\."id" = \d+ LIMIT 21$', sql.strip()):
            continue
        found.append(sql)
    return found


def test_every_read_of_a_journal_table_names_its_owner(three):
    """Each page a person opens, as SQL: no read of our tables without the person in it (a read
    of everyone's rows is slow at best, and one careless line from showing them)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _alice, visitor = three["alice"]
    addresses = sorted(address for method, address in discover(visitor, marker("alice")) if method == "GET")
    with CaptureQueriesContext(connection) as captured:
        for address in addresses:
            visitor.get(address)
        visitor.get("/account/download/json/")
    offenders = unscoped_reads(query["sql"] for query in captured.captured_queries)
    assert not offenders, "\n\n".join(offenders[:10])
