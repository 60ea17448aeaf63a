"""The report sections every story gets without writing them: headline findings, figures against their
sources, names and attributions, the annotated article, methodology and limitations, and the audit appendix.
Each is Markdown under `report/_generated/section-*.md`, which a story's `index.qmd` includes where it wants
them, around its own narrative. Every count, enumeration and verdict word in them comes from the data.
"""

from __future__ import annotations

from newsfigures.report import generated as g
from newsfigures.report.escape import markdown_inline as md
from newsfigures.report.inputs import ReportInputs
from newsfigures.vocabulary import (ATTRIBUTION_ORDER, ATTRIBUTION_PHRASES, ATTRIBUTION_VERDICTS, ATTRIBUTIONS_HEADING,
                                    VERDICT_PHRASES, VERDICTS)

# A figure's kind (claims.csv value_kind) as a reader counts it: one, many.
KIND_WORDS = {"count": ("count", "counts"), "date": ("date", "dates"), "year": ("year", "years"),
              "age": ("age", "ages"), "duration": ("duration", "durations"), "percent": ("percentage", "percentages"),
              "money": ("sum of money", "sums of money"), "time": ("time", "times"), "rank": ("rank", "ranks")}
HEADINGS = {
    "figures": "Figures against their sources",
    "attributions": ATTRIBUTIONS_HEADING,  # while no check is made; else the checks' kinds name it
    "article": "The article, annotated",
    "methodology": "Methodology and limitations",
    "appendix": "Audit appendix",
    "drafts": "Not yet reviewed",
    "updates": "Updates and corrections",
}


# Sections whose heading comes from the data keep one id, so that links to them hold whatever the heading says.
FIXED_IDS = {"attributions": "attributions"}


def heading_id(heading: str) -> str:
    """The id pandoc (and Quarto) give a heading: lower case, spaces to hyphens, punctuation dropped."""
    kept = "".join(c for c in heading.lower() if c.isalnum() or c in " -_")
    return "-".join(kept.split())


def _link(key: str, text: str | None = None) -> str:
    return f"[{text or HEADINGS[key]}](#{FIXED_IDS.get(key) or heading_id(HEADINGS[key])})"


def attributions_heading(inputs: ReportInputs) -> str:
    return g.attributions_heading(inputs)


def count_of(number: int, one: str, many: str) -> str:
    """'a date', '3 dates', 'none'."""
    if number == 0:
        return f"no {many}"
    return f"{'an' if one[:1] in 'aeiou' else 'a'} {one}" if number == 1 else f"{number:,} {many}"


def _verdict_counts(rows: list[dict[str, str]], order: tuple[str, ...], phrases: dict[str, str]) -> str:
    """'2 matched ..., 3 repeated ... and none contradicted the sources', every verdict in the given order."""
    parts = []
    for verdict in order:
        number = sum(1 for row in rows if row["verdict"] == verdict)
        parts.append(f"{number:,} {phrases[verdict]}" if number else f"none {phrases[verdict]}")
    return g.listing(parts)


def _not_checked(inputs: ReportInputs) -> str:
    """The figures no check covers, counted by kind: '3 years, 2 durations, a date and an age'."""
    verdicts = g.claim_verdicts(inputs)
    kinds: dict[str, int] = {}
    for row in inputs.tables["claims"]:
        if not verdicts[row["claim_id"]]:
            kinds[row["value_kind"]] = kinds.get(row["value_kind"], 0) + 1
    ordered = sorted(kinds.items(), key=lambda item: (-item[1], item[0]))
    return g.listing([count_of(n, *KIND_WORDS.get(kind, (kind, kind + "s"))) for kind, n in ordered])


