"""Sentence boundaries with character offsets.

A sentence runs from its first non-blank character to its closing ``.``, ``?`` or ``!`` (closing
quotes and brackets included); a blank line ends a sentence (so a heading or list item standing
alone is its own sentence), and a line starting with a list marker (``*``, ``-``, ``•``, ``1.``)
starts one. A period after an abbreviation ("U.S.", "Mr.", "D.C.", "Jr.", an initial) does not
end a sentence unless the next word is a common sentence opener ("The", "We", "This", ...).
Hard line breaks stay inside a sentence.
"""
from __future__ import annotations

import re

__all__ = ["split_sentences"]

_ABBREV = frozenset("""Mr Mrs Ms Dr Jr Sr St No Nos Gen Lt Col Maj Sgt Capt Adm Cmdr Sen Sens Rep Reps Gov Pres
Prof Inc Co Corp Ltd vs etc al Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Vol pp Art Fig approx Rev Hon""".split())
_OPENERS = frozenset("""The This These That Those It Its We Our They Their He She His Her In On At As For By
Both Each A An Since Under After Before During While When Today Meanwhile However Additionally Also Such
There Some Many Most Lee Trump President Prime Japan China Australia Korea South North Congress""".split())
#: openers that are names: after an initial they continue the name rather than open a sentence
_NAME_OPENERS = frozenset("Lee Trump President Prime Japan China Australia Korea South North Congress".split())
# candidate boundaries: a terminator (with closing quotes/brackets) before whitespace or the end;
# a blank line; a line that starts with a list marker
_CAND = re.compile(r"(?P<term>[.?!][\"”’')\]]*)(?=\s|\Z)"
                   r"|(?P<blank>\n[ \t\u00a0\r]*\n)"
                   r"|(?P<item>\n(?=[ \t]*(?:[*•\-–]|\d{1,2}[.)])[ \t]))")
_WORD_BEFORE = re.compile(r"(\S+)$")
_NEXT_WORD = re.compile(r"\s*[\"“‘(\[]*([A-Za-z0-9]\w*)")
_SPACE = frozenset(" \t\r\n\u00a0\u2028\u2029\ufeff")


def _is_abbrev(text: str, dot: int) -> bool:
    """Is the period at ``dot`` part of an abbreviation or initial?"""
    start = dot
    while start > 0 and text[start - 1] not in _SPACE and dot - start < 40:
        start -= 1
    token = text[start:dot].lstrip("\"“‘([")
    if not token:
        return False
    if token in _ABBREV:
        return True
    if len(token) == 1 and token.isupper():
        return True  # an initial: "Joseph R. Biden"
    core = token.rstrip(".")
    return "." in core and len(core) <= 12 and not core.replace(".", "").isdigit()  # U.S, D.C, S.Rept, H.R


def _is_initial(text: str, dot: int) -> bool:
    """Is the period at ``dot`` a middle initial: one capital letter after a capitalised word
    ("Donald J.", "Joseph R.")?"""
    return (dot >= 3 and text[dot - 1].isupper() and text[dot - 2] == " "
            and re.search(r"[A-Z][a-z]+ $", text[max(0, dot - 30):dot - 1]) is not None)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the sentences in ``text[start:end]``, ``end`` exclusive.

    Parameters
    ----------
    text : str
        The text (offsets are into this string).
    start, end : int, optional
        The part of ``text`` to split (default: all of it).

    Returns
    -------
    list of (int, int)
        Each sentence's first character and one past its last, blank characters trimmed.
    """
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    s = start

    def close(a: int, b: int) -> None:
        while a < b and text[a] in _SPACE:
            a += 1
        while b > a and text[b - 1] in _SPACE:
            b -= 1
        if b > a:
            out.append((a, b))

    for m in _CAND.finditer(text, start, end):
        if m.lastgroup == "term":
            t = m.start()
            if text[t] == "." and _is_abbrev(text, t):
                nxt = _NEXT_WORD.match(text, m.end(), min(end, m.end() + 40))
                # after a middle initial ("President Donald J. Trump") a name follows, so only a
                # function word ("The", "We") opens a new sentence there
                openers = _OPENERS - _NAME_OPENERS if _is_initial(text, t) else _OPENERS
                if not nxt or nxt.group(1) not in openers:
                    continue
            close(s, m.end())
            s = m.end()
        else:
            close(s, m.start())
            s = m.end() if m.lastgroup == "blank" else m.start() + 1
    close(s, end)
    return out
