"""Credits and publication metadata of Chinese (and labelled English) reports, as spans into the text.

Labels and patterns are data (``resources/ingest/credits.yaml``). Classes handled: the seed's
closing ``(作者：甲、乙,单位；编审：丁；《刊名》供稿)``; labelled lines (记者：X, 责任编辑：X, 发文机关：X,
发布日期：…, Authors: X; Y); news-agency datelines （中央社記者X台北24日電） with their closing stamp
1140424 (ROC date) and （編輯：X、Y）; a paper's author line under its title (names with
superscript digits and asterisks) and its numbered affiliation lines (city and postcode dropped);
a closing signature "—— 江波，开源社 …"; Legco running headers (立法會 ─ 2013年4月17日); a Taiwanese
release opening "中央流行疫情指揮中心今(25)日公布"; an ISO time stamp under the title.
"""

from __future__ import annotations

import re
from functools import lru_cache


from pipeline.stages.dates import parse_any_date
from pipeline.stages.credits_paper import author_notes, paper_authors
from pipeline.stages.credits_release import body_line, date_line, issuer_signature, leader_release, release_subject
from pipeline.stages.pagehead import credits_data, find_page_head, is_masthead

HAN_NAME = r"[\u4e00-\u9fff·]{2,4}"
ITEM = re.compile(r"[^、，,\s]+")
SUPERSCRIPT = "0123456789*＊⁰¹²³⁴⁵⁶⁷⁸⁹,，'’"
# Reporter names run into the place in an agency dateline (中央社記者林克倫華盛頓23日專電): three characters
# first (most Chinese names), then two; the place takes the rest.
AGENCY_NAME = r"(?:[\u4e00-\u9fff]{3}|[\u4e00-\u9fff]{2})"
HEAD_LINES = 25
# A generic date label inside a release's text (after its first paragraph) dates an event, not the release:
# Macao GCS notices list "日期：… / 時間：… / 地點：…", English notices "Date: … / Venue: …".
EVENT_DATE_LABEL = re.compile(r"^\s*(?:日期|時間|时间|Date|Time)\s*[:：︰]")
TAIL_LINES = 15


@lru_cache(maxsize=1)
def credit_rules() -> dict:
    """The label lists and patterns of ``resources/ingest/credits.yaml``, compiled where patterns."""
    data = credits_data()
    labels = {}
    for kind, key in (("authors", "authors"), ("editor", "editors"), ("publication", "publication_fields"),
                      ("date", "date_fields"), ("english_authors", "english_author_fields")):
        for label in data[key]:
            labels[re.sub(r"\s+", "", label).lower()] = kind
    agencies = "|".join(map(re.escape, data["agencies"]))
    label_words = sorted((label for key in ("authors", "editors", "publication_fields", "date_fields",
                                            "english_author_fields") for label in data[key]), key=len, reverse=True)
    alternation = "|".join(r"\s*".join(map(re.escape, label.split())) for label in label_words)
    return {
        "labels": labels,
        # a field of a portal's info bar: "2024-05-09 10:21 来源：中国新闻网 记者：李金磊 责任编辑：彭佳兵"
        "field": re.compile(rf"(?:^|(?<=[\s|｜丨/]))[（(【\[]?(?P<label>{alternation})\s*[:：︰]"),
        "labelled": re.compile(r"^\s*[（(【\[]?\s*(?P<label>[^：:\t（(【\[]{1,16}?)\s*[：:\t]\s*(?P<value>.+?)\s*[)）】\]]?\s*$"),
        "agency": re.compile(
            rf"(?P<agency>{agencies})(?:客户端|客戶端|網站|网站)?(?:(?:記者|记者)(?P<names>{AGENCY_NAME}(?:、{AGENCY_NAME}){{0,5}}))?"
            r"(?P<place>[\u4e00-\u9fff]{2,5}?)(?:(?P<month>\d{1,2})月)?(?P<day>\d{1,2})日"
            r"(?:專|专|快訊|快讯|綜合外電報導|综合外电报道|綜合報導|综合报道)?[電电]?"),
        "agency_reporter": re.compile(r"[（(]\s*(?:記者|记者)\s*(?P<names>[^）)]+)[)）]"),
        "stamp": re.compile(r"(?<!\d)(?P<y>1[01]\d)(?P<m>[01]\d)(?P<d>[0-3]\d)\s*$"),
        "running": tuple(re.compile(p) for p in data["running_headers"]),
        "release": re.compile(data["release_opening"]),
        "affiliation_tail": re.compile(data["affiliation_tail"]),
        "affiliation_heads": tuple(sorted(data["affiliation_heads"], key=len, reverse=True)),
        "signature": re.compile(data["signature"]),
        "slash": (re.compile(data["reporter_dateline"]), re.compile(data["slash_credit"])),
        "reporter_line": re.compile(data["reporter_line"]),
        "closing_reporter": re.compile(data["closing_reporter"]),
        "author_mark": re.compile(data["author_mark"]),
        "not_publications": frozenset(data["not_publications"]),
        "author_list_org": re.compile(data["author_list_org"]),
        "author_note": re.compile(data["author_note"]),
        "reporter_paren": re.compile(data["reporter_paren"]),
        "release_subject": re.compile(data["release_subject"]),
        "leader_opening": re.compile(data["leader_opening"]),
        "english_agency": re.compile(data["english_agency_dateline"]),
        "leader_offices": {title: tuple(offices) for title, offices in data["leader_offices"].items()},
        "author_labels": frozenset(data["authors"]),
        "front_note": re.compile(data["front_note"]),
    }


