"""One function per chart kind: tidy tables and the chart's declaration (story.yaml, charts) in, an Altair
chart out (titled, described, sourced, with tooltips). Descriptions are written from the data; a story
gives only what the chart shows (``shows``), its title and, if it wants, the opening of its subtitle."""

from __future__ import annotations

import math
from dataclasses import dataclass

import altair as alt
import pandas as pd
import pycountry

from newsfigures.charts import geo, map_labels, wording
from newsfigures.charts.theme import ARTICLE, FOCUS_INK, INK, LAND, MUTED_INK, PADDING, PALETTE
from newsfigures.errors import NewsfiguresError

ROW_STEP = 46  # pixels per row in the row charts: a label line above, the mark below
NARROW = 300  # the width a chart's title and subtitle are also wrapped to, for a phone (usermeta.narrow)
# A label drawn from the left edge is cut (with an ellipsis) at the plot's width, whatever that is: on a phone,
# where the chart takes the screen's width, a long label must not widen the page.
TO_WIDTH = {"expr": "width"}
ARROW = 1.6  # a lower bound's arrow reaches this factor past the figure (on a log scale, a fixed length)
UTC = alt.Scale(type="utc")
DATE_BASIS_WORDS = {"stated": "stated in the article", "inferred": "inferred, not stated"}  # events.csv date_basis
SHAPES = {"exact": "circle", "approximate": "diamond", "lower_bound": "triangle-up"}  # dates are days, not instants: no local time zone may shift them


@dataclass(frozen=True)
class ChartText:
    """What index.json lists for a chart, and what the chart itself shows."""

    title: str
    description: str
    source: str
    alt: str = ""  # what the chart shows in one sentence: "[chart type] of [data], [what it shows]"


def _dek(own: str | None, *explained: str) -> str:
    """The subtitle's first line: the story's own words, then what the marks mean, as one sentence."""
    parts = [p for p in (own, *explained) if p]
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def _titled(chart: alt.TopLevelMixin, text: ChartText, dek: str, width: int,
            aspect: float | None = None) -> alt.TopLevelMixin:
    """The title and subtitle wrapped to ``width``, and again to NARROW for a phone (the report's HTML swaps
    them in when its container is narrower than ``fits``, the chart's drawn width); the alt text as the spec's
    description (after the title), which labels the drawn SVG. A chart with an ``aspect`` (a map, whose projection fits its
    frame) keeps its height per pixel of the chart's full width at any container's width, instead of leaving
    empty bands beside or above the map."""
    subtitle = wording.wrap(dek, width) + wording.wrap(text.source, width)
    # Legends one entry a line, so that two side by side still fit a phone's width.
    narrow = {"title": wording.wrap(text.title, NARROW, char_px=9),
              "subtitle": wording.wrap(dek, NARROW) + wording.wrap(text.source, NARROW),
              "legend": {"direction": "vertical"}}
    return chart.properties(title=alt.TitleParams(text=text.title, subtitle=subtitle),
                            description=wording.titled(text.title, text.alt),
                            usermeta={"fits": width + 2 * PADDING, "narrow": narrow,
                                      **({"aspect": round(aspect, 4)} if aspect else {})})


def _claim(claims: pd.DataFrame, claim_id: str) -> pd.Series:
    match = claims[claims["claim_id"] == claim_id]
    if match.empty:
        raise NewsfiguresError(f"claims.csv: no claim with claim_id {claim_id!r}, which a chart compares with")
    claim = match.iloc[0]
    if not claim["value"].isdigit():
        raise NewsfiguresError(f"claims.csv: claim {claim_id}, field value: {claim['value']!r} is not a count")
    return claim


def _series(reference: pd.DataFrame, indicators: dict[str, str]) -> pd.DataFrame:
    """The rows of the named indicators, labelled, ordered by when they were true, with reader-facing words."""
    rows = reference[reference["indicator"].isin(list(indicators))].copy()
    missing = sorted(set(indicators) - set(rows["indicator"]))
    if missing:
        raise NewsfiguresError(f"reference_series.csv: no rows for indicator {', '.join(missing)}")
    rows["series"] = rows["indicator"].map(indicators)
    rows["series_order"] = rows["indicator"].map({name: i for i, name in enumerate(indicators)})
    rows["count"] = rows["value"].astype("int64")
    rows["figure"] = [wording.figure(v, q) for v, q in zip(rows["count"], rows["qualifier"])]
    rows["when"] = [wording.when(d, p) for d, p in zip(rows["date"], rows["precision"])]
    rows["start"] = rows["date"].map(wording.period_start)
    rows["read_in"] = rows["evidence"].map({"primary": "primary page", "secondary": "secondary copy"})
    rows["copy"] = [url or via or "(not recorded)" for url, via in zip(rows["url"], rows["via"])]
    return rows.sort_values(["period_end", "indicator", "source_org", "count"]).reset_index(drop=True)


