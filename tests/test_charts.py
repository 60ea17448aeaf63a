"""The charts: valid Vega-Lite, titled, described and sourced, honest about the article's figures, reproducible."""

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import altair as alt
import pytest

from newsfigures.charts import build_charts, load_tables, save_charts, spec_of
from newsfigures.charts.output import save_chart
from newsfigures.charts.wording import titled
from newsfigures.errors import NewsfiguresError
from newsfigures.project.story import load_story

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "charts"
GEO = ROOT / "data" / "raw" / "geo" / "countries-110m.json"
STORY = load_story(ROOT)
CHART_NAMES = tuple(STORY.declared.charts)


@pytest.fixture(scope="module")
def charts():
    with alt.theme.enable("newsroom"):
        built = build_charts(load_tables(FIXTURES, GEO, STORY, ROOT), STORY)
        yield {name: (spec_of(chart), text) for name, (chart, text) in built.items()}


def _strings(node):
    if isinstance(node, dict):
        return [s for value in node.values() for s in _strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return [node] if isinstance(node, str) else []


def test_every_chart_is_built(charts):
    assert tuple(charts) == CHART_NAMES


def test_every_spec_validates_against_the_vega_lite_schema(charts):
    import jsonschema

    schema_path = Path(alt.__file__).parent / "vegalite" / "v6" / "schema" / "vega-lite-schema.json"
    validator = jsonschema.Draft7Validator(json.loads(schema_path.read_text(encoding="utf-8")))
    for name, (spec, _) in charts.items():
        errors = list(validator.iter_errors(spec))
        assert not errors, f"{name}: {errors[0].message[:200]}"


def test_every_chart_has_title_description_source_and_tooltips(charts):
    for name, (spec, text) in charts.items():
        assert spec["title"]["text"] == text.title and text.title, name
        assert spec["description"] == titled(text.title, text.alt) and len(text.description) > 40, name
        subtitle = " ".join(spec["title"]["subtitle"])
        assert text.source.startswith("Source: ") and "Source: " in subtitle, name
        assert '"tooltip"' in json.dumps(spec), name


def test_the_theme_names_source_sans_pro_everywhere(charts):
    config = charts["toll"][0]["config"]
    assert config["font"] == "Source Sans Pro"
    assert config["title"]["font"] == config["title"]["subtitleFont"] == "Source Sans Pro"
    assert config["axis"]["labelFont"] == config["legend"]["labelFont"] == "Source Sans Pro"
    assert config["title"]["anchor"] == "start"


def test_specs_carry_their_data_inline(charts):
    for name, (spec, _) in charts.items():
        assert '"url":' not in json.dumps({k: v for k, v in spec.items() if k != "datasets"}), name
        assert spec["datasets"], name


def test_the_toll_draws_no_number_for_the_disappeared(charts):
    spec, text = charts["toll"]
    rows = [row for data in spec["datasets"].values() for row in data if row.get("measure") == "disappeared"]
    assert rows, "the disappeared are not in the toll chart"
    for row in rows:
        assert row.get("value") in (None, ""), row
        assert "count" not in row, "a disappeared row has a position on the number axis"
        assert not re.search(r"\d", row["label"]), row["label"]
    assert "no figure is drawn" in text.description


def test_the_toll_says_over_for_lower_bounds(charts):
    spec, _ = charts["toll"]
    killed = [row for data in spec["datasets"].values() for row in data if row.get("measure") == "killed"][0]
    assert killed["label"] == "over 1,500 killed"
    assert killed["arrow_end"] > killed["count"]


def test_the_time_charts_mark_the_article_and_its_publication(charts):
    for name, value in [("killed_over_time", "over 1,500"), ("displaced_over_time", "300,000")]:
        strings = _strings(charts[name][0])
        assert f"Article: {value}" in strings, name
        assert "Article published 2 May 2022" in strings, name


def test_the_timeline_flags_an_inferred_date(charts):
    spec, text = charts["timeline"]
    rows = {row["event_id"]: row for data in spec["datasets"].values() for row in data}
    assert rows["thura_arrest"]["row"].startswith("Apr 2021 (inferred): ")
    assert rows["thura_arrest"]["dated"] == "inferred, not stated"
    assert rows["coup"]["row"].startswith("1 Feb 2021: ") and rows["coup"]["dated"] == "stated in the article"
    assert "Apr 2021 (inferred), Thura" in text.description
    assert "inferred" in " ".join(_strings(spec["title"]))
    legends = [layer["encoding"]["opacity"] for layer in spec["layer"] if "opacity" in layer.get("encoding", {})]
    assert legends and all(o["scale"]["domain"] == ["stated in the article", "inferred, not stated"] for o in legends)


def test_the_map_marks_myanmar_and_every_supplier(charts):
    spec, text = charts["arms_suppliers_map"]
    rows = [row for name, data in spec["datasets"].items() if name != "world-110m" for row in data]
    countries = {row["country"] for row in rows if "country" in row and "lon" in row}
    assert countries == {"Belarus", "China", "India", "Israel", "Pakistan", "Russia", "Serbia", "South Korea", "Ukraine"}
    assert any(row.get("label") == "Myanmar" and "lon" in row for row in rows)
    assert "datum.id === '104'" in json.dumps(spec)
    assert "Pakistan (not in article)" in {row.get("label") for row in rows}
    assert spec["datasets"]["world-110m"]["type"] == "Topology"


def test_a_missing_claim_is_named(tmp_path):
    for name in ("groups.csv", "events.csv", "arms_suppliers.csv", "reference_series.csv"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    lines = (FIXTURES / "claims.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "claims.csv").write_text("".join(l for l in lines if not l.startswith("killed_total,")), "utf-8")
    with pytest.raises(NewsfiguresError, match="killed_total"):
        build_charts(load_tables(tmp_path, GEO, STORY), STORY)


def _fixtures_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """The chart fixtures copied into ``tmp_path``, with the first ``old`` in file ``name`` replaced by ``new``."""
    for fixture in FIXTURES.glob("*.csv"):
        shutil.copy(fixture, tmp_path / fixture.name)
    path = tmp_path / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return tmp_path


def test_a_bad_reference_value_names_file_row_and_field(tmp_path):
    _fixtures_with(tmp_path, "reference_series.csv", ",6060,", ",6O60,")
    with pytest.raises(NewsfiguresError, match=r"reference_series.csv: row 2, field value"):
        load_tables(tmp_path, GEO, STORY)


def test_another_story_declares_other_charts_of_the_same_kinds():
    # A story wanting only two charts, under its own names, with its own words: the engine draws just those.
    charts = {
        "events_of_the_story": {"kind": "timeline", "title": "When it happened", "shows": "the story's events"},
        "how_many_died": {"kind": "estimates", "figure": "armed_forces_day_killed", "title": "Deaths, by source",
                          "series": {"armed_forces_day_2021_killed": "killed"}, "dek": "Sources disagree"},
    }
    story = STORY.__class__(**{**STORY.__dict__, "declared": STORY.declared.model_validate(
        {**STORY.declared.model_dump(), "charts": charts})})
    with alt.theme.enable("newsroom"):
        built = build_charts(load_tables(FIXTURES, GEO, story, ROOT), story)
    assert list(built) == ["events_of_the_story", "how_many_died"]
    _, text = built["how_many_died"]
    assert text.title == "Deaths, by source"
    assert text.description.startswith("Dot chart of killed by source and date of report: ")
    assert "Sources disagree; arrows mark figures given as a lower bound" in " ".join(
        spec_of(built["how_many_died"][0])["title"]["subtitle"])
    assert built["events_of_the_story"][1].description.startswith("Timeline of the story's events: ")


def test_a_map_value_without_words_is_named(tmp_path):
    _fixtures_with(tmp_path, "arms_suppliers.csv", ",yes,once,", ",yes,maybe,")
    with pytest.raises(NewsfiguresError, match=r"story.yaml: charts, field colours: no words for 'maybe'"):
        build_charts(load_tables(tmp_path, GEO, STORY), STORY)


@pytest.mark.slow
def test_saving_twice_gives_identical_bytes_and_the_svg_names_the_font(tmp_path):
    with alt.theme.enable("newsroom"):
        built = build_charts(load_tables(FIXTURES, GEO, STORY, ROOT), STORY)
        chart = built["toll"][0]
        first = [p.read_bytes() for p in save_chart(chart, "toll", tmp_path / "a")]
        second = [p.read_bytes() for p in save_chart(chart, "toll", tmp_path / "b")]
    assert first == second
    svg = first[1].decode("utf-8")
    families = set(re.findall(r'font-family="([^"]+)"', svg))
    assert families == {"Source Sans Pro"}, families
    assert first[2].startswith(b"\x89PNG")


@pytest.mark.slow
def test_the_notebook_reproduces_the_committed_figures():
    committed = ROOT / "report" / "figures"
    if not (committed / "index.json").exists():
        pytest.fail("report/figures has not been written: run notebooks/40-charts.ipynb")
    (ROOT / "build").mkdir(exist_ok=True)
    import tempfile

    with tempfile.TemporaryDirectory(dir=ROOT / "build", prefix="test-charts-") as scratch:
        out = Path(scratch)
        subprocess.run(
            [sys.executable, "-m", "papermill", "notebooks/40-charts.ipynb", str(out / "40-charts.ipynb"),
             "-p", "figures_dir", str(out.relative_to(ROOT) / "figures"), "--no-progress-bar"],
            cwd=ROOT, check=True, capture_output=True,
        )
        written = sorted(p.name for p in (out / "figures").iterdir())
        assert written == sorted(p.name for p in committed.iterdir() if not p.name.startswith("."))
        index = json.loads((out / "figures" / "index.json").read_text(encoding="utf-8"))
        assert [entry["name"] for entry in index] == list(CHART_NAMES)
        for name in written:
            assert (out / "figures" / name).read_bytes() == (committed / name).read_bytes(), name


# ---------------------------------------------------------------- alt text, written from the data

CHART_TYPES = {"group": "Dot chart of ", "estimates": "Dot chart of ", "reference_series": "Line chart of ",
               "timeline": "Timeline of ", "country_map": "Map of "}
MONTHS = {m: i for i, m in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                                      "Dec"], start=1)}
_MONTH = "(" + "|".join(MONTHS) + ")"
_DAY_DATE = re.compile(rf"\b(\d{{1,2}}) {_MONTH} (\d{{4}})\b")
_MONTH_DATE = re.compile(rf"\b{_MONTH} (\d{{4}})\b")
_YEAR = re.compile(r"(?<![\d,.])((?:19|20)\d\d)(?![\d,])")
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")
_ISO = re.compile(r"^\d{4}(-\d\d){0,2}$")


def _data_values(spec: dict) -> tuple[set[float], set[str]]:
    """Every number and every ISO date in a spec's datasets (the map's world outline aside), numbers written
    inside the data's own labels included."""
    numbers, dates = set(), set()

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, bool):
            pass
        elif isinstance(node, (int, float)):
            numbers.add(float(node))
        elif isinstance(node, str):
            if _ISO.match(node[:10]):
                dates.add(node[:10])
            numbers.update(float(n.replace(",", "")) for n in _NUMBER.findall(node))

    walk({name: rows for name, rows in spec.get("datasets", {}).items() if not isinstance(rows, dict)})
    return numbers, dates


