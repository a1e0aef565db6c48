"""Reads of roster uploads, for the person asking."""

import uuid

from django.db.models.functions import Length

from qihub.core.models import RosterUpload, User


def roster_upload_for(*, user: User, upload_id: uuid.UUID | str) -> RosterUpload | None:
    """The upload, if `user` made it (no one else sees it), without its file but with its size.

    `file_size` is None once the file has been deleted.
    """
    return (
        RosterUpload.objects.defer("data")
        .annotate(file_size=Length("data"))
        .filter(pk=upload_id, uploaded_by=user)
        .first()
    )
