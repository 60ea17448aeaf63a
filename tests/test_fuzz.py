"""Property tests: the number parser and the annotation and reference loaders fed arbitrary input.

Whatever they are given, they either return a correct result or raise NewsfiguresError with a
one-line message; no other exception leaks out and no wrong value is returned silently. Where a
generator knows the truth (a numeral it wrote, a value it injected), the result must equal it.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from newsfigures.figures.annotation import SCHEMAS, check_annotation, load_annotation
from newsfigures.figures.article import load_article
from newsfigures.figures.claims import build_tables
from newsfigures.errors import NewsfiguresError
from newsfigures.figures.numbers import KINDS, QUALIFIERS, find_mentions, normalise_value, parse_quote
from newsfigures.project.story import load_story
from newsfigures.tables.reference import load_country_reference, load_reference_figures, period_end
from test_numbers import english

ROOT = Path(__file__).resolve().parents[1]
ARTICLE_PATH = ROOT / "data" / "raw" / "article.txt"
ANNOTATION_PATH = ROOT / "data" / "raw" / "figures.yaml"
REFERENCE_DIR = ROOT / "data" / "raw" / "reference"
ARTICLE = load_article(ARTICLE_PATH)
ANNOTATION_DATA = yaml.safe_load(ANNOTATION_PATH.read_text(encoding="utf-8"))
ARTICLE_NAME, ANNOTATION_NAME = "data/raw/article.txt", "data/raw/figures.yaml"

# The file reads with text at this scale in well under a second; the I/O-bound tests need no deadline.
FAST = settings(max_examples=300, deadline=None)
IO = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def one_line(exc: NewsfiguresError) -> str:
    message = str(exc)
    assert message and "\n" not in message and "\r" not in message, repr(message)
    return message


# --- 1. the mention finder and the number parser ------------------------------------------------

# Written here from English usage, not copied from the parser, so the two can disagree.
QUALIFIER_TRUTH = {
    "": "exact",
    "over": "lower_bound", "more than": "lower_bound", "at least": "lower_bound",
    "no fewer than": "lower_bound", "no less than": "lower_bound", "upwards of": "lower_bound",
    "about": "approximate", "around": "approximate", "nearly": "approximate", "almost": "approximate",
    "roughly": "approximate", "approximately": "approximate", "some": "approximate",
    "up to": "upper_bound", "fewer than": "upper_bound", "less than": "upper_bound",
}  # fmt: skip
AFTER_TRUTH = {"or more": "lower_bound", "or so": "approximate", "or fewer": "upper_bound"}
MONTH_NAMES = [
    ("January", "Jan"), ("February", "Feb", "Feb."), ("March", "Mar", "Mar."), ("April", "Apr"), ("May",),
    ("June", "Jun"), ("July", "Jul"), ("August", "Aug"), ("September", "Sep", "Sept", "Sept."),
    ("October", "Oct"), ("November", "Nov"), ("December", "Dec", "Dec."),
]  # fmt: skip
_ORDINAL_UNITS = "first second third fourth fifth sixth seventh eighth ninth".split()
_ORDINAL_TEENS = (
    "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split()
)


def ordinal_words(day: int, joiner: str) -> str:
    """English ordinal words for 1..31 ("twenty-first" or "twenty first")."""
    if day < 10:
        return _ORDINAL_UNITS[day - 1]
    if day < 20:
        return _ORDINAL_TEENS[day - 10]
    tens, units = divmod(day, 10)
    base = ("twenty", "thirty")[tens - 2]
    return base[:-1] + "ieth" if units == 0 else f"{base}{joiner}{_ORDINAL_UNITS[units - 1]}"


def ordinal_suffix(day: int) -> str:
    if day % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def is_mention_value(value: str) -> bool:
    """A plain number ("1500", "1.5") or an ISO 8601 day or month that really exists."""
    if re.fullmatch(r"[0-9]+(?:\.[0-9]*[1-9])?", value):
        return True
    try:
        dt.date.fromisoformat(value if len(value) == 10 else value + "-01")
    except ValueError:
        return False
    return bool(re.fullmatch(r"[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?", value))


def check_mentions(text: str) -> list:
    mentions = find_mentions(text)
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert mention.text and mention.kind in KINDS
        # Every value is one an annotation could state, so every mention can be annotated.
        assert is_mention_value(mention.value), mention
        assert normalise_value(mention.value) == mention.value, mention
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:])), mentions
    return mentions


_SOUP_WORDS = st.sampled_from(
    [*QUALIFIER_TRUTH, *AFTER_TRUTH, "the", "of", "and", "a", "hundred", "thousand", "million", "billion",
     "one", "twenty", "first", "twenty-first", "thirtieth", "year", "old", "WWII", "XIV", "COVID-19", "F-16",
     "[", "]", "‘", "’", "-", ",", ".", "\n", *(name for names in MONTH_NAMES for name in names)]
)  # fmt: skip
_SOUP = st.lists(
    st.one_of(
        _SOUP_WORDS,
        st.integers(min_value=0, max_value=10**10).map("{:,}".format),
        st.integers(min_value=0, max_value=10**6).map(str),
        st.from_regex(r"[0-9]{1,4}(\.[0-9]{1,3})?(st|nd|rd|th)?", fullmatch=True),
        st.integers(min_value=0, max_value=999).map(english),
    ),
    max_size=14,
).flatmap(lambda words: st.sampled_from([" ", "-", "", ", "]).map(lambda glue: glue.join(words)))


@FAST
@example(text="January 0000")
@given(st.text() | _SOUP)
def test_mentions_of_arbitrary_text_are_exact_ordered_and_disjoint(text):
    check_mentions(text)


@FAST
@given(st.text() | _SOUP)
def test_parse_quote_raises_only_the_documented_error(text):
    try:
        parsed = parse_quote(text)
    except NewsfiguresError as exc:
        assert "expected one" in one_line(exc)
        return
    assert parsed.qualifier in QUALIFIERS
    assert (parsed.value is None) == (parsed.mention is None)


def _case_variants(letter: str) -> list[str]:
    """Characters Python's case-insensitive regex matching treats as ``letter`` (e.g. "ſ" for "s")."""
    found = {letter, letter.upper()}
    for code in range(0x2200):
        char = chr(code)
        if re.fullmatch("(?i)" + re.escape(letter), char):
            found.add(char)
    return sorted(found)


