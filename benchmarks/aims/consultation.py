"""The consultation part of `make bench-aims` (issue 11, section 3): a consultation with many
comments, for the benchmark to time its analysis page.

`bench_aims.py` sets Django up on its benchmark database (with the demo organisation, or any
roster: the first comments come from active staff, round the roster, the rest from confirmed
visitors) and calls `build(comments=20_000)`, which returns the analysis page's path. The page is
the QI team's: sign in as `BENCH_QI_EMAIL` (a superuser `build` makes) before timing it, e.g.
`client.force_login(qi_user())`.

    from benchmarks.aims.consultation import build, qi_user
    url = build(comments=20_000)
"""

from __future__ import annotations

import datetime
import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qihub.core.models import User

SEED = 20261111
BENCH_QI_EMAIL = "bench-qi@bench.example"
THEMES = ["Safety", "Access", "Staffing", "Communication", "Carers", "Measurement"]


def qi_user() -> User:
    from qihub.core.models import User

    user = User.objects.filter(email=BENCH_QI_EMAIL).first()
    return user or User.objects.create_superuser(email=BENCH_QI_EMAIL, password=None)


def build(*, comments: int) -> str:
    """Build a consultation with `comments` comments (each with its participant's answers and a
    theme) and return its analysis page's path."""
    from django.db import transaction
    from django.urls import reverse
    from django.utils import timezone

    from qihub.consultations.builders import comments_bulk_build, consultation_build
    from qihub.consultations.drafts import document_draft_key
    from qihub.consultations.models import Consultation, DraftDocument

    slug = f"bench-{comments}-comments"
    if not Consultation.objects.filter(slug=slug).exists():
        now = timezone.now()
        with transaction.atomic():
            document, _ = DraftDocument.objects.get_or_create(
                title="Benchmark mission",
                defaults={"body": "Safer care.\n\nThe right care.\n\nImproving together."},
            )
            consultation = consultation_build(
                draft_key=document_draft_key(document),
                title=f"Benchmark: {comments:,} comments",
                slug=slug,
                summary="A consultation built for the benchmark.",
                opens_at=now - datetime.timedelta(days=1),
                closes_at=now + datetime.timedelta(days=30),
                actor=qi_user(),
                for_visitors=True,
            )
            comments_bulk_build(
                consultation=consultation,
                comments=comments,
                rng=random.Random(SEED),  # noqa: S311 - benchmark data
                themes=THEMES,
            )
    return reverse("consultations:analysis", args=[slug])
