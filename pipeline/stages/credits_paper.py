"""A paper's authors: the author line under its title (names with superscript digits and asterisks), its
numbered or bracketed affiliation lines (city and postcode dropped) and the 作者简介 notes that name an
author's institution (中国科学院院刊 and other Chinese journals; split from credits.py along that seam)."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.config import RESOURCES_DIR

HAN_NAME = r"[\u4e00-\u9fff·]{2,4}"
# Two-character names printed with a space between the characters, as papers and bylines align them (姚 前1).
SPACED_NAME = r"[\u4e00-\u9fff][ \u3000](?=[\u4e00-\u9fff](?:[\d¹²³⁴⁵⁶⁷⁸⁹*＊,，、；;\s]|$))[\u4e00-\u9fff]"
SUPERSCRIPT_DIGITS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹", "123456789")
FRONT_NOTES_MAX = 4  # title footnotes a paper prints between its title and its author line


def paper_authors(text: str, lines: list[tuple[int, str]], title_line: int, r: dict, spans: dict) -> None:
    """A paper's author line under the title (王小凡1 张斌2**) and its affiliation lines."""
    if "authors" in spans:
        return
    position = next((n for n, (s, line) in enumerate(lines) if text.count("\n", 0, s) == title_line), None)
    if position is None or position + 1 >= len(lines):
        return
    skipped = 0
    for step in range(1, 2 + FRONT_NOTES_MAX):  # the line under the title, or under its second line
        if position + step >= len(lines):
            return
        start, line = lines[position + step]
        tokens = author_line(line)
        if tokens:
            position += step - 1
            break
        if r["front_note"].match(line.strip()) and skipped < FRONT_NOTES_MAX:
            skipped += 1  # a title footnote between title and authors: *资助项目：…, **通讯作者, 修改稿收到日期：…
        elif step > 1 + skipped:
            return
    else:
        return
    lead = start + len(line) - len(line.lstrip())
    authors = []
    for t in tokens:
        marks = [int(d) for d in re.findall(r"\d", (t.group("marks") or "").translate(SUPERSCRIPT_DIGITS))]
        authors.append({"name": (lead + t.start("name"), lead + t.end("name")), "affiliations": [], "marks": marks})
    affiliations: list[tuple[int, tuple[int, int]]] = []
    for s, aff_line in lines[position + 2:position + 8]:
        cut = re.search(r"摘\s*要|Abstract", aff_line)
        body = aff_line[:cut.start()] if cut else aff_line
        parts = _affiliation_parts(body, r)
        if not parts:
            break
        affiliations.extend((n, (s + a, s + b)) for n, a, b in parts)
        if cut:
            break
    in_order = (len(authors) > 1 and len(affiliations) == len(authors) and not any(n for n, _ in affiliations)
                and not any(a["marks"] for a in authors) and bool(re.match(r"\s*[（(]", lines[position + 2][1])))
    for k, author in enumerate(authors):
        marks = author.pop("marks")
        if in_order:  # unnumbered bracketed units, one per author
            author["affiliations"] = [affiliations[k][1]]
            continue
        author["affiliations"] = [span for n, span in affiliations if not marks or n in marks or n == 0]
    spans["authors"] = authors


def _affiliation_parts(body: str, r: dict) -> list[tuple[int, int, int]]:
    """(number, start, end) of each institution of an affiliation line: one a line ("1 中国科学院…，北京 100101"),
    or several separated by semicolons, numbered 1 / 1. / 1、 / (1) / ¹ and maybe in brackets
    ("（1. 中国科学院…，北京 100101；2. 兰州大学…，兰州 730000）"); 0 when unnumbered."""
    parts = []
    # "(中國醫學科學院北京協和醫院 北京 100730) (國家開放大學圖書館 北京 100039)": one bracket per author, in order
    separator = r"[^；;]+" if not re.match(r"\s*[（(][^）)]+[)）]\s*[（(]", body) else r"[（(][^）)]+[)）]?"
    for piece in re.finditer(separator, body):
        number = re.match(r"[\s（(]*(?:([\d¹²³⁴⁵⁶⁷⁸⁹])|[（(]([\d])[)）])?[.．、]?\s*", piece.group())
        digit = (number.group(1) or number.group(2) or "").translate(SUPERSCRIPT_DIGITS)
        core = piece.group()[number.end():].rstrip(" ）)")
        head_end = _affiliation_end(core, r)
        if head_end is None:
            return parts if parts else []
        a = piece.start() + number.end()
        parts.append((int(digit) if digit else 0, a, a + head_end))
    return parts


