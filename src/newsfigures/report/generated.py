"""The report's numbers and tables, from the data: `report/_variables.yml` (for `{{< var >}}`) and the
Markdown tables under `report/_generated/` (for `{{< include >}}`). Every piece of input text is escaped
for Markdown here, so it reaches the HTML page and the PDF as literal characters."""

from __future__ import annotations

import datetime as dt
import json
import re

from newsfigures.errors import NewsfiguresError
from newsfigures.charts.wording import channels, distinct_documents, listing
from newsfigures.report.escape import markdown_inline as md
from newsfigures.report.inputs import ReportInputs
from newsfigures.vocabulary import (ABOUT, ABOUT_KINDS, ATTRIBUTION_MEANING, ATTRIBUTION_VERDICTS, ATTRIBUTIONS_HEADING,
                                    SAID_BY_VERDICT, VERDICT_MEANING, VERDICTS, display_date, finding_words)

# Words the article puts before a figure to hedge it; the report repeats the article's own word.
HEDGES = ("more than", "at least", "fewer than", "less than", "up to", "approximately", "roughly", "around",
          "nearly", "almost", "about", "over", "some")

# How a qualifier reads in a sentence; an unknown qualifier is shown as it is written in claims.csv.
QUALIFIER_WORDS = {"exact": "", "approximate": "about", "lower_bound": "at least", "upper_bound": "at most"}
ATTRIBUTION = "attribution "  # how claim_verdicts marks an attribution finding: "attribution name incorrect"
# Kinds whose unit is a length of time, said in the plural after any number but one ("15 months").
TIME_KINDS = ("duration", "age")
# Kinds whose value says what it is (a date, a year): a unit after it adds nothing ("2021", not "2021 year").
SELF_NAMED_KINDS = ("date", "year", "time")


def display_value(value: str, kind: str = "count") -> str:
    """A figure as a reader expects it: thousands separated by commas, dates in words, ranks as ordinals."""
    if kind == "date":
        return display_date(value)
    if kind == "count" and re.fullmatch(r"-?\d+", value):
        return f"{int(value):,}"
    if kind == "rank" and re.fullmatch(r"\d+", value):
        return ordinal(int(value))
    return value


def ordinal(number: int) -> str:
    """A rank as digits with its English suffix: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 112th."""
    suffix = "th" if number % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number:,}{suffix}"


def hedge_before(article: str, start: int) -> str:
    """The hedging word the article writes right before a figure ('over', 'about'...), or ''."""
    before = article[max(0, start - 20):start].lower()
    for word in HEDGES:
        if re.search(rf"\b{word}\s+$", before):
            return word
    return ""


def hedge_of(article: str, start: int, quote: str) -> str:
    """The article's hedge for a claim: at the start of its quote ('over 1,500 killings') or just before it."""
    for word in HEDGES:
        if re.match(rf"{word}\b", quote, flags=re.I):
            return word
    return hedge_before(article, start)


def words(identifier: str) -> str:
    """An id or code as a reader says it: 'killed_or_injured' -> 'killed or injured'."""
    return identifier.replace("_", " ")


def claim_label(claim: dict[str, str]) -> str:
    """A claim as a reader names it: its subject, capitalised ('People killed by the security forces...')."""
    text = claim["subject"] or words(claim["measure"])
    return text[:1].upper() + text[1:]


def stated(inputs: ReportInputs, claim: dict[str, str]) -> str:
    """The figure with the article's own hedge: 'over 1,500', 'about 160', '8,800'."""
    hedge = hedge_of(inputs.article, int(claim["start"]), claim["quote"])
    return f"{hedge} {display_value(claim['value'], claim['value_kind'])}".strip()


def anchor(kind: str, identifier: str) -> str:
    """An element id for a row the report links to ('check-agency_name'); input ids are made safe."""
    return f"{kind}-" + re.sub(r"[^A-Za-z0-9_-]", "-", identifier)


def attribution_rows(inputs: ReportInputs) -> list[dict[str, str]]:
    """attribution_check.csv's rows in article order, each saying what it is about (one of vocabulary.ABOUT)."""
    rows = inputs.tables["attribution_check"]
    for number, row in enumerate(rows, start=2):
        if row.get("about") not in ABOUT:
            raise NewsfiguresError(f"data/processed/attribution_check.csv: row {number} ({row['check_id']}), field "
                                   f"about: {row.get('about', '')!r} is not one of {', '.join(ABOUT_KINDS)}")
    return sorted(rows, key=lambda r: (inputs.article.find(r["article_says"]), r["check_id"]))


