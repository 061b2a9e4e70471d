"""A journal writer for the durability tests, run as its own process.

    python writer.py checkins    add check-ins forever, printing each uid once committed
    python writer.py import N    import N check-ins in one transaction, printing "started" first
"""

import sys
from datetime import datetime, timedelta, timezone

from glimmers import db

db.open_journal()

from glimmers import people  # noqa: E402

from glimmers.core.journal import entries  # noqa: E402
from glimmers.core.transfer.bundle import Bundle  # noqa: E402
from glimmers import transfer  # noqa: E402
from glimmers.journal import store  # noqa: E402


def record(index: int, now: datetime) -> entries.CheckIn:
    return entries.validate_checkin(
        {"occurred_at": now - timedelta(seconds=index), "timezone": "Europe/Berlin", "numbness": index % 11,
         "note": f"entry {index} " + "words " * 40, "tags": [f"doing:task {index % 7}"]},
        now=now,
    )


def checkins() -> None:
    now = datetime.now(timezone.utc)
    index = 0
    while True:
        row = store.add_checkin(record(index, now), now=now)
        print(row.uid, flush=True)  # only after the commit returned
        index += 1


def big_import(count: int) -> None:
    now = datetime.now(timezone.utc)
    bundle = Bundle(checkins=[record(index, now) for index in range(count)])
    print("started", flush=True)
    transfer.write_bundle(bundle, source="json", now=now)
    print("finished", flush=True)


if __name__ == "__main__":
    with people.acting_as_the_local_person():  # as every command does
        if sys.argv[1] == "checkins":
            checkins()
        else:
            big_import(int(sys.argv[2]))
