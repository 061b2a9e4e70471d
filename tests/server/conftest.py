"""The server's tests: many people on one PostgreSQL, each request acting as whoever signed in.

They run apart from the rest (``python3 dev.py test`` runs them after the
SQLite and PostgreSQL runs), on ``glimmers.server.test_settings``.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def the_local_person():
    """The server has no local person: each test signs people in, and pages act as them."""
    yield None


@pytest.fixture
def make_person(db):
    """make_person("alice") -> a signed-up account with a verified address."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    def make(name: str, *, password: str = "a long pass phrase 9", staff: bool = False):
        user = get_user_model().objects.create_user(
            username=f"p-{name}", email=f"{name}@example.org", password=password, is_staff=staff
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user

    return make


@pytest.fixture
def signed_in(client, make_person):
    """A test client signed in as a new person; returns (client, person)."""
    from django.test import Client

    def sign_in(name: str):
        person = make_person(name)
        visitor = Client()
        visitor.force_login(person)
        return visitor, person

    return sign_in