def checked_figures(inputs: ReportInputs, check: dict[str, str]) -> list[str]:
    """The figures an attribution finding qualifies: the one it names and, when its words lie within the
    words a figure is credited to, every figure the article credits with those words (one parenthesis crediting
    a paragraph's figures credits each of them; a garbled name in it is garbled for all)."""
    figures = [check["claim_id"]] if check["claim_id"] else []
    said = check["article_says"]
    figures += [row["claim_id"] for row in inputs.tables["claims"]
                if row["attributed_to"] and said in row["attributed_to"] and row["claim_id"] not in figures]
    return figures


def claim_verdicts(inputs: ReportInputs) -> dict[str, list[str]]:
    """Each claim's distinct verdicts, source checks first, then attribution findings (marked as such, with
    what they are about: 'attribution name incorrect'); [] when nothing checked it."""
    found: dict[str, list[str]] = {row["claim_id"]: [] for row in inputs.tables["claims"]}
    for row in inputs.tables["source_check"]:
        if row["verdict"] not in found[row["claim_id"]]:
            found[row["claim_id"]].append(row["verdict"])
    for row in attribution_rows(inputs):
        verdict = f"{ATTRIBUTION}{row['about']} {row['verdict']}"
        for claim_id in checked_figures(inputs, row):
            if verdict not in found[claim_id]:
                found[claim_id].append(verdict)
    return found


def verdict_label(verdicts: list[str]) -> str:
    return "; ".join(verdicts) if verdicts else "not checked"


def verdict_words(verdicts: list[str]) -> str:
    """A claim's verdicts as a phrase: 'outdated, with the source's name wrong', 'consistent', 'not checked'.
    An attribution finding its source verdict already states ('misattributed': the attribution is wrong) is
    not said again."""
    if not verdicts:
        return "not checked"
    source = [v for v in verdicts if not v.startswith(ATTRIBUTION)]
    said = set().union(*(SAID_BY_VERDICT.get(v, set()) for v in source))
    findings = []
    for verdict in verdicts:
        if verdict.startswith(ATTRIBUTION):
            about, _, finding = verdict.removeprefix(ATTRIBUTION).partition(" ")
            if (about, finding) not in said and finding_words(about, finding) not in findings:
                findings.append(finding_words(about, finding))
    head = " and ".join(source) or "not checked against a source"
    return head + (f", with {listing(findings)}" if findings else "")


def variables(inputs: ReportInputs) -> dict:
    """The values behind every `{{< var >}}` in the .qmd, Markdown-escaped (Quarto reads them as Markdown)."""
    verdicts = claim_verdicts(inputs)
    claims = {}
    for row in inputs.tables["claims"]:
        claims[row["claim_id"]] = {
            "display": md(display_value(row["value"], row["value_kind"])),
            "stated": md(stated(inputs, row)),
            "attributed_to": md(row["attributed_to"] or "no one"),
            "verdict": md(verdict_label(verdicts[row["claim_id"]])),
            "verdict_words": md(verdict_words(verdicts[row["claim_id"]])),
        }
    checks = inputs.tables["source_check"]
    attributions = inputs.tables["attribution_check"]
    counts = {v: sum(1 for row in checks if row["verdict"] == v) for v in VERDICTS}
    story = inputs.story
    countries = {}
    for name, rows in inputs.country_lists.items():
        named = [r for r in rows if _yes(r["named_in_article"])]
        counted = [r for r in rows if _yes(r["counted_by_reference"])]
        countries[name] = {"named": md(f"{len(named):,}"), "counted": md(f"{len(counted):,}"),
                           "left_out": md(f"{sum(1 for r in counted if r not in named):,}")}
    return {
        "article": {
            "title": md(story.article.title) if story else "",
            "publisher": md(story.article.publisher) if story else "",
            "date": md(display_date(inputs.published)) if inputs.published else "",
        },
        "countries": countries,
        "claims": claims,
        "count": {
            "claims": md(f"{len(inputs.tables['claims']):,}"),
            "unquantified": md(f"{len(inputs.tables['unquantified']):,}"),
            "checks": md(f"{len(checks):,}"),
            "attribution_checks": md(f"{len(attributions):,}"),
            "attribution": {v: md(f"{sum(1 for r in attributions if r['verdict'] == v):,}")
                            for v in ATTRIBUTION_VERDICTS},
            "claims_checked": md(f"{sum(1 for v in verdicts.values() if v):,}"),
            "claims_not_checked": md(f"{sum(1 for v in verdicts.values() if not v):,}"),
            "verdict": {v: md(f"{n:,}") for v, n in counts.items()},
            "raw_files": md(f"{len(inputs.raw_checksums):,}"),
        },
        "run": {"as_of": md(as_of_words(inputs)), "judged_why": md(judged_why(inputs))},
        "report": {"date": md(report_date(inputs))},
        "sections": {"attributions": md(attributions_heading(inputs))},
    }


