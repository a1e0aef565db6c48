class MeasurementError(Exception):
    """A measure or data action the rules do not allow; ``code`` names the rule, ``field`` the
    input at fault (if one is), for callers that show it next to that input."""

    def __init__(self, message: str, *, code: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


AUDIT_ACTIONS = {
    "qihub.measurement.measure.create": "Create a measure",
    "qihub.measurement.measure.update": "Change a measure",
    "qihub.measurement.datapoint.record": "Record a data point",
    "qihub.measurement.datapoint.correct": "Correct a data point",
    "qihub.measurement.upload.import": "Import a measure's data from a file",
    "qihub.measurement.token.create": "Create an integration token",
    "qihub.measurement.token.revoke": "Revoke an integration token",
}
