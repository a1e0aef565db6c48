"""Competition services: every write to a competition goes through one of these."""

from qihub.competitions.services.entries import (
    entry_accept,
    entry_reject,
    entry_submit,
    entry_update,
    entry_withdraw,
)
from qihub.competitions.services.panel import (
    conflict_declare,
    score_submit,
    scoring_close,
    shortlist_confirm,
)
from qihub.competitions.services.phases import (
    competition_advance_due,
    competition_close_entries,
    competition_close_voting,
    competition_open_entries,
    competition_open_voting,
    competition_publish_results,
    competition_start_shortlisting,
)
from qihub.competitions.services.voting import tally_disclose, vote_cast

__all__ = [
    "competition_advance_due",
    "competition_close_entries",
    "competition_close_voting",
    "competition_open_entries",
    "competition_open_voting",
    "competition_publish_results",
    "competition_start_shortlisting",
    "conflict_declare",
    "entry_accept",
    "entry_reject",
    "entry_submit",
    "entry_update",
    "entry_withdraw",
    "score_submit",
    "scoring_close",
    "shortlist_confirm",
    "tally_disclose",
    "vote_cast",
]
