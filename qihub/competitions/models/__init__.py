"""Competitions: entries, a mixed shortlisting panel scoring blind, and a secret, once-only vote.

The vote is stored in two halves that nothing joins. `Elector` and `VoteCast` record who may vote
and who has voted (the voter side). `Ballot` rows hold what was voted, with a random id and no
voter, no time and no order: every ballot slot is created, empty and in random order, when voting
opens, and a vote fills a randomly chosen empty slot (see `services/voting.py`).
"""

from qihub.competitions.models.competition import (
    PHASE_ORDER,
    Competition,
    CompetitionEngagementKind,
    Criterion,
    Eligibility,
    Phase,
)
from qihub.competitions.models.entries import (
    Entry,
    EntryImage,
    EntryStatus,
    InvitationStatus,
    TeamInvitation,
)
from qihub.competitions.models.notices import (
    Notice,
    NoticeKind,
    NoticeSent,
)
from qihub.competitions.models.panel import (
    Conflict,
    PanelMember,
    Score,
)
from qihub.competitions.models.results import (
    Result,
)
from qihub.competitions.models.voting import (
    Ballot,
    Elector,
    SealedVote,
    VoteCast,
)

__all__ = [
    "PHASE_ORDER",
    "Ballot",
    "Competition",
    "CompetitionEngagementKind",
    "Conflict",
    "Criterion",
    "Elector",
    "Eligibility",
    "Entry",
    "EntryImage",
    "EntryStatus",
    "InvitationStatus",
    "Notice",
    "NoticeKind",
    "NoticeSent",
    "PanelMember",
    "Phase",
    "Result",
    "Score",
    "SealedVote",
    "TeamInvitation",
    "VoteCast",
]