_VARIANTS = {letter: _case_variants(letter) for letter in set("".join(QUALIFIER_TRUTH)) if letter.isalpha()}


@st.composite
def qualifier_phrases(draw, unicode_case: bool) -> tuple[str, str]:
    """(a qualifying phrase, the same phrase with each letter in some case)."""
    phrase = draw(st.sampled_from(sorted(QUALIFIER_TRUTH)))
    spelled = "".join(
        draw(st.sampled_from(_VARIANTS[c] if unicode_case else sorted({c, c.upper()}))) if c.isalpha() else c
        for c in phrase
    )
    return phrase, spelled


@FAST
@given(
    qualifier_phrases(unicode_case=False),
    st.integers(min_value=0, max_value=10**12),
    st.sampled_from(["", *AFTER_TRUTH]),
)
def test_formatted_integers_parse_to_their_value_and_qualifier(qualifier, n, after):
    truth, phrase = QUALIFIER_TRUTH[qualifier[0]], qualifier[1]
    if truth == "exact" and after:
        truth = AFTER_TRUTH[after]
    quote = " ".join(part for part in (phrase, f"{n:,}", after, "people") if part)
    parsed = parse_quote(quote)
    assert (parsed.value, parsed.qualifier, parsed.mention.text) == (str(n), truth, f"{n:,}")


@FAST
@given(qualifier_phrases(unicode_case=False), st.integers(min_value=1, max_value=999_999), st.booleans())
def test_english_numbers_parse_to_their_value_and_qualifier(qualifier, n, hyphen):
    words = english(n, hyphen)
    parsed = parse_quote(f"{qualifier[1]} {words} people".strip())
    assert (parsed.value, parsed.qualifier, parsed.mention.text) == (str(n), QUALIFIER_TRUTH[qualifier[0]], words)


@FAST
@example(qualifier=("some", "ſome"), n=5)
@example(qualifier=("approximately", "approxİmately"), n=5)
@given(qualifier_phrases(unicode_case=True), st.integers(min_value=0, max_value=10**6))
def test_qualifiers_in_any_letter_case_never_crash(qualifier, n):
    # Python's (?i) matches "ſ" to "s", "İ" and "ı" to "i", "K" (Kelvin) to "k": the parser must not trip
    # on them, and may read such a look-alike either as the qualifier or as no qualifier at all.
    parsed = parse_quote(f"{qualifier[1]} {n} people")
    assert parsed.value == str(n)
    assert parsed.qualifier in (QUALIFIER_TRUTH[qualifier[0]], "exact")


