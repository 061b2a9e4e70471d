"""Every record belongs to a person, and every query sees one person's records.

The local app has exactly one person, made when the journal is first
created and never shown: no account, no password, no sign-in. The server
(where many people share one database) will have one per account. Either
way, the code that reads and writes records does not pass the person
around: the command line and each web request act *as* a person for their
whole length (:func:`acting_as`), and every owned model's manager
(:class:`OwnedManager`) filters by that person and stamps new rows with
them. Outside a person's scope the managers refuse to work at all
(:class:`NoPerson`), so a query that forgot its scope fails loudly in tests
instead of showing one person another's journal.

``Model.every_owner`` is the unscoped manager, for the few places that work
on the whole file whatever it holds (migrations, repairs).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import models

# The local app's one person. The name is never shown; it only has to be
# something no server account can take (server usernames are email addresses).
LOCAL_USERNAME = "glimmers-local-person"


class _LocalPerson:
    """The local person, looked up when a record is first touched, so a page
    that needs no records (help in a crisis) never needs the database."""

    pk: int | None = None

    def resolve(self) -> int:
        if self.pk is None:
            self.pk = local_person().pk
        return self.pk


_acting: ContextVar[int | _LocalPerson | None] = ContextVar("glimmers_person", default=None)


class NoPerson(RuntimeError):
    """Records were read or written outside any person's scope: a bug, never the person's doing."""


class ReadingOnly(RuntimeError):
    """A record was about to be written while reading someone's records for another person: a bug."""


# Set while one person reads what another shared (``sharing.access.as_the_sharer``).
_reading_only: ContextVar[bool] = ContextVar("glimmers_reading_only", default=False)


@contextmanager
def _reading_only_while(value: bool) -> Iterator[None]:
    token = _reading_only.set(value)
    try:
        yield
    finally:
        _reading_only.reset(token)


def reading_only():
    """Until the block ends, any write through the owned models fails (``ReadingOnly``)."""
    return _reading_only_while(True)


def keeping_derived():
    """Let a block write what is only computed from the records (the cached insights) while
    reading only: keeping it changes nothing the person wrote, and spares the next look the work."""
    return _reading_only_while(False)


def is_reading_only() -> bool:
    return _reading_only.get()


def _refuse_writes() -> None:
    if _reading_only.get():
        raise ReadingOnly("a record was written while reading another person's shared records")


def current() -> int:
    """The id of the person the code is acting as."""
    person = _acting.get()
    if person is None:
        raise NoPerson("records were used outside a person's scope; wrap the work in people.acting_as(...)")
    return person.resolve() if isinstance(person, _LocalPerson) else person


@contextmanager
def acting_as(person) -> Iterator[None]:
    """Act as ``person`` (a user or its id) until the block ends, also across nested scopes."""
    token = _acting.set(person if isinstance(person, int) else person.pk)
    try:
        yield
    finally:
        _acting.reset(token)


@contextmanager
def acting_as_the_local_person() -> Iterator[None]:
    """Act as the local app's one person, looked up only once a record is touched."""
    token = _acting.set(_LocalPerson())
    try:
        yield
    finally:
        _acting.reset(token)


def local_person():
    """The local app's one person, made the first time it is needed."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    person, _made = get_user_model().objects.get_or_create(
        username=LOCAL_USERNAME, defaults={"password": make_password(None)}  # no password can sign in
    )
    return person


class OwnedQuerySet(models.QuerySet):
    """Rows made through this queryset belong to the person acting."""

    def create(self, **values):
        _refuse_writes()
        if "owner" not in values:
            values.setdefault("owner_id", current())
        return super().create(**values)

    def bulk_create(self, rows, *args, **options):
        _refuse_writes()
        rows = list(rows)
        for row in rows:
            if row.owner_id is None:
                row.owner_id = current()
        return super().bulk_create(rows, *args, **options)

    def update(self, **values):
        _refuse_writes()
        return super().update(**values)

    def delete(self):
        _refuse_writes()
        return super().delete()


class OwnedManager(models.Manager.from_queryset(OwnedQuerySet)):
    """The acting person's rows, and only theirs."""

    def get_queryset(self) -> OwnedQuerySet:
        return super().get_queryset().filter(owner_id=current())


class Owned(models.Model):
    """A record that belongs to one person."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", editable=False)

    objects = OwnedManager()
    every_owner = models.Manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        _refuse_writes()
        if self.owner_id is None:
            self.owner_id = current()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_writes()
        return super().delete(*args, **kwargs)


def unique_per_owner(*fields: str, name: str) -> models.UniqueConstraint:
    """A value that is unique within one person's records (two people may both import the same export)."""
    return models.UniqueConstraint(fields=["owner", *fields], name=name)


def give_every_row_an_owner(app_label: str, *model_names: str):
    """A migration step: the rows a journal already holds become the local person's."""

    def forwards(apps, schema_editor) -> None:
        from django.contrib.auth.hashers import make_password

        alias = schema_editor.connection.alias
        user_model = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
        person, _made = user_model.objects.using(alias).get_or_create(
            username=LOCAL_USERNAME, defaults={"password": make_password(None)}
        )
        for name in model_names:
            apps.get_model(app_label, name).objects.using(alias).filter(owner__isnull=True).update(owner=person)

    return forwards
