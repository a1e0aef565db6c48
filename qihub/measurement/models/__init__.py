"""Measures and their data, shared by aims and projects: a measure's definition, direction,
target and chart type; its points with every correction kept; rebases and annotations; uploads;
and the integration tokens that write data through the API."""

from .data import (
    Annotation,
    DataPoint,
    DataPointCorrection,
    DataSource,
    DataUpload,
    Rebase,
)
from .measure import CHART_FOR, RATIO_TYPES, DataType, Direction, Frequency, Measure
from .tokens import IntegrationToken, token_digest

__all__ = [
    "CHART_FOR",
    "RATIO_TYPES",
    "Annotation",
    "DataPoint",
    "DataPointCorrection",
    "DataSource",
    "DataType",
    "DataUpload",
    "Direction",
    "Frequency",
    "IntegrationToken",
    "Measure",
    "Rebase",
    "token_digest",
]
