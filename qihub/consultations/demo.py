"""Demo consultations: a closed one on the mission, with about 400 comments from staff in every
directorate and from the public, moderated and tagged, its response published and its adopted
version live (on the programme's draft, that is the mission's second version); and an open one
on next year's aims.

Built through the services the QI team and participants use (`builders`), so the audit log and
the engagement ledger hold what a real consultation leaves behind. On the programme's drafts
(`programme.mission`, `programme.aims`) when the programme app offers them, else on documents
written here. Deterministic (a fixed seed) and idempotent: a consultation that exists already is
left as it is.
"""

import datetime
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from qihub.consultations.builders import SignedInAs, consultation_build
from qihub.consultations.drafts import document_draft_key, draft_for
from qihub.consultations.models import (
    Comment,
    CommentStatus,
    Consultation,
    ConsultationPart,
    DraftDocument,
)
from qihub.consultations.services import (
    Contribution,
    ResponseDraft,
    comment_moderate,
    comment_tag,
    contribution_submit,
    response_save,
    theme_add,
)
from qihub.core.demo import DEMO_ACCOUNTS
from qihub.core.extensions import DraftPart
from qihub.core.models import Directorate, Person, PersonKind, User

SEED = 20260311
MISSION_SLUG = "our-mission"
AIMS_SLUG = "next-years-aims"
STAFF_COMMENTS = 300
PUBLIC_COMMENTS = 100

MISSION = [
    "Together with our patients and communities, we will make care safer every year.",
    "We will give people the right care, in the right place, at the right time.",
    "Every member of staff will be able to improve the work they do, with the time and "
    "support to do it.",
]
AIMS = [
    "Reduce harm from falls by 30% by next March.",
    "Cut the wait for a first community appointment to 18 weeks for everyone.",
    "Half of our teams will run a test of change with patients in the coming year.",
]
# Each theme: what people said (the comments draw on these) and what the trust did.
THEMES = {
    "Say who we mean by communities": (
        [
            "Please say who the communities are: carers and families are part of care too.",
            "Name carers and families in the mission, not just patients.",
            "Communities should include the people who cannot easily reach us.",
        ],
        "The adopted mission names patients, carers and families.",
    ),
    "Make “every year” measurable": (
        [
            "“Safer every year” needs a number, or how will we know?",
            "How will we measure safer care? Link it to our aims.",
            "Say how we will show progress each year.",
        ],
        "The mission now points to our aims, which say how we measure it.",
    ),
    "Time to improve": (
        [
            "We need protected time for improvement, not just good intentions.",
            "Staff want to improve but the rota leaves no time.",
            "Please make time for improvement a promise, not a hope.",
        ],
        "We committed to protected time for improvement in the mission's third line.",
    ),
    "Right care close to home": (
        [
            "The right place should mean closer to home when possible.",
            "Care at home matters more to me than the right place in a hospital.",
            "Travel is hard for us: care nearer home would help.",
        ],
        "The second line now says “as close to home as we safely can”.",
    ),
    "Plain words": (
        [
            "Good, and it is in plain words everyone understands.",
            "Keep it short: this is easy to remember.",
            "Clear and simple; I like it.",
        ],
        "",
    ),
}
ADOPTED_MISSION = [
    "Together with our patients, their carers and families, and our communities, we will make "
    "care safer every year, and show it in our aims.",
    "We will give people the right care, in the right place, as close to home as we safely can, "
    "at the right time.",
    "Every member of staff will have protected time and support to improve the work they do.",
]

PROGRAMME_ADDITION = (
    "We will do this with patients, their carers and families, with protected time for staff to "
    "improve, and show our progress in our aims."
)


def _document(title: str, paragraphs: list[str]) -> str:
    document, _ = DraftDocument.objects.get_or_create(
        title=title, defaults={"body": "\n\n".join(paragraphs)}
    )
    return document_draft_key(document)


def _staff_round_the_directorates(count: int, rng: random.Random) -> list[Person]:
    """`count` active staff, taken in turn from every directorate."""
    by_directorate = [
        list(
            Person.objects.filter(
                kind=PersonKind.STAFF, is_active=True, team__service__directorate=directorate
            ).order_by("pk")[:count]
        )
        for directorate in Directorate.objects.order_by("pk")
    ]
    chosen: list[Person] = []
    for people in by_directorate:
        rng.shuffle(people)
    while len(chosen) < count and any(by_directorate):
        for people in by_directorate:
            if people and len(chosen) < count:
                chosen.append(people.pop())
    return chosen


def _adopted(consulted: list[ConsultationPart], *, own_document: bool) -> list[DraftPart]:
    """The version adopted: the document's paragraphs rewritten as people asked; on the
    programme's draft, its first part (the mission) with what people asked for added."""
    if own_document:
        texts = ADOPTED_MISSION + [part.text for part in consulted[len(ADOPTED_MISSION) :]]
    else:
        texts = [part.text for part in consulted]
        texts[0] = f"{texts[0]} {PROGRAMME_ADDITION}"
    return [
        DraftPart(key=part.key, title=part.title, text=text)
        for part, text in zip(consulted, texts, strict=False)
    ]


