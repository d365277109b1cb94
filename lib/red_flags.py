"""Finding red-flag signs in what a person wrote in a day's notes.

The words to look for live with each flag in data/catalog/red_flags.toml (``mention``); this
module only reads text. It is a hint, not a diagnosis: a match brings up the red-flag check,
which asks the person whether they have the sign.

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

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lib import catalog
from lib.catalog import Mention, RedFlag, RedFlagWords

# Words allowed between the two words of a ``near`` pair.
NEAR_WORDS = 3
# How far before a sign a negation reaches.
NEGATION_WORDS = 3

# A word: letters or digits, with apostrophes inside ("can't"). Sentence ends and commas (and
# "...", read as a comma) are kept as tokens of their own; everything else separates words.
_TOKEN = re.compile(r"[^\W_]+(?:['’‘`´][^\W_]+)*|\.{2,}|…|[.!?;:\n\r\u2028\u2029]|,")
_APOSTROPHES = re.compile(r"['’‘`´]")
_SENTENCE_END = frozenset(".!?;:\n\r\u2028\u2029")
# Words that end the reach of a negation within a sentence.
_PART_ENDS = frozenset({",", "but", "and", "though", "although", "however", "yet", "except"})


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
    flags = catalog.load_red_flags() if flags is None else flags
    words = catalog.load_red_flag_words() if words is None else words
    sentences = [_skip_ignored(s, words.ignore) for s in _sentences(notes)]
    found: list[Found] = []
    for flag in flags:
        for sentence in sentences:
            span = _first_mention(sentence, flag.mentions, words)
            if span is not None:
                found.append(Found(flag, notes[span[0] : span[1]]))
                break
    return found


# --------------------------------------------------------------------------------------------
# Reading the notes
# --------------------------------------------------------------------------------------------


def _sentences(notes: str) -> list[list[_Word]]:
    """The notes as sentences of normalised words; commas stay as "," words."""
    sentences: list[list[_Word]] = [[]]
    for match in _TOKEN.finditer(notes):
        token = match.group()
        if token in _SENTENCE_END:
            sentences.append([])
            continue
        if token == "…" or token.startswith(".."):  # a pause, read like a comma
            token = ","
        text = _APOSTROPHES.sub("", token).casefold()
        word = _Word(text, match.start(), match.end())
        current = sentences[-1]
        # "cannot", "can not", "couldn't" and "could not" are read as "cant".
        if text in ("cannot", "couldnt"):
            word = _Word("cant", word.start, word.end)
        elif text == "not" and current and current[-1].text in ("can", "could"):
            word = _Word("cant", current.pop().start, word.end)
        current.append(word)
    return [sentence for sentence in sentences if sentence]


def _split(term: str) -> tuple[list[str], bool]:
    """A term's words, and whether its last word matches any ending."""
    prefix = term.endswith("*")
    return term.rstrip("*").split(" "), prefix


def _occurrences(sentence: Sequence[_Word], term: str) -> Iterable[tuple[int, int]]:
    """(first, last + 1) word positions where ``term`` occurs in ``sentence``."""
    parts, prefix = _split(term)
    size = len(parts)
    for i in range(len(sentence) - size + 1):
        if all(sentence[i + k].text == parts[k] for k in range(size - 1)):
            last = sentence[i + size - 1].text
            if last == parts[-1] or (prefix and last.startswith(parts[-1])):
                yield i, i + size


def _skip_ignored(sentence: list[_Word], ignore: Sequence[str]) -> list[_Word]:
    """The sentence with every ignored phrase replaced by a comma (so it also ends the reach
    of a negation before it)."""
    skipped = list(sentence)
    for phrase in ignore:
        for first, end in list(_occurrences(skipped, phrase)):
            for i in range(first, end):
                skipped[i] = _Word(",", skipped[i].start, skipped[i].end)
    return skipped


def _first_mention(
    sentence: Sequence[_Word], mentions: Sequence[Mention], words: RedFlagWords
) -> tuple[int, int] | None:
    """Character offsets of the first mention in the sentence that is not negated."""
    for mention in mentions:
        for term in mention.words:
            for first, end in _occurrences(sentence, term):
                if not mention.near:
                    if not _negated(sentence, first, range(0), words):
                        return sentence[first].start, sentence[end - 1].end
                    continue
                for near in mention.near:
                    for other_first, other_end in _occurrences(sentence, near):
                        left, right = sorted([(first, end), (other_first, other_end)])
                        gap = [w for w in sentence[left[1] : right[0]] if w.text != ","]
                        if right[0] < left[1] or len(gap) > NEAR_WORDS:
                            continue
                        if not _negated(sentence, left[0], range(left[1], right[0]), words):
                            return sentence[left[0]].start, sentence[right[1] - 1].end
    return None


def _negated(sentence: Sequence[_Word], first: int, gap: range, words: RedFlagWords) -> bool:
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
