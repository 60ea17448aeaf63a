"""Building the claims table: each rule that stops the build, with its own bad input."""

import shutil
from pathlib import Path

import pytest
import yaml

from newsfigures.figures.claims import CLAIM_COLUMNS, MENTION_COLUMNS, UNQUANTIFIED_COLUMNS, extract_figures
from newsfigures.errors import NewsfiguresError

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
ROOT = Path(__file__).parent.parent
OLD_OUTPUT = {"claims.csv": b"old claims\n", "notes.txt": b"keep me\n"}


@pytest.fixture
def project(tmp_path):
    """A throwaway project: the small fixture article and annotation, and an output folder with old files."""
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    shutil.copy(FIXTURES / "article.txt", raw / "article.txt")
    shutil.copy(FIXTURES / "figures.yaml", raw / "figures.yaml")
    out = tmp_path / "data" / "processed"
    out.mkdir()
    for name, data in OLD_OUTPUT.items():
        (out / name).write_bytes(data)
    return tmp_path


def run(root: Path):
    return extract_figures("data/raw/article.txt", "data/raw/figures.yaml", "data/processed", root=root)


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def edit_annotation(root: Path, change) -> None:
    path = root / "data" / "raw" / "figures.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def edit_article(root: Path, change) -> None:
    path = root / "data" / "raw" / "article.txt"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def figure(data: dict, figure_id: str) -> dict:
    return next(f for f in data["figures"] if f["id"] == figure_id)


def fails(root: Path, message: str) -> str:
    """Run, expect a one-line NewsfiguresError matching ``message``, and check nothing was written."""
    before = snapshot(root / "data" / "processed")
    with pytest.raises(NewsfiguresError, match=message) as caught:
        run(root)
    assert "\n" not in str(caught.value)
    assert snapshot(root / "data" / "processed") == before
    return str(caught.value)


def test_fixture_builds_tables_whose_quotes_match_the_article(project):
    tables = run(project)
    article = (project / "data" / "raw" / "article.txt").read_text(encoding="utf-8")
    claims = tables["claims"]
    assert list(claims.columns) == CLAIM_COLUMNS
    assert list(tables["mentions"].columns) == MENTION_COLUMNS
    assert list(tables["unquantified"].columns) == UNQUANTIFIED_COLUMNS
    for row in claims.itertuples():
        assert article[row.start : row.end] == row.quote
    by_id = claims.set_index("claim_id")
    assert by_id.loc["signatures", ["value", "qualifier"]].tolist() == ["1200", "lower_bound"]
    assert by_id.loc["marchers", ["value", "qualifier"]].tolist() == ["40", "approximate"]
    assert by_id.loc["march_date", "value"] == "2022-03-01"
    assert by_id.loc["councillors_away", "value"] == "3"
    assert set(tables["mentions"]["covered_by"]) >= {"nf_one_of_them", "nf_first_march", "signatures"}
    assert tables["unquantified"]["item_id"].tolist() == ["stayed_home"]
    out = project / "data" / "processed"
    assert (out / "notes.txt").read_bytes() == OLD_OUTPUT["notes.txt"]
    assert (out / "claims.csv").read_text(encoding="utf-8").startswith(",".join(CLAIM_COLUMNS) + "\n")


def test_second_run_gives_identical_bytes(project):
    run(project)
    first = snapshot(project / "data" / "processed")
    run(project)
    assert snapshot(project / "data" / "processed") == first


# (a) quotes must be found verbatim, once, or be told apart.
def test_quote_not_in_article(project):
    edit_annotation(project, lambda d: figure(d, "signatures").update(quote="over 1,200 citizens"))
    fails(project, r"figures\[signatures\]: quote 'over 1,200 citizens' not found verbatim")


def test_quote_found_twice_without_a_way_to_tell(project):
    edit_article(project, lambda t: t + "\nAgain, about 40 people marched.\n")
    fails(project, r"figures\[marchers\]: quote 'about 40 people marched' occurs 2 times .* add occurrence or context")


def test_occurrence_tells_repeated_quotes_apart(project):
    edit_article(project, lambda t: t + "\nAgain, about 40 people marched.\n")

    def annotate(d):
        figure(d, "marchers")["occurrence"] = 1
        repeat = dict(figure(d, "marchers"), id="marchers_again", occurrence=2)
        d["figures"].append(repeat)

    edit_annotation(project, annotate)
    claims = run(project)["claims"].set_index("claim_id")
    assert claims.loc["marchers_again", "start"] > claims.loc["marchers", "start"]


