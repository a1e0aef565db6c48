"""The column guide: every column is documented."""

from qihub.core.roster import COLUMN_GUIDE
from qihub.core.tests.roster_helpers import DOCS


def test_the_documentation_describes_every_column():
    guide = (DOCS / "roster-import.md").read_text()
    for column in COLUMN_GUIDE:
        assert f"| `{column.name}` | {'yes' if column.required else 'no'} |" in guide