@st.composite
def written_dates(draw) -> tuple[str, str, str]:
    """(phrase, the mention's expected text, ISO value) for a real calendar date in a common form."""
    date = draw(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)))
    month = draw(st.sampled_from(MONTH_NAMES[date.month - 1]))
    day, year = date.day, f"{date.year:04d}"
    suffixed = f"{day}{ordinal_suffix(day)}"
    form = draw(st.integers(min_value=0, max_value=4))
    if form == 0:
        words = ordinal_words(day, draw(st.sampled_from(["-", " "])))
        words = draw(st.sampled_from([words, words.capitalize()]))
        text = f"{words} of {month} {year}"
        return f"the {text}", text, date.isoformat()
    text = [f"{day} {month} {year}", f"{suffixed} of {month} {year}", f"{month} {day}, {year}",
            f"{month} {suffixed} {year}"][form - 1]  # fmt: skip
    return text, text, date.isoformat()


@FAST
@given(written_dates())
def test_written_dates_parse_to_the_calendar_date(written):
    phrase, text, iso = written
    parsed = parse_quote(f"On {phrase}, it began.")
    assert (parsed.value, parsed.kind, parsed.qualifier, parsed.mention.text) == (iso, "date", "exact", text)


@FAST
@given(st.integers(min_value=1000, max_value=2199), st.integers(min_value=1, max_value=12), st.integers(0, 99))
def test_impossible_dates_are_never_read_as_dates(year, month, day):
    assume(day == 0 or day > [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30,
                               31, 31, 30, 31, 30, 31][month - 1])  # fmt: skip
    text = f"on {day} {MONTH_NAMES[month - 1][0]} {year}."
    values = [m.value for m in check_mentions(text)]
    assert f"{year:04d}-{month:02d}-{day:02d}" not in values


# A numeral sentence appended to the article: phrase as written, the mention the finder must
# report, the value and qualifier, and the value_kind an annotator would give it.
@st.composite
def numerals(draw) -> tuple[str, str, str, str, str]:
    form = draw(st.sampled_from(["digits", "words", "date"]))
    if form == "date":
        phrase, text, iso = draw(written_dates())
        return phrase, text, iso, "exact", "date"
    qualifier = draw(st.sampled_from(sorted(QUALIFIER_TRUTH)))
    n = draw(st.integers(min_value=1, max_value=999_999))
    text = f"{n:,}" if form == "digits" else english(n, draw(st.booleans()))
    return f"{qualifier} {text}".strip(), text, str(n), QUALIFIER_TRUTH[qualifier], "count"


def _appended(phrase: str) -> tuple[str, int]:
    sentence = f"\n\nAuditors later counted {phrase} ballots in a district office.\n"
    quotes = [e["quote"] for section in SCHEMAS for e in ANNOTATION_DATA.get(section) or []]
    assume(phrase not in ARTICLE and not any(q in sentence for q in quotes))
    return ARTICLE + sentence, len(ARTICLE) + sentence.index(phrase)


@IO
@given(numerals())
def test_an_unannotated_numeral_added_to_the_article_stops_the_claims_build(numeral):
    phrase, text, _, _, _ = numeral
    article, at = _appended(phrase)
    offset = at + phrase.index(text)
    annotation = check_annotation(copy.deepcopy(ANNOTATION_DATA), ANNOTATION_NAME)
    with pytest.raises(NewsfiguresError) as caught:
        build_tables(article, annotation, ARTICLE_NAME, ANNOTATION_NAME)
    message = one_line(caught.value)
    assert f"number {text!r} at offset {offset} " in message and "covered by no figure" in message


@IO
@given(numerals())
def test_an_annotated_numeral_added_to_the_article_becomes_a_claim_with_its_value(numeral):
    phrase, _, value, qualifier, value_kind = numeral
    article, at = _appended(phrase)
    data = copy.deepcopy(ANNOTATION_DATA)
    data["figures"].append(
        {"id": "fuzz_ballots", "quote": phrase, "value": value, "value_kind": value_kind, "qualifier": qualifier,
         "unit": "ballot", "measure": "ballots_counted", "subject": "ballots", "period": "", "place": "",
         "attributed_to": "", "note": ""}
    )  # fmt: skip
    tables = build_tables(article, check_annotation(data, ANNOTATION_NAME), ARTICLE_NAME, ANNOTATION_NAME)
    claims = tables["claims"].set_index("claim_id")
    row = claims.loc["fuzz_ballots"]
    assert (row["value"], row["qualifier"], row["start"], row["quote"]) == (value, qualifier, at, phrase)
    assert len(claims) == len(ANNOTATION_DATA["figures"]) + 1


