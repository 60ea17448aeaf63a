"""groups.csv: the figures the article states together (story.yaml, groups), in the article's order."""

from __future__ import annotations

import pandas as pd

from newsfigures.project.declaration import Group

COLUMNS = ["group", "measure", "claim_id", "value", "qualifier", "unit", "quote", "attributed_to"]


def build_groups(declared: dict[str, Group], claims: pd.DataFrame, unquantified: pd.DataFrame,
                 problems: list[str]) -> pd.DataFrame:
    """One row per member; an unquantified member keeps an empty value (the article gives none). A member
    naming no figure, or a figure that does not count the group's unit, is added to ``problems``."""
    figures = {row["claim_id"]: row for row in claims.to_dict("records")}
    items = {row["item_id"]: row for row in unquantified.to_dict("records")}
    rows = []
    for name, group in declared.items():
        for measure, figure_id in group.members.items():
            where = f"groups.{name}.members, field {measure}"
            if figure_id in figures:
                claim = figures[figure_id]
                if claim["value_kind"] != "count" or claim["unit"] != group.unit:
                    problems.append(f"{where}: {figure_id} is a {claim['value_kind']} in {claim['unit']!r}, "
                                    f"but the group counts {group.unit}")
                    continue
                rows.append({"group": name, "measure": measure, "claim_id": figure_id, "value": int(claim["value"]),
                             "qualifier": claim["qualifier"], "unit": claim["unit"], "quote": claim["quote"],
                             "attributed_to": claim["attributed_to"], "_start": claim["start"]})
            elif figure_id in items:
                item = items[figure_id]
                rows.append({"group": name, "measure": measure, "claim_id": figure_id, "value": None,
                             "qualifier": "unquantified", "unit": group.unit, "quote": item["quote"],
                             "attributed_to": item["attributed_to"], "_start": item["start"]})
            else:
                problems.append(f"{where}: {figure_id!r} is not a figure or an unquantified item of the article "
                                "(claims.csv, unquantified.csv)")
    if not rows:
        return pd.DataFrame({column: pd.Series(dtype="Int64" if column == "value" else str) for column in COLUMNS})
    order = {name: number for number, name in enumerate(declared)}
    frame = pd.DataFrame(rows)
    frame["_group"] = frame["group"].map(order)
    frame = frame.sort_values(["_group", "_start", "measure"]).drop(columns=["_group", "_start"])
    frame["value"] = frame["value"].astype("Int64")
    return frame.reset_index(drop=True)
