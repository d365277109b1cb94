"""The Keele STarT Back Screening Tool (9 items): total, distress subscale and risk group.

Source: Hill JC, Dunn KM, Lewis M, et al. A primary care back pain screening tool: identifying
patient subgroups for initial treatment. Arthritis Rheum 2008;59(5):632-641
(doi:10.1002/art.23563); Keele University, "Using and scoring the Keele STarT Back Screening
Tool" (keele.ac.uk/sbst).

Item wording: Keele's English 9-item tool. Keele's own copy of the tool (a PDF) could not be
read when this was written, so the statements and question below are the tool as reproduced
word for word by a UK general practice (ericmoorepartnership.co.uk, "The Keele STarT Back
Screening Tool"), whose instruction line matches the one on Keele's keele.health resource page;
only curly apostrophes are written straight. Item 9's answer words follow Keele's scoring
guidance, which names "slightly", "moderately", "very much" and "extremely"; "Not at all", the
first answer, could not be checked against a Keele page.

Scoring (Keele, Hill et al. 2008): items 1-8 score 1 for "Agree"; item 9 ("bothersomeness")
scores 1 for "Very much" or "Extremely". Total 0-9; distress subscale items 5-9, 0-5. Risk:
total 3 or less is low; total 4 or more with a subscale of 3 or less is medium; a subscale of 4
or more is high.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

INSTRUMENT = "startback"
NAME = "STarT Back"

INSTRUCTION = "Thinking about the last 2 weeks tick your response to the following questions:"

# Items 1-8, answered Disagree (0) or Agree (1).
STATEMENTS: tuple[str, ...] = (
    "My back pain has spread down my leg(s) at some time in the last 2 weeks",
    "I have had pain in the shoulder or neck at some time in the last 2 weeks",
    "I have only walked short distances because of my back pain",
    "In the last 2 weeks, I have dressed more slowly than usual because of back pain",
    "It's not really safe for a person with a condition like mine to be physically active",
    "Worrying thoughts have been going through my mind a lot of the time",
    "I feel that my back pain is terrible and it's never going to get any better",
    "In general I have not enjoyed all the things I used to enjoy",
)
AGREEMENT: tuple[str, ...] = ("Disagree", "Agree")  # answer 0 and 1

# Item 9, answered on five points (0 = "Not at all" ... 4 = "Extremely").
BOTHER_QUESTION = "Overall, how bothersome has your back pain been in the last 2 weeks?"
BOTHER_ANSWERS: tuple[str, ...] = ("Not at all", "Slightly", "Moderately", "Very much", "Extremely")
BOTHER_SCORES_FROM = 3  # "Very much" and "Extremely" score 1

ITEMS = len(STATEMENTS) + 1
SUBSCALE_ITEMS = range(5, 10)  # items 5-9 (numbered from 1): the distress subscale

# Keele asks that the copyright and funding statement stay with the tool wherever it is used
# ("please ensure the copyright and funding statement is maintained at all times",
# keele.ac.uk/sbst). This is Keele's statement as published with the tool (patient.info, page
# reviewed by Keele University); Arthritis Research UK is now Versus Arthritis.
COPYRIGHT = (
    "The copyright (©2007) of the STarT Back Screening Tool and associated materials is owned "
    "by Keele University, the development of which was part funded by Arthritis Research UK: "
    "i) the tool is designed for use by health care practitioners, with appropriate treatment "
    "packages for each of the stratified groups; ii) the tool is not intended to recommend the "
    "use of any particular product. No license is required for non-commercial use."
)

SOURCE = (
    "STarT Back: Hill JC et al. Arthritis Rheum 2008;59(5):632-641; Keele University "
    "(keele.ac.uk/sbst). Free for non-commercial use; copyright Keele University."
)


class Risk(enum.Enum):
    """The three risk groups of persistent disabling back pain."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


# What each group usually means for care, after Keele's guidance on the matched treatments
# (keele.ac.uk/sbst; Hill et al., Lancet 2011;378:1560-1571). Never a diagnosis.
CARE: Mapping[Risk, str] = {
    Risk.LOW: (
        "Low risk: care usually means advice and reassurance on staying active and on pain "
        "relief, often in a single appointment."
    ),
    Risk.MEDIUM: (
        "Medium risk: care usually adds physiotherapy for the pain and for what it stops you doing."
    ),
    Risk.HIGH: (
        "High risk: care usually adds physiotherapy that works on worries and low mood about "
        "the pain as well as on the pain itself."
    ),
}

NOT_A_DIAGNOSIS = (
    "This is a screening result you can take to a GP or physiotherapist, not a diagnosis."
)


@dataclass(frozen=True)
class Result:
    """A STarT Back questionnaire scored."""

    total: int  # 0-9
    subscale: int  # 0-5, items 5-9
    risk: Risk


def item_scores(answers: Sequence[int]) -> tuple[int, ...]:
    """The nine item scores (each 0 or 1) of the nine answers: items 1-8 as answered (0
    disagree, 1 agree), item 9 from its 0-4 answer. Raises ValueError for anything else."""
    if len(answers) != ITEMS:
        raise ValueError(f"STarT Back has {ITEMS} items, not {len(answers)}")
    for number, answer in enumerate(answers, start=1):
        top = len(BOTHER_ANSWERS) - 1 if number == ITEMS else 1
        if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer <= top:
            raise ValueError(f"item {number}: {answer!r} is not an answer from 0 to {top}")
    return (*answers[:-1], 1 if answers[-1] >= BOTHER_SCORES_FROM else 0)


def risk_group(total: int, subscale: int) -> Risk:
    """Keele's rule: subscale 4 or more is high; else total 4 or more is medium; else low."""
    if subscale >= 4:
        return Risk.HIGH
    if total >= 4:
        return Risk.MEDIUM
    return Risk.LOW


def score(answers: Sequence[int]) -> Result:
    """Total, distress subscale and risk group of the nine answers (item 9 as 0-4)."""
    scores = item_scores(answers)
    total = sum(scores)
    subscale = sum(scores[i - 1] for i in SUBSCALE_ITEMS)
    return Result(total, subscale, risk_group(total, subscale))
