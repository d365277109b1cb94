"""The red flags of data/catalog/red_flags.toml, and finding their signs in what a person wrote
in a day's notes.

The words to look for live with each flag in the file (``mention``), checked when loaded like
the rest of the catalog; finding them only reads text. It is a hint, not a diagnosis: a match
brings up the red-flag check, which asks the person whether they have the sign.

How notes are read:

- Case, apostrophes and punctuation inside a word do not matter ("Can't", "cant", "cannot",
  "can not", "couldn't" and "could not" are one word); words match whole ("numb*" matches
  "numbness", but "wee" does not match "tweezers").
- A ``near`` pair must be in the same sentence (sentences end at . ! ? ; : or a new line;
  "..." is a pause, not an end),
  with at most ``NEAR_WORDS`` words between them, in either order: "numbness in my groin",
  "groin feels numb", "pins and needles in both legs".
- Negation, a deliberate compromise: a sign is skipped when one of the file's ``negations``
  ("no", "not", "without", ...) comes up to ``NEGATION_WORDS`` words before it, or between
  the two words of a pair, within the same part of the sentence (a comma or "but", "and",
  "though" ends that part). So "no numbness" and "no trouble peeing" stay quiet, while "no
  pain but numbness in my groin" and "no longer able to pee" (an entry of ``not_negations``)
  do not. Anything subtler is not understood, and it errs towards showing the check: a
  missed sign costs far more than a check the person did not need.
- Phrases in ``ignore`` ("fell asleep", "slipped disc") are skipped before looking.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lumbarlog import paths
from lumbarlog.domain.catalog_files import LONGEST_TERM, CatalogError, Table, read_toml, tables

# Words allowed between the two words of a ``near`` pair.
NEAR_WORDS = 3
# The most words a term has (checked at load).
_LONGEST_TERM = LONGEST_TERM
# How far before a sign a negation reaches.
NEGATION_WORDS = 3

# A word: letters or digits, with apostrophes inside ("can't"). Sentence ends and commas (and
# "...", read as a comma) are kept as tokens of their own; everything else separates words.
_TOKEN = re.compile(r"[^\W_]+(?:['’‘`´][^\W_]+)*|\.{2,}|…|[.!?;:\n\r\u2028\u2029]|,")
_APOSTROPHES = re.compile(r"['’‘`´]")
_SENTENCE_END = frozenset(".!?;:\n\r\u2028\u2029")
# Words that end the reach of a negation ("." and "," stand for sentence ends and commas).
_PART_ENDS = frozenset({".", ",", "but", "and", "though", "although", "however", "yet", "except"})


@dataclass(frozen=True)
class Mention:
    """Words in a day's notes that point to a red flag: any of ``words``, and, when ``near``
    is given, any of ``near`` close by in the same sentence (see lumbarlog/domain/red_flags.py)."""

    words: tuple[str, ...]
    near: tuple[str, ...] = ()


@dataclass(frozen=True)
class RedFlag:
    """A sign that back pain needs a doctor, never an exercise."""

    id: str
    sign: str
    urgency: str  # "emergency" (now), "urgent" (today) or "see_doctor" (soon)
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class RedFlagWords:
    """How notes are read for red flags: which words negate the sign that follows, phrases in
    which they do not, and phrases that only look like a sign."""

    negations: frozenset[str]
    not_negations: tuple[str, ...]
    ignore: tuple[str, ...]


RED_FLAGS_FILE = "red_flags.toml"

URGENCIES: tuple[str, ...] = ("emergency", "urgent", "see_doctor")

_RED_FLAG_KEYS = ("id", "sign", "urgency", "mention")

_RED_FLAG_FILE_KEYS = ("source", "negations", "not_negations", "ignore", "red_flag")


@cache
def load_red_flags(folder: Path = paths.CATALOG_DIR) -> tuple[RedFlag, ...]:
    """The red flags of data/catalog/red_flags.toml, checked like the rest of the catalog."""
    data = _read_red_flags_file(folder)
    flags: dict[str, RedFlag] = {}
    for flag_id, entry, item in tables(
        RED_FLAGS_FILE, "red flag", data.get("red_flag", []), _RED_FLAG_KEYS, flags
    ):
        mentions = item.get("mention", [])
        if not isinstance(mentions, list):
            raise entry.fail("mention must be a list of tables like { words = [...] }")
        flags[flag_id] = RedFlag(
            id=flag_id,
            sign=entry.text("sign"),
            urgency=entry.choice("urgency", URGENCIES),
            mentions=tuple(
                _make_mention(entry, number, mention)
                for number, mention in enumerate(mentions, start=1)
            ),
        )
    if not flags:
        raise CatalogError(f"{RED_FLAGS_FILE}: no red flags")
    return tuple(flags.values())


@cache
def load_red_flag_words(folder: Path = paths.CATALOG_DIR) -> RedFlagWords:
    """The negations and ignored phrases of red_flags.toml (see lumbarlog/domain/red_flags.py)."""
    data = _read_red_flags_file(folder)
    entry = Table(RED_FLAGS_FILE, "the file's", data)
    negations = entry.terms("negations", allow_star=False)
    if any(" " in word for word in negations):
        raise entry.fail("negations must be single words")
    return RedFlagWords(
        negations=frozenset(negations),
        not_negations=entry.terms("not_negations", allow_star=False),
        ignore=entry.terms("ignore", allow_star=False),
    )


def _read_red_flags_file(folder: Path) -> dict[str, Any]:
    data = read_toml(Path(folder) / RED_FLAGS_FILE)
    Table(RED_FLAGS_FILE, "the file", data).check_keys(_RED_FLAG_FILE_KEYS)
    return data


def _make_mention(flag: Table, number: int, data: object) -> Mention:
    label = f"{flag.label} mention {number}"
    if not isinstance(data, dict):
        raise CatalogError(f"{RED_FLAGS_FILE}: {label} must be a table like {{ words = [...] }}")
    entry = Table(RED_FLAGS_FILE, label, data)
    entry.check_keys(("words", "near"))
    near = entry.terms("near") if "near" in data else ()
    if "near" in data and not near:
        raise entry.fail("near is empty; leave it out instead")
    return Mention(words=entry.terms("words"), near=near)


@dataclass(frozen=True)
class Found:
    """A red flag whose sign the notes mention, with the words that mention it, as typed."""

    flag: RedFlag
    words: str


@dataclass(frozen=True)
class _Word:
    text: str  # normalised: case-folded, no apostrophes
    start: int  # offsets in the original notes
    end: int


def find_signs(
    notes: object,
    flags: Sequence[RedFlag] | None = None,
    words: RedFlagWords | None = None,
) -> list[Found]:
    """The red flags whose signs ``notes`` mention, in the file's order (most urgent first),
    each once, with the first words that mention it. Anything that is not text is no notes."""
    if not isinstance(notes, str) or not notes.strip():
        return []
    flags = load_red_flags() if flags is None else flags
    words = load_red_flag_words() if words is None else words
    text = _skip_ignored(_words(notes), words.ignore)
    found: list[Found] = []
    for flag in flags:
        span = _first_mention(text, flag.mentions, words)
        if span is not None:
            found.append(Found(flag, notes[span[0] : span[1]]))
    return found


# --------------------------------------------------------------------------------------------
# Reading the notes
# --------------------------------------------------------------------------------------------


def _words(notes: str) -> list[_Word]:
    """The notes as normalised words. A sentence end becomes the word ".", and a comma (or a
    pause, "...") the word ","; neither is in any term, so no term spans them."""
    words: list[_Word] = []
    for match in _TOKEN.finditer(notes):
        token = match.group()
        if token in _SENTENCE_END:
            token = "."
        elif token == "…" or token.startswith(".."):  # a pause, read like a comma
            token = ","
        text = _APOSTROPHES.sub("", token).casefold()
        word = _Word(text, match.start(), match.end())
        # "cannot", "can not", "couldn't" and "could not" are read as "cant".
        if text in ("cannot", "couldnt"):
            word = _Word("cant", word.start, word.end)
        elif text == "not" and words and words[-1].text in ("can", "could"):
            word = _Word("cant", words.pop().start, word.end)
        elif text in (",", ".") and words and words[-1].text in (",", "."):
            # A run of marks is one: a sentence end wins over a comma.
            if text == ".":
                words[-1] = word
            continue
        words.append(word)
    return words


def _split(term: str) -> tuple[list[str], bool]:
    """A term's words, and whether its last word matches any ending."""
    prefix = term.endswith("*")
    return term.rstrip("*").split(" "), prefix


