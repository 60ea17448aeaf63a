"""The article as received: UTF-8 text, read exactly (offsets into it are what claims cite)."""

from __future__ import annotations

from pathlib import Path

from newsfigures.errors import NewsfiguresError


def load_article(path: str | Path, shown: str | None = None) -> str:
    """The article's text, decoded as strict UTF-8 with line endings left as they are.

    ``shown`` is how error messages name the file (default: ``path`` as given). A missing file,
    an empty or whitespace-only file, or bytes that are not UTF-8 raise NewsfiguresError.
    """
    name = shown or str(path)
    source = Path(path)
    try:
        raw = source.read_bytes()
    except FileNotFoundError:
        raise NewsfiguresError(f"{name}: article not found") from None
    except IsADirectoryError:
        raise NewsfiguresError(f"{name}: article path is a folder, not a file") from None
    except OSError as exc:
        raise NewsfiguresError(f"{name}: cannot read the article ({exc.strerror or exc})") from exc
    try:
        # No newline translation: character offsets must match the file as stored.
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NewsfiguresError(
            f"{name}: article is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        ) from None
    if not text.strip():
        raise NewsfiguresError(f"{name}: article is empty")
    return text