# --- 2. the annotation loader ---------------------------------------------------------------------

FIELD_NAMES = sorted({name for schema in SCHEMAS.values() for name in schema} | set(SCHEMAS))
_SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.dates()
    | st.sampled_from(["count", "exact", "2021-02-01", "1,500", "over 1,500 killings", "coup_date", ""])
)  # fmt: skip
_YAML_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), inner, max_size=5),
    max_leaves=25,
)
# Documents shaped like an annotation, so that arbitrary values reach the field checks.
_ENTRY = st.dictionaries(st.sampled_from(FIELD_NAMES), _YAML_VALUES, max_size=14)
_SHAPED = st.dictionaries(st.sampled_from(sorted(SCHEMAS)), st.lists(_ENTRY, max_size=3) | _YAML_VALUES, max_size=3)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def load_annotation_bytes(scratch: Path, raw: bytes):
    path = scratch / "figures.yaml"
    path.write_bytes(raw)
    return load_annotation(path, ANNOTATION_NAME)


def annotation_loads_or_refuses(scratch: Path, raw: bytes) -> object:
    """The loaded annotation, or None after a NewsfiguresError that names the file on one line."""
    try:
        return load_annotation_bytes(scratch, raw)
    except NewsfiguresError as exc:
        assert one_line(exc).startswith(f"{ANNOTATION_NAME}: ")
        return None


@IO
@given(_YAML_VALUES | _SHAPED)
def test_arbitrary_yaml_documents_load_or_raise_the_documented_error(scratch, document):
    annotation_loads_or_refuses(scratch, yaml.safe_dump(document, allow_unicode=True).encode("utf-8"))


_TAGS = ["!!int", "!!float", "!!bool", "!!timestamp", "!!binary", "!!str", "!!null", "!!set", "!!omap", "!!map",
         "!!seq", "!!python/none", "&a", "*a", "!local", ""]  # fmt: skip


@IO
@given(
    st.binary(max_size=200)
    | st.text(max_size=200).map(lambda t: t.encode("utf-8"))
    | st.integers(min_value=1, max_value=3000).map(lambda depth: ("[" * depth + "]" * depth).encode())
)
@example(raw=b"[" * 1000)
def test_arbitrary_annotation_bytes_load_or_raise_the_documented_error(scratch, raw):
    annotation_loads_or_refuses(scratch, raw)


@IO
@example(tag="", text="2021-02-30")  # an impossible date, unquoted, is a YAML timestamp
@example(tag="!!int", text="abc")
@example(tag="!!float", text="")
@given(st.sampled_from(_TAGS), st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[A-Za-z0-9:.\-+ ]{0,12}", fullmatch=True))
def test_yaml_tags_and_unquoted_dates_load_or_raise_the_documented_error(scratch, tag, text):
    annotation_loads_or_refuses(scratch, f"figures:\n  - id: x\n    value: {tag} {text}\n".encode("utf-8"))


@st.composite
def mutated_annotations(draw) -> bytes:
    """The real annotation with one thing changed: a field dropped, a type changed, an id duplicated,
    a quote garbled, or a value changed (sometimes written as an unquoted YAML date)."""
    data = copy.deepcopy(ANNOTATION_DATA)
    entries = [e for section in SCHEMAS for e in data.get(section) or []]
    entry = draw(st.sampled_from(entries))
    mutation = draw(st.sampled_from(["drop", "retype", "duplicate_id", "garble_quote", "value", "unquoted_date"]))
    unquoted = None
    if mutation == "drop":
        del entry[draw(st.sampled_from(sorted(entry)))]
    elif mutation == "retype":
        entry[draw(st.sampled_from(sorted(entry)))] = draw(_YAML_VALUES)
    elif mutation == "duplicate_id":
        entry["id"] = draw(st.sampled_from([e["id"] for e in entries if e is not entry]))
    elif mutation == "garble_quote":
        quote = entry["quote"]
        at = draw(st.integers(min_value=0, max_value=len(quote)))
        cut = draw(st.integers(min_value=0, max_value=3))
        entry["quote"] = quote[:at] + draw(st.text(max_size=3)) + quote[at + cut :]
    elif mutation == "value":
        entry["value"] = draw(_SCALARS)
    else:
        unquoted = "{:04d}-{:02d}-{:02d}".format(
            draw(st.integers(2000, 2030)), draw(st.integers(1, 12)), draw(st.integers(1, 31) | st.integers(29, 31))
        )
        entry["value"] = "zzfuzzvaluezz"
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    if unquoted:
        text = text.replace("zzfuzzvaluezz", unquoted)
    return text.encode("utf-8")


def _with_unquoted_value(figure_id: str, text: str) -> bytes:
    data = copy.deepcopy(ANNOTATION_DATA)
    next(f for f in data["figures"] if f["id"] == figure_id)["value"] = "zzfuzzvaluezz"
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True).replace("zzfuzzvaluezz", text).encode("utf-8")


