"""The report's numbers and tables, from the data: `report/_variables.yml` (for `{{< var >}}`) and the
Markdown tables under `report/_generated/` (for `{{< include >}}`). Every piece of input text is escaped
for Markdown here, so it reaches the HTML page and the PDF as literal characters."""

from __future__ import annotations

import datetime as dt
import json
import re

from newsfigures.errors import NewsfiguresError
from newsfigures.escape import markdown_inline as md
from newsfigures.report_inputs import ReportInputs
from newsfigures.schemas import ATTRIBUTION_VERDICTS, VERDICTS

# Words the article puts before a figure to hedge it; the report repeats the article's own word.
HEDGES = ("more than", "at least", "fewer than", "less than", "up to", "approximately", "roughly", "around",
          "nearly", "almost", "about", "over", "some")

# In the words of newsfigures.source_check, which gives the verdicts.
VERDICT_MEANING = {
    "consistent": "the latest figure the sources had published by the check date matches the article's",
    "outdated": "an older figure matches but the latest does not: the article repeated a figure the source "
                "had since superseded",
    "misattributed": "a figure matches, but none from the source the article credits",
    "unverified": "no source was found, or none had published a figure by the check date",
    "contradicted": "sources exist, but none of their figures up to the check date matches the article's",
}
ATTRIBUTION_MEANING = {
    "correct": "the article names its source rightly",
    "incorrect": "the article names the source wrongly",
    "misleading": "the attribution is accurate in its words but leaves a false impression",
    "incomplete": "the attribution is right as far as it goes, but leaves out what the source says",
}
# How a qualifier reads in a sentence; an unknown qualifier is shown as it is written in claims.csv.
QUALIFIER_WORDS = {"exact": "", "approximate": "about", "lower_bound": "at least", "upper_bound": "at most"}
NAMED = {"yes", "true"}  # arms_suppliers.csv: named_in_article, written as yes/no or True/False


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


def display_value(value: str, kind: str = "count") -> str:
    """A figure as a reader expects it: thousands separated by commas, dates in words."""
    if kind == "date":
        return display_date(value)
    if kind == "count" and re.fullmatch(r"-?\d+", value):
        return f"{int(value):,}"
    return value


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


def claim_verdicts(inputs: ReportInputs) -> dict[str, list[str]]:
    """Each claim's distinct verdicts, source checks first, then attribution checks (marked as such);
    [] when nothing checked it."""
    found: dict[str, list[str]] = {row["claim_id"]: [] for row in inputs.tables["claims"]}
    for table, prefix in (("source_check", ""), ("attribution_check", "attribution ")):
        for row in inputs.tables[table]:
            verdict = prefix + row["verdict"]
            if row["claim_id"] and verdict not in found[row["claim_id"]]:
                found[row["claim_id"]].append(verdict)
    return found


def verdict_label(verdicts: list[str]) -> str:
    return "; ".join(verdicts) if verdicts else "not checked"


def variables(inputs: ReportInputs) -> dict:
    """The values behind every `{{< var >}}` in the .qmd, Markdown-escaped (Quarto reads them as Markdown)."""
    verdicts = claim_verdicts(inputs)
    claims = {}
    for row in inputs.tables["claims"]:
        shown = display_value(row["value"], row["value_kind"])
        hedge = hedge_of(inputs.article, int(row["start"]), row["quote"])
        claims[row["claim_id"]] = {
            "display": md(shown),
            "stated": md(f"{hedge} {shown}".strip()),
            "attributed_to": md(row["attributed_to"] or "no one"),
            "verdict": md(verdict_label(verdicts[row["claim_id"]])),
        }
    checks = inputs.tables["source_check"]
    attributions = inputs.tables["attribution_check"]
    counts = {v: sum(1 for row in checks if row["verdict"] == v) for v in VERDICTS}
    arms = inputs.tables["arms_suppliers"]
    named = [r for r in arms if r["named_in_article"].lower() in NAMED]
    return {
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
            "arms_named_in_article": md(f"{len(named):,}"),
            "raw_files": md(f"{len(inputs.raw_checksums):,}"),
        },
        "run": {"as_of": md(_as_of(inputs))},
    }


