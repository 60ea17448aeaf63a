"""Unit tests of the report's parts: escaping, display of figures, shortcodes, the annotated article,
input checks, the Quarto project's consistency, and the rule that prose holds no hand-typed figure."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from report_fixture import FIXTURE, ROOT, make_project, rendered_fixture

from newsfigures.report.article_markup import annotated_article
from newsfigures.errors import NewsfiguresError
from newsfigures.report.escape import html_text, json_for_script, markdown_inline
from newsfigures.report.generated import display_date, display_value, hedge_before, variables
from newsfigures.report.inputs import read_inputs
from newsfigures.report.shortcodes import expand_includes, expand_variables, used_variables

REPORT = ROOT / "report"


# --- escaping -------------------------------------------------------------------------------------------

def pandoc_plain(markdown: str, to: str) -> str:
    import subprocess

    import pypandoc

    return subprocess.run([pypandoc.get_pandoc_path(), "-f", "markdown", "-t", to], input=markdown,
                          capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '#read("/etc/passwd")', "*_[]#$\\",
    "{{< var count.claims >}}", "1. not a list", "# not a heading", "[link](http://example.com)", "`code`",
    "$x^2$", "a | b", "it's \"quoted\"",
])
def test_markdown_escape_reads_back_as_the_same_characters(text):
    assert pandoc_plain(markdown_inline(text), "plain").strip() == text


def test_markdown_escape_flattens_newlines_so_a_table_row_stays_one_line():
    assert "\n" not in markdown_inline("one\ntwo\r\nthree")


def test_html_and_script_json_escapes():
    assert html_text('<a href="x">&') == "&lt;a href=&quot;x&quot;&gt;&amp;"
    script = json_for_script({"t": "</script><!-- &"})
    assert "</script" not in script and "<!--" not in script and "&" not in script


# --- display --------------------------------------------------------------------------------------------

def test_display_values_and_dates():
    assert display_value("1500") == "1,500"
    assert display_value("300000", "count") == "300,000"
    assert display_value("2018", "year") == "2018"
    assert display_value("2021-02-01", "date") == "1 February 2021"
    assert display_date("2022-04") == "April 2022"
    ranks = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 15: "15th", 21: "21st",
             22: "22nd", 101: "101st", 111: "111th", 1002: "1,002nd"}
    assert {n: display_value(str(n), "rank") for n in ranks} == ranks
    with pytest.raises(NewsfiguresError, match="not a valid ISO 8601 date"):
        display_date("2022-13-01")


def test_hedge_is_the_articles_own_word():
    text = "With over 1,500 killings and More than 400 attacks, about 160 and 8,800 detainees"
    assert hedge_before(text, text.index("1,500")) == "over"
    assert hedge_before(text, text.index("400")) == "more than"
    assert hedge_before(text, text.index("160")) == "about"
    assert hedge_before(text, text.index("8,800")) == ""


# --- shortcodes -----------------------------------------------------------------------------------------

def test_shortcodes_expand_includes_then_variables(tmp_path):
    (tmp_path / "_generated").mkdir()
    (tmp_path / "_generated/part.md").write_text("Part: {{< var a.b >}} and \\{\\{\\< var a.b \\>\\}\\}")
    text = expand_includes("Start {{< include _generated/part.md >}} end", tmp_path, "index.qmd")
    assert expand_variables(text, {"a": {"b": "1,500"}}, "index.qmd") == (
        "Start Part: 1,500 and \\{\\{\\< var a.b \\>\\}\\} end")
    assert used_variables("{{< var x.y >}} {{{< var escaped >}}}") == ["x.y"]


def test_shortcode_errors_name_the_problem(tmp_path):
    with pytest.raises(NewsfiguresError, match="var 'a.c' is not defined"):
        expand_variables("{{< var a.c >}}", {"a": {"b": "1"}}, "index.qmd")
    with pytest.raises(NewsfiguresError, match="file not found"):
        expand_includes("{{< include missing.md >}}", tmp_path, "index.qmd")
    with pytest.raises(NewsfiguresError, match="leads outside"):
        expand_includes("{{< include ../secret.md >}}", tmp_path, "index.qmd")


# --- inputs and the annotated article -------------------------------------------------------------------

def test_every_figure_in_the_annotated_article_links_to_its_claim():
    inputs = read_inputs(FIXTURE)
    markup = annotated_article(inputs)
    for row in inputs.tables["claims"]:
        assert f"(#claim-{row['claim_id']})" in markup
    assert "[[1\\,500]{.mark}](#claim-killed_total) [\\[outdated\\]]" in markup
    assert "(#claim-disappeared)" in markup


def test_overlapping_quotes_are_highlighted_once_and_named_both(tmp_path):
    project = make_project(tmp_path / "p")
    claims = project / "data/processed/claims.csv"
    text = claims.read_text()
    # stothard_year made to point at the year inside the coup date's quote "first of February 2021".
    text = re.sub(r"^stothard_year,2021,\d+,\d+,", "stothard_year,2021,106,110,", text, flags=re.M)
    claims.write_text(text)
    inputs = read_inputs(project)
    markup = annotated_article(inputs)
    # One highlight per claim, less one for the merged pair, plus one for the disappeared.
    assert markup.count("{.mark}") == len(inputs.tables["claims"]) - 1 + len(inputs.tables["unquantified"])
    assert "(#claim-stothard_year)" in markup and "(#claim-coup_date)" in markup


def test_a_quote_that_is_not_at_its_offsets_is_refused(tmp_path):
    project = make_project(tmp_path / "p")
    claims = project / "data/processed/claims.csv"
    claims.write_text(claims.read_text().replace("killed_total,\"1,500\",2053", "killed_total,\"1,500\",2052"))
    with pytest.raises(NewsfiguresError, match=r"claims.csv: row \d+ \(killed_total\), field quote"):
        read_inputs(project)


def test_an_unknown_verdict_is_refused(tmp_path):
    project = make_project(tmp_path / "p")
    check = project / "data/processed/source_check.csv"
    check.write_text(check.read_text().replace(",outdated,", ",probably,", 1))
    with pytest.raises(NewsfiguresError, match="source_check.csv: row .*field verdict: 'probably'"):
        read_inputs(project)


# --- the hand-typed figure rule -------------------------------------------------------------------------

# Tokens with digits that are names, not figures: the hash algorithm of the checksums.
ALLOWED = {"SHA-256"}
NUMBER_WORDS = re.compile(r"\b(hundreds?|thousands?|millions?|billions?|dozens?|lakhs?)\b", re.I)


def hand_typed_figures(qmd: str) -> list[str]:
    """Digit sequences and number words left in the prose once front matter, code, comments, shortcodes,
    attributes and link targets are taken out."""
    text = re.sub(r"\A---\n.*?\n---\n", "", qmd, flags=re.S)
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    text = re.sub(r"`[^`]*`", "", text)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"{{<.*?>}}", "", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"\{[#.][^}]*\}", "", text)
    for token in ALLOWED:
        text = text.replace(token, "")
    return re.findall(r"\d[\d,.]*", text) + NUMBER_WORDS.findall(text)


def test_the_checker_catches_typed_figures_and_passes_shortcodes():
    assert hand_typed_figures("Over 1,500 were killed and three hundred fled.") == ["1,500", "hundred"]
    assert hand_typed_figures("---\ntitle: 2022\n---\nOver {{< var claims.killed_total.stated >}}.") == []


def test_report_prose_holds_no_hand_typed_figure():
    for qmd in sorted(REPORT.glob("*.qmd")):
        assert hand_typed_figures(qmd.read_text(encoding="utf-8")) == [], qmd.name


# --- the Quarto project ---------------------------------------------------------------------------------

def referenced_files(config: dict) -> list[str]:
    names = list(config["project"].get("render", []))
    for options in config["format"].values():
        for key in ("css", "include-in-header", "include-before-body", "include-after-body", "font-paths"):
            value = options.get(key, [])
            names += value if isinstance(value, list) else [value]
    return names


@pytest.mark.slow
def test_quarto_project_is_consistent():
    config = yaml.safe_load((REPORT / "_quarto.yml").read_text(encoding="utf-8"))
    assert config["project"]["output-dir"] == "_output"
    assert config["format"]["html"]["embed-resources"] is True
    assert config["format"]["typst"]["papersize"] == "a4"
    rendered = rendered_fixture().parent  # a report/ folder after the build wrote _generated/ and _variables.yml
    for name in referenced_files(config):
        assert (rendered / name).exists(), name
    qmd = (REPORT / "index.qmd").read_text(encoding="utf-8")
    for include in re.findall(r"{{<\s*include\s+(\S+)\s*>}}", qmd):
        assert (rendered / include).is_file(), include
    defined = yaml.safe_load((rendered / "_variables.yml").read_text(encoding="utf-8"))
    inputs = read_inputs(rendered.parent)
    assert defined == yaml.safe_load(yaml.safe_dump(variables(inputs)))
    for key in used_variables(qmd):
        value = defined
        for part in key.split("."):
            assert isinstance(value, dict) and part in value, f"var {key} not in _variables.yml"
            value = value[part]
    # The project's own _variables.yml, where a build has written one, must define them too.
    own = REPORT / "_variables.yml"
    if own.is_file():
        mine = yaml.safe_load(own.read_text(encoding="utf-8"))
        for key in used_variables(qmd):
            value = mine
            for part in key.split("."):
                assert part in value, f"report/_variables.yml lacks {key}"
                value = value[part]


# --- generated prose and the build around the renderers -------------------------------------------------

def test_hedge_inside_the_quote_counts_too():
    from newsfigures.report.generated import hedge_of

    article = "With over 1,500 killings and about 160 demonstrators killed"
    assert hedge_of(article, 5, "over 1,500 killings") == "over"
    assert hedge_of(article, article.index("160"), "160") == "about"


def test_findings_and_country_summary_say_what_the_data_says():
    from newsfigures.report.generated import country_summary, findings

    inputs = read_inputs(FIXTURE)
    text = findings(inputs)
    assert "the article says over 1\\,500, citing “AAPP”" in text
    assert "1\\,797\\, as of 29 April 2022\\, from AAPP" in text and "Verdict: **outdated**" in text
    # The source's own hedge is kept: reference_series gives the detained count as a lower bound.
    assert "at least 10\\,394\\, as of 29 April 2022" in text
    # In the order a reader meets the figures in the article.
    assert text.index("Demonstrators") < text.index("People killed") < text.index("Attacks")
    assert country_summary(inputs, "arms_suppliers") == md_plain(
        "The UN Special Rapporteur's report names 2 countries. The article leaves none of them out. "
        "Every country it names is in the UN Special Rapporteur's report.")


def test_the_generic_sections_count_and_enumerate_from_the_data():
    import dataclasses

    from newsfigures.report.sections import headline_findings, methodology, sections

    inputs = read_inputs(FIXTURE)
    text = headline_findings(inputs)
    # The fixture: 6 checks (2 consistent, 2 outdated, 1 misattributed, 2 unverified... as its rows say).
    verdicts = [row["verdict"] for row in inputs.tables["source_check"]]
    assert f"Of the {len(verdicts)} figures that a source records, {verdicts.count('consistent')} matched" in text
    assert "none contradicted the sources" in text
    assert "published by mzemo\\.com on" not in text  # no publication date without sources.yaml
    # The figures no check covers, counted by kind; adding an unchecked date changes the words.
    assert "(3 years\\, 2 counts\\, 2 durations\\, an age and a date) were not checked" in text
    coup = next(row for row in inputs.tables["claims"] if row["claim_id"] == "coup_date")
    claims = inputs.tables["claims"] + [dict(coup, claim_id="another_date")]
    more = headline_findings(dataclasses.replace(inputs, tables={**inputs.tables, "claims": claims}))
    assert "2 dates" in more and "a date" not in more
    # The story's own limitations sit in the generic methodology, and the counts of primary and secondary.
    assert "documented counts" in methodology(inputs)
    assert "Of the 2 reference figures, 1 were read on the source's own page and 1 only in a copy" in methodology(inputs)
    headings = [next(line for line in body.splitlines() if line.startswith("## ")) for body in sections(inputs, "").values()]
    # The attribution section is titled by what its checks are about (the fixture: attributions and a title).
    assert headings == ["## Headline findings", "## Figures against their sources", "## Attributions and titles {#attributions}",
                        "## The article, annotated", "## Methodology and limitations", "## Updates and corrections",
                        "## Audit appendix"]


def md_plain(text: str) -> str:
    return markdown_inline(text) + "\n"


@pytest.mark.slow
def test_build_uses_quarto_when_it_is_on_path(tmp_path, monkeypatch):
    from newsfigures.report.render import build_report

    project = make_project(tmp_path / "p")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "quarto-args"
    quarto = bin_dir / "quarto"
    # A stand-in for Quarto: records its arguments and writes the two outputs where it is told.
    quarto.write_text(f'#!/bin/sh\necho "$@" > {log}\nmkdir -p "$4"\ntouch "$4/index.html" "$4/index.pdf"\n')
    quarto.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    output = project / "report/_output"
    build_report(project, output)
    assert log.read_text().split() == ["render", str(project / "report"), "--output-dir", str(output)]
    assert (project / "report/_variables.yml").is_file() and (project / "report/_generated/article.md").is_file()
    assert sorted(p.name for p in (output / "notebooks").iterdir()) == ["10-extract-figures.html",
                                                                        "20-tidy-tables.html"]
    assert (output / "data/claims.csv").read_bytes() == (project / "data/processed/claims.csv").read_bytes()


# --- readable tables, inferred dates, attribution checks in the article ----------------------------------

def test_tables_show_words_not_ids():
    import dataclasses

    from newsfigures.report.generated import attribution_table, group_table, source_check_table

    inputs = read_inputs(FIXTURE)
    groups = [dict(row, measure="defected_or_evacuated") for row in inputs.tables["groups"]]
    assert "| defected or evacuated |" in group_table(
        dataclasses.replace(inputs, tables={**inputs.tables, "groups": groups}), "toll")
    # The article's own hedge, as in the prose: "over 1,500", never a bare 1,500 beside a code.
    assert "| killed | over 1\\,500 |" in group_table(inputs, "toll")
    checks = source_check_table(inputs)
    assert "[People killed by security forces](#claim-killed_total) | over 1\\,500 |" in checks
    # Ids appear only as link targets; none is shown as a cell's text.
    shown = re.sub(r"\]\(#[^)]*\)|\{#[^}]*\}", "]", checks + attribution_table(inputs))
    assert not re.search(r"killed_total|displaced_total|suu_kyi_president", shown)


def test_the_attribution_table_anchors_each_row_and_keeps_its_input_inert():
    from newsfigures.report.generated import attribution_table

    table = attribution_table(read_inputs(FIXTURE))
    assert "]{#check-suu_kyi_president}" in table and "]{#check-displaced_by_aapp}" in table
    assert "| none |" in table  # the check that concerns no figure
    assert "\\<b\\>Win Myint\\<\\/b\\>" in table or "&lt;b&gt;" in table
    assert "[Source](https://www.bbc.co.uk/news/blogs-trending-61243316)" in table
    assert "javascript:" not in table.replace("javascript\\:", "")


def test_attribution_checks_are_marked_in_the_article_with_their_verdict():
    markup = annotated_article(read_inputs(FIXTURE))
    # A check on no figure: its words underlined, then its verdict linked to its row.
    assert ("[[the democratically elected president Aung San Suu Kyi]{.underline}]{.attribution} "
            "[[\\[incorrect\\]](#check-suu_kyi_president)]{.verdict .verdict-incorrect}") in markup
    # Words around a figure: the figure's own mark nests inside the underline.
    assert ("[[leftover [[300\\,000]{.mark}](#claim-displaced_total) [\\[misattributed\\]]"
            "{.verdict .verdict-misattributed} displaced]{.underline}]{.attribution} "
            "[[\\[incorrect\\]](#check-displaced_by_aapp)]") in markup
    assert "[[\\[correct\\]](#check-evacuated_by_bbc)]" in markup


@pytest.mark.slow
def test_attribution_marks_reach_the_page_as_links_to_their_rows():
    html = re.sub(r"\s+", " ", (rendered_fixture() / "index.html").read_text(encoding="utf-8"))
    assert 'id="check-suu_kyi_president"' in html
    assert re.search(r'<span class="attribution"><u>the democratically elected president Aung San Suu Kyi</u></span>',
                     html)
    assert '<a href="#check-suu_kyi_president">[incorrect]</a>' in html
    assert "<b>Win Myint" not in html and "javascript:alert" not in html


def test_attribution_words_not_in_the_article_are_refused(tmp_path):
    project = make_project(tmp_path / "p")
    check = project / "data/processed/attribution_check.csv"
    check.write_text(check.read_text().replace("According to a BBC report", "According to the BBC"))
    with pytest.raises(NewsfiguresError, match=r"attribution_check.csv: row \d+ \(evacuated_by_bbc\), "
                                               r"field article_says: 'According to the BBC' is not in the article"):
        read_inputs(project)


def test_an_inferred_date_is_said_to_be_inferred():
    from newsfigures.report.generated import inferred_dates

    text = inferred_dates(read_inputs(FIXTURE))
    assert text.startswith("One date on the timeline is inferred, not stated in the article")
    assert "**Police arrest Thura**, drawn in April 2021" in text and "Military coup" not in text


def test_verdicts_read_as_a_phrase():
    from newsfigures.report.generated import verdict_words

    assert verdict_words(["outdated", "attribution name incorrect"]) == "outdated, with the source's name wrong"
    assert (verdict_words(["attribution attribution incomplete"])
            == "not checked against a source, with the attribution incomplete")
    assert verdict_words([]) == "not checked"
    # Two findings on one figure are listed; the same words are never said twice.
    assert (verdict_words(["consistent", "attribution name incorrect", "attribution place incorrect",
                           "attribution name incorrect"])
            == "consistent, with the source's name wrong and the place's location wrong")


def test_a_misattributed_figure_is_not_also_said_to_be_wrongly_attributed():
    from newsfigures.report.generated import verdict_words

    # "misattributed" already says the credit is wrong: the attribution finding of the same is not repeated,
    # but a finding about something else (the source's name) still is.
    assert verdict_words(["misattributed", "attribution attribution incorrect"]) == "misattributed"
    assert (verdict_words(["misattributed", "attribution attribution incorrect", "attribution name incorrect"])
            == "misattributed, with the source's name wrong")
    assert verdict_words(["outdated", "attribution attribution incorrect"]) == "outdated, with the attribution wrong"


def test_no_phrase_of_the_vocabulary_says_one_thing_twice():
    from newsfigures.report.generated import verdict_words
    from newsfigures.vocabulary import ABOUT, ATTRIBUTION_VERDICTS, VERDICTS

    for verdict in VERDICTS:
        for about in ABOUT:
            for finding in ATTRIBUTION_VERDICTS:
                text = verdict_words([verdict, f"attribution {about} {finding}"])
                # A verdict and a finding that both say the credit is wrong: "misattributed, with the attribution
                # wrong" says one thing twice.
                if finding == "incorrect":
                    assert text.count("attribut") <= 1, text
                assert text.startswith(verdict) and text.count(verdict) == 1, text
