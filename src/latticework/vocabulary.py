"""The project's shared vocabulary, defined once (issue 21): the 13 event types of
``../shared/EVENT_TYPES.md`` and the organisations that may act in a ledger record or a text."""
from __future__ import annotations

__all__ = ["EVENT_TYPES", "ORGANISATIONS"]

#: event types, in the order of ``EVENT_TYPES.md``
EVENT_TYPES = ("DEFENSE_PACT", "ACCESS_AGREEMENT", "SECURITY_AGREEMENT", "EXERCISE", "DIALOGUE",
               "SECURITY_ASSISTANCE", "ARMS_TRANSFER", "DEFENSE_BUDGET", "DEFENSE_POLICY", "FORCE_POSTURE",
               "ECONOMIC_SECURITY", "COERCION", "COMMITMENT")

#: organisations (not states) that may be actors
ORGANISATIONS = ("NATO", "EU", "ASEAN", "QUAD", "AUKUS", "UN", "G7", "PIF", "CSTO", "SCO")