def _told_apart(names: list[str]) -> None:
    """A chart colours at most as many series as the palette has colours that stay distinct for every reader."""
    if len(names) > len(PALETTE):
        raise NewsfiguresError(f"story.yaml: charts, field series: {len(names)} series ({', '.join(names)}); at most "
                               f"{len(PALETTE)} can be told apart by colour")


def _words(name: str) -> str:
    """A snake_case measure as words: ``killed_or_injured`` -> ``killed or injured``."""
    return name.replace("_", " ")


def publication_date(events: pd.DataFrame, event_id: str = "article_published") -> str:
    """The day the article appeared, as events.csv records it."""
    match = events[(events["event_id"] == event_id) & (events["precision"] == "day")]
    if match.empty:
        raise NewsfiguresError(f"events.csv: no day-precise event {event_id!r} giving the publication date")
    return match.iloc[0]["date"]


def _latest_by(rows: pd.DataFrame, published: str) -> pd.Series | None:
    before = rows[rows["period_end"] <= published]
    return None if before.empty else before.iloc[-1]


REFERENCE_TOOLTIP = [
    alt.Tooltip("when:N", title="As of"),
    alt.Tooltip("figure:N", title="Figure"),
    alt.Tooltip("source_org:N", title="Source"),
    alt.Tooltip("document:N", title="Document"),
    alt.Tooltip("copy:N", title="Read in"),
    alt.Tooltip("scope:N", title="Scope"),
]


# ---------------------------------------------------------------- a group of figures


def group(groups_table: pd.DataFrame, spec, *, width: int = 560) -> tuple[alt.LayerChart, ChartText]:
    """A group of figures as the article states them: one row per measure, lower bounds drawn as
    open-ended arrows, and a member the article gives no number for as words only."""
    rows = groups_table[groups_table["group"] == spec.group].copy()
    if rows.empty:
        raise NewsfiguresError(f"groups.csv: no rows for group {spec.group!r}, which a chart draws")
    unit = rows["unit"].iloc[0]
    counted = rows[rows["qualifier"] != "unquantified"].copy()
    uncounted = rows[rows["qualifier"] == "unquantified"].copy()
    counted["count"] = counted["value"].astype("int64")
    counted = counted.sort_values(["count", "measure"], ascending=[False, True])
    counted["figure"] = [wording.figure(v, q) for v, q in zip(counted["count"], counted["qualifier"])]
    counted["label"] = counted["figure"] + " " + counted["measure"].map(_words)
    counted["arrow_end"] = [v * ARROW if q == "lower_bound" else v for v, q in zip(counted["count"], counted["qualifier"])]
    counted["label_at"] = counted["arrow_end"] * 1.12
    counted["heading"] = "“" + counted["quote"] + "”"
    # As a counted row: the article's words on the line above, what the row is (short enough for a phone) below.
    uncounted["heading"] = "“" + uncounted["quote"] + "”"
    uncounted["label"] = uncounted["measure"].map(_words) + ": no number given"
    order = [*counted["measure"], *uncounted["measure"].sort_values()]

    low = 10 ** math.floor(math.log10(counted["count"].min()))
    high = counted["label_at"].max() * 3.5  # room for the longest label right of the largest figure
    ticks = [10**k for k in range(int(math.log10(low)), int(math.log10(high)) + 1)]
    x = alt.X("count:Q", scale=alt.Scale(type="log", domain=[low, high], nice=False),
              axis=alt.Axis(values=ticks, format=",d", title=f"{unit} (log scale)", grid=True))
    y = alt.Y("measure:N", sort=order, axis=None)
    tooltip = [alt.Tooltip("measure:N", title="Measure"), alt.Tooltip("quote:N", title="The article says"),
               alt.Tooltip("attributed_to:N", title="Attributed to")]

    base = alt.Chart(counted).encode(y=y)
    arrows = base.transform_filter("datum.qualifier == 'lower_bound'")
    layers = [
        arrows.mark_rule(color=ARTICLE, strokeWidth=2).encode(x=x, x2=alt.X2("arrow_end:Q")),
        arrows.mark_point(shape="triangle-right", filled=True, color=ARTICLE, size=70, opacity=1)
        .encode(x=alt.X("arrow_end:Q"), tooltip=tooltip),
        base.mark_point(shape="circle", size=90, opacity=1, strokeWidth=2, color=ARTICLE)
        .encode(x=x, fill=alt.FillValue(ARTICLE, condition={"test": "datum.qualifier == 'approximate'", "value": "white"}),
                tooltip=tooltip),
        base.mark_text(align="left", baseline="middle", fontSize=13, color=INK).encode(
            x=alt.X("label_at:Q"), text=alt.Text("label:N"), tooltip=tooltip),
        base.mark_text(align="left", baseline="bottom", dy=-9, fontSize=12, color=MUTED_INK, limit=TO_WIDTH).encode(
            x=alt.XValue(0), text=alt.Text("heading:N")),
    ]
    if not uncounted.empty:
        words_only = alt.Chart(uncounted).encode(y=y)
        layers += [
            words_only.mark_text(align="left", baseline="middle", fontSize=13, fontStyle="italic", color=INK,
                                 limit=TO_WIDTH).encode(x=alt.XValue(0), text=alt.Text("label:N"), tooltip=tooltip),
            words_only.mark_text(align="left", baseline="bottom", dy=-9, fontSize=12, color=MUTED_INK,
                                 limit=TO_WIDTH).encode(x=alt.XValue(0), text=alt.Text("heading:N")),
        ]
    attributed = wording.listing(sorted(a for a in rows["attributed_to"].unique() if a))
    text = ChartText(
        title=spec.title,
        description=(
            f"Dot chart of {spec.shows or 'the figures the article gives together'}, on a log scale: "
            + "; ".join(f"{label}" for label in counted["label"])
            + (". Arrows mark lower bounds ('over'), which any larger number would satisfy." if
               (counted["qualifier"] == "lower_bound").any() else ".")
            + "".join(f" The article counts the {_words(m)} without a number ('{q}'), so no figure is drawn for them."
                      for m, q in zip(uncounted["measure"], uncounted["quote"]))
        ),
        source=f"Source: the article, attributing its figures to {attributed}, as compiled in groups.csv",
        alt=(f"Dot chart of {spec.shows or 'the figures the article gives together'}, largest first on a log scale: "
             + wording.listing(counted["label"].tolist())
             + "".join(f"; the {_words(m)} are given no number" for m in uncounted["measure"].sort_values()) + "."),
    )
    chart = alt.layer(*layers).properties(width=width, height=alt.Step(ROW_STEP))
    dek = _dek(spec.dek,
               "arrows mark figures given as a lower bound ('over')" if (counted["qualifier"] == "lower_bound").any() else "",
               f"no number is given for the {wording.listing([_words(m) for m in uncounted['measure']])}"
               if not uncounted.empty else "")
    return _titled(chart, text, dek, width), text