def _opening(inputs: ReportInputs) -> str:
    story = inputs.story
    article = story.article
    when = f" on {g.display_date(inputs.published)}" if inputs.published else ""
    named = f"[“{md(article.title)}”]({article.url})" if article.url else f"“{md(article.title)}”"
    return (f"This report checks every figure in {named}, published by "
            f"{md(article.publisher)}{md(when)}, against the sources the article names and the primary reporting of "
            f"the time, as those sources stood on {md(g.as_of_words(inputs))}, {md(g.judged_why(inputs))}.")


def _drafts(inputs: ReportInputs) -> tuple[list[dict], list[dict], list[str]]:
    """The figures, uncounted items and not-a-figure entries still marked draft."""
    figures = [row for row in inputs.tables["claims"] if row["review"] == "draft"]
    items = [row for row in inputs.tables["unquantified"] if row["review"] == "draft"]
    figure_ids = {row["claim_id"] for row in inputs.tables["claims"]}
    others = list(dict.fromkeys(row["covered_by"] for row in inputs.tables["mentions"]
                                if row["review"] == "draft" and row["covered_by"] not in figure_ids))
    return figures, items, others


def draft_notice(inputs: ReportInputs) -> str:
    """The label a draft carries on its first page; empty once every entry is reviewed."""
    figures, items, others = _drafts(inputs)
    if not (figures or items or others):
        return ""
    total = len(inputs.tables["claims"])
    rest = [count_of(len(items), "thing counted without a number", "things counted without a number")] if items else []
    rest += [count_of(len(others), "number set aside as not a figure", "numbers set aside as not figures")] if others else []
    also = f", besides {md(g.listing(rest))}" if rest else ""
    return "\n".join([
        '::: {.callout-warning title="Draft report"}',
        f"**{len(figures):,} of {total:,} figures not yet reviewed**{also}. Their annotation was drafted by "
        "machine and no person has checked it yet, so any figure, qualifier or source below may be wrong. The "
        f"entries are listed in the {_link('drafts', 'audit appendix')}.",
        ":::", ""])


def _drafts_list(inputs: ReportInputs) -> str:
    figures, items, others = _drafts(inputs)
    if not (figures or items or others):
        return ""
    lines = [f"### {HEADINGS['drafts']}", "",
             "Each entry below was drafted by `newsfigures annotate` and is marked `draft: true` in "
             "`data/raw/figures.yaml`. Reviewing one is one edit: check it against the article, correct it, and "
             "delete its `draft: true` line. `newsfigures build --final` refuses while any remains.", ""]
    lines += [f"- figure `{row['claim_id']}`: “{md(row['quote'])}”" for row in figures]
    lines += [f"- counted without a number `{row['item_id']}`: “{md(row['quote'])}”" for row in items]
    lines += [f"- not a figure `{entry}`" for entry in others]
    return "\n".join(lines) + "\n"


def edition_line(inputs: ReportInputs) -> str:
    """Under the title: the report's date, the edition this is and its date, or that no edition is published
    yet."""
    made = g.report_date(inputs)
    dated = f"Report of {md(made)}. " if made else ""
    if not inputs.editions:
        return (f"*{dated}Not yet published as an edition: a working build. See {_link('updates')}.*\n")
    latest = inputs.editions[-1]
    return (f"*{dated}Edition {latest.number}, {md(g.display_date(latest.date))}"
            f"{' (a correction)' if latest.kind == 'correction' else ''}. See {_link('updates')}.*\n")


def updates(inputs: ReportInputs) -> str:
    """Every edition, newest first: its date, the desk's note, corrections stated as such, the changes."""
    parts = [f"## {HEADINGS['updates']}", ""]
    if not inputs.editions:
        parts += ["No edition of this report has been published yet. Each published edition (`newsfigures "
                  "publish`) is listed here, newest first, with what changed in the findings since the one before.", ""]
        return "\n".join(parts)
    parts += ["Each edition of this report, newest first. A correction is a figure or finding of ours that was "
              "wrong; it is said so plainly.", ""]
    for edition in reversed(inputs.editions):
        when = md(g.display_date(edition.date))
        label = f"Correction, {when} (edition {edition.number})" if edition.kind == "correction" \
            else f"Edition {edition.number}, {when}"
        parts += [f"**{label}.** {md(edition.note)}", ""]
        if edition.changes:
            parts += ["What changed since the edition before:", "", *(f"- {md(change)}" for change in edition.changes), ""]
        elif edition.number == 1:
            parts += ["The first edition.", ""]
        else:
            parts += ["No change in the findings or the processed tables since the edition before.", ""]
    return "\n".join(parts)


