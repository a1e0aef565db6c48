"""Leave room in each page of the ballot table, on PostgreSQL, so a filled ballot stays put.

PostgreSQL writes an updated row as a new version, on the same page if it fits and otherwise
wherever there is space, often the end of the table: with full pages the ballots would lie in
the order they were filled, which is the order of voting. At a fill factor of 25 every slot on a
page can be filled without leaving it, so the physical order stays the random order of the slots.
"""

from django.db import migrations


def fillfactor_set(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE competitions_ballot SET (fillfactor = 25)")


def fillfactor_reset(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE competitions_ballot RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("competitions", "0001_initial")]

    operations = [migrations.RunPython(fillfactor_set, fillfactor_reset, elidable=False)]
