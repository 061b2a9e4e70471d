"""What the server must forget on time (``glimmers server purge``, run daily)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from glimmers.server.models import Account
from glimmers.sharing import grants

# Failed sign-ins are kept a day after the lockout they may cause has ended.
FAILURES_KEPT = timedelta(days=1)


def purge_closed(now: datetime | None = None) -> int:
    """Delete, with everything they hold, the accounts whose grace period has passed."""
    now = now or timezone.now()
    due = Account.objects.filter(closing_since__lte=now - Account.GRACE).select_related("user")
    count = 0
    for record in due:
        with transaction.atomic():
            grants.end_everything_for(record.user, now)  # ended when it closed; again, for any made since
            record.user.delete()  # every owned row goes with it (on_delete=CASCADE), their own trail too
        count += 1
    return count


def forget_the_stale(now: datetime | None = None) -> dict[str, int]:
    """Ended sessions (and allauth's record of where they were), and old failed sign-ins
    with the addresses they came from."""
    from allauth.usersessions.models import UserSession
    from axes.models import AccessAttempt, AccessFailureLog
    from django.contrib.sessions.models import Session

    now = now or timezone.now()
    sessions, _kinds = Session.objects.filter(expire_date__lt=now).delete()
    places, _kinds = UserSession.objects.exclude(session_key__in=Session.objects.values("session_key")).delete()
    attempts, _kinds = AccessAttempt.objects.filter(attempt_time__lt=now - FAILURES_KEPT).delete()
    failures, _kinds = AccessFailureLog.objects.filter(attempt_time__lt=now - FAILURES_KEPT).delete()
    return {"sessions": sessions, "places": places, "failed_sign_ins": attempts + failures}
