"""The extension points: how an app adds to the platform without core, engagement or microsite
naming it (docs/architecture.md).

An app contributes by registering Wagtail hooks in its own `wagtail_hooks.py`, which Wagtail
imports from every installed app, as Wagtail's contrib apps add to the back office. Each hook's
name is a constant here, with its contract beside it; the functions below are how core,
engagement and microsite read the contributions. Where order matters it is the hook's `order`
(lowest first; the numbers in use are listed in docs/architecture.md):

    from wagtail import hooks

    from qihub.core import extensions

    @hooks.register(extensions.NAVIGATION_ITEM, order=300)
    def events_navigation() -> extensions.NavigationItem:
        return extensions.NavigationItem(label="Events", url_name="events:list")
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from wagtail import hooks

if TYPE_CHECKING:
    from qihub.core.models import Person

DEMO_BUILD = "qihub_demo_build"
"""`(*, progress: Callable[[str], None]) -> str`: build the app's part of the demo
(deterministic, idempotent: a second run adds nothing) and return a one-line summary. Run by
`qihub demo` after the organisation and its people, in hook order."""

PERSON_EXPORT = "qihub_person_export"
"""`(*, person: Person) -> dict[str, Any]`: what the app holds about a person, as JSON-ready
sections of their data download ("Download my data"), keyed by section name."""

PERSON_ERASE = "qihub_person_erase"
"""`(*, person: Person) -> None`: remove the app's records about a member of the public who asks
to be erased, or raise `ErasureRefused` in words for them. Runs inside the erasure's one
transaction, before the person goes: any refusal undoes the whole erasure."""

QI_TEAM_PERMISSIONS = "qihub_qi_team_permissions"
"""`() -> Iterable[tuple[str, str]]`: the (app label, codename) permissions the QI team group
gets, granted after every migrate."""

NAVIGATION_ITEM = "qihub_navigation_item"
"""`() -> NavigationItem`: an item of the public site's header, after the QI team's own links,
in hook order."""

ENGAGEMENT_KINDS = "qihub_engagement_kinds"
"""`() -> Iterable[tuple[str, str]]`: the (code, label) kinds of taking part the app records in
the engagement ledger, such as a `TextChoices`' `.choices`. Codes are lowercase letters and
underscores, at most 20 characters, and unique across apps; existing records keep theirs, so a
code never changes. Read once per process (qihub/engagement/selectors.py), and copied into the
database after every migrate, which then refuses a record of any other kind."""

SITE_SEARCH = "qihub_site_search"
"""`(*, query: str, user) -> Iterable[SearchResult]`: the app's own pages that match a site
search, best first, and only those this user may see (Wagtail's pages are searched already).
Shown before the pages, in hook order."""

BACK_OFFICE_ATTENTION = "qihub_back_office_attention"
"""`(*, user) -> Iterable[AttentionItem]`: what needs the QI team's attention now (entries to
moderate, deadlines this week), shown on the back office's home page, in hook order."""

CONSULTABLE_DRAFTS = "qihub_consultable_drafts"
"""`() -> Iterable[ConsultableDraft]`: the drafts an app offers for consultation (the programme:
its mission, its set of aims). When the QI team opens a consultation on one, consultations copies
its parts as the consulted version; when the response is published, it hands the adopted parts
back to the draft's `adopt`, which publishes them in the owning app (one transaction)."""

AIM_ALIGNED = "qihub_aim_aligned"
"""`(*, aim_id: int, user) -> Iterable[AlignedItem]`: the app's work aligned with a system-level
aim (consultations, events, groups, projects), that this user may see; listed on the aim's page.
An app links its records to an aim with a foreign key by name (`"programme.Aim"`), never by
importing the programme's models."""

PROGRAMME_AIMS = "qihub_programme_aims"
"""`() -> Iterable[ProgrammeAim]`: an aim of the programme that an app measures itself (the
engagement aim: a share of staff at a level of engagement), listed among the system-level aims
on "Our mission and aims", after the programme's own, in hook order."""

