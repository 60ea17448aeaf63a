"""Finding a Chromium for the browser tests: the order of the candidates, and one line when none can be had."""

from __future__ import annotations

import chromium


def test_chromium_given_in_the_environment_comes_first(monkeypatch, tmp_path):
    given = tmp_path / "my-chromium"
    given.write_text("#!/bin/sh\n")
    given.chmod(0o755)
    monkeypatch.setenv("CHROMIUM", str(given))
    monkeypatch.setattr(chromium, "_playwright_own", lambda: "/elsewhere/chrome")
    assert chromium.find_chromium(install=True) == str(given)


def test_playwrights_own_comes_before_the_systems(monkeypatch):
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setattr(chromium, "_playwright_own", lambda: "/cache/ms-playwright/chrome")
    monkeypatch.setattr(chromium, "_system", lambda: "/usr/bin/chromium")
    assert chromium.find_chromium() == "/cache/ms-playwright/chrome"


def test_where_none_can_be_had_it_says_in_one_line_what_to_install(monkeypatch, capsys):
    monkeypatch.delenv("CHROMIUM", raising=False)
    tried = []
    monkeypatch.setattr(chromium, "_playwright_own", lambda: None)
    monkeypatch.setattr(chromium, "_system", lambda: None)
    monkeypatch.setattr(chromium, "_quiet", lambda command: tried.append(command[:3]) and False)
    assert chromium.main() == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("error: no Chromium for the browser tests")
    assert "playwright install chromium" in err and "apt-get install chromium" in err
    assert tried and "playwright" in tried[0]  # Playwright's own download was tried first


def test_a_chromium_given_that_is_not_executable_is_named(monkeypatch, capsys):
    monkeypatch.setenv("CHROMIUM", "/no/such/chromium")
    assert chromium.main() == 1
    assert capsys.readouterr().err == "error: CHROMIUM=/no/such/chromium: not an executable file\n"
