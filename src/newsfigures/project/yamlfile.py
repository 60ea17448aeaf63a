"""Reading a YAML input with one-line errors that point at the line a person has to fix.

PyYAML reports where it gave up, which for an unclosed quote or bracket is the end of the file, many lines
after the mistake; the line where the unfinished construct began is in its context mark. Messages name that
line first, and the line where parsing stopped when it differs.
"""

from __future__ import annotations

from pathlib import Path

from newsfigures.errors import NewsfiguresError


def _runaway_quote(text: str, after_line: int, before_line: int) -> tuple[int, int] | None:
    """The start and end lines (0-based) of the last quoted value between the two lines that runs over
    several lines: a missing closing quote makes the next quote close it, lines later."""
    import yaml

    found = None
    try:
        for token in yaml.scan(text):
            if token.start_mark.line > before_line:
                break
            if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                    and token.start_mark.line >= after_line and token.end_mark.line > token.start_mark.line):
                found = (token.start_mark.line, token.end_mark.line)
    except yaml.YAMLError:
        pass
    return found


def yaml_error(shown: str, exc: Exception, text: str | None = None) -> NewsfiguresError:
    """A one-line error for a PyYAML exception: file, line, what is wrong."""
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    if text is not None and problem_mark is not None:
        runaway = _runaway_quote(text, context_mark.line if context_mark is not None else 0, problem_mark.line)
        if runaway is not None:
            start, end = runaway
            return NewsfiguresError(
                f"{shown}: line {start + 1}: malformed YAML (a quoted value starts here and runs on to line "
                f"{end + 1}: is its closing quote missing?)")
    problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
    context = " ".join(str(getattr(exc, "context", None) or "").split())
    if context_mark is not None and (problem_mark is None or context_mark.line != problem_mark.line):
        where = f"line {context_mark.line + 1}: "
        stopped = f" at line {problem_mark.line + 1}" if problem_mark is not None else ""
        what = f"{context}: {problem}{stopped}" if context else f"{problem}{stopped}"
    else:
        where = f"line {problem_mark.line + 1}: " if problem_mark is not None else ""
        what = f"{context}: {problem}" if context else problem
    return NewsfiguresError(f"{shown}: {where}malformed YAML ({what})")


def parse_yaml(text: str, shown: str) -> object:
    """``text`` parsed safely; a malformed document, or one PyYAML cannot construct, is a one-line error."""
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise yaml_error(shown, exc, text) from None
    except RecursionError:
        raise NewsfiguresError(f"{shown}: malformed YAML (nested too deeply)") from None
    except (ValueError, TypeError, LookupError, AttributeError, ArithmeticError) as exc:
        # PyYAML's constructors raise these for "2021-02-30" unquoted or "!!int abc".
        raise NewsfiguresError(f"{shown}: malformed YAML ({' '.join(str(exc).split())})") from None


def load_yaml(path: Path, shown: str) -> object:
    """A YAML file as UTF-8 (a byte-order mark is accepted), parsed safely."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise NewsfiguresError(f"{shown}: file not found") from None
    except IsADirectoryError:
        raise NewsfiguresError(f"{shown}: is a folder, not a file") from None
    except UnicodeDecodeError as exc:
        raise NewsfiguresError(f"{shown}: not UTF-8 text (offset {exc.start})") from None
    except OSError as exc:
        raise NewsfiguresError(f"{shown}: cannot read ({exc.strerror or exc})") from exc
    return parse_yaml(text, shown)
