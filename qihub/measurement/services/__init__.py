"""Writes to measures and their data (each one transaction, each audited)."""

from qihub.measurement.services.data import (
    PointValues,
    Recorded,
    RecordOutcome,
    datapoint_check,
    datapoint_record,
)
from qihub.measurement.services.measures import (
    measure_create,
    measure_data_type_check,
    measure_delete_refusal,
    measure_frequency_check,
    measure_update,
)
from qihub.measurement.services.tokens import (
    token_create,
    token_for_secret,
    token_may_write,
    token_revoke,
    token_update,
    token_used,
)
from qihub.measurement.services.uploads import (
    RowOutcome,
    UploadReport,
    UploadRow,
    data_upload_import,
    data_upload_preview,
    data_uploads_forget,
)

__all__ = [
    "PointValues",
    "RecordOutcome",
    "Recorded",
    "RowOutcome",
    "UploadReport",
    "UploadRow",
    "data_upload_import",
    "data_upload_preview",
    "data_uploads_forget",
    "datapoint_check",
    "datapoint_record",
    "measure_create",
    "measure_data_type_check",
    "measure_delete_refusal",
    "measure_frequency_check",
    "measure_update",
    "token_create",
    "token_for_secret",
    "token_may_write",
    "token_revoke",
    "token_update",
    "token_used",
]
