"""The ledger: reviewed, sourced records of security events (docs/ledger.md)."""
from latticework.ledger.loader import Ledger, Problem, events_frame, ledger_dir, load_ledger, ties_frame

__all__ = ["Ledger", "Problem", "load_ledger", "events_frame", "ties_frame", "ledger_dir"]
