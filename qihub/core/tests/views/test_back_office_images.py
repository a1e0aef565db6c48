"""The back office's image uploads are checked and cleaned as entries' are: a bad file is a form
error (never a server error), and what is stored keeps no metadata."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model

from qihub.core.tests.hostile_images import tall_png, truncated_jpeg, truncated_png
from qihub.core.tests.test_images import jpeg_with_gps

Image = get_image_model()


@pytest.fixture
def signed_in(client, qi_team_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(qi_team_user)
    return client


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (truncated_png(), "cut.png", "cut.png"),
        (truncated_jpeg(), "cut.jpg", "cut.jpg"),
        (tall_png(), "strip.png", "strip.png"),
    ],
)
def test_a_bad_image_is_a_form_error_and_nothing_is_stored(signed_in, data, name, message):
    response = signed_in.post(
        "/admin/images/add/",
        {"title": "A picture", "file": SimpleUploadedFile(name, data), "collection": 1},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Image.objects.exists()


def test_a_bad_image_in_a_multiple_upload_is_refused_with_its_reason(signed_in):
    response = signed_in.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("cut.png", truncated_png())},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert "cut.png" in str(response.json())
    assert not Image.objects.exists()


def test_an_accepted_photo_is_stored_without_its_location(signed_in):
    response = signed_in.post(
        "/admin/images/add/",
        {"title": "Ward", "file": SimpleUploadedFile("ward.jpg", jpeg_with_gps()), "collection": 1},
    )
    assert response.status_code == 302
    stored = Image.objects.get()
    content = stored.file.read()
    assert b"Exif" not in content and b"Acme Cameras" not in content
    assert (stored.width, stored.height) == (64, 48)
