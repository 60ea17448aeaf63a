"""The report's date is SOURCE_DATE_EPOCH: given, or the commit time of the last change to the inputs."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess

import pytest

from newsfigures.errors import NewsfiguresError
from newsfigures.project.source_date import source_date_epoch


def test_the_variable_wins_and_must_be_a_number(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1651449600")
    assert source_date_epoch(tmp_path, ["data/*"]) == 1651449600
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(NewsfiguresError, match="^SOURCE_DATE_EPOCH: 'yesterday' is not a whole number"):
        source_date_epoch(tmp_path, ["data/*"])


def test_without_it_the_commit_time_of_the_last_change_to_the_inputs(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    (tmp_path / "data").mkdir()
    (tmp_path / "data/a.txt").write_text("a")
    (tmp_path / "README.md").write_text("r")

    def commit(paths, when):
        env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
               "GIT_COMMITTER_EMAIL": "t@t", "GIT_AUTHOR_DATE": f"@{when} +0000", "GIT_COMMITTER_DATE": f"@{when} +0000"}
        subprocess.run(["git", "add", *paths], cwd=tmp_path, check=True, env=env)
        subprocess.run(["git", "commit", "-qm", "c"], cwd=tmp_path, check=True, env=env)

    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    commit(["data/a.txt"], 1651449600)
    commit(["README.md"], 1700000000)  # not an input: the date stays
    assert source_date_epoch(tmp_path, ["data/*.txt"]) == 1651449600


def test_outside_git_the_newest_date_recorded_for_the_raw_inputs(tmp_path, monkeypatch):
    import shutil
    from pathlib import Path

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert source_date_epoch(tmp_path, ["data/*.txt"]) == 0  # nothing recorded at all
    root = Path(__file__).resolve().parents[1]
    shutil.copytree(root / "data/raw", tmp_path / "data/raw")
    os.utime(tmp_path / "data/raw/article.txt", (2000000000, 2000000000))  # a copy's times do not count
    # The newest date sources.yaml records anywhere (a file's date or a revision's), as midnight UTC.
    text = (root / "data/raw/sources.yaml").read_text(encoding="utf-8")
    newest = max(re.findall(r"\bdate: '?(\d{4}-\d{2}-\d{2})", text))
    expected = int(dt.datetime.fromisoformat(newest).replace(tzinfo=dt.timezone.utc).timestamp())
    assert source_date_epoch(tmp_path, ["data/raw/*"]) == expected
