"""A fast YAML writer for records (plain data: dict, list, str, int, float, bool, None).

PyYAML's representer runs at about 5,000 characters of input per second on a record with
tokens — slower than every stage of the pipeline together. Records are plain data, so this
writer emits block-style YAML directly: mappings and lists in block style, small flat
mappings (spans) in flow style on one line, a multi-line string of a mapping (the report's
``text``) as a literal block showing its lines as they are, every other string double-quoted with JSON
escapes (a JSON string is a valid YAML double-quoted scalar once the characters YAML treats
as line breaks or non-printable are escaped too). ``tests/test_emit.py`` checks that
``yaml.safe_load`` reads back exactly the record, including on arbitrary text.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

# Characters JSON leaves raw but YAML must not see raw inside a double-quoted scalar:
# C1 controls and DEL, NEL, line/paragraph separators, BOM, non-characters, surrogates.
_YAML_UNSAFE = re.compile("[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# A multi-line string goes into a literal block (``|``) unless it holds something a block cannot
# show as it is: a character outside YAML's printable set or one YAML reads as a line break, a
# tab or CR, a line ending in a space, a first non-empty line starting with a space (the
# block's indentation would be misread), or nothing but line breaks. Those stay double-quoted.
_LITERAL_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]"
                             "| \n| $")
_FLOW_MAX_ITEMS = 8


def _escape_unsafe(text: str) -> str:
    """JSON text made safe inside YAML double quotes (the characters JSON leaves raw, escaped)."""
    if _YAML_UNSAFE.search(text):
        return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


def _string(value: str) -> str:
    return _escape_unsafe(json.dumps(value, ensure_ascii=False))


def _float(value: float) -> str:
    if not math.isfinite(value):
        raise ValueError(f"cannot write a non-finite number ({value}) to YAML")
    text = repr(value)
    if "e" in text:
        mantissa, exponent = text.split("e")
        if "." not in mantissa:
            mantissa += ".0"
        if exponent[0] not in "+-":
            exponent = "+" + exponent
        text = f"{mantissa}e{exponent}"
    return text


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):
        return _string(value)
    raise TypeError(f"cannot write {type(value).__name__} to YAML")


_RESERVED_WORDS = frozenset({"null", "true", "false", "y", "n", "yes", "no", "on", "off"})  # YAML 1.1


def _key(key: str) -> str:
    if _PLAIN_KEY.fullmatch(key) and key.lower() not in _RESERVED_WORDS:
        return key
    return _string(key)


def _is_flat(mapping: dict) -> bool:
    return 0 < len(mapping) <= _FLOW_MAX_ITEMS and not any(isinstance(v, (dict, list)) for v in mapping.values())


def _flow(mapping: dict) -> str:
    """One-line flow mapping. Without floats, JSON's C encoder writes it (a JSON object is a
    valid YAML flow mapping); floats need YAML 1.1 spelling (1.0e-05), so they take the slow path."""
    if not any(type(value) is float for value in mapping.values()):
        return _escape_unsafe(json.dumps(mapping, ensure_ascii=False))
    return "{" + ", ".join(f"{_key(k)}: {_scalar(v)}" for k, v in mapping.items()) + "}"


_JSON_FLOW_TYPES = (str, int, bool, type(None))  # floats need YAML 1.1 spelling: not through JSON


def json_items(items: list[dict]) -> list[str] | None:
    """Each mapping's JSON from one call of the C encoder (thousands of tokens per record), split at the
    ``}, {`` between items; None when that separator also occurs inside an item (the split would not
    be exact: one piece per item proves it is)."""
    text = json.dumps(items, ensure_ascii=False, allow_nan=False)
    pieces = text[2:-2].split("}, {")
    return ["{" + piece + "}" for piece in pieces] if len(pieces) == len(items) else None


def _flow_lines(items: list) -> list[str] | None:
    """The flow mappings of a list of small flat mappings without floats (tokens), or None.

    A JSON object is a valid YAML flow mapping once YAML-unsafe characters are escaped.
    """
    if len(items) < 2:
        return None
    for item in items:
        if type(item) is not dict or not 0 < len(item) <= _FLOW_MAX_ITEMS:
            return None
        for v in item.values():
            if type(v) not in _JSON_FLOW_TYPES:
                return None
    pieces = json_items(items)
    if pieces is None:
        return None
    return [_escape_unsafe(piece) for piece in pieces]


def _literal(value: str, indent: str) -> list[str] | None:
    """A multi-line string as a literal block: its header (``|``, ``|-`` or ``|+`` for one, no or
    several final line breaks) and its lines indented by ``indent``; None when it must stay quoted."""
    if "\n" not in value or _LITERAL_UNSAFE.search(value) or value.lstrip("\n")[:1] in ("", " "):
        return None
    body = value.rstrip("\n")
    trailing = len(value) - len(body)
    header = "|-" if trailing == 0 else "|" if trailing == 1 else "|+"
    lines = [f"{indent}{line}" if line else "" for line in body.split("\n")]
    return [header, *lines, *([""] * (trailing - 1))]


def _write(value: Any, indent: str, out: list[str]) -> None:
    """Append the block lines of a mapping or list (not the top scalar case)."""
    if isinstance(value, dict):
        for key, item in value.items():
            head = f"{indent}{_key(key)}:"
            if type(item) is str and "\n" in item:
                block = _literal(item, indent + "  ")
                if block is not None:
                    out.append(f"{head} {block[0]}")
                    out.extend(block[1:])
                    continue
            if isinstance(item, dict) and item:
                out.append(head)
                _write(item, indent + "  ", out)
            elif isinstance(item, list) and item:
                out.append(head)
                _write(item, indent, out)
            else:
                out.append(f"{head} {_empty_or_scalar(item)}")
        return
    flows = _flow_lines(value)
    if flows is not None:
        out.extend(f"{indent}- {flow}" for flow in flows)
        return
    for item in value:  # list: items at the same indent as the parent key, YAML's compact style
        if isinstance(item, dict) and item:
            if _is_flat(item):
                out.append(f"{indent}- {_flow(item)}")
            else:
                lines: list[str] = []
                _write(item, indent + "  ", lines)
                lines[0] = f"{indent}- {lines[0][len(indent) + 2:]}"
                out.extend(lines)
        elif isinstance(item, list) and item:
            lines = []
            _write(item, indent + "  ", lines)
            lines[0] = f"{indent}- {lines[0][len(indent) + 2:]}"
            out.extend(lines)
        else:
            out.append(f"{indent}- {_empty_or_scalar(item)}")


def _empty_or_scalar(value: Any) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return _scalar(value)


def dump(record: dict[str, Any]) -> str:
    """The record as a YAML document (UTF-8 text, newline-terminated)."""
    if not record:
        return "{}\n"
    lines: list[str] = []
    _write(record, "", lines)
    return "\n".join(lines) + "\n"
