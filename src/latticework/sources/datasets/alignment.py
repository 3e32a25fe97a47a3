"""Foreign-policy alignment: UN General Assembly ideal points (Bailey, Strezhnev & Voeten 2024).

Table ``alignment`` (``ccode``, ``year`` = 1945 + session): ``ideal_point`` (IdealPointAll, a
latent position; higher = closer to the US-led liberal order), ``ideal_point_q5``/``_q95``
(uncertainty band), ``n_votes``, ``us_agree``, ``china_agree``, ``russia_agree``,
``india_agree`` (share of votes, 0–1, agreeing with that state).
"""
from __future__ import annotations

import pandas as pd

from latticework.errors import MalformedSource
from latticework.sources.context import BuildContext

SOURCES = ["unga"]


def read(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    """The ``alignment`` table."""
    path = ctx.path("unga", "IdealpointestimatesAll_Jun2024.csv")
    d = pd.read_csv(path, na_values=["NA"])
    need = ["ccode", "session", "IdealPointAll", "USAgree", "ChinaAgree", "RUSSAgree"]
    missing = [c for c in need if c not in d.columns]
    if missing:
        raise MalformedSource(f"{path}: missing columns {missing}", "fetch the June 2024 release again")
    out = pd.DataFrame({
        "ccode": d["ccode"].astype("int32"), "year": (1945 + d["session"]).astype("int32"),
        "ideal_point": d["IdealPointAll"], "ideal_point_q5": d["Q5%All"], "ideal_point_q95": d["Q95%All"],
        "n_votes": d["NVotesAll"], "us_agree": d["USAgree"], "china_agree": d["ChinaAgree"],
        "russia_agree": d["RUSSAgree"], "india_agree": d["IndiaAgree"]})
    return {"alignment": out}
