"""The tallies by team, and by directorate and staff level: two small grains instead of their
cross. Tallies are derived, so the old ones go and the next view re-counts."""

import django.db.models.deletion
from django.db import migrations, models


def tallies_forget(apps, schema_editor):
    apps.get_model("engagement", "EngagementTally").objects.all().delete()
    apps.get_model("engagement", "EngagementTallyState").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0003_levels_aim_rollup_tallies"),
    ]

    operations = [
        migrations.RunPython(tallies_forget, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="engagementtally", name="engagement_tally_by_month"),
        migrations.AddField(
            model_name="engagementtally",
            name="by_team",
            field=models.BooleanField(default=False),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="engagementtally",
            name="directorate",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="core.directorate",
            ),
        ),
        migrations.AddIndex(
            model_name="engagementtally",
            index=models.Index(
                fields=["by_team", "month", "directorate"], name="engagement_tally_by_month"
            ),
        ),
    ]
