"""The report's words come from the data and from one vocabulary: each attribution finding is filed as what it
is about and qualifies every figure the words it is about credit; the audit appendix reads as words; the report
is dated; the reproduced article carries its copyright line."""

from __future__ import annotations

import dataclasses
import re

import pytest
from report_fixture import FIXTURE, ROOT, make_project

from newsfigures.errors import NewsfiguresError
from newsfigures.report import generated as g
from newsfigures.report import sections as s
from newsfigures.report.escape import markdown_inline as md
from newsfigures.report.inputs import read_inputs


def _with_checks(inputs, *extra: dict) -> object:
    rows = inputs.tables["attribution_check"] + [dict(row) for row in extra]
    return dataclasses.replace(inputs, tables={**inputs.tables, "attribution_check": rows})


def _name_check(**changes) -> dict:
    # The fixture credits killed, detained and displaced to "AAPP", as the article's one parenthesis does.
    row = dict(check_id="aapp_name", claim_id="killed_total", about="name", article_says="AAPP",
               finding="The name is garbled.", verdict="incorrect", evidence="AAPP's pages", evidence_url="")
    return {**row, **changes}


# --- a finding on credited words qualifies every figure they credit ------------------------------------------

def test_a_finding_on_the_credited_words_qualifies_every_figure_they_credit():
    inputs = _with_checks(read_inputs(FIXTURE), _name_check())
    credited = sorted(row["claim_id"] for row in inputs.tables["claims"] if row["attributed_to"] == "AAPP")
    assert credited == ["detained_total", "displaced_total", "killed_total"]
    words = {claim_id: g.verdict_words(verdicts) for claim_id, verdicts in g.claim_verdicts(inputs).items()}
    for claim_id in credited:
        assert words[claim_id].endswith("with the source's name wrong"), (claim_id, words[claim_id])
    # A figure credited to other words is not touched.
    assert "name" not in words["evacuated_total"]
    # Each of the three is listed against the finding in its table.
    table = g.attribution_table(inputs)
    row = next(line for line in table.splitlines() if "#check-aapp_name" in line)
    assert all(f"(#claim-{claim_id})" in row for claim_id in credited)


def test_the_table_of_figures_against_their_sources_carries_the_attribution_findings_as_the_prose_does():
    inputs = _with_checks(read_inputs(FIXTURE), _name_check())
    table = g.source_check_table(inputs)
    row = next(line for line in table.splitlines() if "(#claim-killed_total)" in line)
    assert "| " + md("outdated, with the source's name wrong") + " |" in row, row
    # Said once: 'misattributed' already says the attribution is wrong.
    row = next(line for line in table.splitlines() if "(#claim-displaced_total)" in line)
    assert "| " + md("misattributed, with the source's name wrong") + " |" in row, row
    words = {claim_id: g.verdict_words(v) for claim_id, v in g.claim_verdicts(inputs).items()}
    assert words["displaced_total"] == "misattributed, with the source's name wrong"


def test_a_finding_on_other_words_qualifies_only_its_own_figure():
    # "leftover 300,000 displaced" is the figure's own words, not the credit: the other figures the
    # parenthesis credits are not said to be wrongly attributed.
    inputs = read_inputs(FIXTURE)
    verdicts = g.claim_verdicts(inputs)
    assert verdicts["displaced_total"] == ["misattributed", "attribution attribution incorrect"]
    assert verdicts["killed_total"] == ["outdated"] and verdicts["detained_total"] == ["outdated"]


def test_the_projects_toll_sentence_qualifies_each_figure_the_parenthesis_credits():
    variables = g.variables(read_inputs(ROOT))["claims"]
    credit = {claim_id: v["attributed_to"] for claim_id, v in variables.items()}
    shared = [claim_id for claim_id in credit if credit[claim_id] == credit["killed_total"]]
    assert {"killed_total", "detained_total", "displaced_total"} <= set(shared)
    for claim_id in shared:
        assert "name wrong" in variables[claim_id]["verdict_words"], claim_id
    # The displaced count is misattributed; that it is wrongly attributed is not said a second time.
    assert "attribution" not in variables["displaced_total"]["verdict_words"]


# --- findings filed as what they are about --------------------------------------------------------------------

def test_findings_are_filed_under_what_they_are_about():
    inputs = _with_checks(read_inputs(FIXTURE), _name_check(),
                          _name_check(check_id="region", claim_id="", about="place",
                                      article_says="Sagaing Region of northeastern Myanmar"))
    headline = g.attribution_findings(inputs)
    groups = re.findall(r"^- \*\*(.+)\*\*$", headline, flags=re.M)
    assert groups == ["Attributions", "Names", "Titles and roles", "Places"]
    places = headline.split("**Places**")[1]
    assert "Sagaing Region of northeastern Myanmar" in places and "AAPP" not in places
    assert "Aung San Suu Kyi" in headline.split("**Titles and roles**")[1].split("**Places**")[0]
    section = s.attributions(inputs)
    assert section.startswith("## Attributions\\, names\\, titles and places {#attributions}\n")
    assert re.findall(r"^### (.+)$", section, flags=re.M) == ["Attributions", "Names", "Titles and roles", "Places"]


def test_the_section_keeps_its_id_whatever_its_heading_says():
    inputs = read_inputs(FIXTURE)
    assert "{#attributions}" in s.attributions(inputs)
    assert "](#attributions)" in s.annotated_article(inputs, "")
    # index.qmd's link to it names the section as its heading does.
    index = (ROOT / "report/index.qmd").read_text(encoding="utf-8")
    assert "[{{< var sections.attributions >}}](#attributions)" in index
    assert g.variables(inputs)["sections"]["attributions"] == "Attributions and titles"


