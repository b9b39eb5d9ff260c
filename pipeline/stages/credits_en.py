"""English credits beyond one byline: AUTHORS blocks, signatures, "X is a … at Y", "prepared by the Y".

Classes of real English reports (GUIDELINES §3): think-tank briefs list their authors under an
``AUTHORS`` line, one name a line (CSET, Brookings); their author notes say "Will Hunt is a research
fellow at CSET" (the affiliation); a letter or report of an official closes with a signature block
(honorific + name, office, date: HKSAR Chief Executive reports); CRS pages close with "These documents
were prepared by the Congressional Research Service (CRS)" (the publisher). Spans into the original
text, in the shape of :func:`pipeline.stages.ingest.find_metadata_spans`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.config import RESOURCES_DIR
from pipeline.stages.ingest_en import is_person_name, parse_people
from pipeline.stages.pagehead import is_author_position

AUTHORS_HEADER = re.compile(r"^\s*(?:AUTHORS?|Authors?|About the Authors?|ABOUT THE AUTHORS?|Author (?:Contact )?Information)"
                            r"\s*:?\s*$")
PREPARED_BY = re.compile(r"\b(?:prepared|published|issued|produced) by (?:the )?"
                         r"(?P<org>[A-Z][\w&'.-]*(?:\s+(?:of|for|and|on|the|[A-Z][\w&'.-]*))*)")
AFFILIATION = re.compile(r"^(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3}) (?:is|was) (?:a|an|the) "
                         r"[a-z][\w -]{2,60}? (?:at|with|of) (?:the )?(?P<org>[A-Z][^,.;()]{2,80})")
# "By Xinhua writers Sun Jinxia and Wu Qi", "By China Daily reporter Li Ming", "By staff writer Jane Doe": the
# writers of agency features and papers' English editions, with the outlet and role before the names.
DESCRIBED_BYLINE = re.compile(r"^By (?:(?P<outlet>[A-Z][\w.&-]*(?: [A-Z][\w.&-]*){0,2})(?:['’]s)? )?(?:staff |special |senior )?"
                              r"(?:writers?|reporters?|correspondents?|journalists?) (?P<names>[A-Z].+?)\s*$")
# A commentary site's author line under the title: "Andrew Sheng, Distinguished Fellow at the Asia Global Institute",
# "Doug Bandow, Senior Fellow, Cato Institute", "Justin Lin, Former Chief Economist, The World Bank" (China-US Focus,
# Project Syndicate, East Asia Forum): the name, a position, and the institution after at/of or a comma.
NAME_POSITION = re.compile(
    r"^(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3}), (?:(?:Senior|Distinguished|Visiting|Non-?[Rr]esident|Chief|Executive|"
    r"Managing|Deputy|Associate|Assistant|Adjunct|Former|Founding)\s+)*(?:Research Fellow|Fellow|Director|Professor|Dean|"
    r"Economist|Chair(?:man)?|President|Researcher|Analyst|Editor)\b[^,]*?(?:,\s*| at | of )(?:the )?(?P<org>[A-Z].{2,100}?)\s*$")
# "By: Crystal Hsu / Staff reporter", "By: Su Yung-yao and Jake Chung / Staff reporters, with staff writer" (Taipei Times
# and its reposts): the names before the slash and role.
SLASH_ROLE_BYLINE = re.compile(r"^By:?\s+(?P<names>[A-Z].+?)\s*/\s*(?:Staff|Special|Senior)?\s*(?:reporters?|writers?|correspondents?)\b",
                               re.IGNORECASE)
MAX_BLOCK = 8
BODY_MIN = 50  # characters: a line this long is body text


@lru_cache(maxsize=1)
def honorifics() -> tuple[str, ...]:
    """Honorifics that open a signature (Mr, Mrs, Dr …): resources/english/titles.txt, first lines."""
    words = []
    with open(RESOURCES_DIR / "english" / "titles.txt", encoding="utf-8") as handle:
        for line in handle:
            word = line.strip()
            if word and not word.startswith("#"):
                words.append(word)
    return tuple(w for w in words if w in ("Dr", "Doctor", "Prof", "Professor", "Mr", "Mrs", "Ms", "Miss", "Sir",
                                           "Dame", "Lord"))


def _lines(text: str) -> list[tuple[int, str]]:
    out, position = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((position + len(line) - len(line.lstrip()), line.strip()))
        position += len(line) + 1
    return out


def find_english_credits(text: str) -> dict:
    """Authors (with affiliations from author notes) and the publisher named in a closing disclaimer."""
    spans: dict = {}
    lines = _lines(text)
    for n, (start, line) in enumerate(lines):
        if AUTHORS_HEADER.match(line):
            people = []
            block = lines[n + 1:n + 2 + MAX_BLOCK]
            if block and re.search(r",| and ", block[0][1]):  # "Will Hunt, Saif M. Khan, and Dahlia Peterson"
                s0, first = block[0]
                people = parse_people(text, s0, s0 + len(first))
                if people:
                    spans["authors"] = people
                    break
            for k, (s, name) in enumerate(block[:MAX_BLOCK]):
                after = block[k + 1][1] if k + 1 < len(block) else ""
                bullet = re.match(r"[•·▪*-]\s*", name)
                if bullet:  # "Author:" / "• Jon R. Lindsay" (think-tank listings print the names as a list)
                    s, name = s + bullet.end(), name[bullet.end():]
                if people and is_author_position(name):
                    continue  # "Specialist in Macroeconomic Policy" under the name (CRS)
                if (not is_person_name(name) or _section_word(name)
                        or (len(after) >= BODY_MIN and not is_author_position(after))):
                    break  # a heading above body text ("Executive Summary") ends the block
                people.append({"name": (s, s + len(name)), "affiliations": []})
            if people:
                spans["authors"] = people
                break
    if "authors" not in spans:
        _described_authors(text, lines[:15], spans)
    if "authors" not in spans:
        people = _positioned_names(lines[:15] + lines[-15:])
        if people:
            spans["authors"] = people
    if "authors" not in spans:
        signature = _signature(lines)
        if signature:
            spans["authors"] = [{"name": signature, "affiliations": []}]
    for author in spans.get("authors", []):
        name = text[author["name"][0]:author["name"][1]]
        for start, line in lines:
            match = AFFILIATION.match(line)
            if match and match.group("name") == name:
                org_end = match.end("org")
                org = text[start + match.start("org"):start + org_end].rstrip()
                author["affiliations"].append((start + match.start("org"), start + match.start("org") + len(org)))
                break
    for start, line in lines[-6:]:
        match = PREPARED_BY.search(line)
        if match:
            org = re.sub(r"(?:\s+(?:on|of|for|and|the|in|at))+$", "", match.group("org").rstrip(" ."))  # "… by the Foreign Office on 30 May"
            spans["publication"] = (start + match.start("org"), start + match.start("org") + len(org))
            break
    return spans


def _section_word(line: str) -> bool:
    """A report's section title that is shaped like a name ("Executive Summary", "Table of Contents")."""
    from pipeline.stages.headings import rules

    key = re.sub(r"\s+", "", line).casefold()
    return key in rules().top_level or key in rules().contents or key in rules().closing


