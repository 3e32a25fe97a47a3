"""Event-file formats: GDELT 1.0 / 2.0 export rows, ICEWS and POLECAT tab-separated files.

A GDELT export file is tab-separated, has no header, and its version is told by the number of
fields on each line (GDELT's column header files are staged in the data mirror under
``gdelt/lookups/``):

====================  ======  ==============================================================
format                fields  what
====================  ======  ==============================================================
``gdelt1-historical``     57  GDELT 1.0 historical backfile (events 1979 - March 2013)
``gdelt1-daily``          58  GDELT 1.0 daily update files (from April 2013): + ``SOURCEURL``
``gdelt2``                61  GDELT 2.0 15-minute export files (from 2015-02-18): 1.0 daily +
                              ``Actor1Geo_ADM2Code``, ``Actor2Geo_ADM2Code``, ``ActionGeo_ADM2Code``
====================  ======  ==============================================================

The version is decided line by line, so a file that mixes 57- and 58-field rows (as the GDELT 1.0
samples in the mirror do) is read whole. ICEWS and POLECAT files have a header line and are
recognised by it; their columns are found by name (see :data:`ICEWS_COLUMNS` and
:data:`POLECAT_COLUMNS`).
"""
from __future__ import annotations

__all__ = [
    "GDELT1_COLUMNS", "GDELT2_COLUMNS", "GDELT_FIELD_COUNTS", "gdelt_field_index",
    "ICEWS_COLUMNS", "POLECAT_COLUMNS", "POLECAT_ALIASES", "normalize_header",
]

#: The 58 GDELT 1.0 daily-format columns, in order (the 57-field historical format lacks SOURCEURL).
GDELT1_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)

#: The 61 GDELT 2.0 export columns, in order.
GDELT2_COLUMNS: tuple[str, ...] = (
    GDELT1_COLUMNS[:39] + ("Actor1Geo_ADM2Code",) + GDELT1_COLUMNS[39:46] + ("Actor2Geo_ADM2Code",)
    + GDELT1_COLUMNS[46:53] + ("ActionGeo_ADM2Code",) + GDELT1_COLUMNS[53:]
)

#: Field count -> format name.
GDELT_FIELD_COUNTS: dict[int, str] = {57: "gdelt1-historical", 58: "gdelt1-daily", 61: "gdelt2"}


def gdelt_field_index(name: str, n_fields: int) -> int | None:
    """0-based position of column ``name`` on a GDELT line of ``n_fields`` fields (None if absent).

    Parameters
    ----------
    name : str
        A GDELT column name as in :data:`GDELT1_COLUMNS` / :data:`GDELT2_COLUMNS` (case-sensitive).
    n_fields : int
        Number of tab-separated fields on the line: 61 reads the GDELT 2.0 layout; any other count
        reads the first ``n_fields`` GDELT 1.0 columns (57 historical, 58 daily).

    Returns
    -------
    int or None
        The 0-based field index, or None when the column is not among those fields (``SOURCEURL``
        on a 57-field line).
    """
    cols = GDELT2_COLUMNS if n_fields == 61 else GDELT1_COLUMNS[:n_fields]
    try:
        return cols.index(name)
    except ValueError:
        return None


#: ICEWS coded event data, as published on Harvard Dataverse (doi:10.7910/DVN/28075): tab-separated
#: with this header line. "Event ID" alone is not unique across the files; with "Event Date" it is.
ICEWS_COLUMNS: tuple[str, ...] = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
    "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
    "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude", "Longitude",
)

#: POLECAT (PLOVER-coded) weekly/yearly files on Harvard Dataverse (doi:10.7910/DVN/AJGVIT):
#: tab-separated with a header line. Only these columns are read; the others are ignored. Names
#: are matched after :func:`normalize_header`, with :data:`POLECAT_ALIASES` as alternatives.
POLECAT_COLUMNS: tuple[str, ...] = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code",
    "Actor Name", "Actor Country", "Recipient Name", "Recipient Country",
    "Country", "Latitude", "Longitude", "Source",
)

#: Accepted alternative header names (normalized) for the POLECAT columns.
POLECAT_ALIASES: dict[str, tuple[str, ...]] = {
    "event id": ("event id", "eventid", "id"),
    "event date": ("event date", "story date", "date"),
    "event type": ("event type", "plover type"),
    "event mode": ("event mode", "mode"),
    "event intensity": ("event intensity", "intensity"),
    "quad code": ("quad code", "quadcode", "quad class"),
    "actor name": ("actor name", "actor"),
    "actor country": ("actor country", "actor country code"),
    "recipient name": ("recipient name", "recipient"),
    "recipient country": ("recipient country", "recipient country code"),
    "country": ("country", "event country"),
    "latitude": ("latitude", "lat"),
    "longitude": ("longitude", "lon", "long"),
    "source": ("source", "publisher"),
}


def normalize_header(name: str) -> str:
    """Lower-case a header name and collapse spaces, underscores and dots to one space.

    Parameters
    ----------
    name : str
        A column name from a file's header line (tabs count as spaces too).

    Returns
    -------
    str
        The normalized name, stripped (``"Event_Date"`` -> ``"event date"``), as the keys of
        :data:`POLECAT_ALIASES`.
    """
    out = []
    for ch in name.strip().lower():
        out.append(" " if ch in "_. \t" else ch)
    return " ".join("".join(out).split())