def author_line(line: str) -> list[re.Match[str]]:
    """The names of a paper's author line (王小凡1 张斌2**, 毛汉英1*、曲建升2), or [] when it is none."""
    tokens = list(re.finditer(rf"(?P<name>{SPACED_NAME}|{HAN_NAME}?)(?P<marks>[\d¹²³⁴⁵⁶⁷⁸⁹*＊]+(?:[,，.．][\d¹²³⁴⁵⁶⁷⁸⁹*＊]+)*)?"
                              r"(?=[\s、，,；;]|$)", line.strip()))
    covered = sum(len(t.group()) for t in tokens)
    if not tokens or covered < len(re.sub(r"[\s、，,；;]", "", line)) or len(tokens) > 8:
        return []
    if len(tokens) == 1 and not tokens[0].group("marks") and len(tokens[0].group("name")) > 3:
        return []  # one bare four-character word is more likely a heading than a name
    if not any(t.group("marks") for t in tokens) and not all(_surname_first(t.group("name")) for t in tokens):
        return []  # unmarked words that are not all surname-first (議事錄, 新聞稿) are no author line
    return tokens


def _surname_first(name: str) -> bool:
    """A Chinese personal name starts with a common surname (gazetteers/surnames.txt, in Simplified)."""
    from pipeline.stages.pagehead import _t2s

    simplified = _t2s(name.replace(" ", "").replace("\u3000", ""))
    return simplified[:1] in surnames() or simplified[:2] in surnames()


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Common single and double Chinese surnames (gazetteers/surnames.txt, the byline PERSON rule's list)."""
    with open(RESOURCES_DIR / "gazetteers" / "surnames.txt", encoding="utf-8") as handle:
        return frozenset(w for line in handle if not line.startswith("#") for w in line.split())


def _affiliation_end(core: str, r: dict, note: bool = False) -> int | None:
    """End of the institution in an affiliation line: after its last head word, before city and postcode
    (in an author's note: before the job title, 研究员 / 教授)."""
    comma = re.search(r"[，,]", core)
    part = core[:comma.start()] if comma else core
    best = None
    for head in r["affiliation_heads"]:
        at = part.rfind(head)
        if at >= 0 and (best is None or at + len(head) > best):
            best = at + len(head)
    if best is None:
        return None
    if note:
        return best if best >= 4 else None
    if re.search(r"\d{5,6}|[，,]", core) or best >= len(part.rstrip()):
        return best  # city and postcode after it, or the line is the institution alone
    return None


def author_notes(text: str, lines: list[tuple[int, str]], r: dict, spans: dict) -> None:
    """An author without affiliation lines takes the institution of his 作者简介 note."""
    authors = [a for a in spans.get("authors", []) if not a["affiliations"]]
    if not authors:
        return
    by_name = {text[a["name"][0]:a["name"][1]]: a for a in authors}
    for start, line in lines:
        note = r["author_note"].match(line)
        if not note or note.group("name") not in by_name:
            continue
        for clause in re.finditer(r"[^，,。；;]+", line[note.end():]):
            end = _affiliation_end(clause.group(), r, note=True)
            if end is not None:
                s = start + note.end() + clause.start()
                by_name[note.group("name")]["affiliations"] = [(s, s + end)]
                break
