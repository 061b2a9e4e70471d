"""The hottest commands without Django: ``checkin`` with options, ``list`` and ``search``.

Setting Django up cost a check-in most of its time, far more than the
database work itself, so these commands first try the journal with the
standard library's ``sqlite3``. They validate with the same core functions,
write the same rows and print the same output as through Django's models
(``tests/lean/test_lean_parity.py`` compares them column by column and byte
by byte). The lean path is taken only when it certainly applies
(:func:`glimmers.lean.journal.open_journal`):

- the journal is a SQLite file that already exists (a first command creates
  it through Django, with its migrations);
- its applied migrations are exactly the ones this release ships, and its
  tables have exactly the columns the lean path knows (a new column, in a
  later release, makes every command take Django's path until the lean path
  learns it; the parity tests fail until then);
- the journal's one person exists;
- Django is not already set up in this process (then its path costs
  nothing more), and ``GLIMMERS_LEAN`` is not ``0``.

Everything else takes Django's path, as before: PostgreSQL, a journal that
does not exist yet, pending or unknown migrations, the interactive
questions. Support for worrying words comes first either way, from the same
code, before the journal is touched. What opening the journal does on
Django's path happens here too, by the same functions: the journal's files are made private, ``PRAGMA quick_check``
runs through a read-only connection, and the connection uses the same
settings (WAL, ``synchronous=FULL``, the busy timeout, foreign keys).

Nothing here may import Django (``tests/test_architecture.py``).
"""