@IO
@example(raw=_with_unquoted_value("coup_date", "2021-02-30"))
@given(mutated_annotations())
def test_mutated_annotation_loads_and_builds_or_raises_the_documented_error(scratch, raw):
    annotation = annotation_loads_or_refuses(scratch, raw)
    if annotation is None:
        return
    try:
        build_tables(ARTICLE, annotation, ARTICLE_NAME, ANNOTATION_NAME)
    except NewsfiguresError as exc:
        one_line(exc)


_NEW_VALUES = (
    st.integers(min_value=-(10**6), max_value=10**12)
    | st.integers(min_value=0, max_value=10**9).map("{:,}".format)
    | st.dates()
    | st.dates().map(dt.date.isoformat)
    | st.dates().map(lambda d: d.isoformat()[:7])
)


@IO
@given(st.data())
def test_a_value_or_qualifier_that_disagrees_with_its_quote_is_caught(scratch, data):
    figures = ANNOTATION_DATA["figures"]
    position = data.draw(st.integers(min_value=0, max_value=len(figures) - 1))
    mutated = copy.deepcopy(ANNOTATION_DATA)
    entry = mutated["figures"][position]
    if data.draw(st.booleans()):
        entry["value"] = data.draw(_NEW_VALUES)
        assume(normalise_value(entry["value"]) != normalise_value(figures[position]["value"]))
    else:
        entry["qualifier"] = data.draw(st.sampled_from([q for q in QUALIFIERS if q != entry["qualifier"]]))
    raw = yaml.safe_dump(mutated, sort_keys=False, allow_unicode=True).encode("utf-8")
    with pytest.raises(NewsfiguresError) as caught:
        build_tables(ARTICLE, load_annotation_bytes(scratch, raw), ARTICLE_NAME, ANNOTATION_NAME)
    assert entry["id"] in one_line(caught.value)


# --- 3. the reference loader ----------------------------------------------------------------------

FILES = {
    "reference_figures.csv": load_reference_figures,
    # A country reference, checked with the values story.yaml allows in its columns.
    "arms_transfers_2022_report.csv": lambda directory, root=None: load_country_reference(
        Path(directory) / "arms_transfers_2022_report.csv", root,
        dict(load_story(ROOT).declared.country_lists["arms_suppliers"].allowed)),
}
ORIGINAL = {name: (REFERENCE_DIR / name).read_bytes() for name in FILES}
BASELINE = {name: load(REFERENCE_DIR) for name, load in FILES.items()}


def csv_rows(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))


def csv_bytes(rows: list[list[str]]) -> bytes:
    # "\r\n" as in the files themselves; the writer then quotes any cell holding "\r" or "\n".
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


ROWS = {name: csv_rows(raw) for name, raw in ORIGINAL.items()}


def reference_dir(scratch: Path, name: str, raw: bytes) -> Path:
    """A copy of the reference folder at data/raw/reference under ``scratch`` with ``name`` replaced."""
    target = scratch / "data" / "raw" / "reference"
    target.mkdir(parents=True, exist_ok=True)
    for other, content in ORIGINAL.items():
        (target / other).write_bytes(raw if other == name else content)
    return target


def shown(name: str) -> str:
    return f"data/raw/reference/{name}"


