"""Text from a person or a file, made safe for Streamlit's markdown: shown exactly as written,
never formatted, never turned into a link."""

from __future__ import annotations

import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
# Escaping does not stop Streamlit's markdown (GitHub's flavour) from making links of bare
# addresses: "www.", "https:" and e-mail addresses. An invisible WORD JOINER (U+2060) inside
# each of those marks breaks the pattern and shows the same characters.
_WORD_JOINER = "\u2060"
_AUTOLINKS = re.compile(r"(?i)(?<=www)(?=\\?\.)|(?<=https)(?=\\?:)|(?<=http)(?=\\?:)|(?=@)")


def plain(text: object) -> str:
    """Text that Streamlit's markdown shows exactly as written (for values a person typed):
    never formatted, never made into a link."""
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))
    return _AUTOLINKS.sub(_WORD_JOINER, escaped)


def file_name(name: object) -> str:
    """A file name or path as markdown that shows it exactly as it is: a code span, which
    markdown neither formats nor turns into a link (escaping with plain() would still let a
    name like https://example.com become a link)."""
    text = " ".join(str(name).splitlines())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    # Markdown drops one space at each end of a code span that starts and ends with one.
    padded = text[:1] in ("`", " ") or text[-1:] in ("`", " ")
    pad = " " if padded else ""
    return f"{fence}{pad}{text}{pad}{fence}"
