"""Demo competitions: the staff brand competition in its voting phase, and a finished one.

Built by `builders`, through the same services the QI team and staff use, so the audit log, the
engagement ledger, the panel's scores and the ballot box are what a real competition would leave
behind. Deterministic (a fixed seed; generated images) and idempotent: a competition that already
exists is left as it is. The demo "leader" chairs the brand panel; the demo accounts have not
voted, so a demo user can.
"""

import datetime
import io
import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from qihub.competitions.builders import (
    EntryPlan,
    Stage,
    competition_build,
    competition_draft_build,
)
from qihub.competitions.models import (
    Competition,
    Criterion,
    Entry,
    PanelMember,
    Phase,
    Result,
    VoteCast,
)
from qihub.competitions.selectors import panel_ranking
from qihub.competitions.services import conflict_declare
from qihub.core.demo import DEMO_EMAILS, DOMAIN
from qihub.core.models import Person, PersonKind, User

SEED = 20260214

PALETTE = [
    (0, 94, 184),  # NHS blue
    (0, 48, 135),  # dark blue
    (0, 164, 153),  # aqua green
    (255, 184, 28),  # warm yellow
    (51, 0, 114),  # purple
    (174, 37, 115),  # pink
    (237, 139, 0),  # orange
    (0, 150, 57),  # green
    (218, 41, 28),  # red
    (65, 182, 230),  # light blue
]
SHAPES = ["circle", "square", "triangle", "diamond", "hexagon", "star", "ring", "chart"]

BRAND_DESIGNS = [
    ("Rising line", "A run chart climbing past its baseline: improvement you can see."),
    ("Joined hands", "Two hands making one shape: staff and patients improving together."),
    ("Ripple", "Small changes spreading out across the whole trust."),
    ("Compass", "Our mission as the needle that keeps every team pointing the same way."),
    ("Bridge", "Linking the people who give care with the people who receive it."),
    ("Spark", "One idea, lit by anyone, can start a change."),
    ("Heartbeat", "A pulse line that turns into a tick: care that gets better."),
    ("Seedling", "Start small, test, learn and grow."),
    ("Lighthouse", "Showing the way for teams across the trust."),
    ("Stepping stones", "Plan, do, study, act: one cycle at a time."),
    ("Open door", "Everyone is welcome to take part in improvement."),
    ("Circle of care", "Patients, carers and staff in one unbroken circle."),
    ("Kite", "Lifted by many hands; it flies because we hold it together."),
    ("Pathway", "A path with many entrances and one destination."),
    ("North star", "Named for Northmoor: a fixed point to steer by."),
    ("Tide", "Lifting every team, ward and service together."),
    ("Loop", "The learning loop at the heart of the Model for Improvement."),
    ("Beacon", "A light that shows where improvement is happening."),
    ("Weave", "Many threads, one fabric: the strength of working together."),
    ("Horizon", "Where our aims take us: safer care, better days at work."),
    ("Pulse", "Measurement that keeps a finger on what matters to patients."),
    ("Keystone", "The piece that holds the arch: quality at our core."),
    ("Lantern", "Carrying the light of good practice from team to team."),
    ("Mosaic", "Every small piece matters to the whole picture."),
]
NEWSLETTER_NAMES = [
    ("Small Steps", "Because big improvements are made of small tests of change."),
    ("The Improvement Pulse", "A regular check on how our improvement work is going."),
    ("PDSA Weekly", "Named after the cycle every project uses."),
    ("Run Chart", "Short, visual and about what the data say."),
    ("The Northmoor Spark", "For the ideas that start change across the trust."),
    ("Better Together", "Improvement is something we do with each other."),
    ("QI Matters", "Plain and to the point."),
    ("Change Makers", "Celebrating the people who make things better."),
]
BRAND_CRITERIA = [
    ("Clear and memorable", "Easy to recognise at a glance, on a badge or a lanyard.", 3),
    ("Says what we are about", "Fits our mission of improving together.", 2),
    ("Works everywhere", "Readable in one colour, at small sizes and on screen.", 1),
]
NEWSLETTER_CRITERIA = [
    ("Memorable", "", 2),
    ("Says what the newsletter is for", "", 1),
]
BRAND_VOTES = 600
NEWSLETTER_VOTES = 240
BRAND_SHARES = [0.27, 0.22, 0.17, 0.14, 0.11, 0.09]  # of the votes, for the shortlist in rank order
NEWSLETTER_SHARES = [0.41, 0.27, 0.19, 0.13]


@dataclass
class _Cast:
    qi_team: User
    leader: Person
    staff: list[Person]  # active staff who are not demo accounts, in a fixed order
    patients: list[Person]
    carers: list[Person]


def _cast() -> _Cast:
    people = Person.objects.exclude(email__in=DEMO_EMAILS).order_by("pk")
    return _Cast(
        qi_team=User.objects.get(email=f"qi-team@{DOMAIN}"),
        leader=Person.objects.get(email=f"leader@{DOMAIN}"),
        staff=list(people.filter(kind=PersonKind.STAFF, is_active=True).select_related("level")),
        patients=list(people.filter(kind=PersonKind.PATIENT)),
        carers=list(people.filter(kind=PersonKind.CARER)),
    )


