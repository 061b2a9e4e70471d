"""The audit trail is append-only in the database itself, on PostgreSQL.

A trigger refuses any UPDATE of ``sharing_auditevent``: no code path of
glimmers changes an event, so one that tries is a bug or an intruder. Rows
still go when their person's account is purged (a DELETE, through the
owner's cascade). Someone with the rights to drop the trigger can still
edit a row; the hash chain then shows where (``core.sharing.audit.verify``).
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION glimmers_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: events are never changed';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER sharing_auditevent_append_only BEFORE UPDATE ON sharing_auditevent
    FOR EACH ROW EXECUTE FUNCTION glimmers_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS sharing_auditevent_append_only ON sharing_auditevent;
DROP FUNCTION IF EXISTS glimmers_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("sharing", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
