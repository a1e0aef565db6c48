class CompetitionError(Exception):
    """A competition action that the rules do not allow; `code` names the rule, for callers."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


AUDIT_ACTIONS = {
    "qihub.competitions.competition.open_entries": "Open a competition for entries",
    "qihub.competitions.competition.close_entries": "Close a competition's entries",
    "qihub.competitions.competition.start_shortlisting": "Start shortlisting",
    "qihub.competitions.competition.close_scoring": "Close the panel's scoring",
    "qihub.competitions.competition.confirm_shortlist": "Confirm the shortlist",
    "qihub.competitions.competition.open_voting": "Open voting",
    "qihub.competitions.competition.close_voting": "Close voting",
    "qihub.competitions.competition.publish_results": "Publish the results",
    "qihub.competitions.competition.show_totals_while_open": (
        "See the votes per entry while voting is open"
    ),
    "qihub.competitions.entry.submit": "Submit a competition entry",
    "qihub.competitions.entry.update": "Edit a competition entry",
    "qihub.competitions.entry.withdraw": "Withdraw a competition entry",
    "qihub.competitions.entry.accept": "Accept a competition entry",
    "qihub.competitions.entry.reject": "Reject a competition entry",
    "qihub.competitions.panel.declare_conflict": "Declare a conflict of interest",
    "qihub.competitions.panel.score": "Score an entry",
    "qihub.competitions.vote.cast": "Vote in a competition",
    "qihub.competitions.ballot_box.mix": "Mix sealed votes into the ballot box",
}
