"""The window of tolerance on a check-in: "over", "within", "under" or "" (not said).

Added with ALTER TABLE ... ADD COLUMN and a default on every row, instead of
Django's usual SQLite way of rebuilding the table: a rebuild would drop the
search index's triggers (migration 0007), and a journal of years would be
copied row by row for one empty column. The model's state is the same as
AddField's; PostgreSQL keeps the column's default as well, which is harmless.
"""

from django.db import migrations, models

ADD = "ALTER TABLE journal_checkin ADD COLUMN tolerance_window varchar(8) NOT NULL DEFAULT ''"
DROP = "ALTER TABLE journal_checkin DROP COLUMN tolerance_window"


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0007_search_index"),
    ]

    operations = [
        migrations.RunSQL(
            sql=ADD,
            reverse_sql=DROP,
            state_operations=[
                migrations.AddField(
                    model_name="checkin",
                    name="tolerance_window",
                    field=models.CharField(blank=True, default="", max_length=8),
                ),
            ],
        ),
    ]