def report_date(inputs: ReportInputs) -> str:
    """The report's own date, in words: the day of the SOURCE_DATE_EPOCH the build rendered it with (recorded
    in build/run-params.json, as newsfigures.report.render.report_timestamp reads it); '' for a render outside
    the build, which records none."""
    from newsfigures.project.source_date import VARIABLE

    for step in sorted(inputs.run_params or {}):
        params = inputs.run_params[step]
        if isinstance(params, dict) and isinstance(params.get(VARIABLE), int):
            day = dt.datetime.fromtimestamp(params[VARIABLE], dt.timezone.utc).date()
            return display_date(day.isoformat())
    return ""


def article_copyright(inputs: ReportInputs) -> str:
    """The line under the reproduced article: whose text it is, from when, and on what terms it is here (the
    article's licence in data/raw/sources.yaml), and that this report's licence does not cover it."""
    story = inputs.story
    if not story:
        return ""
    year = f", {inputs.published[:4]}" if inputs.published else ""
    terms = f" Terms: {inputs.article_licence}." if inputs.article_licence else ""
    return (f"Article text © {story.article.publisher}{year}.{terms} It is not under the licence of this report "
            "and its data (LICENSE-DATA).")


def _check_date(inputs: ReportInputs) -> str:
    """The check date this run was given: the `as_of` parameter of whichever step has one ('' if none)."""
    for step in sorted(inputs.run_params or {}):
        params = inputs.run_params[step]
        if isinstance(params, dict) and params.get("as_of"):
            return str(params["as_of"])
    return ""


def _judged_dates(inputs: ReportInputs) -> list[str]:
    return sorted({row["judged_as_of"] for row in inputs.tables["source_check"] if row["judged_as_of"]})


def as_of_words(inputs: ReportInputs) -> str:
    """The date the verdicts are judged at, as the source check recorded it."""
    judged = _judged_dates(inputs)
    if len(judged) == 1:
        return display_date(judged[0])
    if judged:
        return " and ".join(display_date(d) for d in judged)
    check = _check_date(inputs) or inputs.published
    return display_date(check) if check else "the date of the run (not recorded)"


def judged_why(inputs: ReportInputs) -> str:
    """Why the verdicts are judged at that date, and what a later check date added, in one sentence."""
    judged = _judged_dates(inputs)
    published = inputs.published
    if not published or len(judged) != 1:
        why = "the check date of this run"
    elif judged[0] == published:
        why = ("the day the article was published: the article is judged on what its sources had published "
               "by then, never on figures that came out later")
    else:
        why = (f"a check date set before the article was published on {display_date(published)}: the verdicts "
               "say how the figures stood then")
    check = _check_date(inputs)
    if published and check > published:
        later = sum(1 for row in inputs.tables["source_check"] if row["since_publication"])
        if later:
            why += (f". For {later:,} of the figures checked, the sources have published a newer figure since, "
                    f"up to {display_date(check)}; it is given beside the verdict and does not change it")
        else:
            why += f". Up to {display_date(check)}, the sources have published no newer figure for any of them"
    return why