class _Text:
    """The notes' words, indexed by text so that looking for a term costs a dictionary
    look-up, not a scan (a note may hold 2,000 characters and is read on every rerun)."""

    def __init__(self, words: list[_Word]) -> None:
        self.words = words
        self.positions: dict[str, list[int]] = {}
        for i, word in enumerate(words):
            self.positions.setdefault(word.text, []).append(i)
        self._found: dict[str, list[tuple[int, int]]] = {}

    def occurrences(self, term: str) -> list[tuple[int, int]]:
        """(first, last + 1) word positions where ``term`` occurs, in order."""
        if term not in self._found:
            self._found[term] = _occurrences(self.words, term, self.positions)
        return self._found[term]


def _occurrences(
    words: Sequence[_Word], term: str, positions: dict[str, list[int]] | None = None
) -> list[tuple[int, int]]:
    parts, prefix = _split(term)
    size = len(parts)
    if positions is None:
        positions = {}
        for i, word in enumerate(words):
            positions.setdefault(word.text, []).append(i)
    if size == 1 and prefix:
        starts = sorted(
            i for text, at in positions.items() if text.startswith(parts[0]) for i in at
        )
    else:
        starts = positions.get(parts[0], [])
    found = []
    for i in starts:
        if i + size > len(words):
            continue
        if all(words[i + k].text == parts[k] for k in range(1, size - 1)):
            last = words[i + size - 1].text
            if size == 1 or last == parts[-1] or (prefix and last.startswith(parts[-1])):
                found.append((i, i + size))
    return found


