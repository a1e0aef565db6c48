"""An entry's images go through the shared image checks: a bad one undoes the whole entry, and what
is stored is the cleaned image."""

import io

import pytest
from PIL import Image
from wagtail.models import ModelLogEntry

from qihub.competitions.errors import CompetitionError
from qihub.competitions.models import Entry, EntryImage
from qihub.competitions.services import entry_submit
from qihub.core.tests.factories import StaffFactory, image_bytes
from qihub.core.tests.test_images import REFUSED, jpeg_with_gps


@pytest.mark.parametrize("case", ["svg", "jpeg with a zip appended", "bomb header", "over 10 MB"])
def test_an_entry_with_a_bad_file_writes_nothing(
    case, open_competition, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    data, name, message = REFUSED[case]
    logs = ModelLogEntry.objects.count()
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(CompetitionError) as error,
    ):
        entry_submit(
            competition=open_competition,
            person=StaffFactory.create(),
            title="My design",
            description="A bold mark.",
            images=[(io.BytesIO(image_bytes("PNG")), "good.png"), (io.BytesIO(data), name)],
        )
    assert error.value.code == "bad_image"
    assert message in error.value.message
    assert not Entry.objects.exists()
    assert not EntryImage.objects.exists()
    assert not list(tmp_path.rglob("*.*"))
    assert ModelLogEntry.objects.count() == logs
    assert callbacks == []


def test_the_stored_image_is_the_cleaned_one(open_competition, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    entry = entry_submit(
        competition=open_competition,
        person=StaffFactory.create(),
        title="Photo of our ward",
        description="Taken on my phone.",
        images=[(io.BytesIO(jpeg_with_gps()), "IMG_0001.JPG")],
    )
    stored = entry.images.get()
    name = stored.image.name or ""
    assert name.endswith(".jpg")
    assert "IMG_0001" not in name
    content = stored.image.read()
    assert b"Exif" not in content
    with Image.open(io.BytesIO(content)) as image:
        assert not image.getexif()
    assert (stored.width, stored.height) == (64, 48)
    assert stored.alt_text == "Entry 1, Photo of our ward: image 1"
