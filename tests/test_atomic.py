"""Atomic writes: a failed write names the path plainly and leaves nothing behind."""

import pytest

from newsfigures.project.atomic import remove_stale_temporaries, write_text
from newsfigures.errors import NewsfiguresError


def test_a_file_where_a_folder_should_be_is_named_plainly(tmp_path, monkeypatch):
    from newsfigures.project.atomic import write_text

    monkeypatch.chdir(tmp_path)
    (tmp_path / "report").mkdir()
    (tmp_path / "report/figures").write_text("not a folder")
    with pytest.raises(NewsfiguresError) as caught:
        write_text(tmp_path / "report/figures/toll.svg", "<svg/>")
    assert str(caught.value) == "report/figures: is a file, not a folder; cannot write toll.svg there"



def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    import os

    target = tmp_path / "claims.csv"
    target.write_text("old\n")

    def refuse(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(NewsfiguresError, match=r"^claims.csv: cannot write \(No space left on device\)$"):
        write_text(target, "new\n")
    assert target.read_text() == "old\n"
    assert list(tmp_path.glob(".*.tmp")) == []


def test_stale_temporaries_are_swept(tmp_path):
    (tmp_path / ".claims.csv.abc123.tmp").write_text("half")
    (tmp_path / "claims.csv").write_text("whole")
    assert [p.name for p in remove_stale_temporaries(tmp_path)] == [".claims.csv.abc123.tmp"]
    assert [p.name for p in tmp_path.iterdir()] == ["claims.csv"]
