"""The README stays true: every project path it names exists, and the commands it gives are make targets."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")

# Paths are written in backticks; build outputs (made by `make report`, not committed) are named under these
# prefixes and checked by the build's own tests instead.
BUILD_OUTPUTS = ("report/_output/", "build/", ".venv/")
PATH_LIKE = re.compile(r"`([A-Za-z0-9_.\-]+(?:/[A-Za-z0-9_.\-<>*]*)+|[A-Za-z0-9_\-]+\.(?:py|toml|lock|cff|md|yaml|yml|ipynb|csv|json|txt))`")


def named_paths() -> list[str]:
    paths = []
    for match in PATH_LIKE.finditer(README):
        path = match.group(1)
        if "://" in path or path.startswith(BUILD_OUTPUTS) or "<" in path or "*" in path:
            continue
        paths.append(path.rstrip("/"))
    return sorted(set(paths))


def test_readme_names_paths():
    assert len(named_paths()) >= 20, "the README should name the project's files; the parser found too few"


def test_every_path_the_readme_names_exists():
    missing = [p for p in named_paths() if not (ROOT / p).exists()]
    assert missing == []


def test_the_two_commands_are_make_targets():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "make report" in README and "make test" in README
    for target in ("report", "test", "clean"):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), target


def test_every_processed_file_is_in_the_readme():
    processed = sorted(p.name for p in (ROOT / "data/processed").iterdir() if p.is_file())
    assert processed, "data/processed is empty"
    missing = [name for name in processed if f"data/processed/{name}" not in README]
    assert missing == []


def test_every_notebook_is_in_the_readme():
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks
    assert [n for n in notebooks if f"notebooks/{n}" not in README] == []


def test_the_data_dictionary_is_what_the_data_package_says():
    from newsfigures.build.readme import block, current_block

    assert current_block(README) == block(ROOT), "run `python -m newsfigures.build.readme` to regenerate it"


def test_the_reviewers_walk_through_names_the_figures_real_offsets_and_rows():
    import csv

    walk = README[README.index("## Following one figure, as a reviewer"):README.index("## What the build guarantees")]
    start, end = (int(n) for n in re.search(r"characters (\d+) to (\d+)", walk).groups())
    with open(ROOT / "data/processed/claims.csv", newline="", encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["claim_id"] == "killed_total")
    assert (start, end) == (int(row["start"]), int(row["end"]))
    article = (ROOT / "data/raw/article.txt").read_text(encoding="utf-8")
    assert article[start:end] == row["quote"] and f'"{row["quote"]}"' in walk


def test_the_drafters_scores_are_what_the_benchmark_measures():
    import subprocess
    import sys

    start = "<!-- drafter-scores:start (from `.venv/bin/python benchmarks/bench_drafter.py --markdown`) -->"
    shown = README[README.index(start) + len(start):README.index("<!-- drafter-scores:end -->")].strip()
    measured = subprocess.run([sys.executable, "benchmarks/bench_drafter.py", "--markdown"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout.strip()
    assert shown == measured
    assert shown in (ROOT / "benchmarks/results.md").read_text(encoding="utf-8")