def headline_findings(inputs: ReportInputs) -> str:
    checks = inputs.tables["source_check"]
    attributions = inputs.tables["attribution_check"]
    claims = inputs.tables["claims"]
    verdicts = g.claim_verdicts(inputs)
    unchecked = sum(1 for v in verdicts.values() if not v)
    unquantified = len(inputs.tables["unquantified"])
    parts = [draft_notice(inputs), edition_line(inputs), "## Headline findings", "", _opening(inputs), ""]
    if checks:
        parts += [f"**The figures.** Of the {len(checks):,} figures that a source records, "
                  f"{md(_verdict_counts(checks, VERDICTS, VERDICT_PHRASES))}:", "", g.findings(inputs)]
    else:
        parts += ["**The figures.** No figure of the article has been checked against a source yet.", ""]
    if attributions:
        parts += [f"**{md(attributions_heading(inputs))}.** Of the {len(attributions):,} checks, "
                  f"{md(_verdict_counts(attributions, ATTRIBUTION_ORDER, ATTRIBUTION_PHRASES))}:",
                  "", g.attribution_findings(inputs)]
    things = "one more thing" if unquantified == 1 else f"{unquantified:,} more things"
    counted = f" and counts {things} without a number" if unquantified else ""
    rest = (f"{unchecked:,} of the figures ({md(_not_checked(inputs))}) were not checked and are listed, with "
            "everything else, in the " + _link("appendix", "audit appendix") + "." if unchecked
            else "every one of them was checked; all are listed in the " + _link("appendix", "audit appendix") + ".")
    parts += [f"The article gives {len(claims):,} figures{counted}; {rest}",
              f"Each verdict is explained under {_link('figures')}; the {_link('article', 'annotated article')} shows "
              "every finding where the article puts it.", ""]
    return "\n".join(parts)


def figures_against_sources(inputs: ReportInputs) -> str:
    checks = inputs.tables["source_check"]
    heading = f"## {HEADINGS['figures']}"
    if not checks:
        where = ("No reference data has been added yet" if not inputs.tables["reference_series"]
                 else "No figure of the article is mapped to the reference data yet")
        return (f"{heading}\n\n{where}, so no figure has been checked against a source. To check them, add the "
                "sources' figures to `data/raw/reference/reference_figures.csv`, one row per figure, map them to "
                "the article's figures in `data/raw/source_map.yaml`, and record both with `newsfigures sources "
                "--update`; the project's README gives the format under “Adding reference data”. The next build "
                "brings in the check, and the charts `story.yaml` declares.\n")
    return "\n".join([
        heading, "",
        f"Each figure that a source records was compared with the figures the sources had published on or before "
        f"{md(g.as_of_words(inputs))}, the latest first. Of the {len(checks):,} figures checked this way, "
        f"{md(_verdict_counts(checks, VERDICTS, {v: v for v in VERDICTS}))}. The verdicts mean:", "",
        g.verdict_definitions(), g.source_check_table(inputs)])


def attributions(inputs: ReportInputs) -> str:
    rows = inputs.tables["attribution_check"]
    heading = f"## {md(attributions_heading(inputs))} {{#{FIXED_IDS['attributions']}}}"
    if not rows:
        return f"{heading}\n\nNo attribution has been checked (`data/raw/attribution_checks.yaml` holds none).\n"
    phrases = {"correct": "found the article right", **{v: v for v in ATTRIBUTION_VERDICTS if v != "correct"}}
    about = g.listing([g.ABOUT[kind].noun for kind in g.attribution_kinds(inputs)])
    return "\n".join([
        heading, "",
        f"Beside its figures, the article's {md(about)} were checked: {len(rows):,} checks, of which "
        f"{md(_verdict_counts(rows, ATTRIBUTION_ORDER, phrases))}. A finding about the words that credit a "
        "figure applies to every figure those words credit. The verdicts mean:", "", g.attribution_definitions(),
        g.attribution_table(inputs)])