def alt_text_strays(alt_text: str, spec: dict, declared: list[str]) -> list[str]:
    """The dates and numbers in ``alt_text`` that are not in the chart's data. The story's own words
    (``declared``: what the chart shows, its dek) are set aside first: they come from story.yaml."""
    for words in declared:
        if words:
            alt_text = alt_text.replace(words, " ")
    numbers, dates = _data_values(spec)
    strays = []

    def known_date(match, iso):
        if not any(d.startswith(iso) for d in dates):
            strays.append(match.group(0))
        return " "

    text = _DAY_DATE.sub(lambda m: known_date(m, f"{m[3]}-{MONTHS[m[2]]:02d}-{int(m[1]):02d}"), alt_text)
    text = _MONTH_DATE.sub(lambda m: known_date(m, f"{m[2]}-{MONTHS[m[1]]:02d}"), text)
    text = _YEAR.sub(lambda m: known_date(m, m[1]), text)
    strays += [n for n in _NUMBER.findall(text) if float(n.replace(",", "")) not in numbers]
    return strays


def _declared_words(name: str) -> list[str]:
    chart = STORY.declared.charts[name]
    return [getattr(chart, "shows", None) or "", getattr(chart, "dek", None) or ""]


def test_every_chart_has_alt_text_naming_its_kind_and_labelling_its_spec(charts):
    for name, (spec, text) in charts.items():
        kind = STORY.declared.charts[name].kind
        assert text.alt.startswith(CHART_TYPES[kind]) and text.alt.endswith("."), (name, text.alt)
        assert spec["description"] == f"{text.title}. {text.alt}" and text.alt != text.description, name
        assert len(text.alt) < len(text.description) + 80, name  # a summary, not a second caption


