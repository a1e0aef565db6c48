"""Two editors marking different stages current at the same moment: one current stage after,
no error. Real threads, each with its own connection; the claim that matters is PostgreSQL's."""

import threading

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections

from qihub.programme.models import Stage
from qihub.programme.services import stage_save

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
        reason="SQLite's test database is a shared-cache in-memory database whose table locks "
        "fail at once instead of waiting, so threads cannot share it",
    ),
]


def test_two_editors_moving_the_current_stage_at_once_leave_exactly_one(db):
    # An earlier test that emptied the tables (the browser tests' live server) leaves content
    # types cached by ids the restored database may not have; the audit log needs them.
    ContentType.objects.clear_cache()
    stages = [stage_save(stage=Stage(name=f"Stage {n}", position=n), actor=None) for n in range(4)]
    barrier = threading.Barrier(3)
    errors: list[Exception] = []

    def mark(stage_id: int) -> None:
        try:
            stage = Stage.objects.get(pk=stage_id)
            stage.is_current = True
            barrier.wait()
            stage_save(stage=stage, actor=None)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    for _ in range(5):
        threads = [threading.Thread(target=mark, args=(s.pk,)) for s in stages[1:]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        barrier.reset()
        assert not errors, errors
        assert Stage.objects.filter(is_current=True).count() == 1
