"""Benchmark of the drafter (newsfigures.drafting) against hand annotations.

Usage:
  .venv/bin/python benchmarks/bench_drafter.py [--article data/raw/article.txt --gold data/raw/figures.yaml
                                               --published 2022-05-02] [--suite DIR ...] [--markdown]

``--suite DIR`` scores every subfolder of DIR holding article.txt, figures.yaml (the gold annotation) and
published.txt (the publication date, ISO 8601); it may be given several times. Without --suite, the one
article given by --article/--gold/--published is scored.

Gold and drafted entries are matched by the first numeric mention (``find_mentions``) inside their quote, by
its offsets in the article; a gold entry whose quote holds no mention (a list_count figure) is matched with a
drafted figure holding no mention whose quote overlaps it. Scores:

  value right        % of gold figures whose matched drafted figure has the same value (and, for a range,
                     the same value_to); values compared after numbers.normalise_value.
  qualifier right    % of gold figures whose matched drafted figure has the same qualifier.
  source right       % of gold figures whose credited source is right: both attributed_to empty, or both
                     non-empty with normalised token overlap (Dice coefficient) >= 0.5. Normalising: lower
                     case, words of letters and digits only, without the words a, an, the, of, for, and, in,
                     on, to, by. Dice = 2|G & D| / (|G| + |D|) on the two sets of words.
  non-figures        % of gold not_figures all of whose mentions the draft puts in not_figures.
  dates resolved     % of gold figures with value_kind date whose matched drafted value is equal.
  coverage           % of the article's mentions that the draft covers exactly once (figures + not_figures).

Targets: value >= 90, qualifier >= 90, source >= 75, non-figures >= 90, dates >= 60, coverage 100.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from newsfigures.drafting import draft_annotation  # noqa: E402
from newsfigures.figures.numbers import find_mentions, normalise_value  # noqa: E402

TARGETS = {"value": 90, "qualifier": 90, "source": 75, "non_figures": 90, "dates": 60, "coverage": 100}
LABELS = {
    "value": "value right", "qualifier": "qualifier right", "source": "source right",
    "non_figures": "non-figures recognised", "dates": "dates resolved", "coverage": "mention coverage",
}  # fmt: skip
_STOP = {"a", "an", "the", "of", "for", "and", "in", "on", "to", "by"}


def _positions(text: str, part: str) -> list[int]:
    found, at = [], text.find(part) if part else -1
    while at != -1:
        found.append(at)
        at = text.find(part, at + 1)
    return found


def locate(article: str, entry: dict) -> tuple[int, int] | None:
    quote = str(entry.get("quote") or "")
    offset, haystack = 0, article
    if entry.get("context"):
        places = _positions(article, entry["context"])
        if len(places) != 1:
            return None
        offset, haystack = places[0], entry["context"]
    places = _positions(haystack, quote)
    if not places:
        return None
    index = int(entry.get("occurrence") or 1) - 1
    if index >= len(places):
        return None
    start = offset + places[index]
    return start, start + len(quote)


def tokens(source: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", str(source or "").lower()) if w not in _STOP}


def source_right(gold: str, drafted: str) -> bool:
    g, d = tokens(gold), tokens(drafted)
    if not g or not d:
        return not g and not d
    return 2 * len(g & d) / (len(g) + len(d)) >= 0.5


def _indexed(article: str, annotation: dict, mentions) -> dict:
    """Entries by section: each as (entry, span, first mention start or None, mention starts)."""
    out = {}
    for section in ("figures", "not_figures", "unquantified"):
        rows = []
        for entry in annotation.get(section) or []:
            span = locate(article, entry)
            if span is None:
                rows.append((entry, None, None, []))
                continue
            inside = [m.start for m in mentions if m.start >= span[0] and m.end <= span[1]]
            rows.append((entry, span, inside[0] if inside else None, inside))
        out[section] = rows
    return out


def score(article: str, gold: dict, published: dt.date) -> tuple[dict, dict]:
    """The scores (percentages) and the counts behind them for one article."""
    mentions = find_mentions(article)
    draft = draft_annotation(article, published)
    g = _indexed(article, gold, mentions)
    d = _indexed(article, draft, mentions)
    drafted_figures = {first: entry for entry, _, first, _ in d["figures"] if first is not None}
    drafted_listless = [(entry, span) for entry, span, first, _ in d["figures"] if first is None and span]
    drafted_nf = {start for _, _, _, inside in d["not_figures"] for start in inside}
    counts = {key: [0, 0] for key in TARGETS}
    misses: list[str] = []
    for entry, span, first, _ in g["figures"]:
        match = None
        if first is not None:
            match = drafted_figures.get(first)
        elif span is not None:
            match = next((e for e, s in drafted_listless if s[0] < span[1] and span[0] < s[1]), None)
        for key in ("value", "qualifier", "source"):
            counts[key][1] += 1
        value_ok = match is not None and normalise_value(match.get("value")) == normalise_value(entry.get("value")) \
            and normalise_value(match.get("value_to")) == normalise_value(entry.get("value_to"))
        qualifier_ok = match is not None and match.get("qualifier") == entry.get("qualifier")
        source_ok = match is not None and source_right(entry.get("attributed_to", ""), match.get("attributed_to", ""))
        counts["value"][0] += value_ok
        counts["qualifier"][0] += qualifier_ok
        counts["source"][0] += source_ok
        if entry.get("value_kind") == "date":
            counts["dates"][1] += 1
            counts["dates"][0] += value_ok
        if not (value_ok and qualifier_ok and source_ok):
            got = "no drafted figure" if match is None else (
                f"value {match.get('value')!r}, qualifier {match.get('qualifier')}, "
                f"source {match.get('attributed_to')!r}")
            misses.append(f"{entry.get('id')}: gold value {entry.get('value')!r}, qualifier {entry.get('qualifier')},"
                          f" source {entry.get('attributed_to')!r}; drafted {got}")
    for entry, _, _, inside in g["not_figures"]:
        counts["non_figures"][1] += 1
        ok = bool(inside) and all(start in drafted_nf for start in inside)
        counts["non_figures"][0] += ok
        if not ok:
            misses.append(f"{entry.get('id')}: gold not a figure; the draft makes it a figure")
    spans = [s for section in ("figures", "not_figures") for _, s, _, _ in d[section] if s]
    counts["coverage"][1] = len(mentions)
    counts["coverage"][0] = sum(1 for m in mentions if sum(s[0] <= m.start and m.end <= s[1] for s in spans) == 1)
    scores = {key: (100.0 * hit / total if total else 100.0) for key, (hit, total) in counts.items()}
    return scores, {"counts": counts, "misses": misses,
                    "drafted": {k: len(v) for k, v in draft.items()}}


def _suite(folder: Path) -> list[tuple[str, Path, Path, dt.date]]:
    cases = []
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        article, gold, published = sub / "article.txt", sub / "figures.yaml", sub / "published.txt"
        if article.is_file() and gold.is_file() and published.is_file():
            cases.append((sub.name, article, gold, dt.date.fromisoformat(published.read_text().strip())))
    return cases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--article", default=str(ROOT / "data/raw/article.txt"))
    parser.add_argument("--gold", default=str(ROOT / "data/raw/figures.yaml"))
    parser.add_argument("--published", default="2022-05-02")
    parser.add_argument("--suite", action="append", default=[], help="folder of cases (article.txt, figures.yaml, "
                                                                      "published.txt in each subfolder)")
    parser.add_argument("--markdown", action="store_true", help="print a markdown section")
    parser.add_argument("--misses", action="store_true", help="list the gold entries the draft gets wrong")
    args = parser.parse_args(argv)
    cases = []
    if args.suite:
        for folder in args.suite:
            cases += _suite(Path(folder))
    else:
        article = Path(args.article).resolve()
        shown = article.relative_to(ROOT).as_posix() if ROOT in article.parents else article.name
        cases.append((shown, Path(args.article), Path(args.gold),
                      dt.date.fromisoformat(args.published)))
    results = []
    for name, article_path, gold_path, published in cases:
        article = article_path.read_text(encoding="utf-8")
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8")) or {}
        scores, detail = score(article, gold, published)
        results.append((name, scores, detail))
    if args.markdown:
        print(_markdown(results))
    else:
        print(_table(results))
    if args.misses:
        for name, _, detail in results:
            for miss in detail["misses"]:
                print(f"  {name}: {miss}")
    return 0


def _cell(scores: dict, detail: dict, key: str) -> str:
    hit, total = detail["counts"][key]
    return f"{scores[key]:.0f}% ({hit}/{total})"


def _table(results) -> str:
    names = [name for name, _, _ in results]
    width = max([len(LABELS[k]) for k in LABELS] + [6])
    columns = [max(len(n), 14) for n in names]
    lines = ["  ".join([f"{'score':<{width}}", f"{'target':>7}"] + [f"{n:>{c}}" for n, c in zip(names, columns)])]
    for key in TARGETS:
        cells = [f"{_cell(s, d, key):>{c}}" for (_, s, d), c in zip(results, columns)]
        lines.append("  ".join([f"{LABELS[key]:<{width}}", f"{'>=' + str(TARGETS[key]):>7}"] + cells))
    return "\n".join(lines)


def _markdown(results) -> str:
    head = "| score | target | " + " | ".join(f"`{name}`" for name, _, _ in results) + " |"
    rule = "|---|---|" + "---|" * len(results)
    rows = [head, rule]
    for key in TARGETS:
        rows.append(f"| {LABELS[key]} | ≥ {TARGETS[key]}% | " + " | ".join(_cell(s, d, key) for _, s, d in results)
                    + " |")
    return "\n".join(rows)


if __name__ == "__main__":
    raise SystemExit(main())