# ---------------------------------------------------------------- series over time vs the article


def _over_time(series: pd.DataFrame, claim: pd.Series, published: str, *, y_title: str, width: int,
               height: int) -> alt.LayerChart:
    """A reference series as lines and points, with the article's figure as a rule (shaded above it when the
    article says 'over') and the day the article was published."""
    article_value = int(claim["value"])
    article_words = "Article: " + wording.figure(article_value, claim["qualifier"])
    top = max(series["count"].max(), article_value) * 1.12
    x = alt.X("period_end:T", scale=UTC, title=None, axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=6))
    y = alt.Y("count:Q", title=y_title, scale=alt.Scale(domain=[0, top], nice=False), axis=alt.Axis(format=",d"))
    several = series["series"].nunique() > 1
    names = list(dict.fromkeys(series.sort_values("series_order")["series"]))
    _told_apart(names)
    colour = (alt.Color("series:N", title=None, scale=alt.Scale(domain=names, range=PALETTE[: len(names)]),
                        legend=alt.Legend(orient="top", direction="vertical", labelLimit=TO_WIDTH))
              if several else alt.ColorValue(PALETTE[0]))
    given_as = [q for q in ("exact", "approximate", "lower_bound") if q in set(series["qualifier"])]
    first, last = series["period_end"].min(), series["period_end"].max()
    marks = pd.DataFrame([{"at": published, "count": article_value, "top": top, "start": first,
                           "end": max(last, published),
                           "article": article_words, "published": "Article published " + wording.day(published)}])
    layers = []
    if claim["qualifier"] == "lower_bound":
        layers.append(alt.Chart(marks).mark_rect(color=ARTICLE, opacity=0.07).encode(
            x=alt.X("start:T", scale=UTC), x2=alt.X2("end:T"), y=alt.Y("count:Q"), y2=alt.Y2("top:Q")))
    layers += [
        alt.Chart(marks).mark_rule(color=ARTICLE, strokeDash=[5, 3], strokeWidth=1.5).encode(y=alt.Y("count:Q")),
        alt.Chart(marks).mark_text(color=ARTICLE, align="left", baseline="bottom", dx=2, dy=-3, fontSize=12,
                                   fontWeight=600).encode(x=alt.X("start:T", scale=UTC), y=alt.Y("count:Q"), text=alt.Text("article:N")),
        alt.Chart(marks).mark_rule(color=MUTED_INK, strokeWidth=1).encode(x=alt.X("at:T", scale=UTC)),
        alt.Chart(marks).mark_text(color=MUTED_INK, align="right", baseline="top", dx=-4, dy=4, fontSize=12)
        .encode(x=alt.X("at:T", scale=UTC), y=alt.YValue(0), text=alt.Text("published:N")),
    ]
    lines = series.groupby("series").filter(lambda rows: len(rows) > 1)
    if not lines.empty:
        layers.append(alt.Chart(lines).mark_line(strokeWidth=2, interpolate="linear").encode(
            x=x, y=y, color=colour, detail=alt.Detail("series:N")))
    layers.append(alt.Chart(series).mark_point(size=55, strokeWidth=1.6, opacity=1).encode(
        x=x, y=y, color=colour,
        fill=alt.Fill("read_in:N", title="Figure read in",
                      scale=alt.Scale(domain=["primary page", "secondary copy"], range=[INK, "white"]),
                      legend=alt.Legend(symbolStrokeColor=INK)),
        shape=alt.Shape("qualifier:N", title="Given as",
                        scale=alt.Scale(domain=given_as,
                                        range=[SHAPES[q] for q in given_as]),
                        legend=alt.Legend(labelExpr="{'exact': 'exact', 'approximate': 'about', "
                                                    "'lower_bound': 'over'}[datum.label]")),
        tooltip=REFERENCE_TOOLTIP))
    return alt.layer(*layers).properties(width=width, height=height)


