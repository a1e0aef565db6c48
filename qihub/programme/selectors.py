"""Reads of the programme. The public sees published versions and published aims only; the QI
team also sees draft aims (marked as drafts)."""

from dataclasses import dataclass

from qihub.programme.models import Stage, Statement, StatementKind, StatementVersion


@dataclass(frozen=True)
class StatementHistory:
    kind: str
    label: str
    versions: list[StatementVersion]  # newest first

    @property
    def current(self) -> StatementVersion | None:
        return self.versions[0] if self.versions else None


def statements_published() -> dict[str, StatementHistory]:
    """The vision and mission as the public sees them, each with its published versions."""
    live = {
        statement.kind: statement for statement in Statement.objects.filter(live=True).only("kind")
    }
    versions: dict[str, list[StatementVersion]] = {kind: [] for kind in StatementKind.values}
    for version in StatementVersion.objects.filter(statement__live=True).select_related(
        "statement"
    ):
        versions[version.statement.kind].append(version)
    return {
        kind: StatementHistory(
            kind=kind, label=label, versions=versions[kind] if kind in live else []
        )
        for kind, label in StatementKind.choices
    }


def statement_draft_text(*, kind: str) -> str:
    """The statement as the QI team last saved it (a draft, or the published text)."""
    statement = Statement.objects.filter(kind=kind).first()
    if statement is None:
        return ""
    if statement.has_unpublished_changes and statement.latest_revision_id:
        return statement.get_latest_revision_as_object().text
    return statement.text


def stages_all() -> list[Stage]:
    return list(Stage.objects.all())
