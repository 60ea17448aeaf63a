"""The number parser: each form of mention, qualifiers, and properties over many inputs."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfigures.errors import NewsfiguresError
from newsfigures.figures.numbers import find_mentions, normalise_value, parse_quote


def only(text):
    mentions = find_mentions(text)
    assert len(mentions) == 1, mentions
    return mentions[0]


@pytest.mark.parametrize(
    ("text", "mention_text", "kind", "value"),
    [
        ("over 1,500 killings", "1,500", "digits", "1500"),
        ("leftover 300,000 displaced", "300,000", "digits", "300000"),
        ("a rally of 200 people", "200", "digits", "200"),
        ("1.5 million people", "1.5 million", "digits", "1500000"),
        ("fifteen of them", "fifteen", "words", "15"),
        ("made one thing clear", "one", "words", "1"),
        ("two hundred people", "two hundred", "words", "200"),
        ("twenty-one soldiers", "twenty-one", "words", "21"),
        ("fifteen-month months", "fifteen-month", "compound", "15"),
        ("a 21-year-old student", "21-year-old", "compound", "21"),
        ("the first protest", "first", "ordinal", "1"),
        ("the fifteenth months", "fifteenth", "ordinal", "15"),
        ("the 21st century", "21st", "ordinal", "21"),
        ("Since 2018 countries", "2018", "year", "2018"),
        ("“[2021] has been", "2021", "year", "2021"),
        ("On the first of February 2021, the", "first of February 2021", "date", "2021-02-01"),
        ("on 1 February 2021.", "1 February 2021", "date", "2021-02-01"),
        ("on February 1, 2021.", "February 1, 2021", "date", "2021-02-01"),
        ("the twenty-seventh of March 2021", "twenty-seventh of March 2021", "date", "2021-03-27"),
        ("in February 2021", "February 2021", "date", "2021-02"),
        ("during WWII and", "WWII", "roman", "2"),
        ("World War II", "II", "roman", "2"),
        ("cope with COVID-19.", "COVID-19", "in_name", "19"),
    ],
)
def test_each_form_of_mention(text, mention_text, kind, value):
    mention = only(text)
    assert (mention.text, mention.kind, mention.value) == (mention_text, kind, value)
    assert text[mention.start : mention.end] == mention_text


@pytest.mark.parametrize(
    "text",
    ["in-numerable disappeared", "someone once said", "Aung San Suu Kyi", "ASEAN Network and the NUG", "BBC TV"],
)
def test_words_that_only_look_like_numbers_are_not_mentions(text):
    assert find_mentions(text) == []


def test_an_impossible_date_falls_back_to_its_parts():
    found = [(m.text, m.kind, m.value) for m in find_mentions("on 31 February 2021")]
    assert found == [("31", "digits", "31"), ("February 2021", "date", "2021-02")]


def test_numbers_on_separate_lines_stay_separate():
    assert [m.value for m in find_mentions("twenty\n\none")] == ["20", "1"]


@pytest.mark.parametrize(
    ("quote", "value", "qualifier"),
    [
        ("over 1,500 killings", "1500", "lower_bound"),
        ("More than 400 attacks", "400", "lower_bound"),
        ("at least 12 people", "12", "lower_bound"),
        ("1,500 or more", "1500", "lower_bound"),
        ("about 160 demonstrators killed", "160", "approximate"),
        ("nearly 50 villages", "50", "approximate"),
        ("some 160 people", "160", "approximate"),
        ("around 3,000", "3000", "approximate"),
        ("almost two hundred", "200", "approximate"),
        ("approximately 7 days", "7", "approximate"),
        ("up to 8,000", "8000", "upper_bound"),
        ("fewer than 20", "20", "upper_bound"),
        ("less than 20", "20", "upper_bound"),
        ("no fewer than 20", "20", "lower_bound"),
        ("8,800 detainees", "8800", "exact"),
        ("leftover 300,000 displaced", "300000", "exact"),
        ("Since 2018", "2018", "exact"),
        ("the first of February 2021", "2021-02-01", "exact"),
    ],
)
def test_parse_quote_gives_value_and_qualifier(quote, value, qualifier):
    parsed = parse_quote(quote)
    assert (parsed.value, parsed.qualifier) == (value, qualifier)


def test_parse_quote_without_a_number():
    parsed = parse_quote("Russia, China and Serbia")
    assert parsed.value is None and parsed.mention is None


def test_parse_quote_with_two_numbers_is_refused():
    with pytest.raises(NewsfiguresError, match="holds 2 numbers"):
        parse_quote("1,500 killed and 8,800 detained")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(1500, "1500"), ("1,500", "1500"), ("2021-02-01", "2021-02-01"), ("2021-02", "2021-02"), (True, None),
     ("2021-02-30", None), ("many", None), ([1], None)],
)  # fmt: skip
def test_normalise_value(raw, expected):
    assert normalise_value(raw) == expected


_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _below_thousand(n: int, hyphen: bool) -> str:
    words = []
    if n >= 100:
        words += [_ONES[n // 100], "hundred"]
        n %= 100
    if n >= 20:
        tens, ones = _TENS[n // 10], _ONES[n % 10]
        words.append(tens if n % 10 == 0 else (f"{tens}-{ones}" if hyphen else f"{tens} {ones}"))
    elif n:
        words.append(_ONES[n])
    return " ".join(words)


def english(n: int, hyphen: bool = True) -> str:
    """English words for 0..999999, written independently of the parser under test."""
    if n == 0:
        return "zero"
    thousands, rest = divmod(n, 1000)
    parts = [f"{_below_thousand(thousands, hyphen)} thousand"] if thousands else []
    if rest:
        parts.append(_below_thousand(rest, hyphen))
    return " ".join(parts)


@given(st.integers(min_value=0, max_value=10**12))
def test_integers_with_thousands_separators_parse_back(n):
    assert parse_quote(f"{n:,}").value == str(n)
    assert parse_quote(f"a total of {n:,} people").value == str(n)


@given(st.integers(min_value=0, max_value=999_999), st.booleans())
def test_integers_in_english_words_parse_back(n, hyphen):
    words = english(n, hyphen)
    mention = only(f"they counted {words} people")
    assert mention.value == str(n), words


@settings(max_examples=300)
@given(st.text())
def test_arbitrary_text_never_crashes_and_offsets_hold(text):
    mentions = find_mentions(text)
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))


_SOUP = ["over", "about", "1,500", "first", "of", "February", "2021", "one", "-", "year", "old", ",", "\n", "WWII",
         "COVID-19", "[", "]", "twenty", "thousand"]  # fmt: skip


@settings(max_examples=200)
@given(st.lists(st.sampled_from(_SOUP), max_size=12))
def test_number_like_soup_never_crashes(words):
    text = " ".join(words)
    for mention in find_mentions(text):
        assert text[mention.start : mention.end] == mention.text


@pytest.mark.parametrize("text, value", [
    ("€40m", "40000000"), ("$21bn", "21000000000"), ("€412.6bn", "412600000000"), ("US$1.2bn", "1200000000"),
    ("46.2C", "46.2"), ("a 10m wall", "10"),
])
def test_a_scale_glued_to_a_sum_of_money_multiplies_it_and_a_glued_unit_does_not(text, value):
    assert [m.value for m in find_mentions(text)] == [value]


@pytest.mark.parametrize("quote, qualifier", [
    ("about $3.9 million", "approximate"), ("more than €5 million", "lower_bound"), ("topped 300", "lower_bound"),
    ("older than 65", "lower_bound"), ("as much as 40%", "upper_bound"),
])
def test_a_qualifier_reaches_past_a_currency_sign(quote, qualifier):
    assert parse_quote(quote).qualifier == qualifier