def reference_series(reference: pd.DataFrame, claims: pd.DataFrame, published: str, spec, *, width: int = 560,
                     height: int = 300) -> tuple[alt.LayerChart, ChartText]:
    """A figure of the article against dated reference series; the first series declared is the main one,
    whose range and latest figure by publication the description gives."""
    series = _series(reference, dict(spec.series))
    claim = _claim(claims, spec.figure)
    main = series[series["indicator"] == next(iter(spec.series))]
    latest = _latest_by(main, published)
    at_publication = (f" The latest figure on or before publication was {latest['figure']} ({latest['when']}, "
                      f"{latest['source_org']})." if latest is not None else "")
    first, last = main.iloc[0], main.iloc[-1]
    article = wording.figure(int(claim["value"]), claim["qualifier"])
    before = (f", {wording.compared(int(claim['value']), latest['count'])} the latest figure on or before publication "
              f"({latest['figure']}, {latest['when']})" if latest is not None else "")
    text = ChartText(
        title=spec.title,
        description=(
            f"Line chart of {spec.shows or wording.listing(list(spec.series.values()))} as reported by "
            f"{wording.listing(sorted(main['source_org'].unique()))}: {len(main)} reported figures from "
            f"{main.iloc[0]['figure']} ({main.iloc[0]['when']}) to {main.iloc[-1]['figure']} ({main.iloc[-1]['when']}), "
            f"against the article's '{wording.figure(int(claim['value']), claim['qualifier'])}' published on "
            f"{wording.day(published)}." + at_publication
            + (f" {spec.dek}." if spec.dek else "")
        ),
        source=wording.reference_source(series),
        alt=(f"Line chart of {spec.shows or wording.listing(list(spec.series.values()))} as reported by "
             f"{wording.listing(sorted(main['source_org'].unique()))}, "
             + (f"{wording.trend(first['count'], last['count'])} from {first['figure']} "
                f"{wording.at(first['when'], first['precision'])} to {last['figure']} "
                f"{wording.at(last['when'], last['precision'])}" if len(main) > 1 else
                f"one figure, {first['figure']} {wording.at(first['when'], first['precision'])}")
             + f"; the article's figure "
             f"of {article} is drawn as a dashed line{before}, and a vertical rule marks its publication on "
             f"{wording.day(published)}."),
    )
    chart = _over_time(series, claim, published, y_title=spec.axis, width=width, height=height)
    dek = _dek(spec.dek, "filled points were read on a primary page, open points only in a secondary copy")
    return _titled(chart, text, dek, width), text


# ---------------------------------------------------------------- estimates by source vs the article