def _lines(text: str) -> list[tuple[int, str]]:
    """(start offset, line) of every non-empty line."""
    out, position = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((position, line))
        position += len(line) + 1
    return out


def _strip_span(text: str, start: int, end: int, chars: str = " \t\u3000") -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def _names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in ITEM.finditer(text[start:end])]


def find_credit_spans(text: str, title_line: int | None = None) -> tuple[dict, dict]:
    """(spans, values): authors/editor/publication spans and the ISO date found in the text's credits."""
    r = credit_rules()
    spans: dict = {}
    values: dict = {}
    lines = _lines(text)
    edges = lines[:HEAD_LINES] + [x for x in lines[-TAIL_LINES:] if x not in lines[:HEAD_LINES]]
    body_from = next((n for n, (_, line) in enumerate(lines[:HEAD_LINES]) if body_line(line)), HEAD_LINES)
    for n, (start, line) in enumerate(edges):
        before = dict(values)
        _labelled(text, start, line, r, spans, values)
        if body_from < n < HEAD_LINES and "date" not in before and "date" in values and EVENT_DATE_LABEL.match(line):
            del values["date"]  # "日期：2026年4月18日晚上9時" in the text of a release is the event's date
    head_spans, head_values = find_page_head(text, lines)  # masthead, date line with its source, citation
    for key, value in head_spans.items():
        spans.setdefault(key, value)
    for key, value in head_values.items():
        values.setdefault(key, value)
    for start, line in lines[:HEAD_LINES] + lines[-3:]:
        _agency(text, start, line, r, spans, values)
        english = r["english_agency"].match(line)
        if english and "publication" not in spans:  # PARIS, May 6 (Xinhua) --
            spans["publication"] = (start + english.start("agency"), start + english.end("agency"))
        reporter = r["reporter_line"].match(line.strip()) or r["reporter_paren"].match(line.strip())
        if reporter and "authors" not in spans:
            lead = start + len(line) - len(line.lstrip())
            s, e = lead + reporter.start("names"), lead + reporter.end("names")
            spans["authors"] = [{"name": n, "affiliations": []} for n in _names(text, s, e)
                                if text[n[0]:n[1]] not in r["author_labels"] and text[n[0]:n[1]] not in ("通讯员", "通訊員")]
            if reporter.groupdict().get("editor"):  # 每经记者 李娜 王海慜 每经编辑 彭水萍
                spans.setdefault("editor", {"name": (lead + reporter.start("editor"), lead + reporter.end("editor"))})
            outlet = reporter.groupdict().get("outlet")
            quoted = "《" in line[:reporter.start("names")]
            if outlet and (is_masthead(outlet) or quoted):  # 证券时报记者 贺觉渊, 《等深線》記者: the reporter's paper
                spans.setdefault("publication", (lead + reporter.start("outlet"), lead + reporter.end("outlet")))
        for pattern in r["slash"]:
            match = pattern.search(line)
            if match and "authors" not in spans:
                s, e = start + match.start("names"), start + match.end("names")
                bracket = re.match(r"[（(][^（()）]{2,40}[)）]", text[e:start + len(line)])
                if bracket:  # 文 | 熊易寒（复旦大学国际关系与公共事务学院）: the writer's institution
                    spans["authors"] = _authors_with_brackets(text, s, e + bracket.end())
                else:
                    spans["authors"] = [{"name": n, "affiliations": []} for n in _names(text, s, e)]
                if match.groupdict().get("outlet"):  # 文/观察者网专栏作者 余鹏鲲: the columnist's outlet
                    spans.setdefault("publication", (start + match.start("outlet"), start + match.end("outlet")))
        mark = r["author_mark"].match(line.strip())
        if mark and "authors" not in spans:
            lead = start + len(line) - len(line.lstrip())
            spans["authors"] = [{"name": n, "affiliations": []}
                                for n in _names(text, lead + mark.start("names"), lead + mark.end("names"))]
    for start, line in lines:
        for pattern in r["running"]:
            match = pattern.match(line.strip())
            if match:
                lead = len(line) - len(line.lstrip())
                spans.setdefault("publication", (start + lead + match.start("body"), start + lead + match.end("body")))
                date = parse_any_date(match.group("date"))
                if date:
                    values.setdefault("date", date)
                break
        if "publication" in spans and "date" in values:
            break
    for start, line in lines[:6] + lines[-5:]:
        date = date_line(line)
        if date:  # a time stamp under the title, or a release's closing date line
            values.setdefault("date", date)
    for start, line in lines[:8]:  # the release opening: the first line, or the first under the title and fields
        release = r["release"].match(line)
        if release:
            spans.setdefault("publication", (start + release.start("org"), start + release.end("org")))
            break
    if title_line is not None:
        paper_authors(text, lines, title_line, r, spans)
    for start, line in lines[-6:]:
        _signature(text, start, line, r, spans)
        closing = r["closing_reporter"].match(line.strip())
        if closing and "authors" not in spans:  # 記者羅小明報道。 closing a broadcast story
            lead = start + len(line) - len(line.lstrip())
            spans["authors"] = [{"name": n, "affiliations": []}
                                for n in _names(text, lead + closing.start("names"), lead + closing.end("names"))]
    author_notes(text, lines, r, spans)
    if "publication" not in spans and not spans.get("authors"):
        release_subject(text, lines, r, spans)
    if "publication" not in spans and not spans.get("authors"):
        leader_release(text, lines, r, spans)
    if "publication" not in spans:
        issuer_signature(lines, spans)
    return spans, values