def _as_of(inputs: ReportInputs) -> str:
    """The date the sources were checked at: the `as_of` parameter of whichever step has one."""
    for step in sorted(inputs.run_params or {}):
        params = inputs.run_params[step]
        if isinstance(params, dict) and params.get("as_of"):
            return display_date(str(params["as_of"]))
    return "the date of the run (not recorded)"


def _table(header: list[str], rows: list[list[str]], widths: list[int] | None = None) -> str:
    """A pipe table from cells that are already Markdown (escaped where they hold input text).

    `widths` are relative column widths: pandoc reads them from the dashes under the header when a
    row is longer than a line, which the long quotes and notes usually make it."""
    dashes = widths or [3] * len(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("-" * w for w in dashes) + "|"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _reference(row: dict[str, str]) -> str:
    if not row["reference_value"]:
        return "no figure found"
    shown = display_value(row["reference_value"])
    date = display_date(row["reference_date"]) if row["reference_date"] else "date not given"
    return md(f"{shown} ({row['source'] or 'source not named'}, {date})")


def findings(inputs: ReportInputs) -> str:
    """One bullet per source check: what the article says, what the source said, the verdict."""
    claims = {row["claim_id"]: row for row in inputs.tables["claims"]}
    lines = []
    for row in inputs.tables["source_check"]:
        claim = claims[row["claim_id"]]
        hedge = hedge_of(inputs.article, int(claim["start"]), claim["quote"])
        said = f"{hedge} {display_value(claim['value'], claim['value_kind'])}".strip()
        who = f", citing {claim['attributed_to']}" if claim["attributed_to"] else ""
        subject = claim["subject"] or claim["measure"]
        # The note (often a paragraph) is in the source-check table; a headline finding stays short.
        lines.append(f"- **{md(subject[:1].upper() + subject[1:])}**: the article says {md(said)}{md(who)}. "
                     f"Latest reference figure: {_reference(row)}. Verdict: **{md(row['verdict'])}**.")
    return "\n".join(lines) + "\n" if lines else "No figure was checked against a source.\n"


def _claim_link(claim_id: str) -> str:
    """A link to the claim's row in the audit table ('' for a check that concerns no figure)."""
    return f"[{md(claim_id)}](#claim-{claim_id})" if claim_id else ""


def source_check_table(inputs: ReportInputs) -> str:
    rows = [[_claim_link(r["claim_id"]), md(display_value(r["article_value"])),
             _reference(r), md(r["verdict"]), md(r["note"])] for r in inputs.tables["source_check"]]
    return _table(["Claim", "Article", "Source says", "Verdict", "Note"], rows, [20, 12, 25, 13, 30])


def attribution_table(inputs: ReportInputs) -> str:
    rows = [[_claim_link(r["claim_id"]) or md(r["check_id"]), md(r["article_says"]), md(r["finding"]),
             md(r["verdict"]), md(r["evidence"])] for r in inputs.tables["attribution_check"]]
    return _table(["Claim", "The article says", "Finding", "Verdict", "Evidence"], rows, [16, 22, 34, 10, 18])


def toll_table(inputs: ReportInputs) -> str:
    rows = [[md(r["measure"]), md(display_value(r["value"]) if r["value"] else "no number"),
             md(QUALIFIER_WORDS.get(r["qualifier"], r["qualifier"]) or "exact"), f"“{md(r['quote'])}”", md(r["attributed_to"] or "no one")]
            for r in inputs.tables["toll"]]
    return _table(["Measure", "Figure", "Qualifier", "The article's words", "Attributed to"], rows,
                  [16, 10, 12, 30, 32])


def arms_table(inputs: ReportInputs) -> str:
    rows = [[md(r["country"]), "yes" if r["named_in_article"].lower() in NAMED else "no", md(r["un_transfers_since_2018"]),
             md(r["un_continued_after_coup"]), md(r["un_status_note"])] for r in inputs.tables["arms_suppliers"]]
    return _table(["Country", "Named in the article", "Supplied since 2018 (UN report)",
                   "Continued after the coup", "What the UN report says"], rows, [16, 12, 14, 14, 44])


def arms_summary(inputs: ReportInputs) -> str:
    """How the article's list of arms suppliers compares with the UN report's, in words."""
    arms = inputs.tables["arms_suppliers"]
    named = sorted(r["country"] for r in arms if r["named_in_article"].lower() in NAMED)
    in_un = sorted(r["country"] for r in arms if r["un_transfers_since_2018"] == "yes")
    missing = [c for c in in_un if c not in named]
    extra = [c for c in named if c not in in_un]

    def listed(countries: list[str]) -> str:
        return ", ".join(countries[:-1]) + " and " + countries[-1] if len(countries) > 1 else countries[0]

    text = f"The UN report names {len(in_un):,} states. "
    text += (f"The article leaves out {listed(missing)}. " if missing else "The article leaves none of them out. ")
    text += (f"It names {listed(extra)}, which the UN report does not list as a supplier since 2018."
             if extra else "Every country it names is in the UN report.")
    return md(text) + "\n"


def _meaning(row: dict[str, str]) -> str:
    """A claim in words: 'at least 1,500 people; killed; ...; attributed to AAPP'."""
    qualifier = QUALIFIER_WORDS.get(row["qualifier"], row["qualifier"])
    parts = [f"{qualifier} {display_value(row['value'], row['value_kind'])} {row['unit']}".strip(),
             row["measure"], row["subject"], row["period"], row["place"]]
    text = "; ".join(p for p in parts if p)
    return text + (f"; attributed to {row['attributed_to']}" if row["attributed_to"] else "")


def claims_audit_table(inputs: ReportInputs) -> str:
    """Every claim: the anchor the annotated article links to, the quote with offsets, meaning, verdict."""
    verdicts = claim_verdicts(inputs)
    rows = []
    for r in inputs.tables["claims"]:
        quote = f"“{md(r['quote'])}” \\[{r['start']}:{r['end']}\\]"
        note = f" Note: {md(r['note'])}" if r["note"] else ""
        rows.append([f"[{md(r['claim_id'])}]{{#claim-{r['claim_id']}}}", quote, md(_meaning(r)) + note,
                     md(verdict_label(verdicts[r["claim_id"]]))])
    return _table(["Claim", "Quote \\[start:end\\]", "Meaning", "Verdict"], rows, [18, 30, 37, 15])


def unquantified_table(inputs: ReportInputs) -> str:
    rows = [[f"[{md(r['item_id'])}]{{#claim-{r['item_id']}}}", f"“{md(r['quote'])}” \\[{r['start']}:{r['end']}\\]",
             md("; ".join(p for p in (r["measure"], r["subject"], r["note"]) if p)),
             md(r["attributed_to"] or "no one")] for r in inputs.tables["unquantified"]]
    return _table(["Item", "Quote \\[start:end\\]", "Meaning", "Attributed to"], rows, [18, 30, 37, 15])


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


def notebooks_list(inputs: ReportInputs) -> str:
    if not inputs.notebooks:
        return "No executed notebooks were found: the report was rendered outside `newsfigures build`.\n"
    return "\n".join(f"- [{md(name)}](notebooks/{name})" for name in inputs.notebooks) + "\n"


def downloads_list(inputs: ReportInputs) -> str:
    return "\n".join(f"- [{md(name)}](data/{name})" for name in inputs.downloads) + "\n"


def verdict_definitions() -> str:
    return "\n".join(f"- **{v}**: {VERDICT_MEANING[v]}." for v in VERDICTS) + "\n"


def attribution_definitions() -> str:
    return "\n".join(f"- **{v}**: {ATTRIBUTION_MEANING[v]}." for v in ATTRIBUTION_VERDICTS) + "\n"


def generated_markdown(inputs: ReportInputs) -> dict[str, str]:
    """File name under report/_generated/ -> Markdown."""
    return {
        "findings.md": findings(inputs),
        "toll-table.md": toll_table(inputs),
        "source-check.md": source_check_table(inputs),
        "attribution-check.md": attribution_table(inputs),
        "arms-table.md": arms_table(inputs),
        "arms-summary.md": arms_summary(inputs),
        "claims-audit.md": claims_audit_table(inputs),
        "unquantified.md": unquantified_table(inputs),
        "run-params.md": run_params_table(inputs),
        "checksums.md": checksums_table(inputs),
        "notebooks.md": notebooks_list(inputs),
        "downloads.md": downloads_list(inputs),
        "verdicts.md": verdict_definitions(),
        "attribution-verdicts.md": attribution_definitions(),
    }
