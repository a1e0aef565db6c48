"""Every change to the programme that is not a plain back-office edit: a published version of
the mission or vision, the current stage, and aims adopted after a consultation."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Revision

from qihub.core.audit import audit_log
from qihub.core.extensions import DraftPart
from qihub.measurement.services import measure_update
from qihub.programme.errors import ProgrammeError
from qihub.programme.models import Aim, Stage, Statement, StatementKind, StatementVersion


def statement_version_record(
    *, sender: type, instance: Statement, revision: Revision | None = None, **kwargs: Any
) -> StatementVersion | None:
    """Keep the text just published as a version of its statement (Wagtail's `published`
    signal, inside the publication's transaction). Publishing the same text again adds none."""
    latest = instance.versions.order_by("-published_at", "-pk").first()
    if latest is not None and latest.text == instance.text:
        return None
    actor = revision.user if revision is not None else None
    version = StatementVersion.objects.create(
        statement=instance,
        text=instance.text,
        published_at=instance.last_published_at or timezone.now(),
        published_by=actor,
    )
    audit_log(
        action="qihub.programme.statement.publish",
        instance=instance,
        user=actor,
        data={"kind": instance.kind, "version": version.pk},
    )
    return version


def statement_publish(*, kind: str, text: str, actor: Any) -> StatementVersion | None:
    """Publish `text` as the new version of the mission or vision (created if it has none yet),
    as the back office's Publish does: a revision, published, recorded as a version."""
    if kind not in StatementKind.values:
        raise ProgrammeError(f"There is no statement called {kind!r}.", code="unknown_statement")
    text = text.strip()
    with transaction.atomic():
        statement = Statement.objects.select_for_update().filter(kind=kind).first()
        if statement is None:
            statement = Statement(kind=kind, text=text, live=False)
        statement.text = text
        try:
            statement.full_clean(exclude=["live_revision", "latest_revision"])
        except ValidationError as error:
            raise ProgrammeError(
                f"The {StatementKind(kind).label.lower()} cannot be published: "
                + " ".join(error.messages),
                code="invalid_statement",
            ) from error
        if statement.pk is None:
            statement.save()
        user = actor if getattr(actor, "is_authenticated", False) else None
        revision = statement.save_revision(user=user)
        revision.publish(user=user, skip_permission_checks=True)
    return statement.versions.order_by("-published_at", "-pk").first()


def stage_save(*, stage: Stage, actor: Any) -> Stage:
    """Save a stage, keeping exactly one stage current: marking this one moves the mark here;
    the first stage becomes current; the current stage keeps its mark until another takes it."""
    stage.full_clean(validate_constraints=False)
    with transaction.atomic():
        # Every stage locked, in one order: two editors moving the mark at once take turns.
        stages = list(Stage.objects.select_for_update().order_by("pk"))
        current = next((s for s in stages if s.is_current and s.pk != stage.pk), None)
        if stage.is_current and current is not None:
            current.is_current = False
            current.save(update_fields=["is_current"])
        elif not stage.is_current and current is None:
            if any(s.pk == stage.pk and s.is_current for s in stages):
                raise ProgrammeError(
                    f"{stage} is the current stage. Mark the stage that follows it as current "
                    "instead; the mark moves from this one.",
                    code="current_stage_needed",
                )
            stage.is_current = True
        stage.save()
        audit_log(
            action="qihub.programme.stage.save",
            instance=stage,
            user=actor,
            data={"name": stage.name, "position": stage.position, "current": stage.is_current},
        )
        if current is not None and stage.is_current:
            audit_log(
                action="qihub.programme.stage.mark_current",
                instance=stage,
                user=actor,
                data={"from": current.name, "to": stage.name},
            )
    return stage


def stage_delete_refusal(*, stage: Stage) -> str | None:
    """Why a stage may not be deleted (the current one), or None."""
    if stage.is_current and Stage.objects.exclude(pk=stage.pk).exists():
        return f"{stage} is the current stage: mark another stage as current before deleting it."
    return None


def aim_measure_align(*, sender: type, instance: Aim, **kwargs: Any) -> None:
    """When an aim is published, its outcome measure is published too, with the aim's target,
    so that the chart's target line and assurance icon read the target the aim states (Wagtail's
    `published` signal, inside the publication's transaction)."""
    measure_update(
        measure=instance.measure,
        by=None,  # the programme itself, on the publisher's behalf (Site history shows who)
        target_value=instance.target_value,
        target_date=instance.target_date,
        published=True,
    )


def _draft_keys(parts: list[DraftPart], allowed: set[str]) -> None:
    unknown = sorted({part.key for part in parts} - allowed)
    if unknown:
        raise ProgrammeError(
            f"The adopted version names parts this draft does not have: {', '.join(unknown)}.",
            code="unknown_part",
        )
    if len({part.key for part in parts}) != len(parts):
        raise ProgrammeError("The adopted version names a part twice.", code="duplicate_part")


def _statement_kind_of(key: str) -> str | None:
    """The statement a mission draft's part is of: "mission:2" (a paragraph) or, in
    consultations published before paragraphs were parts, "mission" (the whole)."""
    kind, _, number = key.partition(":")
    if kind in StatementKind.values and (number.isdigit() or key == kind):
        return kind
    return None


def mission_adopt(*, parts: list[DraftPart], actor: Any) -> None:
    """Publish the adopted mission (and vision) as their new versions, in one transaction: each
    statement's adopted paragraphs, in the order given, make its new text. A statement none of
    whose parts is adopted stays as it is."""
    _draft_keys(parts, {part.key for part in parts if _statement_kind_of(part.key)})
    texts: dict[str, list[str]] = {}
    for part in parts:
        kind = _statement_kind_of(part.key)
        assert kind is not None  # checked above
        if part.text.strip():
            texts.setdefault(kind, []).append(part.text.strip())
    with transaction.atomic():
        for kind, adopted in texts.items():
            statement_publish(kind=kind, text="\n\n".join(adopted), actor=actor)


def aims_adopt(*, parts: list[DraftPart], actor: Any) -> None:
    """Publish each adopted aim (part "aim:<id>") with its adopted title and description, in one
    transaction: a new revision of the aim, published."""
    aims = {f"aim:{aim.pk}": aim for aim in Aim.objects.all()}
    _draft_keys(parts, set(aims))
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        for part in parts:
            locked = Aim.objects.select_for_update().get(pk=aims[part.key].pk)
            aim = locked.get_latest_revision_as_object() if locked.latest_revision_id else locked
            aim.title = part.title.strip()
            aim.description = part.text.strip()
            try:
                aim.full_clean(exclude=["live_revision", "latest_revision", "measure"])
            except ValidationError as error:
                raise ProgrammeError(
                    f"{part.title or part.key} cannot be published: " + " ".join(error.messages),
                    code="invalid_aim",
                ) from error
            revision = aim.save_revision(user=user)
            revision.publish(user=user, skip_permission_checks=True)
            audit_log(
                action="qihub.programme.aim.adopt",
                instance=aim,
                user=actor,
                data={"title": aim.title, "revision": revision.pk},
            )
