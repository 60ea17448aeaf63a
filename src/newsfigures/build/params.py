"""Step parameters: what each notebook declares, and the checked, typed values a build runs it with.

A notebook's ``parameters`` cell is the single truth about its parameters (name, type, default, help);
``papermill.inspect_notebook`` reads it. Values come from ``params/default.yaml``, then a ``--params`` file,
then ``-p`` options; each is checked against the declaration and converted by the declared type, so
``-p label=007`` stays the text "007" for a ``str`` parameter instead of papermill's guess of a number.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from newsfigures.project.checksums import sha256_file
from newsfigures.errors import NewsfiguresError
from newsfigures.project.paths import resolve
from newsfigures.project.paths import shown as shown_path

# Parameters whose name ends so hold paths; they must stay inside the project.
PATH_SUFFIXES = ("_path", "_paths", "_dir", "_file", "_glob")
INSPECTION_CACHE = "build/notebook-parameters.json"

_SCALARS = {"str": str, "int": int, "float": float, "bool": bool}
_CONTAINERS = {"list": list, "dict": dict, "tuple": list}
# A numeric parameter declares its range at the end of its help text: "..., 200-1200" or "... (0.5 to 2)".
_RANGE = re.compile(r"(?:^|[\s,;(])(-?\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(-?\d+(?:\.\d+)?)\)?\s*$")
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


@dataclass(frozen=True)
class Parameter:
    """One line of a notebook's parameters cell."""

    name: str
    type: str  # as annotated, e.g. "str", "int", "list[str]"; "any" when neither annotated nor a literal
    default: Any  # the literal default, or None when it is an expression
    help: str

    def describe(self) -> str:
        return f"{self.name}: {self.type}"

    @property
    def range(self) -> tuple[float, float] | None:
        """The range a numeric parameter's help text ends with ("plot width in pixels, 200-1200"), if any."""
        if _split_type(self.type)[0] not in ("int", "float"):
            return None
        match = _RANGE.search(self.help)
        return (float(match.group(1)), float(match.group(2))) if match else None


def _literal(source: str) -> Any:
    try:
        return ast.literal_eval(source)
    except (ValueError, SyntaxError):
        return None


def _from_inspection(raw: list[dict[str, str]]) -> dict[str, Parameter]:
    declared = {}
    for info in raw:
        name = info["name"]
        default = _literal(info.get("default") or "")
        type_name = info.get("inferred_type_name") or "None"
        if type_name == "None":
            # Unannotated: the type of its literal default is the best declaration there is.
            type_name = type(default).__name__ if default is not None else "any"
        declared[name] = Parameter(name, type_name, default, info.get("help") or "")
    return declared