def _polygon(centre: tuple[float, float], radius: float, sides: int, turn: float = 0.0) -> list:
    x, y = centre
    return [
        (
            x + radius * math.cos(turn + 2 * math.pi * k / sides),
            y + radius * math.sin(turn + 2 * math.pi * k / sides),
        )
        for k in range(sides)
    ]


def _design_png(index: int, label: str) -> bytes:
    """A simple, distinct design: a background, a shape, an accent and a short label."""
    size = 480
    background = PALETTE[index % len(PALETTE)]
    ink = PALETTE[(index * 3 + 4) % len(PALETTE)]
    if ink == background:
        ink = (255, 255, 255)
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    centre, radius = (size / 2, size / 2 - 30), 130
    shape = SHAPES[index % len(SHAPES)]
    box = [centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius]
    if shape == "circle":
        draw.ellipse(box, fill=ink)
    elif shape == "square":
        draw.rounded_rectangle(box, radius=30, fill=ink)
    elif shape == "triangle":
        draw.polygon(_polygon(centre, radius, 3, -math.pi / 2), fill=ink)
    elif shape == "diamond":
        draw.polygon(_polygon(centre, radius, 4), fill=ink)
    elif shape == "hexagon":
        draw.polygon(_polygon(centre, radius, 6), fill=ink)
    elif shape == "star":
        points = []
        for k in range(10):
            r = radius if k % 2 == 0 else radius * 0.45
            points += _polygon(centre, r, 10, -math.pi / 2)[k : k + 1]
        draw.polygon(points, fill=ink)
    elif shape == "ring":
        draw.ellipse(box, outline=ink, width=36)
    else:
        heights = [0.3, 0.45, 0.4, 0.7, 0.95]
        for k, height in enumerate(heights):
            left = box[0] + k * 2 * radius / len(heights)
            draw.rectangle(
                [left + 6, box[3] - height * 2 * radius, left + 2 * radius / 5 - 6, box[3]],
                fill=ink,
            )
    accent = (255, 255, 255) if sum(background) < 400 else (33, 43, 50)
    offset = 40 + (index * 37) % 120
    draw.ellipse([offset, 30, offset + 44, 74], fill=accent)
    font_size = 40
    font = ImageFont.load_default(size=font_size)
    while draw.textlength(label, font=font) > size - 40:
        font_size -= 2
        font = ImageFont.load_default(size=font_size)
    draw.text((size / 2, size - 50), label, fill=accent, font=font, anchor="mm")
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def _entry_plans(
    slug: str, designs: list[tuple[str, str]], rng: random.Random, cast: _Cast
) -> tuple[list[EntryPlan], dict[int, float]]:
    """One entry per design, by staff beyond the first 300, a few with a team; and each entry's
    hidden quality, by number, that the panel's scores and the votes follow."""
    entrants = rng.sample(cast.staff[300:], len(designs))
    plans, qualities = [], {}
    for index, (title, description) in enumerate(designs):
        person = entrants[index]
        team = rng.sample(cast.staff, rng.choice([1, 2])) if index % 5 == 2 else []
        plans.append(
            EntryPlan(
                person=person,
                title=title,
                description=description,
                image=_design_png(index + len(slug), title),
                team=[member for member in team if member.pk != person.pk],
            )
        )
        qualities[index + 1] = rng.uniform(1.5, 4.8)
    return plans, qualities