def test_the_projects_checks_are_filed_as_the_desk_reviewed_them():
    rows = {row["check_id"]: row["about"] for row in read_inputs(ROOT).tables["attribution_check"]}
    assert rows["sagaing_location"] == "place"
    assert rows["suu_kyi_president"] == rows["stothard_role"] == "title"
    assert rows["aapp_name"] == "name"
    assert rows["displacement_attributed_to_aapp"] == "attribution"


def test_a_processed_check_without_a_known_about_is_refused(tmp_path):
    project = make_project(tmp_path / "p")
    path = project / "data/processed/attribution_check.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",title,", ",geography,"), encoding="utf-8")
    with pytest.raises(NewsfiguresError, match=r"^data/processed/attribution_check\.csv: row \d+ \(suu_kyi_president\), "
                                               r"field about: 'geography' is not one of attribution, name, title, "
                                               r"place, list$"):
        s.attributions(read_inputs(project))


# --- the audit appendix in words ------------------------------------------------------------------------------

def test_the_audit_appendix_reads_as_words():
    inputs = read_inputs(ROOT)
    table = g.claims_audit_table(inputs)
    months = next(line for line in table.splitlines() if "#claim-months_since_coup" in line)
    # The measure in words; the id kept, as an id.
    label = months.split("|")[1]
    assert "(id `months_since_coup`)" in label and not re.search(r"\[[^\]]*_[^\]]*\]", label)
    meaning = months.split("|")[3]
    assert "15 months" in meaning and "15 month\\;" not in meaning
    assert "months since coup" in meaning and "months\\_since\\_coup" not in meaning
    assert "from 1 February 2021 to 2 May 2022" in meaning and "2021\\-02\\-01" not in meaning
    assert re.search(r"\. \*\*Note:\*\* ", meaning)
    # A year or a date needs no unit after it.
    year = next(line for line in table.splitlines() if "#claim-stothard_year" in line)
    assert "2021 year" not in year


@pytest.mark.parametrize("row, expected", [
    ({"qualifier": "exact", "value": "1", "value_kind": "duration", "unit": "month"}, "1 month"),
    ({"qualifier": "exact", "value": "15", "value_kind": "duration", "unit": "month"}, "15 months"),
    ({"qualifier": "lower_bound", "value": "1500", "value_kind": "count", "unit": "people"}, "at least 1,500 people"),
    ({"qualifier": "exact", "value": "2021-02-01", "value_kind": "date", "unit": "day"}, "1 February 2021"),
    ({"qualifier": "exact", "value": "21", "value_kind": "age", "unit": "years"}, "21 years"),
])
def test_an_amount_reads_as_a_reader_says_it(row, expected):
    assert g.amount(row) == expected


@pytest.mark.parametrize("period, expected", [
    ("2021-02-01/2022-05-02", "from 1 February 2021 to 2 May 2022"),
    ("2018/2022-05-02", "from 2018 to 2 May 2022"),
    ("2021-02", "February 2021"),
    ("since 2021-02-01", "since 2021-02-01"),
])
def test_a_period_reads_as_words(period, expected):
    assert g.period_words(period) == expected


# --- the report's date and the article's copyright ------------------------------------------------------------

def test_the_report_is_dated_by_the_builds_source_date():
    inputs = read_inputs(FIXTURE)
    assert g.report_date(inputs) == ""  # the fixture's run recorded no SOURCE_DATE_EPOCH
    assert "Report of" not in s.edition_line(inputs)
    epoch = 1796169600  # 2026-12-02 00:00 UTC
    dated = dataclasses.replace(inputs, run_params={**inputs.run_params, "report": {"SOURCE_DATE_EPOCH": epoch}})
    assert g.report_date(dated) == "2 December 2026"
    assert s.edition_line(dated).startswith("*Report of 2 December 2026. ")


def test_the_reproduced_article_carries_its_copyright_line():
    inputs = read_inputs(ROOT)
    line = g.article_copyright(inputs)
    assert line.startswith(f"Article text © {inputs.story.article.publisher}, {inputs.published[:4]}.")
    assert inputs.article_licence and inputs.article_licence in line
    section = s.annotated_article(inputs, "THE ARTICLE")
    assert section.index("©") < section.index("THE ARTICLE")


@pytest.mark.parametrize("path", ["LICENSE-DATA", "src/newsfigures/scaffold/templates/LICENSE-DATA"])
def test_the_data_licence_says_the_articles_text_is_not_under_cc_by(path):
    text = " ".join((ROOT / path).read_text(encoding="utf-8").split())
    assert re.search(r"article's text.{0,200}?is not under CC BY", text), path


def test_the_opening_names_the_article_its_publisher_and_date():
    inputs = read_inputs(ROOT)
    article = inputs.story.article
    opening = s.headline_findings(inputs)
    assert f"]({article.url}), published by {article.publisher.replace('.', chr(92) + '.')} on " \
           f"{g.display_date(inputs.published)}" in opening
    assert "Myanmar Coup\\: Why are Soldiers Deserting the Military\\?" in opening


def test_a_headline_figure_carries_the_same_verdict_words_as_the_prose():
    inputs = read_inputs(ROOT)
    words = g.variables(inputs)["claims"]
    bullets = g.findings(inputs)
    for claim_id in ("killed_total", "detained_total", "displaced_total"):
        assert f"Verdict: **{words[claim_id]['verdict_words']}**." in bullets, claim_id