def test_the_numbers_in_each_alt_text_are_the_charts_own_data(charts):
    for name, (spec, text) in charts.items():
        assert re.search(r"\d", text.alt), (name, text.alt)  # each says at least one figure or date
        assert alt_text_strays(text.alt, spec, _declared_words(name)) == [], (name, text.alt)


def test_the_committed_figures_alt_texts_match_their_data():
    index = json.loads((ROOT / "report/figures/index.json").read_text(encoding="utf-8"))
    assert [entry["name"] for entry in index] == list(CHART_NAMES)
    for entry in index:
        spec = json.loads((ROOT / "report/figures" / f"{entry['name']}.vl.json").read_text(encoding="utf-8"))
        assert spec["description"] == titled(entry["title"], entry["alt"]), entry["name"]
        assert alt_text_strays(entry["alt"], spec, _declared_words(entry["name"])) == [], entry["name"]


def test_the_alt_text_check_catches_a_number_or_a_date_not_in_the_data(charts):
    spec, text = charts["killed_over_time"]
    words = _declared_words("killed_over_time")
    assert "423" in text.alt and "27 Mar 2021" in text.alt
    assert alt_text_strays(text.alt.replace("423", "424"), spec, words) == ["424"]
    assert alt_text_strays(text.alt.replace("27 Mar 2021", "28 Mar 2021"), spec, words) == ["28 Mar 2021"]
    assert alt_text_strays(text.alt + " In 2019 it was 9,999.", spec, words) == ["2019", "9,999"]