def _to_voting(
    competition: Competition,
    cast: _Cast,
    rng: random.Random,
    *,
    designs: list[tuple[str, str]],
    shares: list[float],
    votes: int,
    chair: User | None,
) -> None:
    """Entries in, a conflict declared, the panel's scores, the shortlist and `votes` votes cast,
    shared out over the shortlist in the panel's order (its favourite leads, as it often does)."""
    plans, qualities = _entry_plans(competition.slug, designs, rng, cast)
    qi_team = cast.qi_team
    competition_build(
        competition=competition, stage=Stage.SHORTLISTING, actor=qi_team, entries=plans
    )
    # One panel member knows an entrant well, and says so.
    member = list(competition.panel_members.order_by("pk"))[-1]
    entries = list(competition.entries.order_by("number"))
    conflict_declare(
        member=member, entry=entries[len(entries) // 3], reason="I work with the entrant."
    )

    def score(_: PanelMember, entry: Entry, __: Criterion) -> int:
        return max(1, min(5, round(qualities[entry.number] + rng.uniform(-1.0, 1.0))))

    competition_build(competition=competition, stage=Stage.SCORED, score=score)
    ranking = panel_ranking(competition=competition)
    shortlist = [row.entry.number for row in ranking[: competition.shortlist_size]]
    voters = rng.sample(cast.staff, votes)
    competition_build(
        competition=competition,
        stage=Stage.VOTING,
        actor=qi_team,
        shortlist=shortlist,
        confirmed_by=chair,
        votes=[(voter, rng.choices(shortlist, weights=shares)[0]) for voter in voters],
    )


def _spread_votes(
    competition: Competition,
    rng: random.Random,
    opened: datetime.datetime,
    until: datetime.datetime,
) -> None:
    """The demo's votes were all cast just now; spread their times over the voting so far, with
    the opening rush (about 90 in the first five minutes), so the turnout page looks lived in."""
    casts = list(VoteCast.objects.filter(elector__competition=competition).order_by("pk"))
    span = (until - opened).total_seconds()
    for index, cast in enumerate(casts):
        rush = index < 90
        seconds = rng.uniform(0, 300) if rush else 300 + (span - 300) * rng.random() ** 1.6
        cast.cast_at = opened + datetime.timedelta(seconds=seconds)
    VoteCast.objects.bulk_update(casts, ["cast_at"], batch_size=1_000)


def _brand_build(cast: _Cast, rng: random.Random, now: datetime.datetime) -> Competition:
    staff_panel = [p for p in cast.staff if p.level and not p.level.is_senior_leader]
    competition = competition_draft_build(
        slug="design-our-improvement-brand",
        title="Design our improvement brand",
        brief=(
            "Our improvement programme needs a brand that every member of staff, patient and "
            "carer will recognise. Design it: a simple mark that says what we are about and "
            "works on a badge, a poster and a screen."
        ),
        rules=(
            "Open to all staff, alone or as a team. Up to three images (PNG or JPEG). A mixed "
            "panel of patients, carers, staff and senior leaders shortlists six designs, blind; "
            "then every member of staff can vote once, in secret."
        ),
        prizes="The winning design becomes our brand, and the winning team joins the launch.",
        shortlist_size=6,
        criteria=BRAND_CRITERIA,
        chair=cast.leader,
        panel=[cast.patients[0], cast.carers[0], staff_panel[10], staff_panel[200]],
    )
    _to_voting(
        competition,
        cast,
        rng,
        designs=BRAND_DESIGNS,
        shares=BRAND_SHARES,
        votes=BRAND_VOTES,
        chair=cast.leader.user,
    )
    opened = now - datetime.timedelta(days=2)
    _spread_votes(competition, rng, opened, now)
    Competition.objects.filter(pk=competition.pk).update(
        entries_open_at=now - datetime.timedelta(days=35),
        entries_close_at=now - datetime.timedelta(days=14),
        voting_open_at=opened,
        voting_close_at=now + datetime.timedelta(days=12),
    )
    return competition


def _newsletter_build(cast: _Cast, rng: random.Random, now: datetime.datetime) -> Competition:
    competition = competition_draft_build(
        slug="name-our-qi-newsletter",
        title="Name our QI newsletter",
        brief="Our monthly improvement newsletter needs a name. Suggest one, with a masthead.",
        rules="Open to all staff. One entry each, with an image of the name as a masthead.",
        prizes="The first issue under the new name features the winning team's project.",
        shortlist_size=4,
        criteria=NEWSLETTER_CRITERIA,
        chair=cast.staff[50],
        panel=[
            cast.patients[1],
            cast.staff[120],
            next(p for p in cast.staff if p.level and p.level.is_senior_leader),
        ],
    )
    # The chair has no account, so the QI team confirms the shortlist.
    _to_voting(
        competition,
        cast,
        rng,
        designs=NEWSLETTER_NAMES,
        shares=NEWSLETTER_SHARES,
        votes=NEWSLETTER_VOTES,
        chair=None,
    )
    opened = now - datetime.timedelta(days=70)
    closed = opened + datetime.timedelta(days=14)
    _spread_votes(competition, rng, opened, closed)
    competition_build(competition=competition, stage=Stage.RESULTS, actor=cast.qi_team)
    Competition.objects.filter(pk=competition.pk).update(
        entries_open_at=now - datetime.timedelta(days=110),
        entries_close_at=now - datetime.timedelta(days=90),
        voting_open_at=opened,
        voting_close_at=closed,
    )
    Result.objects.filter(competition=competition).update(
        published_at=closed + datetime.timedelta(days=1)
    )
    return competition


def competitions_demo_build(*, progress: Callable[[str], None] | None = None) -> str:
    """Build the demo competitions that do not exist yet; return a one-line summary."""
    say = progress or (lambda message: None)
    say("Competitions…")
    cast = _cast()
    now = timezone.now().replace(microsecond=0)
    built = []
    for slug, build, seed in (
        ("design-our-improvement-brand", _brand_build, SEED),
        ("name-our-qi-newsletter", _newsletter_build, SEED + 1),
    ):
        if Competition.objects.filter(slug=slug).exists():
            continue
        with transaction.atomic():
            built.append(build(cast, random.Random(seed), now))  # noqa: S311 - demo data
    brand = Competition.objects.filter(slug="design-our-improvement-brand").first()
    votes = VoteCast.objects.filter(elector__competition=brand).count() if brand else 0
    phase = brand.get_phase_display().lower() if brand and brand.phase == Phase.VOTING else ""
    return (
        f"Demo competitions ready ({len(built)} built this run): the brand competition is in "
        f"{phase or 'a later phase'} with {votes} votes cast."
    )
