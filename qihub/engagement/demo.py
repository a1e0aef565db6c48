"""The demo's engagement: the ladder (Aware, Involved, Active, Leading), the aim of 20 % of
staff in every directorate at Involved or above within a year, and a year of acts.

Built after the apps that record their own acts (events, groups, competitions, consultations):
it tops the ledger up through `engagement_record`, with the kinds and subjects those apps have
already recorded, so that the dashboard shows a rise after the launch, about ten months ago,
with some directorates above the aim and some below. Deterministic and idempotent: nothing is
added once the aim exists.
"""

import datetime
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from qihub.core.demo import SEED
from qihub.core.models import Person, PersonKind
from qihub.engagement.models import EngagementAim, EngagementLevel, EngagementRecord
from qihub.engagement.selectors import engagement_kinds_registered
from qihub.engagement.services import engagement_record

LADDER = [
    # name, position, acts, months, kinds
    ("Aware", 1, 1, 12, 1),
    ("Involved", 2, 2, 12, 1),
    ("Active", 3, 4, 6, 2),
    ("Leading", 4, 10, 12, 3),
]
#: The share of each directorate's staff who take part after the launch (the demo's story:
#: Quality and Nursing and Adult Mental Health lead; Corporate Services and Primary Care lag).
TAKE_PART = {
    "QUA": 0.34,
    "ADM": 0.29,
    "COM": 0.26,
    "CAM": 0.24,
    "OLD": 0.21,
    "SPE": 0.16,
    "PRI": 0.12,
    "COR": 0.08,
}
BEFORE_LAUNCH = 0.04
LAUNCH_DAYS_AGO = 300


def _subjects() -> list[tuple[str, str, str]]:
    """(kind, subject, label) of acts the apps have recorded, or their kinds on their own."""
    recorded = list(
        EngagementRecord.objects.values_list("kind_id", "subject", "subject_label").distinct()[:200]
    )
    if recorded:
        return recorded
    return [
        (code, "programme:launch", label) for code, label in engagement_kinds_registered().items()
    ]


def engagement_demo_build(*, progress: Callable[[str], None] | None = None) -> str:
    """The ladder, the aim and the top-up of the ledger (a `DEMO_BUILD` hook)."""
    say = progress or (lambda message: None)
    if EngagementAim.objects.exists():
        return "Demo engagement ready (already built)."
    say("Engagement levels and a year of taking part…")
    today = timezone.localdate()
    launch = today - datetime.timedelta(days=LAUNCH_DAYS_AGO)
    rng = random.Random(SEED + 12)  # noqa: S311 - demo data
    subjects = _subjects()
    added = 0
    with transaction.atomic():
        levels = {}
        for name, position, acts, months, kinds in LADDER:
            levels[name], _ = EngagementLevel.objects.get_or_create(
                name=name,
                defaults={
                    "position": position,
                    "min_acts": acts,
                    "months": months,
                    "min_kinds": kinds,
                },
            )
        EngagementAim.objects.create(
            statement="20% of staff in every directorate at Involved or above within a year",
            level=levels["Involved"],
            share=20,
            starts_on=launch,
            due_on=launch + datetime.timedelta(days=365),
        )
        staff = Person.objects.filter(
            kind=PersonKind.STAFF, is_active=True, team__isnull=False
        ).values_list("pk", "team__service__directorate__code")
        for person_id, code in staff.iterator():
            person = Person(pk=person_id)
            for first, last, share in (
                (today - datetime.timedelta(days=720), launch, BEFORE_LAUNCH),
                (launch, today, TAKE_PART.get(code, 0.15)),
            ):
                if rng.random() >= share:
                    continue
                for _ in range(rng.choice([2, 2, 2, 3, 3, 4, 5, 6, 11])):
                    kind, subject, label = rng.choice(subjects)
                    day = first + datetime.timedelta(days=rng.randrange((last - first).days + 1))
                    engagement_record(
                        person=person,
                        kind=kind,
                        subject=subject,
                        subject_label=label,
                        occurred_on=day,
                    )
                    added += 1
    return (
        f"Demo engagement ready: four levels, the aim, and {added:,} acts of taking part added "
        f"to the ledger (those the events, groups, consultations and competitions recorded stay)."
    )