def _estimates(rows: pd.DataFrame, claim: pd.Series, *, counted_as: dict[str, str] | None,
               width: int) -> tuple[alt.LayerChart, pd.DataFrame]:
    """One row per source and date of report: a dot (an arrow for 'over', a bar for a low-high range),
    the source written above it, and the article's figure as a rule."""
    rows = rows.copy()
    rows["row"] = rows["source_org"] + ", " + rows["when"]
    rows["counted"] = rows["indicator"].map(counted_as) if counted_as else "figure"
    rows["end"] = [v * 1.0 for v in rows["count"]]
    ranges = rows[rows["indicator"].str.endswith(("_estimate_low", "_estimate_high"))]
    singles = rows.drop(ranges.index)
    if not ranges.empty:
        paired = (ranges.assign(kind=ranges["indicator"].str.rsplit("_", n=1).str[-1])
                  .groupby(["row", "source_org", "document", "copy", "when", "period_end", "scope", "counted"],
                           as_index=False)
                  .apply(lambda g: pd.Series({"count": g["count"].min(), "end": float(g["count"].max())}),
                         include_groups=False))
        paired["qualifier"] = "range"
        paired["figure"] = [f"{wording.number(a)}–{wording.number(b)}" for a, b in zip(paired["count"], paired["end"])]
        singles = pd.concat([singles, paired], ignore_index=True)
    article_value = int(claim["value"])
    top = max(singles["end"].max(), singles["count"].max() * 1.06, article_value) * 1.25
    singles["end"] = [c + top * 0.06 if q == "lower_bound" else e
                      for q, c, e in zip(singles["qualifier"], singles["count"], singles["end"])]
    singles["label_at"] = singles["end"]
    singles = singles.sort_values(["period_end", "row"]).reset_index(drop=True)
    order = list(dict.fromkeys(singles["row"]))
    x = alt.X("count:Q", title="people", scale=alt.Scale(domain=[0, top], nice=False),
              axis=alt.Axis(format=",d", grid=True))
    y = alt.Y("row:N", sort=order, axis=None)
    several = singles["counted"].nunique() > 1
    _told_apart(list(singles["counted"].unique()))
    colour = (alt.Color("counted:N", title="Counted", scale=alt.Scale(range=PALETTE)) if several
              else alt.ColorValue(PALETTE[0]))
    tooltip = [alt.Tooltip("when:N", title="As of"), alt.Tooltip("figure:N", title="Figure"),
               alt.Tooltip("source_org:N", title="Source"), alt.Tooltip("document:N", title="Document"),
               alt.Tooltip("copy:N", title="Read in"), alt.Tooltip("scope:N", title="Scope")]
    article = pd.DataFrame([{"count": article_value, "top": top,
                             "label": "Article: " + wording.figure(article_value, claim["qualifier"])}])
    base = alt.Chart(singles).encode(y=y)
    stretched = base.transform_filter("datum.qualifier == 'lower_bound' || datum.qualifier == 'range'")
    layers = []
    if claim["qualifier"] == "lower_bound":
        layers.append(alt.Chart(article).mark_rect(color=ARTICLE, opacity=0.07).encode(x=alt.X("count:Q"), x2=alt.X2("top:Q")))
    layers += [
        alt.Chart(article).mark_rule(color=ARTICLE, strokeDash=[5, 3], strokeWidth=1.5).encode(x=alt.X("count:Q")),
        alt.Chart(article).mark_text(color=ARTICLE, align="left", baseline="top", dx=4, dy=-16, fontSize=12,
                                     fontWeight=600).encode(x=alt.X("count:Q"), y=alt.YValue(0), text=alt.Text("label:N")),
        stretched.mark_rule(strokeWidth=2.5).encode(x=x, x2=alt.X2("end:Q"), color=colour),
        base.transform_filter("datum.qualifier == 'lower_bound'").mark_point(
            shape="triangle-right", filled=True, size=60, opacity=1).encode(x=alt.X("end:Q"), color=colour),
        base.transform_filter("datum.qualifier == 'range'").mark_tick(thickness=2.5, size=12).encode(
            x=alt.X("end:Q"), color=colour),
        base.mark_point(size=80, filled=True, opacity=1).encode(x=x, color=colour, tooltip=tooltip),
        base.mark_text(align="left", baseline="bottom", dy=-9, fontSize=12, color=MUTED_INK, limit=TO_WIDTH).encode(
            x=alt.XValue(0), text=alt.Text("row:N")),
        base.mark_text(align="left", baseline="middle", dx=9, fontSize=13, color=INK).encode(
            x=alt.X("end:Q"), text=alt.Text("figure:N")),
    ]
    return alt.layer(*layers).properties(width=width, height=alt.Step(ROW_STEP)), singles


def _estimates_alt(shown: pd.DataFrame, claim: pd.Series, shows: str) -> str:
    """The lowest and the highest estimate, by the figure each source gave (a range by its ends)."""
    high_end = [e if q == "range" else c for q, c, e in zip(shown["qualifier"], shown["count"], shown["end"])]
    low, high = shown.loc[shown["count"].idxmin()], shown.iloc[max(range(len(shown)), key=lambda i: high_end[i])]
    spread = (f"from {low['figure']} ({low['row']}) to {high['figure']} ({high['row']})" if low["row"] != high["row"]
              else f"{low['figure']} ({low['row']})")
    return (f"Dot chart of {shows} by source and date of report, {spread}; the article's figure of "
            f"{wording.figure(int(claim['value']), claim['qualifier'])} is drawn as a dashed line.")


