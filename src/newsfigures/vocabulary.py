"""The words of the findings, defined once: the source check's verdicts, the attribution checks' verdicts and
what an attribution check is about. The schemas validate against these keys; the checks, the report's tables,
its headline sentences and the verdict words of each figure all read their wording from here, so a reader meets
one vocabulary throughout and no phrase says one thing twice.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from newsfigures.errors import NewsfiguresError

# --- the source check (newsfigures.checks.source_check gives these) ----------------------------------------

VERDICTS = ("consistent", "outdated", "misattributed", "unverified", "contradicted")
VERDICT_MEANING = {
    "consistent": "the latest figure the sources had published by the check date matches the article's",
    "outdated": "an older figure matches but the latest does not: the article repeated a figure the source "
                "had since superseded",
    "misattributed": "a figure matches, but none from the source the article credits",
    "unverified": "no source was found, or none had published a figure by the check date",
    "contradicted": "sources exist, but none of their figures up to the check date matches the article's",
}
# What a verdict says of the figures it is given to, in the headline's sentence.
VERDICT_PHRASES = {
    "consistent": "matched the latest figure the sources had published",
    "outdated": "repeated a figure the source had since superseded",
    "misattributed": "matched a figure from a source other than the one the article credits",
    "contradicted": "contradicted the sources",
    "unverified": "could not be verified (no source was found, which does not make a figure wrong)",
}

# --- the attribution checks (data/raw/attribution_checks.yaml) ---------------------------------------------

ATTRIBUTION_VERDICTS = ("correct", "incorrect", "misleading", "incomplete")
# Faults first: a reader wants to know what is wrong before what is right.
ATTRIBUTION_ORDER = ("incorrect", "misleading", "incomplete", "correct")
ATTRIBUTION_MEANING = {
    "correct": "what the article says is right",
    "incorrect": "what the article says is wrong",
    "misleading": "the words are accurate but leave a false impression",
    "incomplete": "right as far as it goes, but it leaves out what the source says",
}
ATTRIBUTION_PHRASES = {"incorrect": "found the article wrong", "misleading": "found it misleading",
                       "incomplete": "found it incomplete", "correct": "found it right"}
# A verdict as it qualifies the thing checked: "the place is wrong", "the list is incomplete".
FINDING_ADJECTIVES = {"correct": "right", "incorrect": "wrong", "misleading": "misleading",
                      "incomplete": "incomplete"}


@dataclass(frozen=True)
class About:
    """What an attribution check is about."""

    meaning: str  # what the check looks at, for the data dictionary and the section's definitions
    heading: str  # the sub-heading its checks are listed under, and its label in the headline list
    noun: str  # the section's title names it: "Attributions, names and places"
    of_figure: str  # how it qualifies a figure's verdict: "outdated, with the source's name wrong"


ABOUT = {
    "attribution": About("who the article credits a figure or a statement to", "Attributions", "attributions",
                         "the attribution"),
    "name": About("how the article names a source, a person or an organisation", "Names", "names",
                  "the source's name"),
    "title": About("the title or role the article gives a person", "Titles and roles", "titles",
                   "a title or role"),
    "place": About("where the article puts a place", "Places", "places", "the place's location"),
    "list": About("the lists the article gives, against the sources that count them", "Lists", "lists", "the list"),
}
# The attribution section's title while no check says what it is about (none made yet).
ATTRIBUTIONS_HEADING = "Names and attributions"
ABOUT_KINDS = tuple(ABOUT)

# Attribution findings a source-check verdict already states: a misattributed figure matches another source
# than the one credited, which is what "the attribution is wrong" says, so the figure's words say it once.
SAID_BY_VERDICT = {"misattributed": {("attribution", "incorrect")}}


def finding_words(about: str, verdict: str) -> str:
    """An attribution finding as it qualifies a figure: 'the source's name wrong'."""
    return f"{ABOUT[about].of_figure} {FINDING_ADJECTIVES[verdict]}"


# --- dates, as the findings and the report say them --------------------------------------------------------

def display_date(iso: str) -> str:
    """'2021-02-01' -> '1 February 2021'; '2022-04' -> 'April 2022'; '2022' -> '2022'."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
            day = dt.date.fromisoformat(iso)
            return f"{day.day} {day:%B %Y}"
        if re.fullmatch(r"\d{4}-\d{2}", iso):
            return f"{dt.date.fromisoformat(iso + '-01'):%B %Y}"
    except ValueError:
        raise NewsfiguresError(f"{iso!r}: not a valid ISO 8601 date") from None
    return iso