def _mission_build(qi: User, rng: random.Random, say: Callable[[str], None]) -> int:
    now = timezone.now()
    key = "programme.mission" if draft_for("programme.mission") else ""
    key = key or _document("Our mission (draft)", MISSION)
    consultation = consultation_build(
        draft_key=key,
        title="Our mission: have your say",
        slug=MISSION_SLUG,
        summary="Before the board agrees our mission, we asked staff, patients, carers, "
        "governors and the public what they thought of the draft.",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=1),
        actor=qi,
        for_staff=True,
        for_public=True,
        for_visitors=True,
    )
    themes = {name: theme_add(consultation=consultation, user=qi, name=name) for name in THEMES}
    questions = list(consultation.questions.all())
    parts = [None, *consultation.parts.all()]
    people = _staff_round_the_directorates(STAFF_COMMENTS, rng)
    public = list(Person.objects.exclude(kind=PersonKind.STAFF).order_by("pk"))
    people += [public[i % len(public)] for i in range(PUBLIC_COMMENTS)] if public else []
    say(f"The mission consultation: {len(people)} comments…")
    answered: set[int] = set()
    for person in people:
        name = rng.choice(list(THEMES))
        answers = {}
        if person.pk not in answered:  # questions are answered once; comments may be many
            answered.add(person.pk)
            answers = {
                questions[0].pk: str(rng.choice([2, 3, 4, 4, 4, 5, 5])),
                questions[1].pk: rng.choice(questions[1].choice_list),
            }
        _, comment = contribution_submit(
            consultation=consultation,
            user=SignedInAs(person),
            contribution=Contribution(
                answers=answers,
                comment=rng.choice(THEMES[name][0]),
                part=rng.choice(parts),
                show_name=rng.random() < 0.2,
            ),
        )
        assert comment is not None
        comment_tag(comment=comment, user=qi, themes=[themes[name]])
    held = list(Comment.objects.filter(consultation=consultation, status=CommentStatus.HELD))
    for index, comment in enumerate(held):
        if index % 25 == 3:
            comment_moderate(
                comment=comment,
                user=qi,
                status=CommentStatus.REJECTED,
                reason="It names a member of staff; we passed it to the patient experience team.",
            )
        else:
            comment_moderate(comment=comment, user=qi, status=CommentStatus.PUBLISHED)
    # It ran for a month and closes now, after the last comment (comments and their engagement
    # records are dated as written); the response follows.
    opened = now - datetime.timedelta(days=30)
    Consultation.objects.filter(pk=consultation.pk).update(
        published_at=opened, opens_at=opened, closes_at=timezone.now()
    )
    consultation.refresh_from_db()
    adopted = _adopted(list(consultation.parts.all()), own_document=key != "programme.mission")
    response_save(
        consultation=consultation,
        user=qi,
        response=ResponseDraft(
            summary="Thank you to the 400 people who told us what they thought. Most agreed with "
            "the draft; many asked us to name carers and families, to make “safer every year” "
            "measurable, and to promise time to improve. We have changed the mission to do all "
            "three.",
            we_did={themes[name].pk: did for name, (_, did) in THEMES.items()},
            adopted=adopted,
        ),
        publish=True,
    )
    return len(people)


def _aims_build(qi: User, rng: random.Random) -> int:
    now = timezone.now()
    key = "programme.aims" if draft_for("programme.aims") else ""
    key = key or _document("Next year's aims (draft)", AIMS)
    consultation = consultation_build(
        draft_key=key,
        title="Next year's aims: have your say",
        slug=AIMS_SLUG,
        summary="These are the aims we propose for next year. Tell us if they are the right ones.",
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=28),
        actor=qi,
        for_staff=True,
        for_public=True,
        for_visitors=True,
    )
    people = _staff_round_the_directorates(16, rng)
    people += list(Person.objects.exclude(kind=PersonKind.STAFF).order_by("pk")[:8])
    parts = [None, *consultation.parts.all()]
    for person in people:
        contribution_submit(
            consultation=consultation,
            user=SignedInAs(person),
            contribution=Contribution(
                comment=rng.choice(
                    [
                        "Falls matter most on our wards: yes to this aim.",
                        "18 weeks is still too long for children.",
                        "Testing changes with patients is the right way round.",
                        "Could we add an aim about staff wellbeing?",
                    ]
                ),
                part=rng.choice(parts),
            ),
        )
    return len(people)


def consultations_demo_build(*, progress: Callable[[str], None] | None = None) -> str:
    say = progress or (lambda message: None)
    rng = random.Random(SEED)  # noqa: S311 - demo data
    qi = User.objects.filter(email=DEMO_ACCOUNTS.emails["QI team"]).first()
    if qi is None:
        return "Consultations: no demo QI team account, so none built."
    built = []
    with transaction.atomic():
        if not Consultation.objects.filter(slug=MISSION_SLUG).exists():
            built.append(f"the mission's, closed, with {_mission_build(qi, rng, say)} comments")
        if not Consultation.objects.filter(slug=AIMS_SLUG).exists():
            built.append(f"next year's aims, open, with {_aims_build(qi, rng)} comments")
    return "Consultations: " + ("; ".join(built) if built else "already built") + "."
