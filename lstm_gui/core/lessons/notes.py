"""A teacher's notes: rich text cut down to a small, safe HTML subset before it is kept or shown.

The subset (NOTES_TAGS): paragraphs and line breaks, bold, italic, underline, three heading
levels, bulleted and numbered lists, code, preformatted text, quotations and links (`href`
only, and only http, https or mailto). Every other attribute is dropped; other tags are dropped
but their text kept; the contents of script, style, head and title are dropped whole. Qt's rich
text editor writes bold, italic and underline as styled spans, so those three styles become
their tags. Text is re-escaped, so the result holds nothing but the subset, whatever came in.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

from lstm_gui.core.errors import LessonError

# The tags kept, and those of them that have no closing tag.
NOTES_TAGS = frozenset("p br b strong i em u h1 h2 h3 ul ol li code pre blockquote a".split())
_VOID_TAGS = frozenset({"br"})
# Elements whose text is not part of the notes (style sheets, scripts, the page's title).
_DROPPED_WHOLE = frozenset({"script", "style", "head", "title"})
_LINK_SCHEMES = ("http://", "https://", "mailto:")
# Notes are a few paragraphs; this many characters of HTML in (Qt's editor writes about ten
# times the text's length) is already a long page, and more is refused rather than cut.
MAX_NOTES_CHARACTERS = 200_000
# Deeper nesting than this is no teacher's formatting; inner tags are dropped, text kept.
_MAX_DEPTH = 32
# The span styles Qt's editor writes for the three kept character formats.
_SPAN_STYLES = (
    (re.compile(r"font-weight\s*:\s*(bold|[6-9]00)"), "b"),
    (re.compile(r"font-style\s*:\s*italic"), "i"),
    (re.compile(r"text-decoration\s*:[^;]*underline"), "u"),
)


class _Sanitiser(HTMLParser):
    """Writes the subset while parsing; `open` holds, per open source tag, the tags it opened."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.open: list[tuple[str, tuple[str, ...]]] = []
        self.dropping = 0  # inside script/style/head/title (their depth)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED_WHOLE:
            self.dropping += 1
            return
        if self.dropping:
            return
        if tag in _VOID_TAGS:
            self.parts.append(f"<{tag}>")
            return
        emitted = self._tags_for(tag, dict(attrs)) if len(self.open) < _MAX_DEPTH else ()
        self.parts.extend(text for _, text in emitted)
        self.open.append((tag, tuple(name for name, _ in emitted)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID_TAGS and not self.dropping:
            self.parts.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED_WHOLE:
            self.dropping = max(0, self.dropping - 1)
            return
        if self.dropping or tag in _VOID_TAGS:
            return
        # Close everything opened since the matching start tag; a stray end tag closes nothing.
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth][0] == tag:
                while len(self.open) > depth:
                    self._close_last()
                return

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.parts.append(escape(data, quote=False))

    def close_all(self) -> str:
        while self.open:
            self._close_last()
        return "".join(self.parts)

    def _close_last(self) -> None:
        _, emitted = self.open.pop()
        self.parts.extend(f"</{name}>" for name in reversed(emitted))

    @staticmethod
    def _tags_for(tag: str, attrs: dict[str, str | None]) -> tuple[tuple[str, str], ...]:
        """The subset's (name, start tag) pairs that stand for this source tag."""
        if tag == "span":
            style = (attrs.get("style") or "").lower()
            return tuple(
                (name, f"<{name}>") for pattern, name in _SPAN_STYLES if pattern.search(style)
            )
        if tag not in NOTES_TAGS:
            return ()
        if tag == "a":
            href = (attrs.get("href") or "").strip()
            if not href.lower().startswith(_LINK_SCHEMES):
                return ()
            return (("a", f'<a href="{escape(href, quote=True)}">'),)
        return ((tag, f"<{tag}>"),)


def sanitise_notes(html: object) -> str:
    """The notes as the HTML subset; raises LessonError for non-text or over-long notes."""
    if not isinstance(html, str):
        raise LessonError(f"the notes must be text, not {type(html).__name__}.")
    if len(html) > MAX_NOTES_CHARACTERS:
        raise LessonError(
            f"the notes are too long ({len(html):,} characters; at most {MAX_NOTES_CHARACTERS:,})."
        )
    parser = _Sanitiser()
    try:
        parser.feed(html)
        parser.close()
    except AssertionError:  # html.parser's word for a declaration it cannot read ("<![x[")
        raise LessonError("the notes hold markup that cannot be read.") from None
    return parser.close_all().strip()


def notes_text(html: str) -> str:
    """The notes' words without tags (for a status line or a check that they say anything)."""

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.words: list[str] = []

        def handle_data(self, data: str) -> None:
            self.words.append(data)

    reader = _Text()
    reader.feed(sanitise_notes(html))
    reader.close()
    return " ".join("".join(reader.words).split())
