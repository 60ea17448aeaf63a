"""Step 30: verdicts follow from the data and the rules; attribution findings are tied to the article."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from newsfigures.errors import NewsfiguresError
from newsfigures.checks.attribution_check import check_attributions, omitted_countries
from newsfigures.checks.source_check import check_sources, load_source_map, matches, rounding_step
from newsfigures.tables.tidy import build_tables

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "tables"
ARTICLE = ROOT / "data" / "raw" / "article.txt"
SOURCE_MAP = ROOT / "data" / "raw" / "source_map.yaml"
ATTRIBUTIONS = ROOT / "data" / "raw" / "attribution_checks.yaml"


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return build_tables(FIXTURES / "claims.csv", FIXTURES / "unquantified.csv", ROOT / "data/raw/reference", ARTICLE, ROOT)


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    frame = pd.read_csv(FIXTURES / "claims.csv", dtype=str, keep_default_na=False)
    return frame.astype({"start": int, "end": int})


def _check(claims, series, as_of="2022-05-02") -> pd.DataFrame:
    entries = load_source_map(SOURCE_MAP, "source_map.yaml", set(claims["claim_id"]), set(series["indicator"]))
    return check_sources(claims, series, entries, as_of).set_index("claim_id")


def _with_value(series: pd.DataFrame, indicator: str, date: str, value: int) -> pd.DataFrame:
    changed = series.copy()
    where = (changed["indicator"] == indicator) & (changed["date"] == date)
    assert where.sum() == 1
    changed.loc[where, "value"] = value
    return changed


@pytest.mark.parametrize(
    ("article", "qualifier", "reference", "expected"),
    [
        (1500, "lower_bound", 1503, True),
        (1500, "lower_bound", 1500, True),
        (1500, "lower_bound", 1798, False),
        (1500, "lower_bound", 1499, False),
        (8800, "exact", 8835, True),
        (8800, "exact", 8851, False),
        (160, "approximate", 163, True),
        (160, "approximate", 114, False),
        (300000, "exact", 300000, True),
        (300000, "exact", 405700, False),
        (500, "upper_bound", 450, True),
        (500, "upper_bound", 501, False),
    ],
)
def test_matching_rules(article, qualifier, reference, expected):
    assert matches(article, qualifier, reference) is expected


def test_rounding_step():
    assert [rounding_step(v) for v in (1500, 8800, 300000, 163, 0)] == [100, 100, 100000, 1, 1]


def test_verdicts_on_the_reference_data(tables, claims):
    result = _check(claims, tables["reference_series"])
    assert result["verdict"].to_dict() == {
        "armed_forces_day_killed": "consistent",
        "detained_total": "outdated",
        "displaced_total": "misattributed",
        "evacuated_total": "consistent",
        "killed_total": "outdated",
        "sagaing_attacks": "unverified",
    }
    killed = result.loc["killed_total"]
    assert (killed["best_match_value"], killed["best_match_date"]) == (1503, "2022-02-01")
    assert (killed["reference_value"], killed["reference_date"]) == (1798, "2022-04-27")
    assert "secondary copy" in killed["note"]
    displaced = result.loc["displaced_total"]
    assert displaced["best_match_source"].startswith("UN (via AFP)")
    assert "at least 300,000" in displaced["note"] and "credits AAPP" in displaced["note"]
    assert "about" not in killed["note"] and "at least 10,300" in result.loc["detained_total", "note"]
    assert pd.isna(result.loc["sagaing_attacks", "reference_value"])


def test_the_notes_are_prose_with_dates_in_words_while_the_date_columns_stay_iso(tables, claims):
    result = _check(claims, tables["reference_series"])
    killed = result.loc["killed_total"]
    assert "1,503 (AAPP, 1 February 2022;" in killed["note"]
    assert "1,798 (AAPP, 27 April 2022;" in killed["note"]
    assert "on or before 2 May 2022" in killed["note"]
    assert not result["note"].str.contains(r"\d{4}-\d{2}").any(), "a note still prints an ISO date"


def test_detained_is_never_compared_with_cumulative_arrests(tables, claims):
    detained = _check(claims, tables["reference_series"]).loc["detained_total"]
    assert "arrested" not in detained["indicator"]
    arrested = set(tables["reference_series"].query("indicator == 'aapp_arrested_cumulative'")["value"])
    assert detained["reference_value"] not in arrested and detained["best_match_value"] not in arrested


def test_changing_a_reference_value_changes_the_verdict(tables, claims):
    series = tables["reference_series"]
    # AAPP's latest count before publication now rounds to the article's "over 1,500": consistent.
    assert _check(claims, _with_value(series, "aapp_killed_cumulative", "2022-04-27", 1560)).loc["killed_total", "verdict"] == "consistent"
    # No figure near 1,500 at all: contradicted.
    far = series.copy()
    far.loc[far["indicator"].isin(["aapp_killed_cumulative", "ohchr_killed_documented"]), "value"] = 3000
    assert _check(claims, far).loc["killed_total", "verdict"] == "contradicted"
    # An AAPP figure now matches 300,000 displaced, so the attribution is no longer wrong.
    aapp = series.copy()
    aapp.loc[(aapp["indicator"] == "displaced_since_coup_un_rounded"), "source_org"] = "AAPP"
    assert _check(claims, aapp).loc["displaced_total", "verdict"] != "misattributed"


def test_moving_as_of_earlier_changes_the_latest_figure(tables, claims):
    series = tables["reference_series"]
    at_publication = _check(claims, series).loc["killed_total"]
    earlier = _check(claims, series, as_of="2022-03-01").loc["killed_total"]
    assert (at_publication["reference_value"], at_publication["reference_date"]) == (1798, "2022-04-27")
    assert (earlier["reference_value"], earlier["reference_date"]) == (1503, "2022-02-01")
    assert earlier["verdict"] == "consistent"
    before_any = _check(claims, series, as_of="2021-01-01")
    assert set(before_any["verdict"]) == {"unverified"}


def test_figures_after_as_of_are_ignored(tables, claims):
    result = _check(claims, tables["reference_series"])
    assert (result["reference_date"].replace("", "0000") <= "2022-05-02").all()
    assert (result["best_match_date"].replace("", "0000") <= "2022-05-02").all()


def test_bad_as_of_is_refused(tables, claims):
    with pytest.raises(NewsfiguresError, match="as_of: '2022-05' is not a date YYYY-MM-DD"):
        _check(claims, tables["reference_series"], as_of="2022-05")


def test_source_map_refuses_unknown_indicator(tmp_path, tables, claims):
    document = yaml.safe_load(SOURCE_MAP.read_text(encoding="utf-8"))
    document["claims"]["killed_total"]["indicators"].append("aapp_killed_cumulativ")
    path = tmp_path / "source_map.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    with pytest.raises(NewsfiguresError, match="source_map.yaml: claim killed_total, field indicators: 'aapp_killed_cumulativ' is not a reference indicator"):
        load_source_map(path, "source_map.yaml", set(claims["claim_id"]), set(tables["reference_series"]["indicator"]))


def _attributions(path, tables, claims):
    article = ARTICLE.read_text(encoding="utf-8")
    return check_attributions(path, "attribution_checks.yaml", article, set(claims["claim_id"]),
                              {"arms_suppliers": tables["arms_suppliers"]})


def test_attribution_findings_cover_the_known_problems(tables, claims):
    result = _attributions(ATTRIBUTIONS, tables, claims).set_index("check_id")
    assert {"aapp_name", "displacement_attributed_to_aapp", "suu_kyi_president", "sagaing_location",
            "bbc_nug_evacuated", "stothard_role", "arms_suppliers_vs_un_report"} <= set(result.index)
    assert "Pakistan" in result.loc["arms_suppliers_vs_un_report", "finding"]
    assert "Win Myint" in result.loc["suu_kyi_president", "finding"]
    assert "ALTSEAN" in result.loc["stothard_role", "finding"]
    assert omitted_countries(tables["arms_suppliers"]) == ["PAK"]


def _edited_attributions(tmp_path, edit) -> Path:
    document = yaml.safe_load(ATTRIBUTIONS.read_text(encoding="utf-8"))
    edit(document["checks"])
    path = tmp_path / "attribution_checks.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


def test_attribution_quote_must_be_in_the_article(tmp_path, tables, claims):
    path = _edited_attributions(tmp_path, lambda checks: checks[0].update(article_says="the elected prime minister"))
    with pytest.raises(NewsfiguresError, match="check aapp_name, field article_says: 'the elected prime minister' is not in the article"):
        _attributions(path, tables, claims)


def test_each_finding_says_what_it_is_about(tmp_path, tables, claims):
    result = _attributions(ATTRIBUTIONS, tables, claims).set_index("check_id")
    assert result.loc["sagaing_location", "about"] == "place"
    assert result.loc["aapp_name", "about"] == "name"
    path = _edited_attributions(tmp_path, lambda checks: checks[0].update(about="geography"))
    with pytest.raises(NewsfiguresError, match=r"^attribution_checks.yaml: check aapp_name, field about: 'geography' "
                                               r"is not one of attribution, name, title, place, list$"):
        _attributions(path, tables, claims)
    path = _edited_attributions(tmp_path, lambda checks: checks[0].pop("about"))
    with pytest.raises(NewsfiguresError, match=r"^attribution_checks.yaml: check aapp_name, field about: missing$"):
        _attributions(path, tables, claims)


def test_omitted_countries_must_agree_with_the_data(tmp_path, tables, claims):
    def drop_pakistan(checks):
        next(c for c in checks if "omitted_countries" in c)["omitted_countries"] = []

    path = _edited_attributions(tmp_path, drop_pakistan)
    with pytest.raises(NewsfiguresError, match=r"field omitted_countries: \[\] but arms_suppliers.csv gives \['PAK'\]"):
        _attributions(path, tables, claims)


def test_omitted_countries_name_a_country_list_of_the_story(tmp_path, tables, claims):
    def misname(checks):
        next(c for c in checks if "omitted_countries" in c)["country_list"] = "arms_supplier"

    path = _edited_attributions(tmp_path, misname)
    with pytest.raises(NewsfiguresError, match=r"field country_list: 'arms_supplier' is not a country list of "
                       r"story.yaml \(known: arms_suppliers\)"):
        _attributions(path, tables, claims)


def _check_published(claims, series, as_of, published="2022-05-02") -> pd.DataFrame:
    entries = load_source_map(SOURCE_MAP, "source_map.yaml", set(claims["claim_id"]), set(series["indicator"]))
    return check_sources(claims, series, entries, as_of, published).set_index("claim_id")


def _with_later_figure(series: pd.DataFrame, indicator: str, date: str, value: int) -> pd.DataFrame:
    row = series[series["indicator"] == indicator].sort_values("period_end").iloc[[-1]].copy()
    row["date"], row["period_end"], row["value"] = date, date, value
    return pd.concat([series, row], ignore_index=True)


def test_a_check_date_after_publication_never_changes_a_verdict(tables, claims):
    series = _with_later_figure(tables["reference_series"], "aapp_killed_cumulative", "2022-05-20", 1851)
    at_publication = _check_published(claims, series, "")
    later = _check_published(claims, series, "2022-07-01")
    columns = ["verdict", "note", "reference_value", "reference_date", "best_match_value", "judged_as_of"]
    assert later[columns].equals(at_publication[columns])
    assert set(later["judged_as_of"]) == {"2022-05-02"}
    # What the source published since is added beside the verdict, in words with its date.
    since = later.loc["killed_total", "since_publication"]
    assert "1,851" in since and "20 May 2022" in since and "AAPP" in since and "1 July 2022" in since
    assert at_publication.loc["killed_total", "since_publication"] == ""


def test_a_check_date_before_publication_judges_as_of_that_date(tables, claims):
    series = tables["reference_series"]
    earlier = _check_published(claims, series, "2022-03-01").loc["killed_total"]
    assert (earlier["judged_as_of"], earlier["reference_date"], earlier["verdict"]) == (
        "2022-03-01", "2022-02-01", "consistent")
    assert earlier["since_publication"] == ""


def test_without_a_check_date_the_publication_date_is_used(tables, claims):
    result = _check_published(claims, tables["reference_series"], "", published="2022-03-01")
    assert set(result["judged_as_of"]) == {"2022-03-01"}
    with pytest.raises(NewsfiguresError, match="no check date given and no publication date"):
        _check_published(claims, tables["reference_series"], "", published=None)
