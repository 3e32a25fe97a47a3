"""The project's exception hierarchy.

Every error the user can cause carries a one-line message that names the file, line, field or
argument at fault and a ``fix`` that says what to do. The CLI prints ``error: <message> (fix:
<fix>)`` and exits with :attr:`LatticeworkError.exit_code`; the web app maps
:attr:`LatticeworkError.http_status` onto its JSON error shape.
"""
from __future__ import annotations

__all__ = [
    "LatticeworkError",
    "UsageError",
    "UnknownState",
    "SourceUnavailable",
    "ChecksumMismatch",
    "MalformedSource",
    "StoreMissing",
    "StoreBuildError",
    "InvalidRecord",
    "InvalidInput",
    "PastCoverage",
]


class LatticeworkError(Exception):
    """Base class: a message naming what is wrong, and a fix.

    Parameters
    ----------
    message : str
        What is wrong, naming the file/line/field or argument.
    fix : str, optional
        What the user should do about it.
    """

    exit_code = 1
    http_status = 400

    def __init__(self, message: str, fix: str | None = None):
        self.message = message
        self.fix = fix
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The error as one line: ``message (fix: ...)``."""
        text = " ".join(str(self.message).split())
        if self.fix:
            text += f" (fix: {' '.join(self.fix.split())})"
        return text

    def to_dict(self) -> dict:
        """JSON shape shared by the CLI's ``--json`` and the web API."""
        return {"ok": False, "error": self.message, "fix": self.fix,
                "type": type(self).__name__, "status": self.http_status}


class UsageError(LatticeworkError):
    """A command or function was called with arguments that cannot work."""

    exit_code = 2
    http_status = 422


class UnknownState(LatticeworkError):
    """A state name or code that does not resolve; ``suggestions`` lists the closest matches."""

    exit_code = 2
    http_status = 404

    def __init__(self, query, suggestions: list[str] | None = None):
        self.query = query
        self.suggestions = list(suggestions or [])
        hint = ("did you mean: " + ", ".join(self.suggestions)) if self.suggestions else (
            "use a COW code, an ISO3 code or an English name")
        super().__init__(f"unknown state {query!r}", hint)

    def to_dict(self) -> dict:
        d = super().to_dict()
        d["suggestions"] = self.suggestions
        return d


class SourceUnavailable(LatticeworkError):
    """A registered source is not in the cache and could not be acquired."""

    http_status = 503


class ChecksumMismatch(LatticeworkError):
    """A file's sha256 differs from the registry's: it is corrupt, partial or another version."""


class MalformedSource(LatticeworkError):
    """A source file could not be read into its validated table (names file, line, field)."""


class StoreMissing(LatticeworkError):
    """No store has been built at the expected path."""

    http_status = 503


class StoreBuildError(LatticeworkError):
    """The store build failed; the previous store (if any) is left untouched."""


class InvalidRecord(LatticeworkError):
    """A ledger or scenario record fails validation (names file, line and field)."""


class InvalidInput(LatticeworkError):
    """An input file or text cannot be processed (empty, binary, wrong encoding, too large)."""


class PastCoverage(UsageError):
    """A value was asked for after the last year the store's data cover (``db.latest_year``):
    raised by every function that takes ``years=`` or ``year=`` (``latticework.years``), so a
    measure never extrapolates silently. A :class:`UsageError`, so existing handlers catch it."""