def _labelled(text: str, start: int, line: str, r: dict, spans: dict, values: dict) -> None:
    fields = list(r["field"].finditer(line))
    if len(fields) >= 2 or (fields and line[:fields[0].start()].strip()):
        _info_bar(text, start, line, fields, r, spans, values)
        return
    match = r["labelled"].match(line)
    if not match:
        return
    kind = r["labels"].get(re.sub(r"\s+", "", match.group("label")).lower())
    if kind is None:
        return
    s, e = _strip_span(text, start + match.start("value"), start + match.end("value"))
    _field_value(text, line, kind, s, e, spans, values)


def _info_bar(text: str, start: int, line: str, fields: list[re.Match[str]], r: dict, spans: dict,
              values: dict) -> None:
    """Several labelled fields on one line, each value up to the next label; a date may lead the line."""
    lead = line[:fields[0].start()].strip()
    if lead and "date" not in values and len(lead) <= 30:
        date = parse_any_date(lead)
        if date and re.match(r"[\d〇零一二三四五六七八九]", lead):
            values["date"] = date
    elif lead and len(lead) > 30:
        return  # a sentence that mentions a label (他说：…), not an info bar
    for n, field in enumerate(fields):
        kind = r["labels"].get(re.sub(r"\s+", "", field.group("label")).lower())
        end = fields[n + 1].start() if n + 1 < len(fields) else len(line.rstrip())
        s, e = _strip_span(text, start + field.end(), start + end, " \t\u3000|｜丨/）)】]")
        if kind and e > s:
            _field_value(text, line[field.start():], kind, s, e, spans, values)


