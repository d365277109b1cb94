"""Names shown through markdown come back exactly as they are."""

from __future__ import annotations

import re

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