def test_context_tells_repeated_quotes_apart(project):
    edit_article(project, lambda t: t + "\nAgain, about 40 people marched.\n")

    def annotate(d):
        figure(d, "marchers")["context"] = "2022, about 40 people marched"
        d["figures"].append(dict(figure(d, "marchers"), id="marchers_again", context="Again, about 40 people marched"))

    edit_annotation(project, annotate)
    claims = run(project)["claims"].set_index("claim_id")
    article = (project / "data" / "raw" / "article.txt").read_text(encoding="utf-8")
    assert article[claims.loc["marchers_again", "start"] - 7 :].startswith("Again, about 40")


def test_context_must_occur_once(project):
    edit_annotation(project, lambda d: figure(d, "marchers").update(context="about 40 people danced"))
    fails(project, r"figures\[marchers\]: context 'about 40 people danced' not found in the article")


def test_occurrence_beyond_the_quotes_found(project):
    edit_annotation(project, lambda d: figure(d, "marchers").update(occurrence=2))
    fails(project, r"figures\[marchers\]: occurrence 2 asked, but quote .* occurs 1 times")


# (b) value and qualifier must agree with the quote.
def test_value_disagrees_with_quote(project):
    edit_annotation(project, lambda d: figure(d, "signatures").update(value=1300))
    fails(project, r"figures\[signatures\]: value 1300 disagrees with the quote, which says 1200")


def test_date_value_disagrees_with_quote(project):
    edit_annotation(project, lambda d: figure(d, "march_date").update(value="2022-01-03"))
    fails(project, r"figures\[march_date\]: value 2022-01-03 disagrees with the quote, which says 2022-03-01")


def test_qualifier_disagrees_with_wording(project):
    edit_annotation(project, lambda d: figure(d, "marchers").update(qualifier="exact"))
    fails(project, r"figures\[marchers\]: qualifier exact disagrees with the wording of 'about 40 people marched', "
                   r"which implies approximate")


def test_quote_that_drops_its_qualifier(project):
    edit_annotation(project, lambda d: figure(d, "signatures").update(quote="1,200 residents", qualifier="exact"))
    fails(project, r"figures\[signatures\]: quote '1,200 residents' leaves out 'over' just before it")


def test_value_kind_that_does_not_fit_the_number(project):
    edit_annotation(project, lambda d: figure(d, "march_date").update(value_kind="count"))
    fails(project, r"figures\[march_date\]: value_kind count does not fit the number '1 March 2022' \(date\)")


def test_list_count_that_miscounts(project):
    edit_annotation(project, lambda d: figure(d, "councillors_away").update(value=4))
    fails(project, r"figures\[councillors_away\]: value 4 disagrees with the quote, which lists 3 items")


def test_figure_without_a_number_and_not_a_list_count(project):
    edit_annotation(project, lambda d: figure(d, "councillors_away").pop("value_from"))
    fails(project, r"figures\[councillors_away\]: quote 'Ann, Bo and Cy' holds 0 numbers")


def test_quote_cutting_through_a_number(project):
    change = {"quote": "200 residents", "value": 200, "qualifier": "exact"}
    edit_annotation(project, lambda d: figure(d, "signatures").update(change))
    fails(project, r"figures\[signatures\]: quote '200 residents' cuts through the number '1,200'")


# (c) every numeric mention is covered, once.
def test_uncovered_mention_in_the_fixture(project):
    edit_article(project, lambda t: t + "\nAnother 2,345 people fled.\n")
    message = fails(project, r"data/raw/article\.txt: number '2,345' at offset \d+ .* is covered by no figure")
    assert "Another 2,345 people fled." in message


def test_uncovered_mention_in_the_real_article(tmp_path):
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    article = (ROOT / "data" / "raw" / "article.txt").read_text(encoding="utf-8")
    (raw / "article.txt").write_text(article + "\n\nAnother 2,345 people fled.\n", encoding="utf-8")
    shutil.copy(ROOT / "data" / "raw" / "figures.yaml", raw / "figures.yaml")
    (tmp_path / "data" / "processed").mkdir()
    fails(tmp_path, r"number '2,345' at offset \d+ .* covered by no figure or not_figures entry")