def estimates(reference: pd.DataFrame, claims: pd.DataFrame, spec, *, width: int = 560) -> tuple[alt.LayerChart, ChartText]:
    """A figure of the article against estimates by source and date of report. Series whose indicators end in
    ``_estimate_low`` and ``_estimate_high`` are one low-high range. When the series count different things
    (their labels differ), the labels colour the marks."""
    labels = dict(spec.series)
    rows = _series(reference, {name: name for name in labels})
    claim = _claim(claims, spec.figure)
    counted_as = labels if len(set(labels.values())) > 1 else None
    chart, shown = _estimates(rows, claim, counted_as=counted_as, width=width)
    counted = (lambda r: f" {r.counted}") if counted_as else (lambda r: "")
    text = ChartText(
        title=spec.title,
        description=(
            f"Dot chart of {spec.shows or wording.listing(sorted(set(labels.values())))} by source and date of report: "
            + "; ".join(f"{r.source_org}, {r.when}: {r.figure}{counted(r)}" for r in shown.itertuples())
            + f". The article says '{wording.figure(int(claim['value']), claim['qualifier'])}'."
            + (f" {spec.dek}." if spec.dek else "")
        ),
        source=wording.reference_source(rows),
        alt=_estimates_alt(shown, claim, spec.shows or wording.listing(sorted(set(labels.values())))),
    )
    dek = _dek(spec.dek,
               "arrows mark figures given as a lower bound ('at least', 'over')" if (shown["qualifier"] == "lower_bound").any() else "",
               "a bar marks a low-high range" if (shown["qualifier"] == "range").any() else "")
    return _titled(chart, text, dek, width), text


# ---------------------------------------------------------------- a country list on a map


# Fills for the values of the column a map is coloured by, strongest first (the first value declared).
MAP_FILLS = [ARTICLE, *PALETTE[1:]]  # PALETTE[0] is the story's own country