def _skip_ignored(sentence: list[_Word], ignore: Sequence[str]) -> _Text:
    """The sentence with every ignored phrase replaced by a comma (so it also ends the reach
    of a negation before it)."""
    skipped = list(sentence)
    positions: dict[str, list[int]] = {}
    for i, word in enumerate(sentence):
        positions.setdefault(word.text, []).append(i)
    for phrase in ignore:
        for first, end in _occurrences(sentence, phrase, positions):
            for i in range(first, end):
                skipped[i] = _Word(",", skipped[i].start, skipped[i].end)
    return _Text(skipped)


def _first_mention(
    notes: _Text, mentions: Sequence[Mention], words: RedFlagWords
) -> tuple[int, int] | None:
    """Character offsets of the earliest mention in the notes that is not negated."""
    text = notes.words
    spans: list[tuple[int, int]] = []
    for mention in mentions:
        found = [o for term in mention.words for o in notes.occurrences(term)]
        if not mention.near:
            spans += [(first, end) for first, end in found if not _negated(text, first, (), words)]
            continue
        near = sorted(o for term in mention.near for o in notes.occurrences(term)) if found else []
        starts = [first for first, _ in near]
        for one in found:
            # Only words close by can pair: at most NEAR_WORDS words and, since runs of marks
            # are one, NEAR_WORDS + 1 commas apart, plus the length of the longer term.
            reach = 2 * NEAR_WORDS + 1 + _LONGEST_TERM
            low = bisect.bisect_left(starts, one[0] - reach)
            high = bisect.bisect_right(starts, one[1] + reach)
            for other in near[low:high]:
                (left_first, left_end), (right_first, right_end) = sorted([one, other])
                if right_first < left_end:
                    continue  # the two overlap: one phrase, not a pair
                gap = [w.text for w in text[left_end:right_first]]
                if "." in gap or len(gap) - gap.count(",") > NEAR_WORDS:
                    continue  # another sentence, or too far apart
                if not _negated(text, left_first, range(left_end, right_first), words):
                    spans.append((left_first, right_end))
    if not spans:
        return None
    first, end = min(spans)
    return text[first].start, text[end - 1].end


def _negated(
    sentence: Sequence[_Word], first: int, gap: Sequence[int], words: RedFlagWords
) -> bool:
    """Whether a negation reaches the sign starting at word ``first`` (looking back up to
    NEGATION_WORDS words within the same part of the sentence), or stands in ``gap``, the
    words between the two halves of a pair."""
    before = []
    for i in range(first - 1, max(first - NEGATION_WORDS, 0) - 1, -1):
        if sentence[i].text in _PART_ENDS:
            break
        before.append(i)
    return any(
        sentence[i].text in words.negations
        and not any(_starts_with(sentence, i, phrase) for phrase in words.not_negations)
        for i in [*before, *gap]
    )


def _starts_with(sentence: Sequence[_Word], at: int, phrase: str) -> bool:
    parts = phrase.split(" ")
    return [w.text for w in sentence[at : at + len(parts)]] == parts