def test_mention_covered_twice(project):
    entry = {"id": "nf_teacher", "quote": "a 30-year-old teacher", "reason": "x"}
    edit_annotation(project, lambda d: d["not_figures"].append(entry))
    fails(project, r"number '30-year-old' at offset \d+ is covered by teacher_age and nf_teacher")


def test_not_a_figure_without_a_number(project):
    entry = {"id": "nf_town", "quote": "the town", "occurrence": 1, "reason": "x"}
    edit_annotation(project, lambda d: d["not_figures"].append(entry))
    fails(project, r"not_figures\[nf_town\]: quote 'the town' holds no number")


def test_unquantified_with_a_number(project):
    edit_annotation(project, lambda d: d["unquantified"][0].update(quote="Countless others stayed home.\n\nThe first"))
    fails(project, r"unquantified\[stayed_home\]: quote holds the number 'first'")


# (d) unreadable inputs and a broken annotation.
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", r"data/raw/article\.txt: article is empty"),
        (b"  \n\t\n", r"data/raw/article\.txt: article is empty"),
        (b"caf\xe9 over 1,200", r"data/raw/article\.txt: article is not UTF-8 text \(byte 0xe9 at offset 3\)"),
    ],
)
def test_unreadable_article(project, content, message):
    (project / "data" / "raw" / "article.txt").write_bytes(content)
    fails(project, message)


def test_missing_article(project):
    (project / "data" / "raw" / "article.txt").unlink()
    fails(project, r"^data/raw/article\.txt: article not found$")


def test_malformed_annotation(project):
    (project / "data" / "raw" / "figures.yaml").write_text("figures: [\n", encoding="utf-8")
    fails(project, r"^data/raw/figures\.yaml: line \d+: malformed YAML")


def test_duplicate_ids(project):
    edit_annotation(project, lambda d: d["unquantified"][0].update(id="marchers"))
    fails(project, r"data/raw/figures\.yaml: unquantified\[marchers\]: duplicate id")


def test_paths_must_stay_inside_the_project(project):
    with pytest.raises(NewsfiguresError, match="outside the project"):
        extract_figures("data/raw/article.txt", "data/raw/figures.yaml", "../elsewhere", root=project)


def test_quote_that_drops_qualifying_words_after_it(project):
    edit_article(project, lambda t: t.replace("fewer than 10 people came", "10 or so people came"))
    edit_annotation(project, lambda d: figure(d, "first_marchers").update(quote="10", qualifier="exact"))
    fails(project, r"figures\[first_marchers\]: quote '10' leaves out the qualifying words just after it")


def test_list_opened_by_including_is_a_lower_bound(project):
    edit_article(project, lambda t: t.replace("the councillors Ann", "councillors including Ann"))
    fails(project, r"figures\[councillors_away\]: qualifier exact disagrees with the wording, which implies lower_bo")
    edit_annotation(project, lambda d: figure(d, "councillors_away").update(qualifier="lower_bound"))
    assert run(project)["claims"].set_index("claim_id").loc["councillors_away", "qualifier"] == "lower_bound"


def test_list_lead_in_inside_the_quote_is_not_counted(project):
    edit_article(project, lambda t: t.replace("the councillors Ann", "councillors including Ann"))
    edit_annotation(
        project,
        lambda d: figure(d, "councillors_away").update(
            quote="councillors including Ann, Bo and Cy", qualifier="lower_bound"
        ),
    )
    assert run(project)["claims"].set_index("claim_id").loc["councillors_away", "value"] == "3"


def test_every_uncovered_mention_is_named_in_one_message(project):
    edit_article(project, lambda t: t + "\nAnother 2,345 people fled, 678 of them children, and 91 more.\n")
    message = fails(project, r"data/raw/article\.txt: 3 numbers are covered by no figure or not_figures entry")
    for number in ("'2,345'", "'678'", "'91'"):
        assert number in message


def test_an_article_without_a_number_gives_empty_tables_with_their_columns():
    from newsfigures.figures.annotation import check_annotation
    from newsfigures.figures.claims import build_tables

    tables = build_tables("No figures here at all.", check_annotation({"figures": []}, "figures.yaml"), "a", "f")
    assert tables["claims"].empty and list(tables["coverage"].columns)[-2:] == ["covered_as", "why"]