def inspect_notebooks(root: Path, notebooks: list[str]) -> tuple[dict[str, dict[str, Parameter]], Callable[[], None]]:
    """Declared parameters of each notebook (paths relative to ``root``), and a function that saves new
    inspections to the cache.

    papermill costs most of a second to import, so inspections are cached by the notebook's SHA-256 in
    build/: a rebuild with nothing changed never imports it. Saving is left to the caller so that a
    command refused for a bad parameter writes nothing.
    """
    cache_path = root / INSPECTION_CACHE
    try:
        cache = json.loads(cache_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cache = {}
    result, changed = {}, False
    for notebook in notebooks:
        path = root / notebook
        if not path.is_file():
            raise NewsfiguresError(f"{notebook}: notebook not found")
        digest = sha256_file(path)
        entry = cache.get(notebook)
        if not entry or entry.get("sha256") != digest or not isinstance(entry.get("parameters"), list):
            import papermill

            try:
                raw = papermill.inspect_notebook(str(path))
            except Exception as exc:  # a notebook that is not valid JSON or has a broken parameters cell
                raise NewsfiguresError(f"{notebook}: cannot read its parameters cell ({exc})") from exc
            entry = {"sha256": digest, "parameters": list(raw.values())}  # a list keeps the cell's order
            cache[notebook], changed = entry, True
        result[notebook] = _from_inspection(entry["parameters"])

    def save() -> None:
        from newsfigures.project.atomic import write_json

        if changed:
            write_json(cache_path, cache)

    return result, save


def _split_type(type_name: str) -> tuple[str, str | None]:
    """'list[str]' -> ('list', 'str'); 'int' -> ('int', None)."""
    match = re.fullmatch(r"\s*(\w+)\s*(?:\[\s*(.*?)\s*\])?\s*", type_name.replace("typing.", ""))
    if not match:
        return type_name, None
    return match.group(1).lower(), match.group(2)


def _convert_scalar(value: Any, type_name: str, from_text: bool) -> Any:
    """``value`` as ``type_name``; ValueError when it is not one."""
    if type_name in ("any", "object"):
        return value
    if type_name == "str":
        if isinstance(value, str):
            return value
        raise ValueError("quote it in YAML to keep it as text")
    if type_name == "bool":
        if isinstance(value, bool):
            return value
        if from_text and isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise ValueError("expected true or false")
    if type_name == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if from_text and isinstance(value, str) and re.fullmatch(r"\s*[-+]?\d+\s*", value):
            return int(value)
        raise ValueError("expected a whole number")
    if type_name == "float":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if from_text and isinstance(value, str):
            return float(value)  # raises ValueError for non-numbers
        raise ValueError("expected a number")
    raise ValueError(f"the build cannot check values of type {type_name}")


def convert(value: Any, type_name: str, from_text: bool) -> Any:
    """``value`` converted to the declared ``type_name``.

    ``from_text``: the value came from the command line as text, so "7" may become 7 for an int; values
    from YAML files already carry a type and must match it.
    """
    outer, inner = _split_type(type_name)
    if outer in _CONTAINERS:
        if from_text and isinstance(value, str):
            import yaml

            try:
                value = yaml.safe_load(value)
            except yaml.YAMLError as exc:
                raise ValueError(f"not a YAML {outer}") from exc
        if not isinstance(value, _CONTAINERS[outer]):
            raise ValueError(f"expected a {outer}")
        if outer in ("list", "tuple") and inner and inner in _SCALARS:
            return [_convert_scalar(item, inner, from_text) for item in value]
        return value
    if outer == "optional" and inner:
        return None if value is None else convert(value, inner, from_text)
    return _convert_scalar(value, outer, from_text)


def is_path_parameter(name: str) -> bool:
    return name.endswith(PATH_SUFFIXES)


def check_value(step: str, notebook: str, declared: dict[str, Parameter], name: str, value: Any,
                origin: str, from_text: bool, root: Path) -> Any:
    """The value of parameter ``name`` of ``step`` converted and checked; one-line errors name ``origin``."""
    valid = ", ".join(p.describe() for p in sorted(declared.values(), key=lambda p: p.name)) or "none"
    if name not in declared:
        raise NewsfiguresError(
            f"{origin}: step {step} ({notebook}) has no parameter {name!r}; valid parameters: {valid}")
    parameter = declared[name]
    try:
        converted = convert(value, parameter.type, from_text)
    except ValueError as exc:
        raise NewsfiguresError(
            f"{origin}: parameter {name!r} of step {step} must be {parameter.type}, got {value!r} ({exc}); "
            f"valid parameters: {valid}") from exc
    bounds = parameter.range
    if bounds is not None and isinstance(converted, (int, float)) and not bounds[0] <= converted <= bounds[1]:
        low, high = (int(b) if b.is_integer() else b for b in bounds)
        raise NewsfiguresError(
            f"{origin}: parameter {name!r} of step {step} must be from {low} to {high}, got {converted!r} "
            f"({parameter.help})")
    if is_path_parameter(name):
        for item in converted if isinstance(converted, list) else [converted]:
            if isinstance(item, str):
                try:
                    resolve(item, root)
                except NewsfiguresError as exc:
                    raise NewsfiguresError(
                        f"{origin}: parameter {name!r} of step {step}: {item!r} leads outside the project") from exc
    return converted


def load_params_file(path: Path, root: Path) -> dict[str, dict[str, Any]]:
    """A YAML file of ``{step: {parameter: value}}``."""
    from newsfigures.project.yamlfile import load_yaml

    shown = shown_path(path, root)
    data = load_yaml(path, shown)
    data = data or {}
    if not isinstance(data, dict) or not all(isinstance(v, dict) or v is None for v in data.values()):
        raise NewsfiguresError(f"{shown}: expected a mapping of step name to a mapping of parameter values")
    return {str(step): dict(values or {}) for step, values in data.items()}


def parse_assignment(text: str) -> tuple[str | None, str, str]:
    """'-p step.name=value' or '-p name=value' -> (step or None, name, value as text)."""
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise NewsfiguresError(f"-p {text}: expected name=value or step.name=value")
    step, dot, name = key.rpartition(".")
    return (step if dot else None), name, value


def resolve_parameters(
    root: Path,
    steps: dict[str, str],
    declared: dict[str, dict[str, Parameter]],
    default_file: Path,
    params_file: Path | None = None,
    assignments: tuple[str, ...] | list[str] = (),
) -> dict[str, dict[str, Any]]:
    """The parameters each notebook step runs with: notebook defaults < default.yaml < --params < -p.

    ``steps`` maps step name to notebook path; ``declared`` maps notebook path to its parameters.
    Every value is checked before anything runs.
    """
    aliases = {_alias(step): step for step in steps}
    result: dict[str, dict[str, Any]] = {}
    for step, notebook in steps.items():
        result[step] = {name: p.default for name, p in sorted(declared[notebook].items())
                        if p.default is not None}

    def apply(step: str, name: str, value: Any, origin: str, from_text: bool) -> None:
        notebook = steps[step]
        result[step][name] = check_value(step, notebook, declared[notebook], name, value, origin, from_text, root)

    for source in [default_file] + ([params_file] if params_file else []):
        if source == default_file and not source.is_file():
            continue
        shown = shown_path(source, root)
        for step_key, values in load_params_file(source, root).items():
            step = aliases.get(step_key, step_key)
            if step not in steps:
                raise NewsfiguresError(f"{shown}: no step {step_key!r}; steps with parameters: {', '.join(steps)}")
            for name, value in values.items():
                apply(step, str(name), value, f"{shown}: {step_key}.{name}", from_text=False)

    for text in assignments:
        step_key, name, value = parse_assignment(text)
        origin = f"-p {text}"
        if step_key is not None:
            step = aliases.get(step_key, step_key)
            if step not in steps:
                raise NewsfiguresError(f"{origin}: no step {step_key!r}; steps with parameters: {', '.join(steps)}")
            apply(step, name, value, origin, from_text=True)
            continue
        owners = [step for step, notebook in steps.items() if name in declared[notebook]]
        if not owners:
            valid = "; ".join(
                f"{step}: " + (", ".join(p.describe() for _, p in sorted(declared[nb].items())) or "none")
                for step, nb in steps.items())
            raise NewsfiguresError(f"{origin}: no step has a parameter {name!r}; valid parameters: {valid}")
        for step in owners:  # a shared name such as an as-of date applies to every step that declares it
            apply(step, name, value, origin, from_text=True)
    return result


def _alias(step: str) -> str:
    """'10-extract-figures' may also be written 'extract-figures'."""
    return re.sub(r"^\d+-", "", step)


def defaults_yaml(steps: dict[str, str], declared: dict[str, dict[str, Parameter]]) -> str:
    """params/default.yaml as the notebooks declare it: each default, with its type and help as a comment."""
    import yaml

    lines = ["# Parameters of each step, as declared in its notebook's `parameters` cell (the values here must",
             "# equal those defaults, so a notebook run alone computes what the build computes). Override with",
             "# `newsfigures build --params FILE` or `-p name=value` / `-p step.name=value`.",
             "# Regenerate with `newsfigures defaults` after changing a parameters cell."]
    for step, notebook in steps.items():
        lines.append(f"{step}:  # {notebook}")
        for name, parameter in declared[notebook].items():
            value = yaml.safe_dump(parameter.default, default_flow_style=True, allow_unicode=True, width=1000)
            value = value.removesuffix("\n").removesuffix("\n...")
            comment = f"{parameter.type}: {parameter.help}" if parameter.help else parameter.type
            lines.append(f"  {name}: {value}  # {comment}")
    return "\n".join(lines) + "\n"
