"""Check every dbt YAML file of the project against the JSON schemas bundled in dbt-core.

dbt-core validates YAML against its JSON schema only on some adapters (not DuckDB), so a
misplaced or misspelt key is silently ignored there. This script validates:
  - dbt_project.yml against the newest project schema (dbt/jsonschemas/project/*.json);
  - every *.yml / *.yaml under the model, seed, macro, test, analysis and snapshot paths
    against dbt/jsonschemas/resources/latest.json;
and adds the dbt 1.10+ deprecations that the schema lets through: a test config key
(severity, where, ...) given inside a generic test's `arguments:`, which dbt silently
treats as config. (Arguments outside `arguments:`, config keys outside `config:` and
top-level meta/tags of models, columns and sources are already schema violations.)
Like dbt, it accepts unquoted YAML dates as strings and `severity` in any case.
The bundled schema describes the newer metrics layout (numerator, input_metrics, ... at the top
level); dbt-core 1.11 parses the `type_params:` layout, so the check accepts `type_params` with
the keys dbt-core 1.11 knows (dbt parse then validates their values).

Prints one `file: json-path: message` line per violation; exits 1 if there is any.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from datetime import date, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft7Validator, ValidationError
from jsonschema._keywords import type as _type_rule
from jsonschema.validators import extend

from .paths import ROOT

# dbt_project.yml keys holding property-file folders, with dbt's defaults.
PATH_KEYS = {
    "model-paths": ["models"],
    "seed-paths": ["seeds"],
    "macro-paths": ["macros"],
    "test-paths": ["tests"],
    "analysis-paths": ["analyses"],
    "snapshot-paths": ["snapshots"],
}
# Mirrors dbt.parser.generic_test_builders.TestBuilder.CONFIG_ARGS (the test suite checks it):
# keys that dbt reads as test *config* even when they are written among the arguments.
TEST_CONFIG_KEYS = (
    "severity", "tags", "enabled", "where", "limit", "warn_if", "error_if", "fail_calc",
    "store_failures", "store_failures_as", "meta", "database", "schema", "alias",
)  # fmt: skip
# dbt-core 1.11's UnparsedMetricTypeParams fields (the test suite checks it).
METRIC_TYPE_PARAMS = (
    "measure", "numerator", "denominator", "expr", "window", "grain_to_date", "metrics",
    "conversion_type_params", "cumulative_type_params",
)  # fmt: skip
# Property-file keys whose entries (and their columns) carry data_tests.
TESTABLE_KEYS = ("models", "seeds", "snapshots", "sources")


JINJA_EXPRESSION = re.compile(r"^\s*\{\{.*\}\}\s*$", re.DOTALL)


def _type_allowing_dates(validator: Any, types: Any, instance: Any, schema: Any) -> Any:
    """PyYAML reads unquoted dates as date objects; accept them where a string is expected (as dbt).

    dbt also renders a whole-value Jinja expression (`enabled: "{{ var('x') == 'y' }}"`) natively
    before it uses a config, so such a string is accepted where a boolean or an object (e.g. the
    `grants` of one engine only) is expected."""
    if "string" in types and isinstance(instance, date | datetime):
        return None
    kinds = [types] if isinstance(types, str) else list(types)
    if {"boolean", "object"} & set(kinds) and isinstance(instance, str) and JINJA_EXPRESSION.match(instance):
        return None
    return _type_rule(validator, types, instance, schema)


Validator = extend(Draft7Validator, validators={"type": _type_allowing_dates})


def schema_dir() -> Path:
    """dbt-core's bundled JSON schema folder."""
    return Path(str(files("dbt") / "jsonschemas"))


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in path.stem.split("."))


def project_schema_path(directory: Path) -> Path:
    """latest.json if dbt ships one, else the highest-versioned project schema."""
    latest = directory / "project" / "latest.json"
    if latest.exists():
        return latest
    versioned = [p for p in (directory / "project").glob("*.json") if re.fullmatch(r"[\d.]+", p.stem)]
    return max(versioned, key=_version_key)


def load_schema(path: Path) -> dict[str, Any]:
    """A bundled schema, with `severity` made case-insensitive as dbt itself treats it and the
    metrics' dbt-core 1.11 `type_params` accepted."""
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    definitions = schema.get("definitions", {})
    if "Severity" in definitions:
        definitions["Severity"] = {"type": "string", "pattern": "^(?i:error|warn)$"}
    if "MetricsProperties" in definitions:
        definitions["MetricsProperties"].setdefault("properties", {})["type_params"] = {
            "type": "object",
            "properties": {key: {} for key in METRIC_TYPE_PARAMS},
            "additionalProperties": False,
        }
    return schema


