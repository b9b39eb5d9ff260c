"""Input discovery: files, folders (recursive), globs and stdin, each with a safe output name.

Every input gets a relative POSIX name (its path below the folder argument), and its
record keeps that relative path, so equal stems in different folders never collide.
Symlinks inside a folder are followed only when they stay inside it. Two inputs that would write the same record (``a.txt`` beside ``a.md``, or the same
relative name under two folder arguments) are a usage error, never a silent overwrite.
"""

from __future__ import annotations

import glob as globlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

DEFAULT_SUFFIXES = (".txt", ".md", ".html", ".htm")
STDIN = "-"
_MAGIC = set("*?[")


class DiscoveryError(ValueError):
    """A PATH argument that names nothing usable."""


@dataclass(frozen=True)
class InputItem:
    """One input: where to read it and the relative name its record gets."""

    path: Path | None  # None for stdin
    name: str  # relative POSIX path used for the record id and output location

    @property
    def record_id(self) -> str:
        return str(PurePosixPath(self.name).with_suffix(""))


def discover(paths: list[str], suffixes: tuple[str, ...] = DEFAULT_SUFFIXES,
             globs: list[str] | None = None) -> list[InputItem]:
    """Expand PATH arguments in order; folders recursively, sorted; duplicates once.

    Without ``globs`` a folder yields its files ending in ``suffixes``; with ``globs`` it
    yields the files matching any pattern (``*.txt`` matches at any depth, a pattern with
    ``/`` is taken from the folder root, ``**`` crosses folders). A PATH that does not
    exist but contains ``* ? [`` is expanded as a glob itself.
    """
    items: list[InputItem] = []
    seen: set[str] = set()
    for argument in paths:
        if argument == STDIN:
            found = [InputItem(None, "stdin.txt")]
        else:
            path = Path(argument)
            if path.is_dir():
                found = _folder(path, suffixes, globs)
            elif path.is_file():
                found = [InputItem(path, path.name)]
            elif _MAGIC & set(argument):
                found = _expand(argument)
                if not found:
                    raise DiscoveryError(f"{argument}: pattern matches no file")
            else:
                raise DiscoveryError(f"{argument}: no such file or folder")
        for item in found:
            key = str(item.path.resolve()) if item.path else STDIN
            if key not in seen:
                seen.add(key)
                items.append(item)
    _check_collisions(items)
    return items


def _folder(folder: Path, suffixes: tuple[str, ...], globs: list[str] | None) -> list[InputItem]:
    if globs:
        candidates: set[Path] = set()
        for pattern in globs:
            matcher = folder.glob if "/" in pattern else folder.rglob
            candidates.update(matcher(pattern))
        chosen = (p for p in candidates if p.is_file())
    else:
        chosen = (p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)
    return sorted(
        (InputItem(p, p.relative_to(folder).as_posix()) for p in chosen
         if not _hidden(p.relative_to(folder)) and _within(p, folder)),
        key=lambda item: item.name,
    )


def _expand(pattern: str) -> list[InputItem]:
    """A quoted glob PATH: names are relative to the part of the pattern before the first wildcard."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts:
        if _MAGIC & set(part):
            break
        fixed.append(part)
    base = Path(*fixed) if fixed else Path(".")
    matches = sorted(Path(p) for p in globlib.glob(pattern, recursive=True))
    return [InputItem(p, p.relative_to(base).as_posix()) for p in matches
            if p.is_file() and not _hidden(p.relative_to(base)) and _within(p, base)]


def _check_collisions(items: list[InputItem]) -> None:
    owners: dict[str, InputItem] = {}
    for item in items:
        other = owners.setdefault(item.record_id, item)
        if other is not item:
            first = other.path or STDIN
            second = item.path or STDIN
            raise DiscoveryError(
                f"{first} and {second} would both write the record '{item.record_id}'; "
                "rename one or run them into different --out folders")


def _within(path: Path, root: Path) -> bool:
    """A symlink found inside a folder is followed only when its target stays inside that folder."""
    return path.resolve().is_relative_to(root.resolve())


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)