def test_the_alt_text_follows_the_data_of_another_story(tmp_path):
    # The same builders on other figures: the alt text says the new numbers, never the old ones.
    _fixtures_with(tmp_path, "reference_series.csv", ",423,", ",431,")
    with alt.theme.enable("newsroom"):
        built = build_charts(load_tables(tmp_path, GEO, STORY, ROOT), STORY)
    text = built["killed_over_time"][1]
    assert "from 431 on 27 Mar 2021" in text.alt and "423" not in text.alt


# ---------------------------------------------------------------- the HTML's and the PDF's variants


def test_the_html_spec_fills_its_container_and_the_static_svg_keeps_its_width_and_label():
    index = {entry["name"]: entry for entry in json.loads((ROOT / "report/figures/index.json").read_text("utf-8"))}
    for name, entry in index.items():
        spec = json.loads((ROOT / "report/figures" / f"{name}.vl.json").read_text(encoding="utf-8"))
        assert spec["width"] == "container" and spec["autosize"]["type"] == "fit-x", name
        narrow = spec["usermeta"]["narrow"]
        assert isinstance(spec["usermeta"]["fits"], int) and narrow["title"] and narrow["subtitle"], name
        # A phone's title lines fit about 300 px of 17 px type; subtitle lines, of 12 px type.
        assert max(map(len, narrow["title"])) <= 300 // 9 and max(map(len, narrow["subtitle"])) <= 300 // 6, name
        svg = (ROOT / "report/figures" / f"{name}.svg").read_text(encoding="utf-8")
        root = svg[: svg.index(">")]
        assert re.search(r' width="\d+"', root), name
        label = html.escape(titled(entry["title"], entry["alt"]), quote=True)
        assert 'role="img"' in root and f'aria-label="{label}"' in root, name