DemoBuilder = Callable[..., str]


class ErasureRefused(Exception):
    """Raised by a `PERSON_ERASE` hook: records others rely on name the person. The message is
    shown to them, so it says what the records are and who can remove them."""


@dataclass(frozen=True)
class NavigationItem:
    label: str
    url_name: str  # reversed when the header is drawn

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class SearchResult:
    title: str
    url: str
    summary: str = ""


@dataclass(frozen=True)
class AttentionItem:
    text: str  # a sentence: "3 entries to moderate in Design our brand"
    url: str
    due_soon: bool = False  # a deadline in the coming week


@dataclass(frozen=True)
class DraftPart:
    key: str  # stable within its draft: "mission", "aim:3"
    title: str
    text: str


@dataclass(frozen=True)
class ConsultableDraft:
    key: str  # unique across apps: "programme.mission"
    label: str  # "The programme's mission"
    parts: Callable[[], list[DraftPart]]  # the draft as it stands now
    adopt: Callable[..., None]  # (*, parts: list[DraftPart], actor) -> None


@dataclass(frozen=True)
class AlignedItem:
    kind: str  # "Consultation", "Event", "QI project"
    title: str
    url: str
    summary: str = ""


@dataclass(frozen=True)
class ProgrammeAim:
    title: str
    url: str
    latest: str  # "23.4% of staff", or "–"
    target: str  # "20% in every directorate"
    due_on: datetime.date
    note: str = ""  # "5 of 8 directorates at or above the aim"


def demo_builders() -> list[DemoBuilder]:
    return hooks.get_hooks(DEMO_BUILD)


def person_exports(*, person: "Person") -> dict[str, Any]:
    """Every app's sections of a person's data download, in hook order."""
    sections: dict[str, Any] = {}
    for export in hooks.get_hooks(PERSON_EXPORT):
        for name, section in export(person=person).items():
            if name in sections:
                raise ValueError(f"Two apps export a section called {name!r}: rename one.")
            sections[name] = section
    return sections


def person_erasure_refusals(*, person: "Person") -> list[str]:
    """Run every app's erasure of a person; return the refusals' messages (none: erased)."""
    refusals = []
    for erase in hooks.get_hooks(PERSON_ERASE):
        try:
            erase(person=person)
        except ErasureRefused as refusal:
            refusals.append(str(refusal))
    return refusals


def qi_team_permissions() -> list[tuple[str, str]]:
    return [pair for contribute in hooks.get_hooks(QI_TEAM_PERMISSIONS) for pair in contribute()]


def navigation_items() -> list[NavigationItem]:
    return [contribute() for contribute in hooks.get_hooks(NAVIGATION_ITEM)]


def site_search_results(*, query: str, user: Any) -> list[SearchResult]:
    return [
        result
        for contribute in hooks.get_hooks(SITE_SEARCH)
        for result in contribute(query=query, user=user)
    ]


def attention_items(*, user: Any) -> list[AttentionItem]:
    return [
        item
        for contribute in hooks.get_hooks(BACK_OFFICE_ATTENTION)
        for item in contribute(user=user)
    ]


def consultable_drafts() -> dict[str, ConsultableDraft]:
    drafts: dict[str, ConsultableDraft] = {}
    for contribute in hooks.get_hooks(CONSULTABLE_DRAFTS):
        for draft in contribute():
            if draft.key in drafts:
                raise ValueError(f"Two apps offer a draft called {draft.key!r}: rename one.")
            drafts[draft.key] = draft
    return drafts


def programme_aims() -> list[ProgrammeAim]:
    return [aim for contribute in hooks.get_hooks(PROGRAMME_AIMS) for aim in contribute()]


def aligned_with_aim(*, aim_id: int, user: Any) -> list[AlignedItem]:
    return [
        item
        for contribute in hooks.get_hooks(AIM_ALIGNED)
        for item in contribute(aim_id=aim_id, user=user)
    ]
