"""Reading texts: security events and checkable claims, each with its sentence and offsets.

``extract_text`` / ``extract_file`` return the events of a text (types of EVENT_TYPES.md);
``latticework.models.claim_check.check_text`` checks its claims against the store.
The method (rules and gazetteers) and the evaluation are in docs/text.md.
"""
from latticework.text.extract import extract_file, extract_text, iter_extract_file

__all__ = ["extract_text", "extract_file", "iter_extract_file"]