def test_marks_and_guides_are_hidden_from_assistive_technology(charts):
    for name, (spec, _) in charts.items():
        config = spec["config"]
        assert config["aria"] is False and config["mark"]["aria"] is False, name
        assert config["axis"]["aria"] is False and config["legend"]["aria"] is False, name
    for path in sorted((ROOT / "report/figures").glob("*.svg")):
        # Vega's default labels name raw fields ("measure: defected_or_evacuated"); none is left. The title's
        # own label stays (Vega-Lite does not pass its aria setting on), inside the image, whose parts are
        # presentational.
        labels = re.findall(r'aria-label="([^"]*)"', path.read_text(encoding="utf-8"))
        assert [label for label in labels[1:] if not label.startswith(("Title text", "Subtitle text"))] == [], path.name


def _pandoc(markdown: str, to: str) -> str:
    import pypandoc
    from newsfigures.report.html import CONTENT_VISIBLE_FILTER

    return subprocess.run([pypandoc.get_pandoc_path(), "--from=markdown", f"--to={to}",
                           f"--lua-filter={CONTENT_VISIBLE_FILTER}"], cwd=ROOT / "report", input=markdown.encode("utf-8"),
                          capture_output=True, check=True).stdout.decode("utf-8")


HOSTILE_ALT = 'Dot chart of "quoted" \\ back #slash $x$ [b] *c* <i> // not a comment'


def test_the_pdf_chart_is_a_figure_whose_image_has_the_alt_text(tmp_path):
    from newsfigures.report.charts import chart_markdown
    from newsfigures.report.inputs import Chart

    chart = Chart("toll", "The toll", "What the *chart* says.", "Source: the article", HOSTILE_ALT)
    typst_source = _pandoc(chart_markdown(chart), "typst")
    assert '#figure(image("figures/toll.svg", width: 75%, alt: ' in typst_source
    assert "What the \\*chart\\* says. Source: the article" in typst_source
    # Compiled as PDF/UA-1, which refuses an image without alt text: the figure, its image and its caption.
    (tmp_path / "figures").mkdir()
    shutil.copy(ROOT / "report/figures/toll.svg", tmp_path / "figures/toll.svg")
    (tmp_path / "doc.typ").write_text('#set document(title: "t")\n#set text(lang: "en")\n' + typst_source, "utf-8")
    import typst

    pdf = typst.compile(str(tmp_path / "doc.typ"), root=str(tmp_path), pdf_standards=["ua-1"])
    from io import BytesIO

    import pypdf

    reader = pypdf.PdfReader(BytesIO(pdf))
    text = reader.pages[0].extract_text()
    assert "What the *chart* says. Source: the article" in " ".join(text.split())
    assert _alt_in_structure(reader, "The toll. " + HOSTILE_ALT)


def _alt_in_structure(reader, wanted: str) -> bool:
    """Whether the PDF's structure tree gives ``wanted`` as an element's alternate description (/Alt)."""
    seen, stack = set(), [reader.trailer["/Root"].get("/StructTreeRoot")]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        node = node.get_object() if hasattr(node, "get_object") else node
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            if str(node.get("/Alt", "")) == wanted:
                return True
            stack.extend(v for k, v in node.items() if k in ("/K", "/StructTreeRoot"))
        elif isinstance(node, list):
            stack.extend(node)
    return False