def annotated_article(inputs: ReportInputs, article_markdown: str) -> str:
    rights = g.article_copyright(inputs)
    return "\n".join([
        f"## {HEADINGS['article']}", "",
        "The article's full text as received. Each figure is highlighted, linked to its row in the audit appendix "
        "and followed by the verdict of the source check in brackets.",
        "Words whose attribution, naming or description was checked are underlined in red and followed by that "
        f"check's verdict, linked to its row under {_link('attributions', attributions_heading(inputs))}.",
        "Spelling and wording are the article's own.", "", *([f"*{md(rights)}*", ""] if rights else []),
        article_markdown])


def methodology(inputs: ReportInputs) -> str:
    reference = inputs.tables["reference_series"]
    primary = sum(1 for row in reference if row["evidence"] == "primary")
    secondary = len(reference) - primary
    limitations = inputs.story.declared.limitations if inputs.story else []
    parts = [
        f"## {HEADINGS['methodology']}", "",
        "The figures were found by reading the article and listing every number in it, in digits or in words; each "
        "number is either one of the article's figures or set aside with a reason.",
        "For each figure the report records the article's exact words and their position in the text, what is "
        "counted, over which period and place, and to whom the article attributes it.",
        "The article's own hedges (“over”, “about”, “more than”) are kept wherever it has them: a figure it calls "
        "a minimum is compared as a minimum.", "",
        "Reference figures come from the sources themselves where their pages could be seen, and otherwise from "
        "reputable copies of them (wire reports, news sites quoting the source); a figure read only in a copy is "
        "weaker evidence, and the tables say which is which. " + (
            f"Of the {len(reference):,} reference figures, {primary:,} were read on the source's own page and "
            f"{secondary:,} only in a copy." if reference else "No reference figures have been added yet."),
        "", *(md(text) for text in limitations),
        "A verdict of unverified means no source was found, not that the figure is wrong.", "",
        "Corrections: where the article's figure was out of date or credited to the wrong source, the findings "
        "above say so and give the figure the source had published. Any error found in this report will be "
        f"corrected, and the correction stated, under {_link('updates')}.", ""]
    return "\n".join(parts)


def audit_appendix(inputs: ReportInputs) -> str:
    return "\n".join([
        f"## {HEADINGS['appendix']}", "", _drafts_list(inputs),
        "### Every claim", "", g.claims_audit_table(inputs),
        "### Counted without a number", "", g.unquantified_table(inputs),
        "### Parameters of this run", "", g.run_params_table(inputs),
        "### Input checksums", "",
        "The SHA-256 digest of every raw input file, so that a reader can check they have the same inputs.", "",
        g.checksums_table(inputs),
        "### Executed notebooks", "", "Each step of the pipeline, as it ran for this report:", "",
        g.notebooks_list(inputs),
        "### Downloads", "", "The processed data, described in the data package:", "", g.downloads_list(inputs)])


def sections(inputs: ReportInputs, article_markdown: str) -> dict[str, str]:
    """File name under report/_generated/ -> the section's Markdown."""
    return {
        "section-headline-findings.md": headline_findings(inputs),
        "section-figures-against-sources.md": figures_against_sources(inputs),
        "section-attributions.md": attributions(inputs),
        "section-annotated-article.md": annotated_article(inputs, article_markdown),
        "section-methodology.md": methodology(inputs),
        "section-updates.md": updates(inputs),
        "section-audit-appendix.md": audit_appendix(inputs),
    }
