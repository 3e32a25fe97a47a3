"""The ledger record schema (pydantic), as documented in docs/ledger.md."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

EVENT_TYPES = ("DEFENSE_PACT", "ACCESS_AGREEMENT", "SECURITY_AGREEMENT", "EXERCISE", "DIALOGUE",
               "SECURITY_ASSISTANCE", "ARMS_TRANSFER", "DEFENSE_BUDGET", "DEFENSE_POLICY", "FORCE_POSTURE",
               "ECONOMIC_SECURITY", "COERCION", "COMMITMENT")
DATE_KINDS = ("occurred", "announced", "signed", "in_force", "planned")
ORGANISATIONS = ("NATO", "EU", "ASEAN", "QUAD", "AUKUS", "UN", "G7", "PIF", "CSTO", "SCO")
EXTRA_ISO3 = ("TWN", "XKX")
NON_MONEY_UNITS = ("pct_gdp", "pct", "count", "troops", "rank", "vessels", "aircraft", "km")
STATUSES = ("announced", "negotiating", "signed", "in_force", "ended")
AGREEMENT_TYPES = ("DEFENSE_PACT", "ACCESS_AGREEMENT", "SECURITY_AGREEMENT", "ECONOMIC_SECURITY")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


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
    m = _DATE.match(str(value))
    if not m:
        raise ValueError(f"{value!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD, quoted)")
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
    return start, end


class Quantity(BaseModel):
    """A figure: value, unit (currency code or one of the non-money units), approximation."""

    model_config = ConfigDict(extra="forbid")
    value: float
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
        if not re.match(r"^https?://[^\s/]+\.[^\s]+", v):
            raise ValueError(f"{v!r} is not an http(s) address")
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

    @field_validator("attributes")
    @classmethod
    def _attributes(cls, v: dict) -> dict:
        status = v.get("status")
        if status is not None and status not in STATUSES:
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
