import pytest

from qihub.consultations.models import Consultation
from qihub.consultations.tests.factories import consultation_make


@pytest.fixture
def consultation(db) -> Consultation:
    """Open now, for staff, the public and visitors, holding public comments."""
    return consultation_make()