def country_map(countries: pd.DataFrame, topology: dict, spec, *, name: str, headings: dict[str, str] | None = None,
                width: int = 560, height: int = 300) -> tuple[alt.LayerChart, ChartText]:
    """A country list on a world map: each country filled by the declared column (``colour_by``, its values in
    words by ``colours``), the article's own told apart from those it leaves out (circles and crosses), and
    the story's own country (``focus``) marked with a diamond. ``name`` is the list's table (<name>.csv),
    ``headings`` its columns' headings (story.yaml), which title the tooltips."""
    rows = countries.copy()
    unknown = sorted(set(rows[spec.colour_by]) - set(spec.colours) - {""})
    if unknown:
        raise NewsfiguresError(f"story.yaml: charts, field colours: no words for {', '.join(map(repr, unknown))} "
                               f"(values of column {spec.colour_by} of {name}.csv)")
    if len(spec.colours) > len(MAP_FILLS):
        raise NewsfiguresError(f"story.yaml: charts, field colours: at most {len(MAP_FILLS)} values can be told apart")
    rows["id"] = rows["iso_numeric"].str.zfill(3)
    rows["named"] = rows["named_in_article"].astype(bool)
    rows["in_article"] = rows["named"].map({True: "named in the article", False: "not named in the article"})
    rows["status"] = rows[spec.colour_by].map(dict(spec.colours))
    rows["label"] = [c if named else f"{c} (not in article)" for c, named in zip(rows["country"], rows["named"])]
    focus = pycountry.countries.get(alpha_3=spec.focus).numeric if spec.focus else None
    points = geo.label_points(topology, [*rows["id"], *([focus] if focus else [])])
    rows["lon"] = rows["id"].map(lambda i: points[i][0])
    rows["lat"] = rows["id"].map(lambda i: points[i][1])
    rows = rows.sort_values("country").reset_index(drop=True)
    marked = [focus] if focus else []
    lons = [*rows["lon"], *(points[i][0] for i in marked)]
    lats = [*rows["lat"], *(points[i][1] for i in marked)]
    frame = {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPoint", "coordinates": [
        [min(lons) - 12, min(lats) - 8], [max(lons) + 14, min(lats) - 8],
        [min(lons) - 12, max(lats) + 6], [max(lons) + 14, max(lats) + 6]]}}
    projection = alt.Projection(type="equalEarth", fit=frame)
    # Named once at the top of the spec: three layers share one inline copy of the map.
    world = alt.NamedData(name="world-110m", format=alt.DataFormat(type="topojson", feature="countries"))
    status_fill = alt.Fill("status:N", title=spec.legend,
                           scale=alt.Scale(domain=list(spec.colours.values()), range=MAP_FILLS[:len(spec.colours)]),
                           legend=alt.Legend(orient="bottom", direction="vertical"))
    kept = [c for c in countries.columns[5:] if c != spec.colour_by]
    tooltip = [alt.Tooltip("country:N", title="Country"), alt.Tooltip("status:N", title=spec.legend),
               alt.Tooltip("in_article:N", title="Article"),
               *(alt.Tooltip(f"{c}:N", title=(headings or {}).get(c, c.replace("_", " "))) for c in kept)]
    columns = ["id", "country", "status", "in_article", *kept]
    layers = [
        alt.Chart(world).mark_geoshape(fill=LAND, stroke="white", strokeWidth=0.5, clip=True),
        alt.Chart(world).mark_geoshape(stroke="white", strokeWidth=0.6, clip=True)
        .transform_lookup(lookup="id", from_=alt.LookupData(rows[columns], "id", columns[1:]))
        .transform_filter("isValid(datum.status)")
        .encode(fill=status_fill, tooltip=tooltip),
        alt.Chart(rows).mark_point(size=90, strokeWidth=1.5, opacity=1, stroke=INK).encode(
            longitude=alt.Longitude("lon:Q"), latitude=alt.Latitude("lat:Q"), fill=status_fill,
            shape=alt.Shape("in_article:N", title=None,
                            scale=alt.Scale(domain=["named in the article", "not named in the article"],
                                            range=["circle", "cross"]),
                            legend=alt.Legend(symbolFillColor="white", symbolStrokeColor=INK, orient="bottom",
                                              direction="vertical")),
            tooltip=tooltip),
    ]
    focus_name = geo.country_name(topology, focus) if focus else ""
    # Labels placed for the narrowest map (a phone's), where text keeps its size and neighbours come close.
    labels = [map_labels.Label(r.id, r.lon, r.lat, r.label) for r in rows.itertuples()]
    if focus:
        labels.append(map_labels.Label(focus, *points[focus], focus_name, font_size=13, dx=10, dy=14, marker=6,
                                       movable=False))
    corners = [tuple(point) for point in frame["geometry"]["coordinates"]]
    rows["label_dy"] = rows["id"].map(map_labels.placed(labels, corners, NARROW, NARROW * height / width))
    for shift in sorted(set(rows["label_dy"])):
        layers.append(alt.Chart(rows).transform_filter(f"datum.label_dy == {shift}")
                      .mark_text(align="left", dx=8, dy=int(shift), fontSize=12, color=INK, fontWeight=600)
                      .encode(longitude=alt.Longitude("lon:Q"), latitude=alt.Latitude("lat:Q"), text=alt.Text("label:N")))
    if focus:
        marker = pd.DataFrame([{"id": focus, "label": focus_name, "lon": points[focus][0], "lat": points[focus][1]}])
        layers[2:2] = [alt.Chart(world).mark_geoshape(fill=PALETTE[0], stroke="white", strokeWidth=0.6, clip=True)
                       .transform_filter(f"datum.id === '{focus}'").encode(tooltip=alt.TooltipValue(focus_name))]
        layers += [
            alt.Chart(marker).mark_point(shape="diamond", filled=True, size=110, color=INK, opacity=1).encode(
                longitude=alt.Longitude("lon:Q"), latitude=alt.Latitude("lat:Q"), tooltip=alt.TooltipValue(focus_name)),
            alt.Chart(marker).mark_text(align="left", dx=10, dy=14, fontSize=13, fontWeight=700, color=FOCUS_INK).encode(
                longitude=alt.Longitude("lon:Q"), latitude=alt.Latitude("lat:Q"), text=alt.Text("label:N")),
        ]
    named = rows[rows["named"]]["country"].tolist()
    omitted = rows[~rows["named"]]["country"].tolist()
    sources = sorted({s for s in rows.get("source_org", pd.Series(dtype=str)) if s})
    documents = wording.distinct_documents(rows["document"]) if "document" in rows else []
    via = wording.channels(rows["via"]) if "via" in rows else []
    source = "Source: " + ", ".join(p for p in (wording.listing(sources) if sources else "",
                                                 wording.listing(documents) if documents else "") if p)
    source = (source if sources or documents else "Source: the reference") + (
        f" via {wording.listing(via)}" if via else "") + f", as compiled in {name}.csv; map: Natural Earth via world-atlas"
    text = ChartText(
        title=spec.title,
        description=(
            f"Map of {spec.shows or 'the countries of the list'}: {len(rows)} countries. "
            + " ".join(f"{wording.listing(group['country'].tolist())}: {status}."
                       for status, group in rows[rows["status"].notna()].groupby("status", sort=False))
            + f" The article names {wording.listing(named)}"
            + (f"; it leaves out {wording.listing(omitted)}." if omitted else ".")
            + (f" {focus_name} is marked with a diamond." if focus else "")
        ),
        source=source,
        alt=(f"Map of {spec.shows or 'the countries of the list'}: "
             + "; ".join(f"{wording.listing(group['country'].tolist())} {status}"
                         for status, group in rows[rows["status"].notna()].groupby("status", sort=False))
             + (f"; the article leaves out {wording.listing(omitted)}" if omitted else "; the article names them all")
             + (f"; {focus_name} is marked with a diamond." if focus else ".")),
    )
    chart = alt.layer(*layers).properties(width=width, height=height, projection=projection)
    # Assigned, not passed to properties(), which would validate the TopoJSON node by node (about a second);
    # output.spec_of validates the spec without it and puts it back unchanged.
    chart.datasets = {"world-110m": topology}
    chart = chart.resolve_scale(shape="independent")
    dek = _dek(spec.dek, "circles: named in the article, crosses: left out")
    return _titled(chart, text, dek, width, aspect=height / (width + 2 * PADDING)), text


# ---------------------------------------------------------------- the timeline