def _table(header: list[str], rows: list[list[str]], widths: list[int] | None = None) -> str:
    """A pipe table from cells that are already Markdown (escaped where they hold input text).

    `widths` are relative column widths: pandoc reads them from the dashes under the header when a
    row is longer than a line, which the long quotes and notes usually make it."""
    dashes = widths or [3] * len(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("-" * w for w in dashes) + "|"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _reference_qualifier(inputs: ReportInputs, row: dict[str, str]) -> str:
    """The source's own hedge on the figure a check cites ('at least' for a lower bound), from reference_series."""
    indicators = set(row["indicator"].split("; "))
    for ref in inputs.tables["reference_series"]:
        if (ref["indicator"] in indicators and ref["date"] == row["reference_date"]
                and ref["value"] == row["reference_value"]):
            return QUALIFIER_WORDS.get(ref["qualifier"], ref["qualifier"])
    return ""


def _reference(inputs: ReportInputs, row: dict[str, str]) -> str:
    if not row["reference_value"]:
        return "no figure found"
    shown = f"{_reference_qualifier(inputs, row)} {display_value(row['reference_value'])}".strip()
    date = f"as of {display_date(row['reference_date'])}" if row["reference_date"] else "date not given"
    # Source names hold parentheses of their own ("a ministry (as quoted by a wire)"): no parentheses around them.
    return md(f"{shown}, {date}, from {row['source'] or 'a source not named'}")


def _in_article_order(inputs: ReportInputs, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Source checks in the order their figures appear in the article, as a reader meets them."""
    starts = {row["claim_id"]: int(row["start"]) for row in inputs.tables["claims"]}
    return sorted(rows, key=lambda r: (starts.get(r["claim_id"], len(inputs.article)), r["claim_id"]))


def findings(inputs: ReportInputs) -> str:
    """One bullet per source check, in article order: what the article says and credits it to, what the
    source had said by then, and the figure's verdict words, attribution findings included."""
    claims = {row["claim_id"]: row for row in inputs.tables["claims"]}
    verdicts = claim_verdicts(inputs)
    lines = []
    for row in _in_article_order(inputs, inputs.tables["source_check"]):
        claim = claims[row["claim_id"]]
        who = f", citing “{md(claim['attributed_to'])}”" if claim["attributed_to"] else ", citing no source"
        # The note (often a paragraph) is in the source-check table; a headline finding stays short, and
        # attribution findings have a list of their own.
        lines.append(f"- **{md(claim_label(claim))}**: the article says {md(stated(inputs, claim))}{who}. "
                     f"Latest source figure: {_reference(inputs, row)}. "
                     f"Verdict: **{md(verdict_words(verdicts[row['claim_id']]))}**.")
    return "\n".join(lines) + "\n" if lines else "No figure was checked against a source.\n"


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[a-z)'’”]\.)\s+(?=[A-Z])", text.strip(), maxsplit=1)[0]


def attribution_kinds(inputs: ReportInputs) -> list[str]:
    """What the attribution checks are about, in the vocabulary's order, each kind once."""
    present = {row["about"] for row in attribution_rows(inputs)}
    return [kind for kind in ABOUT_KINDS if kind in present]


def attributions_heading(inputs: ReportInputs) -> str:
    """The attribution section's title, naming what its checks are about: 'Attributions, names and places'."""
    nouns = [ABOUT[kind].noun for kind in attribution_kinds(inputs)]
    if not nouns:
        return ATTRIBUTIONS_HEADING
    text = listing(nouns)
    return text[:1].upper() + text[1:]


def attribution_findings(inputs: ReportInputs) -> str:
    """The attribution checks that found fault, under what they are about, in article order within it: the
    words, the verdict, the finding's first sentence and a link to the full row."""
    rows = [r for r in attribution_rows(inputs) if r["verdict"] != "correct"]
    lines = []
    for kind in ABOUT_KINDS:
        found = [r for r in rows if r["about"] == kind]
        if found:
            lines.append(f"- **{md(ABOUT[kind].heading)}**")
            lines += [f"    - “{md(r['article_says'])}”: **{md(r['verdict'])}**. {md(_first_sentence(r['finding']))} "
                      f"[Details](#{anchor('check', r['check_id'])})" for r in found]
    return "\n".join(lines) + "\n" if lines else "Every attribution checked was found correct.\n"


def _claim_link(inputs: ReportInputs, claim_id: str) -> str:
    """The claim in words, linked to its row in the audit table ('none' for a check on no figure)."""
    claims = {row["claim_id"]: row for row in inputs.tables["claims"]}
    return f"[{md(claim_label(claims[claim_id]))}](#claim-{claim_id})" if claim_id else "none"


def _claim_links(inputs: ReportInputs, claim_ids: list[str]) -> str:
    return "; ".join(_claim_link(inputs, c) for c in claim_ids) or "none"


def source_check_table(inputs: ReportInputs) -> str:
    """The source checks, one row per figure; the verdict carries the figure's attribution findings too, in
    the words the prose and the headlines use, so the table never says less than they do."""
    claims = {row["claim_id"]: row for row in inputs.tables["claims"]}
    findings = {claim_id: [v for v in found if v.startswith(ATTRIBUTION)]
                for claim_id, found in claim_verdicts(inputs).items()}

    def verdict(r: dict[str, str]) -> str:
        return verdict_words([r["verdict"], *findings[r["claim_id"]]])

    rows = [[_claim_link(inputs, r["claim_id"]), md(stated(inputs, claims[r["claim_id"]])),
             _reference(inputs, r), md(verdict(r)), md(" ".join(p for p in (r["note"], r["since_publication"]) if p))]
            for r in _in_article_order(inputs, inputs.tables["source_check"])]
    return _table(["Figure", "The article says", "Source says", "Verdict", "Note"], rows, [20, 12, 25, 13, 30])


def _evidence(row: dict[str, str]) -> str:
    link = ""
    # Only a plain web address becomes a link; anything else stays text (it is input, not markup).
    if re.fullmatch(r"https?://[A-Za-z0-9._~:/?#@!$&*+,;=%-]+", row["evidence_url"]):
        link = f" [Source]({row['evidence_url']})"
    return md(row["evidence"]) + link


def attribution_table(inputs: ReportInputs) -> str:
    """The attribution checks, one table per thing they are about (a sub-heading each), in article order."""
    rows = attribution_rows(inputs)
    parts = []
    for kind in attribution_kinds(inputs):
        body = [[f"[“{md(r['article_says'])}”]{{#{anchor('check', r['check_id'])}}}", md(r["verdict"]),
                 md(r["finding"]), _evidence(r), _claim_links(inputs, checked_figures(inputs, r))]
                for r in rows if r["about"] == kind]
        parts += [f"### {md(ABOUT[kind].heading)}", "", f"Checks of {md(ABOUT[kind].meaning)}.", "",
                  _table(["The article says", "Verdict", "Finding", "Evidence", "Figures"], body, [20, 12, 30, 22, 16])]
    return "\n".join(parts)


def group_table(inputs: ReportInputs, group: str) -> str:
    """A group with each figure as the article hedges it ('over 1,500', not '1,500' and a qualifier)."""
    claims = {row["claim_id"]: row for row in inputs.tables["claims"]}

    def figure(row: dict[str, str]) -> str:
        if not row["value"]:
            return "no number"
        claim = claims.get(row["claim_id"])
        return stated(inputs, claim) if claim else display_value(row["value"])

    rows = [[md(words(r["measure"])), md(figure(r)), f"“{md(r['quote'])}”", md(r["attributed_to"] or "no one")]
            for r in inputs.tables["groups"] if r["group"] == group]
    return _table(["Measure", "Figure", "The article's words", "Attributed to"], rows, [18, 14, 32, 36])


# Columns a reference table carries, by the engine's convention, to say where it comes from: shown under a
# country table as its source, not as columns of it.
SOURCE_COLUMNS = ("source_org", "document", "via")


def _yes(text: str) -> bool:
    return text.strip().lower() in {"yes", "true"}


def country_table(inputs: ReportInputs, name: str) -> str:
    """A country list: each country, whether the article names it, and the reference's columns the story
    keeps (story.yaml headings), then where the reference comes from."""
    declared = inputs.story.declared.country_lists[name]
    shown = [c for c in declared.columns if c not in SOURCE_COLUMNS]
    rows = sorted(inputs.country_lists[name], key=lambda r: r["country"])
    body = [[md(r["country"]), "yes" if _yes(r["named_in_article"]) else "no", *(md(r[c]) for c in shown)]
            for r in rows]
    widths = [16, 12, *([max(8, 72 // max(1, len(shown)))] * len(shown))]
    table = _table(["Country", "Named in the article", *(md(declared.columns[c]) for c in shown)], body, widths)
    organisations = sorted({r["source_org"] for r in rows if r["source_org"]}) if "source_org" in declared.columns else []
    documents = distinct_documents(r["document"] for r in rows) if "document" in declared.columns else []
    via = channels(r["via"] for r in rows) if "via" in declared.columns else []
    origin = ", ".join(p for p in (listing(organisations), listing(documents)) if p)
    origin += f" via {listing(via)}" if via else ""
    return table + (f"\nSource: {md(origin)}, as compiled in `{name}.csv`.\n" if origin else "")


def country_summary(inputs: ReportInputs, name: str) -> str:
    """How the article's list of countries compares with its reference's, in words."""
    declared = inputs.story.declared.country_lists[name]
    rows = inputs.country_lists[name]
    named = sorted(r["country"] for r in rows if _yes(r["named_in_article"]))
    counted = sorted(r["country"] for r in rows if _yes(r["counted_by_reference"]))
    missing = [c for c in counted if c not in named]
    extra = [c for c in named if c not in counted]
    reference = declared.reference_name
    text = f"{reference} names {len(counted):,} {'country' if len(counted) == 1 else 'countries'}. "
    text += (f"The article leaves out {listing(missing)}. " if missing else "The article leaves none of them out. ")
    text += (f"It names {listing(extra)}, which {reference} does not." if extra
             else f"Every country it names is in {reference}.")
    return md(text[:1].upper() + text[1:]) + "\n"


def inferred_dates(inputs: ReportInputs) -> str:
    """Says which dates on the timeline are inferred rather than stated, and how."""
    rows = [r for r in inputs.tables["events"] if r["date_basis"] == "inferred"]
    if not rows:
        return "Every date on the timeline is stated in the article or follows from its words.\n"
    lead = "One date on the timeline is" if len(rows) == 1 else f"{len(rows):,} dates on the timeline are"
    lines = [f"- **{md(r['event'])}**, drawn in {md(display_date(r['date']))}: {md(r['note'])}" for r in rows]
    return f"{lead} inferred, not stated in the article, and drawn pale:\n\n" + "\n".join(lines) + "\n"


def period_words(period: str) -> str:
    """A period as a reader says it: '2021-02-01/2022-05-02' -> 'from 1 February 2021 to 2 May 2022';
    '2021-02' -> 'February 2021'; anything not ISO 8601 stays as the annotator wrote it."""
    iso = r"\d{4}(-\d{2}(-\d{2})?)?"
    ends = period.split("/")
    if len(ends) == 2 and all(re.fullmatch(iso, end) for end in ends):
        return f"from {display_date(ends[0])} to {display_date(ends[1])}"
    return display_date(period) if re.fullmatch(iso, period) else period


def amount(row: dict[str, str]) -> str:
    """A figure with its qualifier and unit: 'at least 1,500 people', '15 months', '2021' (a year needs no unit)."""
    qualifier = QUALIFIER_WORDS.get(row["qualifier"], row["qualifier"])
    unit = "" if row["value_kind"] in SELF_NAMED_KINDS else row["unit"]
    if unit and row["value_kind"] in TIME_KINDS and row["value"] != "1" and not unit.endswith("s"):
        unit += "s"
    return f"{qualifier} {display_value(row['value'], row['value_kind'])} {unit}".strip()


def _meaning(row: dict[str, str]) -> str:
    """A claim in words: 'at least 1,500 people; killed; from 1 February 2021 to 2 May 2022; Myanmar;
    credited to “the monitor”'."""
    parts = [amount(row), words(row["measure"]), period_words(row["period"]), row["place"]]
    text = "; ".join(p for p in parts if p)
    return text + (f"; credited to “{row['attributed_to']}”" if row["attributed_to"] else "")


def claims_audit_table(inputs: ReportInputs) -> str:
    """Every claim: what it counts, its id (the anchor the annotated article links to), the quote with offsets,
    meaning, note and verdict words."""
    verdicts = claim_verdicts(inputs)
    rows = []
    for r in inputs.tables["claims"]:
        quote = f"“{md(r['quote'])}” \\[{r['start']}:{r['end']}\\]"
        note = f" **Note:** {md(r['note'])}" if r["note"] else ""
        rows.append([f"[{md(claim_label(r))}]{{#claim-{r['claim_id']}}} (id `{r['claim_id']}`)", quote,
                     md(_meaning(r)) + "." + note, md(verdict_words(verdicts[r["claim_id"]]))])
    return _table(["Figure", "Quote \\[start:end\\]", "Meaning", "Verdict"], rows, [18, 30, 37, 15])


def unquantified_table(inputs: ReportInputs) -> str:
    rows = [[f"[{md(claim_label(r))}]{{#claim-{r['item_id']}}} (id `{r['item_id']}`)",
             f"“{md(r['quote'])}” \\[{r['start']}:{r['end']}\\]",
             md(words(r["measure"])) + "." + (f" **Note:** {md(r['note'])}" if r["note"] else ""),
             md(r["attributed_to"] or "no one")] for r in inputs.tables["unquantified"]]
    return _table(["What is counted", "Quote \\[start:end\\]", "Meaning", "Attributed to"], rows, [18, 30, 37, 15])


def run_params_table(inputs: ReportInputs) -> str:
    if inputs.run_params is None:
        return "No parameters were recorded: the report was rendered outside `newsfigures build`.\n"
    rows = []
    for step in sorted(inputs.run_params):
        params = inputs.run_params[step]
        items = sorted(params.items()) if isinstance(params, dict) else [("", params)]
        for key, value in items:
            rows.append([md(step), md(key), md(json.dumps(value, sort_keys=True, ensure_ascii=False))])
    return _table(["Step", "Parameter", "Value"], rows)


def checksums_table(inputs: ReportInputs) -> str:
    return _table(["File", "SHA-256"], [[md(path), f"`{digest}`"] for path, digest in inputs.raw_checksums],
                  [40, 60])


def _published_files(names: list[str], folder: str, what: str) -> str:
    """A list of links to files published beside the HTML page. The PDF's links to them work only there:
    without the report's published address (report/_quarto.yml, published-url), report/assets/pdf-links.lua
    keeps the note, saying where they are."""
    return ("\n".join(f"- [{md(name)}]({folder}/{name})" for name in names) + "\n\n"
            ':::: {.content-visible when-format="typst"}\n::: {.pdf-unlinked}\n'
            f"{what} not inside this PDF: they are published with the report's web page, in the "
            f"folder `{folder}/` beside it.\n:::\n::::\n")


def notebooks_list(inputs: ReportInputs) -> str:
    if not inputs.notebooks:
        return "No executed notebooks were found: the report was rendered outside `newsfigures build`.\n"
    return _published_files(inputs.notebooks, "notebooks", "The notebooks are")


def downloads_list(inputs: ReportInputs) -> str:
    if not inputs.downloads:
        return "\n"
    return _published_files(inputs.downloads, "data", "These files are")


def verdict_definitions() -> str:
    return "\n".join(f"- **{v}**: {VERDICT_MEANING[v]}." for v in VERDICTS) + "\n"


def attribution_definitions() -> str:
    return "\n".join(f"- **{v}**: {ATTRIBUTION_MEANING[v]}." for v in ATTRIBUTION_VERDICTS) + "\n"


def generated_markdown(inputs: ReportInputs) -> dict[str, str]:
    """File name under report/_generated/ -> Markdown."""
    return {
        "findings.md": findings(inputs),
        "attribution-findings.md": attribution_findings(inputs),
        "inferred-dates.md": inferred_dates(inputs),
        "source-check.md": source_check_table(inputs),
        "attribution-check.md": attribution_table(inputs),
        "claims-audit.md": claims_audit_table(inputs),
        "unquantified.md": unquantified_table(inputs),
        "run-params.md": run_params_table(inputs),
        "checksums.md": checksums_table(inputs),
        "notebooks.md": notebooks_list(inputs),
        "downloads.md": downloads_list(inputs),
        "verdicts.md": verdict_definitions(),
        "attribution-verdicts.md": attribution_definitions(),
        **{f"group-{name}.md": group_table(inputs, name)
           for name in dict.fromkeys(r["group"] for r in inputs.tables["groups"])},
        **{f"countries-{name}.md": country_table(inputs, name) for name in inputs.country_lists},
        **{f"countries-{name}-summary.md": country_summary(inputs, name) for name in inputs.country_lists},
    }
