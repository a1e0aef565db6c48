"""Many sends at once (a double click, two tabs, two of the QI team): one application, one term,
one ledger record; every other send refused in words. Real threads on PostgreSQL."""

import threading
from collections.abc import Callable

import pytest
from django.conf import settings
from django.db import connections

from qihub.engagement.models import EngagementRecord
from qihub.groups.errors import GroupError
from qihub.groups.models import Membership, MembershipStatus
from qihub.groups.services import membership_accept, membership_apply
from qihub.groups.tests.factories import ReferenceGroupFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
        reason="SQLite's shared-cache in-memory test database cannot be shared by threads",
    ),
]
THREADS = 8


def _at_once(act: Callable[[], object]) -> list[str]:
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []

    def run() -> None:
        try:
            barrier.wait()
            act()
            outcomes.append("done")
        except GroupError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_simultaneous_applications_and_acceptances_count_once(staff_user, qi_team_user):
    group = ReferenceGroupFactory.create()
    outcomes = _at_once(lambda: membership_apply(group=group, user=staff_user))
    assert outcomes.count("done") == 1 and set(outcomes) == {"done", "already"}
    application = Membership.objects.get()
    outcomes = _at_once(lambda: membership_accept(membership=application, user=qi_team_user))
    assert outcomes.count("done") == 1 and set(outcomes) == {"done", "not_waiting"}
    assert Membership.objects.get().status == MembershipStatus.ACTIVE
    assert EngagementRecord.objects.filter(kind_id="group_joined").count() == 1
