"""The repository documents itself: every relative link in README.md and docs/ resolves to a file
in the repository (and, for a link to a heading of a Markdown file, to that heading), and no file
cites a path outside the repository (the specification and fixtures folder that once lay beside
it). Fast: reads files only, no dbt."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md"), *(ROOT / "tests" / "fixtures").rglob("*.md")])
# Paths outside the repository that files used to cite (spelled in pieces so this file does not match).
OUTSIDE = tuple("/".join(parts) for parts in (("..", "shared"), ("shared", "spec"), ("shared", "fixtures")))
SKIP_DIRS = {".git", ".venv", "target", "logs", "dbt_packages", "data", "reports", "published",
             "test-artifacts", "spark-warehouse", ".duckdb_tmp", "__pycache__", ".pytest_cache",
             ".ruff_cache", "build"}  # fmt: skip
MAX_TEXT_BYTES = 2_000_000

FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
INLINE_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$", re.MULTILINE)
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def prose(text: str) -> str:
    """The text without fenced code blocks and code spans (a link there is an example, not a link)."""
    return CODE_SPAN.sub("", FENCE.sub("", text))


def links(text: str) -> list[str]:
    body = prose(text)
    return INLINE_LINK.findall(body) + REFERENCE_LINK.findall(body)


def is_relative(target: str) -> bool:
    return not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) and not target.startswith("//")


def slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation but `-` and `_` dropped, spaces to `-`."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "").strip().lower()
    return re.sub(r"\s", "-", re.sub(r"[^\w\- ]", "", text))


def anchors(path: Path) -> set[str]:
    """The anchors of a Markdown file's headings (a repeated heading gets -1, -2, ...)."""
    seen: dict[str, int] = {}
    out: set[str] = set()
    for heading in HEADING.findall(FENCE.sub("", path.read_text(encoding="utf-8"))):
        base = slug(heading)
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.add(base if n == 0 else f"{base}-{n}")
    return out


def broken_links(doc: Path) -> list[str]:
    problems = []
    for target in links(doc.read_text(encoding="utf-8")):
        if not is_relative(target):
            continue
        path_part, _, anchor = target.partition("#")
        resolved = (doc.parent / path_part).resolve() if path_part else doc
        if not resolved.is_relative_to(ROOT):
            problems.append(f"{target}: outside the repository")
        elif not resolved.exists():
            problems.append(f"{target}: no such file")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            problems.append(f"{target}: no heading #{anchor} in {resolved.relative_to(ROOT)}")
    return problems


def repository_files() -> list[Path]:
    """Files git tracks or would track (untracked, not ignored); without git, a walk of the tree."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=ROOT, capture_output=True, check=True,
        ).stdout.decode()
        return sorted(ROOT / name for name in out.split("\0") if name and (ROOT / name).is_file())
    except (OSError, subprocess.CalledProcessError):
        files = []
        for path in ROOT.rglob("*"):
            if path.is_file() and not SKIP_DIRS.intersection(path.relative_to(ROOT).parts[:-1]):
                files.append(path)
        return sorted(files)


def text_of(path: Path) -> str | None:
    """The file's text, or None for a binary or very large file."""
    if path.stat().st_size > MAX_TEXT_BYTES:
        return None
    data = path.read_bytes()
    return None if b"\0" in data else data.decode("utf-8", errors="replace")


def test_docs_exist() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in DOCS}
    assert {"README.md", "docs/metrics.md", "docs/raw_contract.md", "docs/decisions.md"} <= names


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves(doc: Path) -> None:
    assert broken_links(doc) == []


def test_link_checker_catches_broken_links(tmp_path: Path) -> None:
    """The checker itself: a missing file, a missing heading and a path outside the repo are caught;
    links in code, external links and a good anchor are not."""
    doc = ROOT / "docs" / "metrics.md"
    text = (
        "[a](no_such_file.md) [b](metrics.md#no-such-heading) [c](../../outside.md) "
        "[ok](raw_contract.md#how-bad-rows-are-handled) [web](https://example.com/x.md) "
        "`[code](missing.md)`\n\n```\n[fenced](missing.md)\n```\n"
    )
    found = [t for t in links(text) if is_relative(t)]
    assert found == ["no_such_file.md", "metrics.md#no-such-heading", "../../outside.md",
                     "raw_contract.md#how-bad-rows-are-handled"]  # fmt: skip
    fake = doc.parent / "_link_check_probe.md"
    try:
        fake.write_text(text, encoding="utf-8")
        problems = broken_links(fake)
    finally:
        fake.unlink()
    assert len(problems) == 3, problems
    assert slug("Zendesk (Fivetran connector) — `helpdesk_source: zendesk`") == (
        "zendesk-fivetran-connector--helpdesk_source-zendesk"
    )


def test_no_file_cites_a_path_outside_the_repository() -> None:
    offenders = []
    for path in repository_files():
        text = text_of(path)
        if text is None:
            continue
        for needle in OUTSIDE:
            if needle in text:
                offenders.append(f"{path.relative_to(ROOT)}: {needle}")
    assert offenders == []


def test_readme_is_short_and_states_the_ci_test_command() -> None:
    """README is what a newcomer reads (under 200 lines), and it names the command CI runs."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 200
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1].strip() == "make test"
    assert "`make test`" in readme and "CI (`.ci/run`) runs exactly `make test`" in readme
