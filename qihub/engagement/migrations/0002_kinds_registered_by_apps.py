"""Kinds of engagement become rows that apps register (qihub/core/extensions.py), instead of a
closed list; the ledger becomes append-only in the database too."""

import django.db.models.deletion
from django.db import migrations, models

# The closed list this replaces: the labels of kinds already recorded.
OLD_LABELS = {
    "registered": "Registered for an event",
    "attended": "Attended an event",
    "commented": "Commented",
    "voted": "Voted",
    "entered": "Entered a competition",
    "joined_group": "Joined a group",
    "joined_project": "Joined a project",
    "subscribed": "Subscribed",
    "trained": "Completed training",
}

REFUSAL = "Engagement records are append-only: they are never edited."
TRIGGERS = {
    "sqlite": (
        [
            "CREATE TRIGGER engagement_record_append_only "
            "BEFORE UPDATE ON engagement_engagementrecord "
            f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
        ],
        ["DROP TRIGGER engagement_record_append_only"],
    ),
    "postgresql": (
        [
            "CREATE FUNCTION engagement_record_refuse_update() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            f"RAISE EXCEPTION '{REFUSAL}' USING ERRCODE = 'restrict_violation'; END $$",
            "CREATE TRIGGER engagement_record_append_only "
            "BEFORE UPDATE ON engagement_engagementrecord "
            "FOR EACH ROW EXECUTE FUNCTION engagement_record_refuse_update()",
        ],
        [
            "DROP TRIGGER engagement_record_append_only ON engagement_engagementrecord",
            "DROP FUNCTION engagement_record_refuse_update()",
        ],
    ),
}


def kinds_of_existing_records(apps, schema_editor):
    EngagementKind = apps.get_model("engagement", "EngagementKind")
    EngagementRecord = apps.get_model("engagement", "EngagementRecord")
    codes = EngagementRecord.objects.values_list("kind", flat=True).distinct()
    EngagementKind.objects.bulk_create(
        [EngagementKind(code=code, label=OLD_LABELS.get(code, code)) for code in codes]
    )


def trigger_create(apps, schema_editor):
    for statement in TRIGGERS.get(schema_editor.connection.vendor, ([], []))[0]:
        schema_editor.execute(statement)


def trigger_drop(apps, schema_editor):
    for statement in TRIGGERS.get(schema_editor.connection.vendor, ([], []))[1]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="EngagementKind",
            fields=[
                ("code", models.CharField(max_length=20, primary_key=True, serialize=False)),
                ("label", models.CharField(max_length=100)),
            ],
        ),
        migrations.RunPython(kinds_of_existing_records, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="engagementrecord", name="engagement_kind_valid"),
        migrations.AlterField(
            model_name="engagementrecord",
            name="kind",
            field=models.ForeignKey(
                db_column="kind",
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="engagement.engagementkind",
            ),
        ),
        migrations.RunPython(trigger_create, trigger_drop),
    ]