def _field_value(text: str, line: str, kind: str, s: int, e: int, spans: dict, values: dict) -> None:
    """Record one labelled value (authors, editor, publication, date) unless the field is known already."""
    if line.lstrip()[:1] in "（(【[":  # （編輯：林克倫、蘇龍麒）1140424, 【编辑:彭佳兵】: the value ends at the bracket
        close = re.search(r"[)）】\]]", text[s:e])
        if close:
            e = s + close.start()
    if e <= s:
        return
    if kind == "authors" and "authors" not in spans:
        slash = re.search(r"\s*[／/]\s*[\u4e00-\u9fff]{0,8}(?:報導|报道|電|电|攝影|摄影)?\s*$", text[s:e])
        if slash and slash.start() > 0:  # 記者：王小明／台北報導: the name before the place
            e = s + slash.start()
        spans["authors"] = _authors_with_brackets(text, s, e)
    elif kind == "english_authors" and "authors" not in spans and ":" not in text[s:e]:
        people = []
        for m in re.finditer(r"[^;]+", text[s:e]):
            a, b = _strip_span(text, s + m.start(), s + m.end())
            if b > a:
                people.append({"name": (a, b), "affiliations": []})
        spans["authors"] = people
    elif kind == "editor" and "editor" not in spans:
        names = _names(text, s, e)
        if names:
            spans["editor"] = {"name": (names[0][0], names[-1][1])}
    elif kind == "publication" and "publication" not in spans:
        s, e = _publication_value(text, s, e)
        if e > s and text[s:e] not in credit_rules()["not_publications"]:
            spans["publication"] = (s, e)
    elif kind == "date" and "date" not in values:
        date = parse_any_date(text[s:e])
        if date:
            values["date"] = date


def _publication_value(text: str, s: int, e: int) -> tuple[int, int]:
    """A Chinese outlet name ends at the first space (来源:中國新聞網 發表評論 【字體…) and loses a bracketed
    Latin abbreviation (來源: 新聞局(GCS)); an English one keeps its spaces."""
    value = text[s:e]
    if re.match(r"[\u4e00-\u9fff]", value):
        space = re.search(r"\s", value)
        if space:
            e = s + space.start()
        abbreviation = re.search(r"\s*[（(][A-Za-z]{2,10}[)）]?$", text[s:e])
        if abbreviation and abbreviation.start() > 0:
            e = s + abbreviation.start()
    return s, e


def _authors_with_brackets(text: str, s: int, e: int) -> list[dict]:
    """Names of a credit, each with the institution printed in brackets after it:
    作者：张三（中国人民大学）、李四（北京大学） → 张三 [中国人民大学], 李四 [北京大学]."""
    authors = []
    org = None  # 作者：东吴证券，李勇，徐津晶: the institution before the names is their affiliation
    for item in re.finditer(r"[^、，,\s（(]+(?:\s*[（(][^）)]*[）)]?)?", text[s:e]):
        if not authors and org is None and credit_rules()["author_list_org"].fullmatch(item.group()):
            org = (s + item.start(), s + item.end())
            continue
        if item.group() in ("等", "等人"):
            continue  # 作者：董金玮、周岩 等: "and others", not a name
        bracket = re.search(r"\s*[（(]([^）)]*)[）)]?$", item.group())  # the line's last bracket is cut off
        name_end = s + item.start() + (bracket.start() if bracket else len(item.group()))
        affiliations = []
        if bracket and bracket.group(1).strip():
            a = s + item.start() + bracket.start(1)
            affiliations = [_strip_span(text, a, a + len(bracket.group(1)))]
        authors.append({"name": (s + item.start(), name_end), "affiliations": affiliations or ([org] if org else [])})
    return authors