def test_the_html_chart_is_a_figure_with_its_caption_and_an_unlabelled_container():
    from newsfigures.report.charts import chart_markdown
    from newsfigures.report.inputs import Chart

    page = _pandoc(chart_markdown(Chart("toll", "The toll", "What the *chart* says.", "the article", HOSTILE_ALT)), "html")
    alt_attribute = re.escape(html.escape("The toll. " + HOSTILE_ALT, quote=True))
    assert re.search(r'<figure class="chart-figure">\s*<div class="vega-chart" data-spec="spec-toll" '
                     rf'data-alt="{alt_attribute}"></div>\s*'
                     r'<figcaption class="chart-caption">\s*<p>What the \*chart\* says\. Source: the article</p>\s*'
                     r"</figcaption>\s*</figure>", page), page
    assert "typst" not in page and "alt:" not in page


@pytest.mark.slow
def test_the_rendered_pdf_gives_every_chart_its_alt_text():
    import pypdf

    pdf = ROOT / "report/_output/index.pdf"
    if not pdf.is_file():
        pytest.fail("report/_output/index.pdf is missing: run `make report` first")
    reader = pypdf.PdfReader(pdf)
    for entry in json.loads((ROOT / "report/figures/index.json").read_text(encoding="utf-8")):
        assert _alt_in_structure(reader, titled(entry["title"], entry["alt"])), entry["name"]


def test_more_series_than_the_palette_tells_apart_is_named():
    series = {"aapp_killed_cumulative": "killed", "aapp_detained_current": "detained",
              "aapp_arrested_cumulative": "arrested", "ohchr_killed_documented": "documented",
              "ohchr_detained_current": "held"}
    charts = {"too_many": {"kind": "reference_series", "figure": "killed_total", "title": "Five lines",
                           "axis": "people", "series": series}}
    story = STORY.__class__(**{**STORY.__dict__, "declared": STORY.declared.model_validate(
        {**STORY.declared.model_dump(), "charts": charts})})
    with pytest.raises(NewsfiguresError, match=r"story.yaml: charts, field series: 5 series .* at most 4 can be told apart"):
        build_charts(load_tables(FIXTURES, GEO, story, ROOT), story)


def test_the_report_reads_each_charts_alt_text_and_falls_back_to_its_description(tmp_path):
    from newsfigures.report.inputs import _read_charts

    figures = tmp_path / "report/figures"
    figures.mkdir(parents=True)
    for name in ("a", "b"):
        (figures / f"{name}.vl.json").write_text("{}", encoding="utf-8")
        (figures / f"{name}.svg").write_text("<svg/>", encoding="utf-8")
    (figures / "index.json").write_text(json.dumps([
        {"name": "a", "title": "A", "alt": "Dot chart of a.", "description": "About a.", "source": "s"},
        {"name": "b", "title": "B", "description": "About b.", "source": "s"}]), encoding="utf-8")
    assert [chart.alt for chart in _read_charts(tmp_path)] == ["Dot chart of a.", "About b."]


def test_the_alt_text_of_a_chart_with_one_point_says_so(tmp_path):
    for fixture in FIXTURES.glob("*.csv"):
        shutil.copy(fixture, tmp_path / fixture.name)
    events = (FIXTURES / "events.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "events.csv").write_text(events[0] + "".join(l for l in events if l.startswith("article_published,")),
                                         encoding="utf-8")
    charts = {"when": {"kind": "timeline", "title": "When"},
              "documented": {"kind": "reference_series", "figure": "killed_total", "title": "Documented",
                             "axis": "people", "series": {"ohchr_killed_documented": "documented"}}}
    story = STORY.__class__(**{**STORY.__dict__, "declared": STORY.declared.model_validate(
        {**STORY.declared.model_dump(), "charts": charts})})
    with alt.theme.enable("newsroom"):
        built = build_charts(load_tables(tmp_path, GEO, story, ROOT), story)
    assert ", one event: 2 May 2022 (" in built["when"][1].alt
    assert " from " not in built["when"][1].alt
    documented = built["documented"][1].alt
    assert ", one figure, " in documented and "rising" not in documented and "unchanged" not in documented
    for name, (chart, text) in built.items():
        assert alt_text_strays(text.alt, spec_of(chart), []) == [], text.alt
