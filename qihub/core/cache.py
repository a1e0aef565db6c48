"""The shared cache's table, when the database is the shared cache (see CACHES in settings)."""

from typing import Any

from django.core.management import call_command


def cache_table_ensure(*, using: str, **kwargs: Any) -> None:
    """Create the database cache's table if it is missing (after `qihub migrate`; idempotent)."""
    call_command("createcachetable", database=using, verbosity=0)
