"""Event data at scale: GDELT / ICEWS / POLECAT files into dyad-period cooperation/conflict series.

- :func:`ingest`: stream event files into a validated, deduplicated Parquet store partitioned by
  year and month (``<cache>/events``), with reject files that name every bad line and why;
- :func:`interactions`: dyad-period counts by quad class, mean Goldstein score and counts of this
  project's event types, as one Ibis expression run on DuckDB (default) or Spark;
- :func:`write_synthetic`: realistic synthetic GDELT 2.0 files for benchmarks (named synthetic).

See ``docs/events.md`` for the formats, the dedup key and the CAMEO -> event type table.
"""
from __future__ import annotations

from latticework.events.cameo import (  # noqa: F401
    CAMEO_EVENT_TYPES, EVENT_TYPE_COLUMNS, QUAD_CLASSES, cameo_country_to_iso3, event_type_of,
    quad_class_of,
)
from latticework.events.ingest import IngestSummary, events_dir, ingest  # noqa: F401
from latticework.events.series import FREQS, SERIES_COLUMNS, interactions  # noqa: F401
from latticework.events.synth import write_synthetic  # noqa: F401

__all__ = [
    "ingest", "interactions", "write_synthetic", "events_dir", "IngestSummary", "FREQS",
    "SERIES_COLUMNS", "QUAD_CLASSES", "EVENT_TYPE_COLUMNS", "CAMEO_EVENT_TYPES",
    "cameo_country_to_iso3", "quad_class_of", "event_type_of",
]
