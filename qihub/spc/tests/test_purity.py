"""The engine imports nothing from Django or any other qihub package."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_importing_the_engine_loads_no_django_or_other_qihub_module():
    code = (
        "import sys, qihub.spc\n"
        "bad = [m for m in sys.modules if m.split('.')[0] == 'django'\n"
        "       or (m.startswith('qihub.') and not m.startswith('qihub.spc'))]\n"
        "print(','.join(bad))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == ""