def json_path(parts: Any) -> str:
    """Render a jsonschema path deque as `models[0].columns[2].name` ('$' for the document root)."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "$"


def _leaves(error: ValidationError) -> list[ValidationError]:
    """The most specific errors under an anyOf/oneOf: the leaves of the branch that got furthest
    (not a mere type mismatch, then deepest in the document, then fewest errors)."""
    if not error.context:
        return [error]
    branches: dict[Any, list[ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(sub.schema_path[0], []).extend(_leaves(sub))

    def rank(leaves: list[ValidationError]) -> tuple[bool, int, int]:
        deepest = max(len(e.absolute_path) for e in leaves)
        return all(e.validator != "type" for e in leaves), deepest, -len(leaves)

    return max(branches.values(), key=rank)


def _config_keys(object_schema: dict[str, Any], root: dict[str, Any]) -> set[str]:
    """Property names of the `config` an object schema allows (empty if it has none)."""
    config = object_schema.get("properties", {}).get("config", {})
    for option in config.get("anyOf", [config]):
        ref = option.get("$ref", "")
        if ref.startswith("#/definitions/"):
            return set(root["definitions"][ref.split("/")[-1]].get("properties", {}))
    return set()


def _hint(leaf: ValidationError, root: dict[str, Any]) -> str:
    """Where the unexpected keys of an additionalProperties error belong (dbt 1.10+ layout)."""
    if leaf.validator != "additionalProperties" or not isinstance(leaf.instance, dict):
        return ""
    allowed = set(leaf.schema.get("properties", {}))
    unexpected = [k for k in leaf.instance if k not in allowed]
    to_config = [k for k in unexpected if k in _config_keys(leaf.schema, root)]
    if to_config:
        return f" (dbt 1.10+: move {', '.join(to_config)} under config:)"
    if "arguments" in allowed and unexpected:
        return " (dbt 1.10+: move generic test arguments under arguments:)"
    return ""


def schema_violations(document: Any, schema: dict[str, Any]) -> list[tuple[str, str]]:
    """(json-path, message) for each schema violation, anyOf errors resolved to their leaves."""
    found: set[tuple[str, str]] = set()
    for error in Validator(schema).iter_errors(document):
        for leaf in _leaves(error):
            found.add((json_path(leaf.absolute_path), leaf.message + _hint(leaf, schema)))
    return sorted(found)


def _tests_in(node: dict[str, Any], path: str) -> Iterator[tuple[str, Any]]:
    """(json-path, test entry) for data_tests/tests of a node, its columns and source tables."""
    for key in ("data_tests", "tests"):
        for i, test in enumerate(node.get(key) or []):
            yield f"{path}.{key}[{i}]", test
    for i, column in enumerate(node.get("columns") or []):
        if isinstance(column, dict):
            yield from _tests_in(column, f"{path}.columns[{i}]")
    for i, table in enumerate(node.get("tables") or []):
        if isinstance(table, dict):
            yield from _tests_in(table, f"{path}.tables[{i}]")


def deprecation_violations(document: Any) -> list[tuple[str, str]]:
    """dbt 1.10+ test-syntax problems the schema accepts: config keys inside `arguments:`."""
    if not isinstance(document, dict):
        return []
    found: list[tuple[str, str]] = []
    for top in TESTABLE_KEYS:
        for i, node in enumerate(document.get(top) or []):
            if not isinstance(node, dict):
                continue
            for path, test in _tests_in(node, f"{top}[{i}]"):
                if not isinstance(test, dict):
                    continue
                bodies = [("", test)] if "test_name" in test else [(f".{k}", v) for k, v in test.items()]
                for suffix, body in bodies:
                    arguments = body.get("arguments") if isinstance(body, dict) else None
                    for key in arguments if isinstance(arguments, dict) else []:
                        if key in TEST_CONFIG_KEYS:
                            found.append(
                                (
                                    f"{path}{suffix}.arguments.{key}",
                                    f"'{key}' is a test config: move it under config:",
                                )
                            )
    return found


def property_files(root: Path) -> list[Path]:
    """Every YAML property file under the project's resource paths (per dbt_project.yml)."""
    project = yaml.safe_load((root / "dbt_project.yml").read_text(encoding="utf-8")) or {}
    out: set[Path] = set()
    for key, default in PATH_KEYS.items():
        for folder in project.get(key) or default:
            base = root / folder
            out.update(p for pattern in ("*.yml", "*.yaml") for p in base.rglob(pattern) if p.is_file())
    return sorted(out)


def check_file(path: Path, schema: dict[str, Any], label: str) -> list[str]:
    """`label: json-path: message` lines for one YAML file."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        return [f"{label}: $: YAML parse error: {exc}".replace("\n", " ")]
    if document is None:
        return []
    problems = schema_violations(document, schema) + deprecation_violations(document)
    return [f"{label}: {where}: {message}" for where, message in problems]


def _label(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def check_project(root: Path, paths: list[Path] | None = None) -> list[str]:
    """All violations of the project at root, or of the given YAML files only."""
    schemas = schema_dir()
    resources = load_schema(schemas / "resources" / "latest.json")
    project = load_schema(project_schema_path(schemas))
    targets = paths if paths else [root / "dbt_project.yml", *property_files(root)]
    lines: list[str] = []
    for path in targets:
        schema = project if path.name == "dbt_project.yml" else resources
        lines += check_file(path, schema, _label(path.resolve(), root))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--root", type=Path, default=ROOT, help="dbt project folder (default: the repo root)")
    parser.add_argument("paths", nargs="*", type=Path, help="check only these YAML files (default: all)")
    args = parser.parse_args(argv)
    lines = check_project(args.root.resolve(), args.paths)
    for line in lines:
        print(line)
    if lines:
        print(f"{len(lines)} YAML violation(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
