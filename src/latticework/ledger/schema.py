"""The ledger record schema (pydantic), as documented in docs/ledger.md."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from latticework.vocabulary import EVENT_TYPES, ORGANISATIONS  # noqa: F401 - re-exported: the schema's vocabulary

DATE_KINDS = ("occurred", "announced", "signed", "in_force", "planned")
EXTRA_ISO3 = ("TWN", "XKX")
NON_MONEY_UNITS = ("pct_gdp", "pct", "count", "troops", "rank", "vessels", "aircraft", "km")
STATUSES = ("announced", "negotiating", "signed", "in_force", "ended")
AGREEMENT_TYPES = ("DEFENSE_PACT", "ACCESS_AGREEMENT", "SECURITY_AGREEMENT", "ECONOMIC_SECURITY")
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")  # ASCII digits only, whole string
#: The latest year a planned date or an attribute date (signed, in_force, ended) may have.
LATEST_YEAR = 2100
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{1,99}")
_HOST = re.compile(r"(?=.{4,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\.?")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _iso3_codes() -> frozenset:
    import logging

    import country_converter as coco

    logging.getLogger("country_converter").setLevel(logging.ERROR)
    return frozenset(coco.CountryConverter().data["ISO3"].dropna()) | frozenset(EXTRA_ISO3)


ISO3 = _iso3_codes()
CURRENCIES = frozenset({"USD", "JPY", "EUR", "GBP", "AUD", "KRW", "PHP", "CNY", "INR", "CAD", "NZD", "TWD",
                        "UAH", "RUB", "CHF", "SEK", "NOK", "DKK", "PLN", "SGD", "IDR", "VND", "THB", "MYR"})


def parse_date(value: str, allow_future: bool = False) -> tuple[dt.date, dt.date]:
    """First and last day of an ISO date of year, month or day precision.

    Raises
    ------
    ValueError
        Not YYYY, YYYY-MM or YYYY-MM-DD; not a real calendar date; before 1945; in the future.
    """
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError(f"{value!r} is a {type(value).__name__}, not a date (use YYYY, YYYY-MM or YYYY-MM-DD, quoted)")
    m = _DATE.fullmatch(str(value))
    if not m:
        raise ValueError(f"{value!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD in ASCII digits, quoted, "
                         "with nothing before or after)")
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d:
            start = end = dt.date(y, int(mo), int(d))
        elif mo:
            start = dt.date(y, int(mo), 1)
            end = dt.date(y, int(mo), calendar.monthrange(y, int(mo))[1])
        else:
            start, end = dt.date(y, 1, 1), dt.date(y, 12, 31)
    except ValueError:
        raise ValueError(f"{value} is not a real calendar date") from None
    if y < 1945:
        raise ValueError(f"{value} is before 1945 (the ledger covers 1945 to today)")
    if not allow_future and start > dt.date.today():
        raise ValueError(f"{value} is in the future (only date_kind: planned may be)")
    if y > LATEST_YEAR:
        raise ValueError(f"{value} is after {LATEST_YEAR}; check the year")
    return start, end


def check_text(v: Any, what: str, multiline: bool = False) -> str:
    """A text field: a string, not blank, without control characters (newlines only if ``multiline``)."""
    if not isinstance(v, str):
        raise ValueError(f"{what} must be text, not a {type(v).__name__}")
    if not v.strip():
        raise ValueError(f"{what} is blank; write the {what}")
    bad = _CONTROL.search(v if not multiline else v.replace("\n", " ").replace("\t", " "))
    if bad or (not multiline and ("\n" in v.strip() or "\t" in v)):
        raise ValueError(f"{what} holds a control character or a line break; write it on one line as plain text")
    return v


def check_url(v: Any) -> str:
    """An http(s) address: scheme, a host name with a dot (or an IP), no spaces or control characters."""
    from urllib.parse import urlsplit

    if not isinstance(v, str):
        raise ValueError(f"{v!r} is not an http(s) address")
    try:
        parts = urlsplit(v)
        port = parts.port  # raises on a bad port
    except ValueError:
        parts, port = None, None
    host = parts.hostname if parts else None
    ok = (parts is not None and parts.scheme in ("http", "https") and host and v == v.strip()
          and not re.search(r"[\s<>\"{}|\\^`]", v) and not _CONTROL.search(v)
          and (_HOST.fullmatch(host) or re.fullmatch(r"[0-9.]{7,15}", host)) and port != 0)
    if not ok:
        raise ValueError(f"{v!r} is not an http(s) address (https://host.domain/path, no spaces)")
    return v


def _check_attribute_values(v: Any, path: str = "attributes", depth: int = 0) -> None:
    """Attribute values are text, numbers, true/false or null, or lists and mappings of them
    (text keys, at most four levels, finite numbers): what the store writes as JSON."""
    import math

    if depth > 4:
        raise ValueError(f"{path}: nested more than four levels; flatten it")
    if isinstance(v, dict):
        for k, x in v.items():
            if not isinstance(k, str):
                raise ValueError(f"{path}: key {k!r} is not text; quote it")
            _check_attribute_values(x, f"{path}.{k}", depth + 1)
    elif isinstance(v, list):
        for i, x in enumerate(v):
            _check_attribute_values(x, f"{path}.{i}", depth + 1)
    elif isinstance(v, float) and not math.isfinite(v):
        raise ValueError(f"{path}: {v!r} is not a finite number")
    elif not (v is None or isinstance(v, (str, int, float, bool))):
        raise ValueError(f"{path}: a {type(v).__name__} is not allowed; write text or a number")


class Quantity(BaseModel):
    """A figure: value, unit (currency code or one of the non-money units), approximation."""

    model_config = ConfigDict(extra="forbid")
    value: float = Field(allow_inf_nan=False)
    unit: str
    approx: bool = False
    what: Optional[str] = None
    price_year: Optional[int] = Field(None, ge=1945, le=2100)

    @field_validator("unit")
    @classmethod
    def _unit(cls, v: str) -> str:
        if v not in NON_MONEY_UNITS and v not in CURRENCIES:
            raise ValueError(f"unknown unit {v!r}; use a currency code ({', '.join(sorted(CURRENCIES))}) "
                             f"or one of {', '.join(NON_MONEY_UNITS)}")
        return v

    @field_validator("value", mode="before")
    @classmethod
    def _value(cls, v: Any) -> Any:
        if isinstance(v, bool):
            raise ValueError("value is true/false, not a number")
        return v

    @field_validator("what")
    @classmethod
    def _what(cls, v: Optional[str]) -> Optional[str]:
        return None if v is None else check_text(v, "what")


class Source(BaseModel):
    """Where the fact comes from: publisher, title, date, address."""

    model_config = ConfigDict(extra="forbid")
    publisher: str = Field(min_length=2)
    title: str = Field(min_length=3)
    date: str
    url: str

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> str:
        v = v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else str(v)
        parse_date(v, allow_future=False)
        return v

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        return check_url(v)

    @field_validator("publisher", "title")
    @classmethod
    def _text(cls, v: str, info) -> str:
        check_text(v, info.field_name)
        if len(v.strip()) < (2 if info.field_name == "publisher" else 3):
            raise ValueError(f"{info.field_name} is too short once spaces are removed")
        return v


class Record(BaseModel):
    """One ledger record: one fact, in our own words, with at least one source."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{2,99}$")
    type: Literal[EVENT_TYPES]  # type: ignore[valid-type]
    date_kind: Literal[DATE_KINDS]  # type: ignore[valid-type]  (declared first: date's check needs it)
    date: str
    actors: list[str] = Field(min_length=1)
    summary: str = Field(min_length=20, max_length=600)
    quantities: list[Quantity] = Field(default_factory=list)
    attributes: dict[str, Any] = Field(default_factory=dict)
    sources: list[Source] = Field(min_length=1)
    verified: bool
    notes: Optional[str] = None

    @field_validator("date", mode="before")
    @classmethod
    def _date_str(cls, v: Any, info) -> str:
        v = v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else str(v)
        parse_date(v, allow_future=info.data.get("date_kind") == "planned")
        return v

    @field_validator("summary", "notes")
    @classmethod
    def _text(cls, v: Optional[str], info) -> Optional[str]:
        if v is None:
            return v
        check_text(v, info.field_name, multiline=True)
        if info.field_name == "summary" and len(v.strip()) < 20:
            raise ValueError("summary is shorter than 20 characters once spaces are removed")
        return v

    @field_validator("attributes")
    @classmethod
    def _attributes(cls, v: dict) -> dict:
        _check_attribute_values(v)
        for key in ("agreement", "name"):
            if key in v and v[key] is not None:
                if not isinstance(v[key], str):
                    raise ValueError(f"{key}: {type(v[key]).__name__} given; write one "
                                     + ("slug (lower-case letters, digits, hyphens)" if key == "agreement" else "name as text"))
                check_text(v[key], key)
                if key == "agreement" and not _SLUG.fullmatch(v[key]):
                    raise ValueError(f"agreement {v[key]!r} is not a slug (lower-case letters, digits, hyphens)")
        status = v.get("status")
        if status is not None and (not isinstance(status, str) or status not in STATUSES):
            raise ValueError(f"status {status!r} is not one of {', '.join(STATUSES)}")
        for key in ("signed", "in_force", "ended"):
            if v.get(key) is not None:
                val = v[key].isoformat() if isinstance(v[key], (dt.date, dt.datetime)) else str(v[key])
                try:
                    parse_date(val, allow_future=True)
                except ValueError as exc:
                    raise ValueError(f"{key}: {exc}") from None
                v[key] = val
        return v

    @field_validator("actors")
    @classmethod
    def _actors(cls, v: list[str]) -> list[str]:
        if len(set(v)) != len(v):
            raise ValueError(f"an actor is repeated in {v}")
        bad = [a for a in v if a not in ISO3 and a not in ORGANISATIONS]
        if bad:
            raise ValueError(f"unknown actor(s) {bad}: use ISO3 state codes or one of {', '.join(ORGANISATIONS)}")
        return v

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        """First and last day the record's date covers."""
        return parse_date(self.date, allow_future=True)