def _agency(text: str, start: int, line: str, r: dict, spans: dict, values: dict) -> None:
    """（中央社記者陳俊華台北24日電） / 新华社北京3月5日电（记者 X）, and the closing （編輯：…）1140424."""
    match = r["agency"].search(line)
    if match:
        spans.setdefault("publication", (start + match.start("agency"), start + match.end("agency")))
        spans.setdefault("outlet", (start + match.start("agency"), start + match.end("agency")))
        if match.group("names") and "authors" not in spans:
            s = start + match.start("names")
            spans["authors"] = [{"name": n, "affiliations": []}
                                for n in _names(text, s, start + match.end("names"))]
        reporter = r["agency_reporter"].search(line, match.end())
        if reporter and "authors" not in spans:
            s = start + reporter.start("names")
            spans["authors"] = [{"name": n, "affiliations": []}
                                for n in _names(text, s, start + reporter.end("names"))]
    edit = re.search(r"[（(]\s*(?:編輯|编辑|責任編輯|责任编辑)\s*[:：]\s*(?P<names>[^）)]+)[)）]", line)
    if edit and "editor" not in spans:
        s, e = start + edit.start("names"), start + edit.end("names")
        names = _names(text, s, e)
        if names:
            spans["editor"] = {"name": (names[0][0], names[-1][1])}
    stamp = r["stamp"].search(line.rstrip())
    if stamp and (edit or match):
        month, day = int(stamp.group("m")), int(stamp.group("d"))
        if 1 <= month <= 12 and 1 <= day <= 31:
            values.setdefault("date", f"{int(stamp.group('y')) + 1911}-{month:02d}-{day:02d}")


def _signature(text: str, start: int, line: str, r: dict, spans: dict) -> None:
    """"—— 江波，开源社 2024 年度理事长" (author, affiliation, publication) or "—— Gitee.com（…）" (publication)."""
    match = r["signature"].match(line.strip())
    if not match:
        return
    lead = start + len(line) - len(line.lstrip())
    body_start = lead + match.start("body")
    body = match.group("body")
    person = re.match(rf"(?P<name>{HAN_NAME})\s*[，,]\s*(?P<org>[^\s\d，,（(]+)", body)
    if person:
        org = (body_start + person.start("org"), body_start + person.end("org"))
        spans.setdefault("authors", [{"name": (body_start + person.start("name"), body_start + person.end("name")),
                                      "affiliations": [org]}])
        spans.setdefault("publication", org)
        return
    org = re.match(r"[^\s（(，,]+", body)
    if org:
        spans.setdefault("publication", (body_start, body_start + org.end()))


def parse_closing_credits(text: str, block) -> dict:
    """The seed's closing credits: (作者：甲、乙,单位。丙,单位1 单位2；编审：丁；《刊名》供稿)."""
    body_start = block.start + 1
    body = text[body_start:block.end - 1]
    result: dict = {}
    offset = body_start
    for part in re.split(r"([；;])", body):
        if part in ("；", ";"):
            offset += len(part)
            continue
        part_start = offset
        offset += len(part)
        label = re.match(r"\s*(作\s*者|文|编审|編審|责任编辑|責任編輯|编辑|編輯)\s*[:：]\s*", part)
        publication = re.search(r"《([^《》]+)》", part)  # [^《》]: linear even on a run of 《
        if label and label.group(1).replace(" ", "") in ("作者", "文"):
            result["authors"] = _closing_authors(part_start + label.end(), part[label.end():])
        elif label:
            name_start = part_start + label.end()
            name_text = part[label.end():].strip()
            lead = len(part[label.end():]) - len(part[label.end():].lstrip())
            result["editor"] = {"name": (name_start + lead, name_start + lead + len(name_text))}
        elif publication:
            result["publication"] = (part_start + publication.start(1), part_start + publication.end(1))
    return result


def _closing_authors(start: int, body: str) -> list[dict]:
    """Groups separated by 。: names (、-separated), a comma, then affiliations (space-separated)."""
    authors: list[dict] = []
    for group in re.finditer(r"[^。]+", body):
        comma = re.search(r"[，,]", group.group())
        names_end = group.start() + (comma.start() if comma else len(group.group()))
        affiliations = []
        if comma:
            affiliations = _items(body, group.start() + comma.end(), group.end(), start)
        for name in _items(body, group.start(), names_end, start):
            authors.append({"name": name, "affiliations": affiliations})
    return authors


def _items(body: str, lo: int, hi: int, offset: int) -> list[tuple[int, int]]:
    """Spans of the items of ``body[lo:hi]`` separated by 、, commas or spaces."""
    return [(offset + lo + m.start(), offset + lo + m.end()) for m in ITEM.finditer(body[lo:hi])]
