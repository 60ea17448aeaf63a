"""What changed in the findings between two snapshots of the processed data.

Two levels, as a journalist reads them: for each figure checked against a source, a change of verdict, of the
latest source figure (its value, date and source) and of the figure the article's value matches best; and for
every processed table, the rows added, removed or changed, keyed by the table's ids (its primary key in
datapackage.json, or the columns that name a row), never by line. Row comparison is csv-diff's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from csv_diff import compare

from newsfigures.editions.history import load_editions
from newsfigures.editions.revisions import Snapshot, snapshot_at, snapshot_now
from newsfigures.errors import NewsfiguresError

# The columns that name a row of each table the engine writes, where datapackage.json gives no primary key (it
# has none for tables without a single id, and a revision may predate it).
NAMING_COLUMNS = {
    "claims.csv": ["claim_id"],
    "mentions.csv": ["mention_id"],
    "unquantified.csv": ["item_id"],
    "events.csv": ["event_id"],
    "source_check.csv": ["claim_id"],
    "attribution_check.csv": ["check_id"],
    "groups.csv": ["group", "measure"],
    "lists.csv": ["list", "item"],
    "reference_series.csv": ["indicator", "date", "source_org", "document"],
}
SHOWN_KEYS = 5  # row keys named per table before "and N more"


@dataclass(frozen=True)
class FigureChange:
    claim_id: str
    subject: str
    verdict: tuple[str, str]
    latest: tuple[str, str]
    best_match: tuple[str, str]
    words: str


@dataclass(frozen=True)
class TableChange:
    table: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, dict[str, list[str]]]] = field(default_factory=list)
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)

    def words(self) -> str:
        parts = []
        if self.columns_added:
            parts.append(f"column{'s' if len(self.columns_added) > 1 else ''} added: {', '.join(self.columns_added)}")
        if self.columns_removed:
            parts.append(f"column{'s' if len(self.columns_removed) > 1 else ''} removed: "
                         f"{', '.join(self.columns_removed)}")
        for label, keys in (("added", self.added), ("removed", self.removed)):
            if keys:
                parts.append(f"{_rows(len(keys))} {label} ({_some(keys)})")
        if self.changed:
            named = [f"{key}: {', '.join(columns)}" for key, columns in self.changed]
            parts.append(f"{_rows(len(self.changed))} changed ({_some(named, '; ')})")
        return f"{self.table}: " + "; ".join(parts)


@dataclass(frozen=True)
class Changes:
    before: str
    after: str
    figures: list[FigureChange]
    tables: list[TableChange]

    def sentences(self) -> list[str]:
        return [f.words for f in self.figures] + [t.words() for t in self.tables]

    def summary(self) -> str:
        """One line: how many figures and tables changed."""
        if not self.figures and not self.tables:
            return "no change in the findings or the processed tables"
        verdicts = sum(1 for f in self.figures if f.verdict[0] != f.verdict[1])
        latest = sum(1 for f in self.figures if f.latest[0] != f.latest[1])
        parts = [f"{verdicts} verdict{'s' if verdicts != 1 else ''} changed",
                 f"{latest} latest source figure{'s' if latest != 1 else ''} changed",
                 f"{len(self.tables)} table{'s' if len(self.tables) != 1 else ''} with changed rows"]
        return ", ".join(parts)

    def as_json(self) -> dict:
        return {
            "from": self.before, "to": self.after,
            "figures": [{"claim_id": f.claim_id, "subject": f.subject, "verdict": list(f.verdict),
                         "latest_source_figure": list(f.latest), "best_match": list(f.best_match), "words": f.words}
                        for f in self.figures],
            "tables": [{"table": t.table, "added": t.added, "removed": t.removed,
                        "changed": [{"key": key, "columns": columns} for key, columns in t.changed],
                        "columns_added": t.columns_added, "columns_removed": t.columns_removed, "words": t.words()}
                       for t in self.tables],
        }


def _rows(count: int) -> str:
    return f"{count} row{'s' if count != 1 else ''}"


def _some(items: list[str], separator: str = ", ") -> str:
    shown = separator.join(items[:SHOWN_KEYS])
    return shown + (f", and {len(items) - SHOWN_KEYS} more" if len(items) > SHOWN_KEYS else "")


def _keyed(rows: list[dict[str, str]], key_columns: list[str]) -> dict[str, dict[str, str]]:
    keyed: dict[str, dict[str, str]] = {}
    for row in rows:
        columns = key_columns if key_columns and all(c in row for c in key_columns) else list(row)
        key = " / ".join(row[c] for c in columns)
        unique, copy = key, 2
        while unique in keyed:  # a repeated key stays apart from the first ("key #2")
            unique, copy = f"{key} #{copy}", copy + 1
        keyed[unique] = row
    return keyed


def table_changes(before: Snapshot, after: Snapshot) -> list[TableChange]:
    found = []
    for name in sorted(set(before.tables) | set(after.tables)):
        keys = after.keys.get(name) or before.keys.get(name) or NAMING_COLUMNS.get(name, [])
        old = _keyed(before.tables.get(name, []), keys)
        new = _keyed(after.tables.get(name, []), keys)
        if not old or not new:  # csv-diff needs a row on each side to compare columns
            change = TableChange(name, added=[k for k in new if k not in old], removed=[k for k in old if k not in new])
        else:
            result = compare(old, new)
            change = TableChange(
                name,
                added=sorted(_keyed(result["added"], keys)),
                removed=sorted(_keyed(result["removed"], keys)),
                changed=[(str(c["key"]), {column: [str(v) for v in values] for column, values in c["changes"].items()})
                         for c in result["changed"]],
                columns_added=sorted(result["columns_added"]),
                columns_removed=sorted(result["columns_removed"]))
        if change.added or change.removed or change.changed or change.columns_added or change.columns_removed:
            found.append(change)
    return found


def _figure(value: str, date: str, source: str) -> str:
    from newsfigures.report.generated import display_date, display_value

    if not value:
        return "none"
    when = display_date(date) if date else "undated"
    return f"{display_value(value)} ({when}{', ' + source if source else ''})"


def figure_changes(before: Snapshot, after: Snapshot) -> list[FigureChange]:
    old_checks = {r["claim_id"]: r for r in before.tables.get("source_check.csv", [])}
    new_checks = {r["claim_id"]: r for r in after.tables.get("source_check.csv", [])}
    subjects = {r["claim_id"]: r.get("subject", "") for r in
                [*before.tables.get("claims.csv", []), *after.tables.get("claims.csv", [])]}
    found = []
    for claim_id in sorted(set(old_checks) | set(new_checks)):
        old, new = old_checks.get(claim_id), new_checks.get(claim_id)
        # The latest source figure on or before the date the verdict is judged at (source_check's reference_*).
        latest = tuple(_figure(r["reference_value"], r["reference_date"], r.get("source", "")) if r else "none"
                       for r in (old, new))
        verdict = (old["verdict"] if old else "not checked", new["verdict"] if new else "not checked")
        best = tuple(_figure(r["best_match_value"], r["best_match_date"], r.get("best_match_source", "")) if r else "none"
                     for r in (old, new))
        if latest[0] == latest[1] and verdict[0] == verdict[1] and best[0] == best[1]:
            continue
        parts = []
        if latest[0] != latest[1]:
            parts.append(f"latest source figure {latest[0]} → {latest[1]}")
        parts.append(f"verdict {verdict[0]} → {verdict[1]}" if verdict[0] != verdict[1]
                     else f"verdict unchanged: {verdict[1]}")
        if best[0] != best[1]:
            parts.append(f"best match {best[0]} → {best[1]}")
        subject = subjects.get(claim_id) or claim_id
        words = f"{subject[:1].upper()}{subject[1:]} ({claim_id}): {'; '.join(parts)}."
        found.append(FigureChange(claim_id, subject, verdict, latest, best, words))
    return found


def compare_snapshots(before: Snapshot, after: Snapshot) -> Changes:
    return Changes(before.label, after.label, figure_changes(before, after), table_changes(before, after))


def compare_revisions(root: Path, before: str | None = None, after: str | None = None) -> Changes:
    """Changes from revision ``before`` (default: the last published edition's commit) to ``after`` (default:
    the processed data as they are now)."""
    if before is None:
        editions = load_editions(root)
        if not editions:
            raise NewsfiguresError("no edition published yet (editions.yaml lists none): give a revision to compare "
                                   "with, e.g. newsfigures diff HEAD~1")
        before = editions[-1].commit
    old = snapshot_at(root, before)
    new = snapshot_at(root, after) if after else snapshot_now(root)
    return compare_snapshots(old, new)


def changes_since_last_edition(root: Path) -> tuple[int, Changes] | None:
    """The last edition's number and what changed since it; None when no edition is published."""
    editions = load_editions(root)
    if not editions:
        return None
    return editions[-1].number, compare_revisions(root, editions[-1].commit)
