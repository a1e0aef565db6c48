"""The back office's image uploads get the same checks and cleaning as competition entries.

Wagtail's own field decodes the whole image to count its pixels, limits no side, and answers a
truncated PNG with a server error; it also keeps the original with its metadata (a phone photo's
GPS location among it). Here the upload goes through `qihub.core.images.image_clean` first: what
it refuses is a form error, and what it accepts is stored re-encoded, without metadata.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from qihub.core.images import ImageRejected, image_clean


class CheckedImageField(WagtailImageField):
    def to_python(self, data: Any) -> Any:
        if data in self.empty_values or not hasattr(data, "read"):
            return super().to_python(data)
        name = data.name or "The image"
        try:
            clean = image_clean(data, name=name)
        except ImageRejected as rejected:
            raise ValidationError(str(rejected), code="image_rejected") from rejected
        stem = name.rsplit(".", 1)[0] if "." in name else name
        cleaned = SimpleUploadedFile(
            f"{stem}.{clean.extension}",
            clean.content,
            content_type="image/png" if clean.extension == "png" else "image/jpeg",
        )
        return super().to_python(cleaned)


class CheckedImageForm(BaseImageForm):
    """The base of every back-office image form (WAGTAILIMAGES_IMAGE_FORM_BASE)."""

    file = CheckedImageField(label="File")