# What each documented field admits (data/raw/reference/README.md and the schema descriptions),
# restated here so that a loaded cell can be checked against it independently of the loader.
def _iso_date(text: str) -> bool:
    forms = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}
    if not re.fullmatch(r"[0-9]{4}(?:-[0-9]{2}){0,2}", text):
        return False
    try:
        dt.datetime.strptime(text, forms[len(text)])
    except ValueError:
        return False
    return True


DOCUMENTED_FORM = {  # field: the check its text must pass, in whichever file has the field
    "indicator": lambda t: re.fullmatch(r"[a-z][a-z0-9_]*", t) is not None,
    "value": lambda t: re.fullmatch(r"[0-9]+", t) is not None,
    "qualifier": lambda t: t in ("exact", "approximate", "lower_bound"),
    "unit": bool,
    "as_of": _iso_date,
    "url": lambda t: t == "" or t.startswith(("http://", "https://")),
    "country": bool,
    "iso3": lambda t: re.fullmatch(r"[A-Z]{3}", t) is not None,
    "transfers_since_2018": lambda t: t in ("yes", "no"),
    "continued_after_coup": lambda t: t in ("yes", "no", "once"),
    "named_in_article": lambda t: t in ("yes", "no"),
}


@st.composite
def injected_cells(draw, values=None, fields=None) -> tuple[str, int, str, str]:
    """(file, spreadsheet row, field, new cell text) for one data cell of a reference file
    (one of ``fields`` if given)."""
    name = draw(st.sampled_from([n for n in sorted(FILES) if fields is None or set(fields) & set(ROWS[n][0])]))
    rows = ROWS[name]
    row = draw(st.integers(min_value=2, max_value=len(rows)))
    field = draw(st.sampled_from([f for f in rows[0] if fields is None or f in fields]))
    original = rows[row - 1][rows[0].index(field)]
    if values is None:
        values = (
            st.text(max_size=30)
            | st.sampled_from(["", " ", "\n", "\r\n", '"', ",", "\x00", "\ufeff"]).map(lambda end: original + end)
            | st.from_regex(r"[A-Z]{3}|[0-9]{1,25}|[0-9]{4}(-[0-9]{2}){0,2}|[a-z_]{1,12}", fullmatch=True)
        )
    return name, row, field, draw(values)


def load_with_cell(scratch: Path, name: str, row: int, field: str, text: str):
    rows = copy.deepcopy(ROWS[name])
    rows[row - 1][rows[0].index(field)] = text
    directory = reference_dir(scratch, name, csv_bytes(rows))
    return FILES[name](directory, scratch)


def assert_names_file_row_field(exc: NewsfiguresError, name: str, row: int, field: str) -> None:
    message = one_line(exc)
    assert message.startswith(f"{shown(name)}: "), message
    assert re.search(rf"\brow {row}\b", message) and re.search(rf"\b{field}\b", message), message


@IO
@given(injected_cells())
def test_an_injected_cell_loads_exactly_or_is_refused_naming_file_row_and_field(scratch, cell):
    name, row, field, text = cell
    try:
        frame = load_with_cell(scratch, name, row, field, text)
    except NewsfiguresError as exc:
        assert_names_file_row_field(exc, name, row, field)
        return
    loaded = frame.iloc[row - 2][field]
    if field == "value":
        assert re.fullmatch(r"[0-9]+", text) and loaded == int(text)
    else:
        assert loaded == text
    assert DOCUMENTED_FORM.get(field, lambda t: True)(text), f"{field} loaded {text!r}"
    expected = BASELINE[name].copy()
    expected.loc[row - 2, field] = loaded
    assert frame.equals(expected)


_JUNK = st.sampled_from([" ", "\n", "\r\n", "\t", "x", "\x00", "\ufeff", "."])


@st.composite
def near_miss_cells(draw) -> tuple[str, int, str, str]:
    """A cell of a field with a documented form, holding its real text with junk before or after."""
    name, row, field, original = draw(injected_cells(values=st.just(None), fields=sorted(DOCUMENTED_FORM)))
    original = ROWS[name][row - 1][ROWS[name][0].index(field)]
    junk = draw(_JUNK)
    return name, row, field, draw(st.sampled_from([original + junk, junk + original]))


