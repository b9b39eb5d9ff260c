"""Text and headings out of HTML, with the standard library's ``html.parser``.

An HTML report becomes plain text, one block per line, and the levels of the lines
that were ``<h1>``–``<h6>``. Scripts, styles, forms, the document head and navigation
(``<nav>``, ``role="navigation"``, ``class``/``id`` naming a menu or breadcrumb) are
dropped. Whitespace collapses as a browser shows it: a line break between two Chinese
characters disappears, elsewhere whitespace runs become one space; ``<pre>`` keeps its
lines. The extracted text is what the record calls ``text_original``: offsets refer to
it, not to the markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Elements whose whole content is not report text.
SKIPPED = frozenset({
    "script", "style", "noscript", "template", "nav", "head", "svg", "math", "iframe", "object", "canvas",
    "button", "select", "textarea", "form", "audio", "video",
})
# Elements that end a line (the rest is inline and joins the current line; table cells join with a space).
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "html", "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody",
    "tfoot", "thead", "title", "tr", "ul",
})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                  "track", "wbr"})
HEADINGS = {f"h{level}": level for level in range(1, 7)}
NAVIGATION_NAMES = re.compile(r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|skip-?link)(?:$|[\s_-])",
                              re.IGNORECASE)
WHITESPACE = re.compile(r"[ \t\n\r\f]+")  # HTML whitespace only: U+3000 and NBSP are content
WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")
UNTERMINATED_MARKUP = re.compile(r"<[!?/A-Za-z]")  # what html.parser would have read as markup


@dataclass
class MarkupText:
    """Extracted text (lines joined by ``\\n``) and ``{line index: heading level}``."""

    text: str
    headings: dict[int, int] = field(default_factory=dict)
    title: str | None = None  # the document's <title> (in the head, so not part of ``text``)


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._closing = False
        self._tail: list[str] = []
        self.lines: list[str] = []
        self.headings: dict[int, int] = {}
        self._buffer: list[str] = []
        self._heading = 0
        self._pre = 0
        self._skip_tag: str | None = None
        self._skip_depth = 0
        self._in_title = False
        self.title_parts: list[str] = []

    # -------------------------------------------------------------- events
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" and not self.title_parts:
            self._in_title = True
        if self._skip_tag is not None:
            if tag == self._skip_tag and tag not in VOID:
                self._skip_depth += 1
            return
        if tag not in VOID and _is_skipped(tag, dict(attrs)):
            self._skip_tag, self._skip_depth = tag, 1
            return
        if tag in BLOCKS:
            self._flush()
        if tag in HEADINGS:
            self._heading = HEADINGS[tag]
        elif tag == "pre":
            self._pre += 1
        elif tag in ("td", "th"):
            self._buffer.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_tag is None and tag in BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth -= 1
                if self._skip_depth == 0:
                    self._skip_tag = None
            return
        if tag in BLOCKS:
            self._flush()
        if tag in HEADINGS:
            self._heading = 0
        elif tag == "pre":
            self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
        if self._skip_tag is not None:
            return
        if self._closing:  # what html.parser hands back at EOF, possibly in pieces ("<", "a href='x")
            self._tail.append(data)
            return
        if self._pre:
            first, *rest = data.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            self._buffer.append(first)
            for line in rest:
                self._flush(collapse=False)
                self._buffer.append(line)
        else:
            self._buffer.append(data)

    # -------------------------------------------------------------- lines
    def _flush(self, collapse: bool = True) -> None:
        raw = "".join(self._buffer)
        self._buffer = []
        line = _collapse(raw) if collapse and not self._pre else raw.rstrip()
        if not line.strip():
            return
        if self._heading:
            self.headings[len(self.lines)] = self._heading
        self.lines.append(line)

    def close(self) -> None:
        self._closing = True
        super().close()
        self._closing = False
        tail = "".join(self._tail)
        if tail and not UNTERMINATED_MARKUP.match(tail):  # markup cut off by the end of the page is not text,
            self.handle_data(tail)                        # as in a browser (<!--<script>, <a href='x)
        self._flush()


def _is_skipped(tag: str, attrs: dict[str, str | None]) -> bool:
    if tag in SKIPPED or "hidden" in attrs or (attrs.get("aria-hidden") or "").lower() == "true":
        return True
    if (attrs.get("role") or "").lower() in ("navigation", "menu", "menubar"):
        return True
    names = " ".join(filter(None, (attrs.get("class"), attrs.get("id"))))
    return tag in ("div", "ul", "ol", "section", "aside", "header") and bool(NAVIGATION_NAMES.search(names))


def _collapse(raw: str) -> str:
    """Whitespace as rendered: drop a line break between two wide (CJK) characters, else one space."""

    def replace(match: re.Match[str]) -> str:
        before = raw[match.start() - 1] if match.start() else ""
        after = raw[match.end()] if match.end() < len(raw) else ""
        if "\n" in match.group() and WIDE.match(before or " ") and WIDE.match(after or " "):
            return ""
        return " "

    return WHITESPACE.sub(replace, raw).strip(" ")


def html_to_text(html: str) -> MarkupText:
    """Visible report text of an HTML page, with the heading level of each heading line."""
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    title = _collapse("".join(parser.title_parts)) or None
    return MarkupText("\n".join(parser.lines) + ("\n" if parser.lines else ""), parser.headings, title)
