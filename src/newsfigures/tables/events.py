"""events.csv: the timeline (story.yaml, events), with the article's publication added."""

from __future__ import annotations

import pandas as pd

from newsfigures.project.declaration import Event
from newsfigures.project.story import Article
from newsfigures.schemas import date_precision
from newsfigures.tables.lists import find_once

PUBLISHED = "article_published"  # the event every timeline has


def build_events(declared: list[Event], published: Article, article: str, claims: pd.DataFrame,
                 problems: list[str]) -> pd.DataFrame:
    """An event tied to a figure is dated by it: a date figure by its value, any other by its period."""
    figures = {row["claim_id"]: row for row in claims.to_dict("records")}
    rows = []
    for number, event in enumerate(declared, start=1):
        where = f"events entry {number} ({event.id})"
        if event.figure is not None:
            claim = figures.get(event.figure)
            if claim is None:
                problems.append(f"{where}, field figure: {event.figure!r} is not a figure of the article (claims.csv)")
                continue
            date = claim["value"] if claim["value_kind"] == "date" else claim["period"]
            if date_precision(date) is None:
                problems.append(f"{where}, field figure: {event.figure} gives no date (its value and period are "
                                "not YYYY, YYYY-MM or YYYY-MM-DD): give date, basis, words and note instead")
                continue
            rows.append({"event_id": event.id, "event": event.event, "date": date, "date_basis": "stated",
                         "claim_id": event.figure, "note": event.note or f"The article: '{claim['quote']}'."})
        else:
            if date_precision(event.date) is None:
                problems.append(f"{where}, field date: {event.date!r} is not a real date")
                continue
            if find_once(article, event.words, f"{where}, field words", problems) is None:
                continue
            rows.append({"event_id": event.id, "event": event.event, "date": event.date, "date_basis": event.basis,
                         "claim_id": "", "note": event.note})
    if published.published:
        rows.append({"event_id": PUBLISHED, "event": f"The article is published on {published.publisher}",
                     "date": published.published, "date_basis": "stated", "claim_id": "",
                     "note": "Publication date as recorded in data/raw/sources.yaml"
                             + (f"; the article: {published.url}" if published.url else "")})
    frame = pd.DataFrame(rows, columns=["event_id", "event", "date", "date_basis", "claim_id", "note"])
    frame.insert(3, "precision", frame["date"].map(lambda d: date_precision(d) or ""))
    return frame.sort_values(["date", "event_id"]).reset_index(drop=True)
