"""The rows a journal already holds become the local person's (see glimmers.people).

A migration of its own, between adding the owner column and requiring it:
on PostgreSQL, filling a column and then altering its table in one
transaction is refused while the new foreign keys' checks are pending.
"""

from django.db import migrations

from glimmers.people import give_every_row_an_owner


class Migration(migrations.Migration):

    dependencies = [
        ("reconnect", "0002_owner"),
    ]

    operations = [
        migrations.RunPython(
            give_every_row_an_owner(
                "reconnect",
                "activity",
                "adherenceday",
                "exercisesession",
                "experiment",
                "goal",
                "plan",
                "planday",
                "planmark",
                "pleasuretry",
                "sharedmessage",
                "value",
            ),
            migrations.RunPython.noop,
            elidable=True,  # a new journal has no rows to hand over
        ),
    ]