@IO
@example(cell=("arms_transfers_2022_report.csv", 2, "iso3", "CHN\n"))
@given(near_miss_cells())
def test_a_near_miss_cell_is_refused_unless_it_has_its_documented_form(scratch, cell):
    name, row, field, text = cell
    try:
        load_with_cell(scratch, name, row, field, text)
    except NewsfiguresError as exc:
        assert_names_file_row_field(exc, name, row, field)
        return
    assert DOCUMENTED_FORM[field](text), f"{shown(name)}: row {row}, field {field}: {text!r} loaded"


@IO
@example(cell=("reference_figures.csv", 2, "value", 2**63))
@given(injected_cells(values=st.integers(min_value=0), fields=["value"]))
def test_any_whole_number_value_round_trips_or_is_refused(scratch, cell):
    name, row, field, n = cell
    try:
        frame = load_with_cell(scratch, name, row, field, str(n))
    except NewsfiguresError as exc:
        assert_names_file_row_field(exc, name, row, field)
        return
    assert int(frame.iloc[row - 2][field]) == n


@IO
@given(st.dates(), st.sampled_from([10, 7, 4]), st.integers(min_value=2, max_value=len(ROWS["reference_figures.csv"])))
def test_a_valid_date_round_trips_exactly(scratch, date, width, row):
    text = date.isoformat()[:width]
    name = "reference_figures.csv"
    try:
        frame = load_with_cell(scratch, name, row, "as_of", text)
    except NewsfiguresError as exc:
        # Only a date that makes the row a duplicate of another may be refused.
        assert "duplicate" in one_line(exc)
        return
    assert frame.iloc[row - 2]["as_of"] == text
    last = {10: date, 7: (date.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1),
            4: date.replace(month=12, day=31)}[width]  # fmt: skip
    assert period_end(text) == last.isoformat()


@pytest.mark.parametrize("name", sorted(FILES))
@pytest.mark.parametrize("change", ["field_too_few", "field_too_many"])
@settings(max_examples=15, deadline=None)
@example(position=0, extra="")
@given(position=st.integers(min_value=0), extra=st.text(max_size=5))
def test_a_row_with_a_field_too_many_or_too_few_is_refused_naming_the_row(scratch, name, change, position, extra):
    rows = copy.deepcopy(ROWS[name])
    row = 2 + position % (len(rows) - 1)
    rows[row - 1] = rows[row - 1][:-1] if change == "field_too_few" else rows[row - 1] + [extra]
    with pytest.raises(NewsfiguresError) as caught:
        FILES[name](reference_dir(scratch, name, csv_bytes(rows)), scratch)
    message = one_line(caught.value)
    assert message.startswith(f"{shown(name)}: ") and re.search(rf"\b(row|line) {row}\b", message), message


@IO
@given(
    st.sampled_from(sorted(FILES)),
    st.binary(max_size=300)
    | st.tuples(st.integers(min_value=0, max_value=2000), st.binary(min_size=1, max_size=8)),
)
def test_arbitrary_reference_bytes_load_or_raise_the_documented_error(scratch, name, raw):
    if isinstance(raw, tuple):  # bytes spliced into the real file
        at, extra = raw
        raw = ORIGINAL[name][:at] + extra + ORIGINAL[name][at:]
    try:
        FILES[name](reference_dir(scratch, name, raw), scratch)
    except NewsfiguresError as exc:
        assert one_line(exc).startswith(f"{shown(name)}: ")


@IO
@given(
    st.sampled_from(sorted(FILES)),
    st.sampled_from(["utf-16", "utf-32", "latin-1", "cp1252", "utf-8-sig", "utf-8"]),
    st.text(alphabet=st.characters(min_codepoint=0xA0, max_codepoint=0x2FFF), min_size=1, max_size=6),
)
def test_a_file_in_another_encoding_is_refused_or_read_as_utf8(scratch, name, encoding, extra):
    rows = copy.deepcopy(ROWS[name])
    last = rows[0][-1]
    rows[1][-1] += extra
    try:
        raw = csv_bytes(rows).decode("utf-8").encode(encoding)
    except UnicodeEncodeError:
        assume(False)
    try:
        frame = FILES[name](reference_dir(scratch, name, raw), scratch)
    except NewsfiguresError as exc:
        assert one_line(exc).startswith(f"{shown(name)}: ")
        return
    # Loaded, so the bytes must be UTF-8 (a leading byte-order mark aside), read as such.
    text = raw.decode("utf-8").removeprefix("\ufeff")
    assert frame.iloc[0][last] == csv_rows(text.encode("utf-8"))[1][-1]
