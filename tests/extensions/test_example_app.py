"""An app plugs in through its own folder, INSTALLED_APPS and urls.py alone.

The example app (example/) makes one contribution through each extension point. It is installed
only in a pytest run of its own, with settings.py and urls.py here, so that it never shows in the
product or the other tests.
"""

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def test_an_app_adds_to_the_platform_without_editing_anything_outside_its_folder():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:randomly",
            "--ds=extensions.settings",
            str(HERE / "check_example_app.py"),
        ],
        cwd=HERE.parent.parent,
        env={**os.environ, "PYTHONPATH": str(HERE.parent)},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("6 passed"), result.stdout
