class ProgrammeError(Exception):
    """A change to the programme that its rules do not allow; `code` names the rule."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


AUDIT_ACTIONS = {
    "qihub.programme.statement.publish": "Publish a new version of the mission or vision",
    "qihub.programme.stage.save": "Change a stage of the programme",
    "qihub.programme.stage.mark_current": "Mark the programme's current stage",
    "qihub.programme.aim.adopt": "Publish an aim as adopted after consultation",
}
