"""Reading the tidy tables the charts are drawn from, checked with the project's shared schemas before any
chart is drawn."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from newsfigures import schemas
from newsfigures.errors import NewsfiguresError
from newsfigures.project.paths import shown
from newsfigures.project.story import Story

MODELS = {
    "groups.csv": schemas.GroupsTable,
    "claims.csv": schemas.ClaimsTable,
    "events.csv": schemas.EventsTable,
    "reference_series.csv": schemas.ReferenceSeriesTable,
}


@dataclass(frozen=True)
class ChartTables:
    """Everything the charts are drawn from, checked."""

    groups: pd.DataFrame
    claims: pd.DataFrame
    events: pd.DataFrame
    reference_series: pd.DataFrame
    country_lists: dict[str, pd.DataFrame]  # by name, as story.yaml declares them
    topology: dict


def read_topology(path: Path, label: str | None = None) -> dict:
    """The world TopoJSON, which must hold a ``countries`` object whose geometries carry ISO numeric ids."""
    label = label or str(path)
    try:
        topology = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise NewsfiguresError(f"{label}: file not found") from exc
    except json.JSONDecodeError as exc:
        raise NewsfiguresError(f"{label}: not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    if topology.get("type") != "Topology" or "countries" not in topology.get("objects", {}):
        raise NewsfiguresError(f"{label}: not a TopoJSON topology with a 'countries' object")
    return topology


def load_tables(tables_dir: Path, geo_path: Path, story: Story, root: Path | None = None) -> ChartTables:
    """Read and check every input before any chart is drawn; paths in messages are relative to ``root``."""
    frames = {name: schemas.read_csv(tables_dir / name, model, shown(tables_dir / name, root))
              for name, model in MODELS.items()}
    country_lists = {name: schemas.read_csv(tables_dir / f"{name}.csv", schemas.CountryListTable,
                                            shown(tables_dir / f"{name}.csv", root))
                     for name in story.declared.country_lists}
    return ChartTables(
        groups=frames["groups.csv"],
        claims=frames["claims.csv"],
        events=frames["events.csv"],
        reference_series=frames["reference_series.csv"],
        country_lists=country_lists,
        topology=read_topology(geo_path, shown(geo_path, root)),
    )
