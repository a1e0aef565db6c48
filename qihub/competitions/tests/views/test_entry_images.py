"""The entry form with hostile and unusual images: the refusal is a form error, nothing is saved.

Each hostile file is sent with a good one, so a refusal must undo the whole entry, not only
drop the bad image.
"""

from collections.abc import Callable

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from qihub.competitions.models import Entry, EntryImage
from qihub.competitions.services import entry_submit
from qihub.competitions.tests.factories import image_bytes, upload
from qihub.core.tests.hostile_images import (
    animated_png,
    cmyk_jpeg,
    grey_png_16_bit,
    paletted_png_with_transparency,
    png_claiming,
    png_short_of_rows,
    png_with_profile,
    profile_swapping_red_and_green,
    tall_png,
    truncated_jpeg,
)

INCOMPLETE = "is incomplete: part of the picture is missing. Save it again and upload the new file."
HOSTILE: dict[str, tuple[Callable[[], bytes], str, str]] = {
    "tall strip": (
        tall_png,
        "strip.png",
        "strip.png is 1 × 39999999 pixels; each side can be at most 10,000 pixels.",
    ),
    "bomb header": (
        lambda: png_claiming(100_000, 100_000),
        "bomb.png",
        "bomb.png decompresses to too many pixels.",
    ),
    "jpeg cut short": (truncated_jpeg, "cut.jpg", f"cut.jpg {INCOMPLETE}"),
    "png cut short": (png_short_of_rows, "short.png", f"short.png {INCOMPLETE}"),
    "animated png": (
        animated_png,
        "moving.png",
        "moving.png is animated; upload a still PNG or JPEG image.",
    ),
    "profile for other colours": (
        lambda: png_with_profile("L", profile_swapping_red_and_green()),
        "grey.png",
        "grey.png has a colour profile that cannot be used; save it again in sRGB.",
    ),
}


def _file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


def _enter(client, competition, images: list[SimpleUploadedFile]):
    return client.post(
        f"/competitions/{competition.slug}/enter/",
        {
            "title": "Bold heart",
            "description": "A heart in NHS blue.",
            "team": "",
            "images": images,
        },
    )


def _field_error(html: str) -> str:
    assert "There is a problem" in html
    assert 'href="#id_images"' in html  # the error summary links to the field
    return html.split('id="id_images-error"', 1)[1].split("</span>", 2)[1].replace("&#x27;", "'")


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_image_is_a_form_error_and_nothing_is_saved(
    client, open_competition, staff_user, settings, tmp_path, case
):
    settings.MEDIA_ROOT = tmp_path
    build, name, message = HOSTILE[case]
    client.force_login(staff_user)
    response = _enter(
        client, open_competition, [_file("good.png", image_bytes("PNG")), _file(name, build())]
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in _field_error(html)
    assert 'value="Bold heart"' in html  # what they typed is kept
    assert not Entry.objects.exists()
    assert not EntryImage.objects.exists()
    assert not ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Entry)
    ).exists()
    assert not list(tmp_path.rglob("*.*"))


@pytest.mark.parametrize("case", ["tall strip", "jpeg cut short"])
def test_a_hostile_replacement_image_leaves_the_entry_as_it_was(
    client, open_competition, staff_user, settings, tmp_path, case
):
    settings.MEDIA_ROOT = tmp_path
    entry = entry_submit(
        competition=open_competition,
        person=staff_user.person,
        title="Bold heart",
        description="A heart.",
        images=[upload()],
    )
    image = entry.images.get()
    stored = sorted(tmp_path.rglob("*.*"))
    build, name, message = HOSTILE[case]
    client.force_login(staff_user)
    response = client.post(
        f"/competitions/{open_competition.slug}/my-entries/{entry.number}/edit/",
        {"title": "Bolder heart", "description": "Bigger.", "images": [_file(name, build())]},
    )
    assert response.status_code == 200
    assert message in _field_error(response.content.decode())
    entry.refresh_from_db()
    assert entry.title == "Bold heart"
    assert list(entry.images.all()) == [image]
    assert sorted(tmp_path.rglob("*.*")) == stored


def test_unusual_but_honest_images_are_saved(
    client, open_competition, staff_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(staff_user)
    response = _enter(
        client,
        open_competition,
        [
            _file("print.jpg", cmyk_jpeg()),
            _file("scan.png", grey_png_16_bit()),
            _file("logo.png", paletted_png_with_transparency()),
        ],
    )
    assert response.status_code == 302
    images = list(Entry.objects.get().images.order_by("position"))
    assert [str(image.image.name).rsplit(".", 1)[1] for image in images] == ["jpg", "png", "png"]
    assert {(image.width, image.height) for image in images} == {(20, 10)}
