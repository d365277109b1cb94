"""Names shown through markdown come back exactly as they are."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lumbarlog.ui import markup


def _code_span_text(markdown: str) -> str:
    """What CommonMark shows for a markdown text that is one code span (spec, "Code spans")."""
    fence = re.match(r"`+", markdown)
    assert fence and markdown.endswith(fence.group())
    inner = markdown[len(fence.group()) : -len(fence.group())]
    assert fence.group() not in re.findall(r"`+", inner)  # no run of the same length inside
    if inner.startswith(" ") and inner.endswith(" ") and inner.strip(" "):
        inner = inner[1:-1]
    return inner


@given(st.text(alphabet=st.sampled_from(list("` ab*_[]():/.@$")), min_size=1).filter(str.strip))
def test_a_file_name_is_one_code_span_showing_the_name(name: str) -> None:
    assert _code_span_text(markup.file_name(name)) == name


@given(st.text(max_size=60))
def test_plain_text_shows_the_same_characters(text: str) -> None:
    """Undoing the escapes and dropping the word joiners gives back exactly what was typed."""
    shown = re.sub(r"\\(.)", r"\1", markup.plain(text)).replace("\u2060", "")
    assert shown == text.replace("\u2060", "")


@pytest.mark.parametrize(
    "text",
    [
        "www.evil.example",
        "WWW.evil.example",
        "https://evil.example/x",
        "http://a.b",
        "see bob@example.org",
        "HTTP://x.example",
    ],
)
def test_plain_text_breaks_every_bare_address_that_markdown_would_link(text: str) -> None:
    """GitHub-flavoured markdown links "www.", "http(s):" and e-mail addresses even when
    escaped; each is broken by a word joiner (checked in a browser by the login test)."""
    shown = markup.plain(text)
    assert not re.search(r"(?i)www\\?\.|https?\\?:|\w@", shown)