def timeline(events: pd.DataFrame, spec, *, width: int = 560) -> tuple[alt.LayerChart, ChartText]:
    """The events the article mentions, in order: a dot for a day, a bar for a month or a year."""
    rows = events.copy()
    rows["start"] = rows["date"].map(wording.period_start)
    rows["end"] = [
        {"day": s, "month": f"{s[:7]}-28", "year": f"{s[:4]}-12-31"}[p] for s, p in zip(rows["start"], rows["precision"])
    ]
    rows["when"] = [wording.dated(d, p, b) for d, p, b in zip(rows["date"], rows["precision"], rows["date_basis"])]
    rows["row"] = rows["when"] + ": " + rows["event"]
    rows["kind"] = rows["claim_id"].map(lambda c: "figure in the article" if c else "context")
    # A date the article leaves open is drawn pale, with a legend entry, so it never reads as stated.
    rows["dated"] = rows["date_basis"].map(DATE_BASIS_WORDS)
    rows = rows.sort_values(["start", "event_id"]).reset_index(drop=True)
    order = rows["row"].tolist()
    years = int(rows["end"].max()[:4]) - int(rows["start"].min()[:4])
    # Yearly ticks over a long span; quarterly ones when everything falls within a couple of years.
    ticks = {"format": "%Y", "tickCount": "year"} if years > 3 else {
        "format": "%b %Y", "tickCount": {"interval": "month", "step": 3}}
    x = alt.X("start:T", scale=alt.Scale(type="utc", padding=14), title=None,
              axis=alt.Axis(grid=True, labelAngle=0, **ticks))
    y = alt.Y("row:N", sort=order, axis=None)
    colour = alt.Color("kind:N", title=None, scale=alt.Scale(domain=["figure in the article", "context"],
                                                                range=[ARTICLE, PALETTE[0]]))
    opacity = alt.Opacity("dated:N", title="Date", scale=alt.Scale(domain=list(DATE_BASIS_WORDS.values()),
                                                                    range=[0.9, 0.3]))
    tooltip = [alt.Tooltip("when:N", title="When"), alt.Tooltip("dated:N", title="Date"),
               alt.Tooltip("event:N", title="Event"), alt.Tooltip("note:N", title="Note"),
               alt.Tooltip("claim_id:N", title="Figure id")]
    base = alt.Chart(rows).encode(y=y)
    inferred = base.transform_filter("datum.date_basis == 'inferred'")
    layers = [
        base.transform_filter("datum.precision != 'day'").mark_bar(height=8, strokeDash=[3, 2]).encode(
            x=x, x2=alt.X2("end:T"), color=colour, stroke=colour, opacity=opacity, tooltip=tooltip,
            strokeWidth=alt.StrokeWidthValue(0, condition={"test": "datum.date_basis == 'inferred'", "value": 1.5})),
        base.transform_filter("datum.precision == 'day'").mark_point(size=80, filled=True).encode(
            x=x, color=colour, opacity=opacity, tooltip=tooltip),
        # A pale mark (an inferred date) keeps a dashed outline at full strength, so it keeps its contrast.
        inferred.transform_filter("datum.precision != 'day'").mark_bar(
            height=8, strokeDash=[3, 2], strokeWidth=1.5, fillOpacity=0).encode(x=x, x2=alt.X2("end:T"), stroke=colour),
        inferred.transform_filter("datum.precision == 'day'").mark_point(size=80, strokeWidth=1.5, opacity=1).encode(
            x=x, color=colour),
        base.mark_text(align="left", baseline="bottom", dy=-9, fontSize=12, color=INK, limit=TO_WIDTH).encode(
            x=alt.XValue(0), text=alt.Text("row:N")),
    ]
    text = ChartText(
        title=spec.title,
        description=f"Timeline of {spec.shows or 'the events the article refers to'}: "
        + "; ".join(f"{r.when}, {r.event}" for r in rows.itertuples()) + ".",
        source="Source: the article, with dates as compiled in events.csv",
        alt=(f"Timeline of {spec.shows or 'the events the article refers to'}, "
             + (f"from {rows.iloc[0]['when']} ({rows.iloc[0]['event']}) to {rows.iloc[-1]['when']} "
                f"({rows.iloc[-1]['event']})" if len(rows) > 1 else f"one event: {rows.iloc[0]['when']} "
                                                                     f"({rows.iloc[0]['event']})")
             + "".join(f"; the date of “{event}” is inferred, not stated"
                       for event in rows[rows["date_basis"] == "inferred"]["event"]) + "."),
    )
    chart = alt.layer(*layers).properties(width=width, height=alt.Step(ROW_STEP))
    dek = _dek(spec.dek, "dots mark a day; bars a month or a year when only that is known",
               "pale, dashed marks: a date the article does not state, inferred (the note in events.csv says how)"
               if (rows["date_basis"] == "inferred").any() else "")
    return _titled(chart, text, dek, width), text
