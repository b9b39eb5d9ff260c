"""Input discovery: files, folders (recursive), globs and stdin, each with a safe output name."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

DEFAULT_SUFFIXES = (".txt", ".md")
STDIN = "-"


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


def discover(paths: list[str], suffixes: tuple[str, ...] = DEFAULT_SUFFIXES) -> list[InputItem]:
    """Expand PATH arguments in order; folders recursively, sorted, by suffix; duplicates once."""
    items: list[InputItem] = []
    seen: set[str] = set()
    for argument in paths:
        if argument == STDIN:
            found = [InputItem(None, "stdin.txt")]
        else:
            path = Path(argument)
            if path.is_dir():
                found = [
                    InputItem(p, p.relative_to(path).as_posix())
                    for p in sorted(path.rglob("*"))
                    if p.is_file() and p.suffix.lower() in suffixes and not _hidden(p.relative_to(path))
                ]
            elif path.is_file():
                found = [InputItem(path, path.name)]
            else:
                raise DiscoveryError(f"{argument}: no such file or folder")
        for item in found:
            key = str(item.path.resolve()) if item.path else STDIN
            if key not in seen:
                seen.add(key)
                items.append(item)
    return items


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)