def _positioned_names(lines: list[tuple[int, str]]) -> list[dict]:
    """Name lines each followed by the author's position (Marc Labonte / Specialist in Macroeconomic Policy):
    the author block of CRS reports and think-tank briefs, on the cover or at the end."""
    people: list[dict] = []
    for (start, line), (_, after) in zip(lines, lines[1:]):
        if is_person_name(line) and is_author_position(after):
            span = (start, start + len(line))
            if all(p["name"] != span for p in people):
                people.append({"name": span, "affiliations": []})
    return people


def _signature(lines: list[tuple[int, str]]) -> tuple[int, int] | None:
    """"Mrs Carrie Lam" above an office and a date among the last lines: the name, without the honorific."""
    words = honorifics()
    for start, line in lines[-6:]:
        parts = line.split(maxsplit=1)
        if len(parts) == 2 and parts[0].rstrip(".") in words and is_person_name(parts[1]):
            offset = line.index(parts[1])
            return start + offset, start + offset + len(parts[1])
    return None


def _described_authors(text: str, lines: list[tuple[int, str]], spans: dict) -> None:
    """Writers under the title described by outlet and role (By Xinhua writers …) or by position and
    institution (Name, Senior Fellow at …): the names, each with the institution its line gives."""
    for start, line in lines:
        match = DESCRIBED_BYLINE.match(line) or SLASH_ROLE_BYLINE.match(line)
        if match:
            people = parse_people(text, start + match.start("names"), start + match.end("names"))
            if people:
                spans["authors"] = people
                return
    people = []
    for start, line in lines:
        match = NAME_POSITION.match(line)
        if match and is_person_name(match.group("name")):
            org = (start + match.start("org"), start + match.end("org"))
            people.append({"name": (start, start + match.end("name")), "affiliations": [org]})
        elif people:
            break  # the block of author lines has ended
    if people:
        spans["authors"] = people
