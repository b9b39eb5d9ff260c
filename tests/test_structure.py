"""Structure and metadata on real layouts (issue 14): titles, credits, dates, paper metadata, headings
with levels from the numbering scheme, hard-wrapped text — each class in Traditional, Simplified and
English."""

from __future__ import annotations

import pytest

from pipeline.stages.dates import parse_any_date
from pipeline.stages.headings import numbering
from pipeline.stages.ingest import find_metadata_spans, split_blocks
from pipeline.stages.titles import find_title
from pipeline.stages.wrap import continuations
from test_english_ingest import resolved  # spans -> strings, recursively




def meta(text: str) -> dict:
    return resolved(text, find_metadata_spans(text, split_blocks(text, 40)))


def headings(text: str) -> list[tuple[str, int]]:
    """Section headings (the title, the root heading, left out), levels shifted so the shallowest is 1."""
    blocks = [b for b in split_blocks(text, 40) if b.kind == "heading"]
    title = find_title(text.split("\n"))
    if title and title.lines and blocks and blocks[0].start == title.spans[0][0]:
        blocks = blocks[1:]
    low = min((b.level for b in blocks), default=1)
    return [(text[b.start:b.end], b.level - low + 1) for b in blocks]


# ------------------------------------------------------------------ credits and datelines
def test_cna_dateline_editor_and_roc_stamp_traditional():
    text = ("賴清德：國防預算將達GDP 3%\n（中央社記者陳俊華台北24日電）總統賴清德今天表示，政府將持續強化國防。\n"
            "他指出，國防預算將逐年增加。\n（編輯：林克倫、蘇龍麒）1140424\n")
    m = meta(text)
    assert m["title"] == "賴清德：國防預算將達GDP 3%"
    assert [a["name"] for a in m["authors"]] == ["陳俊華"]
    assert m["publication"] == "中央社" and m["editor"]["name"] == "林克倫、蘇龍麒"  # one credit span; the record splits it
    assert m["date"] == "2025-04-24"


def test_xinhua_dateline_with_reporters_simplified():
    text = ("政府工作报告提出今年发展主要预期目标\n新华社北京3月5日电（记者 王希 申铖）政府工作报告提出，今年国内生产总值增长5%左右。\n"
            "报告说，要坚持稳中求进工作总基调。\n")
    m = meta(text)
    assert m["publication"] == "新华社"
    assert [a["name"] for a in m["authors"]] == ["王希", "申铖"]


def test_labelled_reporter_and_editor_lines_simplified():
    text = "前4个月我国外贸进出口增长\n记者：李金磊\n海关总署今天发布数据，前4个月我国货物贸易进出口总值增长。\n责任编辑：彭佳兵\n"
    m = meta(text)
    assert [a["name"] for a in m["authors"]] == ["李金磊"] and m["editor"]["name"] == "彭佳兵"
    assert ("责任编辑：彭佳兵", 1) not in headings(text)


def test_slash_credit_traditional():
    text = "黑客松第34次大松\n文／王小明、李大同\n這次活動有超過百位參與者，討論了開放資料與公民科技的各種議題。\n"
    assert [a["name"] for a in meta(text)["authors"]] == ["王小明", "李大同"]


def test_paper_author_line_with_superscripts_and_numbered_affiliations():
    text = ("区域可持续发展的理论与实践\n毛汉英1* 曲建升2 包少勇1\n1 中国科学院地理科学与资源研究所，北京 100101\n"
            "2 中国科学院兰州文献情报中心，兰州 730000\n摘要 本文讨论区域可持续发展。\n关键词 可持续发展；区域\n"
            "1 引言\n区域可持续发展是地理学的核心问题之一，受到广泛关注，研究成果很多。\n")
    m = meta(text)
    assert m["authors"] == [
        {"name": "毛汉英", "affiliations": ["中国科学院地理科学与资源研究所"]},
        {"name": "曲建升", "affiliations": ["中国科学院兰州文献情报中心"]},
        {"name": "包少勇", "affiliations": ["中国科学院地理科学与资源研究所"]},
    ]
    assert headings(text) == [("1 引言", 1)]  # no author, affiliation, abstract or keyword line


def test_paper_affiliation_without_separator_before_city_traditional():
    text = "大科學裝置的建設\n王貽芳\n中國科學院高能物理研究所北京100049\n摘要 文章討論大科學裝置。\n"
    assert meta(text)["authors"] == [{"name": "王貽芳", "affiliations": ["中國科學院高能物理研究所"]}]


def test_english_authors_block_and_author_note():
    text = ("Securing AI Chips\nAUTHORS\nWill Hunt\nSaif M. Khan\nDahlia Peterson\nExecutive Summary\n"
            "The United States has imposed export controls on advanced chips since 2022.\n"
            "Will Hunt is a research fellow at the Center for Security and Emerging Technology.\n")
    m = meta(text)
    assert [a["name"] for a in m["authors"]] == ["Will Hunt", "Saif M. Khan", "Dahlia Peterson"]
    assert m["authors"][0]["affiliations"] == ["Center for Security and Emerging Technology"]


def test_english_signature_and_disclaimer_publisher():
    text = ("Moving Forward\nThe epidemic situation has stabilised over the past weeks, and measures were relaxed.\n"
            "Mrs Carrie Lam\nChief Executive\nMay 30, 2022\n"
            "These documents were prepared by the Congressional Research Service (CRS).\n")
    m = meta(text)
    assert [a["name"] for a in m["authors"]] == ["Carrie Lam"]
    assert m["publication"] == "Congressional Research Service"


def test_legco_running_header_gives_publication_and_date_traditional():
    text = "提供公共交通工具的事宜\n6. 譚耀宗議員：主席，有居民反映交通不便。\n立法會  ─  2013年 4月 17日\n5743\n"
    m = meta(text)
    assert m["publication"] == "立法會" and m["date"] == "2013-04-17"


def test_release_opening_names_the_publisher_traditional():
    text = "中央流行疫情指揮中心今(25)日公布國內新增38例COVID-19確定病例，分別為13例本土個案及25例境外移入。\n"
    assert meta(text)["publication"] == "中央流行疫情指揮中心"


def test_state_council_header_fields_simplified():
    text = ("索 引 号：000014349/2018-00221\n发文机关：国务院办公厅\n标　　题：国务院办公厅关于推进政务新媒体健康有序发展的意见\n"
            "发布日期：2018年12月27日\n国务院办公厅关于推进\n政务新媒体健康有序发展的意见\n国办发〔2018〕123号\n"
            "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
            "政务新媒体是移动互联网时代党和政府联系群众、服务群众、凝聚群众的重要渠道，是加快转变政府职能的重要手段。\n"
            "一、总体要求\n（一）指导思想。\n以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大精神。\n"
            "（二）工作目标。到2019年底，全面清理“僵尸”、“睡眠”政务新媒体，打通政务新媒体发布、传播、互动渠道。\n"
            "1.坚持正确导向。增强“四个意识”，坚定“四个自信”，牢牢把握政务新媒体的政治方向。\n"
            "2.坚持需求引领。充分了解公众需求，推出更多群众喜闻乐见的服务。\n"
            "二、明确工作职责\n国务院办公厅负责推进、指导、协调、监督全国政务新媒体工作。\n国务院办公厅\n2018年12月7日\n"
            "（此件公开发布）\n扫一扫在手机打开当前页\n")
    m = meta(text)
    assert m["title"] == "国务院办公厅关于推进政务新媒体健康有序发展的意见"
    assert m["publication"] == "国务院办公厅" and m["date"] == "2018-12-27"
    assert headings(text) == [("一、总体要求", 1), ("（一）指导思想。", 2), ("（二）工作目标。", 2),
                              ("1.坚持正确导向。", 3), ("2.坚持需求引领。", 3), ("二、明确工作职责", 1)]


# ------------------------------------------------------------------ titles
@pytest.mark.parametrize("text, title", [
    ("合作區發佈新人才發展政策 打造澳琴人才集聚新高地\n2026-04-14T09:08:00+08:00\n4月13日，橫琴粵澳深度合作區支持人才高質量發展新聞發佈會順利舉行。\n",
     "合作區發佈新人才發展政策 打造澳琴人才集聚新高地"),
    ("MARCH 2021\nChina's Industrial Policy\nChina has used industrial policy to build capacity in many sectors.\n",
     "China's Industrial Policy"),
    ("Federal Reserve Board - Federal Reserve issues FOMC statement\nJune 18, 2025\nRecent indicators suggest that "
     "economic activity has continued to expand at a solid pace.\n", "Federal Reserve issues FOMC statement"),
    ("Home > CRS Products > IN12680\nRecent Changes to Bank Capital Requirements\nCapital requirements are one of the "
     "primary ways banks are regulated for safety and soundness.\n", "Recent Changes to Bank Capital Requirements"),
    ("ChinaXiv合作期刊\n科技强国植根于深厚的基础研究\n张先恩\n中国科学院生物物理研究所北京100101\n摘要 文章围绕建设科技强国。\n",
     "科技强国植根于深厚的基础研究"),
    ("指揮中心今(25)日公布國內新增38例COVID-19確定病例，分別為13例本土個案及25例境外移入。\n", None),
])
def test_titles(text, title):
    assert meta(text).get("title") == title


def test_wrapped_centred_title_is_one_title():
    text = "     Moving Steadily Forward Along Path to Normalcy\n          Amid Stabilised COVID-19 Epidemic\n\nBody.\n"
    found = find_title(text.split("\n"))
    assert found is not None and found.lines == [0, 1]


def test_site_name_of_a_web_title_is_the_publisher():
    text = "Federal Reserve Board - Federal Reserve issues FOMC statement\nThe Committee decided to maintain the range.\n"
    assert meta(text)["publication"] == "Federal Reserve Board"


# ------------------------------------------------------------------ dates
@pytest.mark.parametrize("text, iso", [
    ("2025年4月24日", "2025-04-24"), ("114年4月24日", "2025-04-24"), ("二〇〇四年十一月四日", "2004-11-04"),
    ("2026-04-14T09:08:00+08:00", "2026-04-14"), ("04/14/2026", "2026-04-14"), ("December 21, 2023", "2023-12-21"),
    ("2013年 4月 17日", "2013-04-17"),
])
def test_dates(text, iso):
    assert parse_any_date(text) == iso


# ------------------------------------------------------------------ headings and levels
@pytest.mark.parametrize("line, numbered", [
    ("第一章 总则", True), ("一、基本情况", True), ("（一）指導思想。", True), ("1.1  编程语言趋势", True),
    ("①调查方法", True), ("II. Policy Options", True), ("A. Tariffs", True),
    ("2019 Gitee 最受欢迎编程语言 TOP 10", False), ("5年內興建公屋", False), ("发展基础", False),
])
def test_numbering_schemes(line, numbered):
    assert (numbering(line) is not None) == numbered


def test_levels_follow_the_scheme_not_the_order_simplified():
    text = ("标题\n一、总体情况\n这是第一部分的正文，内容较长，说明总体情况和主要问题，供参考。\n1.具体措施\n"
            "这是具体措施的正文，内容较长，说明措施的安排和要求，供参考。\n二、下一步工作\n"
            "这是第二部分的正文，内容较长，说明下一步工作的安排和要求。\n")
    assert headings(text) == [("一、总体情况", 1), ("1.具体措施", 2), ("二、下一步工作", 1)]  # 1. skips （一）


def test_decimal_levels_references_and_captions():
    text = ("论文题目\n1 引言\n区域可持续发展是地理学的核心问题之一，受到广泛关注，研究成果很多。\n1.1 研究背景\n"
            "近年来，相关研究不断深入，成果丰富，方法也越来越多样。\n图1 研究区位置\n表2 主要指标\n2 方法\n"
            "本文采用综合评价方法进行分析，数据来自统计年鉴。\n参考文献\n1 毛汉英.人地系统与区域持续发展研究.北京：中国科学技术出版社，1995.\n")
    assert headings(text) == [("1 引言", 1), ("1.1 研究背景", 2), ("2 方法", 1), ("参考文献", 1)]


def test_english_outline_levels_and_non_headings():
    text = ("A Brief on Trade\nI. Background\nTrade between the two countries has grown over the past decade.\n"
            "A. Tariffs\nThe tariff schedule was revised in 2024 and again in 2025.\nFigure 1. Imports by Year\n"
            "Share\nII. Policy Options\nCongress may consider several options, including new legislation.\n")
    assert headings(text) == [("I. Background", 1), ("A. Tariffs", 2), ("II. Policy Options", 1)]


def test_run_in_headings_only_when_every_sibling_has_a_title():
    run_in = ("标题\n一、总体要求\n（一）开设整合。县级以上地方各级人民政府应当开设政务新媒体。\n"
              "（二）内容保障。严格内容发布审核制度，坚持分级分类审核。\n")
    assert [h for h, _ in headings(run_in)] == ["一、总体要求", "（一）开设整合。", "（二）内容保障。"]
    clauses = ("标题\n一、总体要求\n（一）开设整合。县级以上地方各级人民政府应当开设政务新媒体。\n"
               "（二）严格内容发布审核制度，坚持分级分类审核、先审后发，明确审核主体和审核流程。\n")
    assert [h for h, _ in headings(clauses)] == ["一、总体要求"]


def test_unnumbered_outline_nests_runs_traditional():
    text = "總標題\n第一節\n正文，有句號。\n第二節\n正文二。"
    blocks = split_blocks(text, 40)
    assert [(b.kind, b.level) for b in blocks] == [("heading", 1), ("heading", 2), ("paragraph", 0),
                                                   ("heading", 2), ("paragraph", 0)]


@pytest.mark.parametrize("line", [
    "圖1 研究區位置", "表2 主要指標", "Figure 3. Imports", "Table 1. Rules", "海量资讯、精准解读，尽在新浪财经APP",
    "本文原載於筆者的 am730專欄", "扫一扫在手机打开当前页", "（本文有删减）", "附件1", "国办函〔2004〕80号",
    "立法會  ─  2013年 4月 17日", "(一 )及 (二 )", "新聞聯絡人：財政部財稅資料中心高級分析師盧志山", "責任編輯：王蒙",
    "Implementation Note issued June 18, 2025", "Date                 Measure or Event", "排名\t编程语言\t增速",
    "0800-521-988", "【限時優惠】台北室內設計免費到府丈量，立即加LINE：@deco888",
])
def test_never_headings(line):
    text = f"標題\n{line}\n這是一段正文，內容較長，說明相關情況和主要問題，供讀者參考和討論之用。\n"
    assert line not in [h for h, _ in headings(text)]


def test_hard_wrapped_lines_are_not_headings_and_the_text_is_unchanged():
    text = ("通訊事務管理局辦公室處理投訴的事宜\n9. 黃毓民議員：主席，通訊事務管理局辦公室 (“通訊辦”)於 2012年 4\n"
            "月成立，其中一項工作是處理消費者對電訊服務和廣播服務的投訴。\n有不少市民向本人表示，通訊辦拒絕受理他們就電訊服務和收費電視\n"
            "服務所作的投訴，他們因此感到困惑，亦不瞭解通訊辦受理的投訴的\n範圍。就此，政府可否告知本會：\n"
            "(一 ) 由 2012年 4月至今，通訊辦分別接到多少宗與電訊服務和收\n費電視服務有關的投訴，以及跟進了當中多少項投訴，並\n"
            "按投訴的類別列出分項數字；及\n(二 ) 通訊辦有何計劃向市民宣傳其受理的投訴的範圍？\n"
            "商務及經濟發展局局長：主席，香港的電訊和廣播服務十分普及，與\n大眾市民日常生活息息相關，通訊事務管理局 (“通訊局 ”)不時收到市\n"
            "立法會  ─  2013年 4月 17日\n5752\n民就電訊和廣播服務的查詢與投訴。通訊局的職責在於執行《電訊條\n"
            "例》、《廣播條例》及有關電訊或廣播牌照的規定。若有證據顯示營\n辦商可能違反有關條文，通訊局會作出調查，並就有充分證據證明違\n"
            "反的個案向有關營辦商採取規管行動。\n")
    assert 2 in continuations(text.split("\n"))
    assert headings(text) == []
    blocks = split_blocks(text, 40)
    assert all(text[b.start:b.end] == text[b.start:b.end].strip() for b in blocks)


def test_hard_wrapped_english_lines_are_not_headings():
    body = ("Having gone through the turbulent time in early March and\nseen the arrival of dawn in April, the fifth wave\n"
            "was clearly under control in May with the daily number of cases\ntested positive hovering between 200 and 300.\n")
    text = "     Moving Steadily Forward\n\n" + body * 4 + "\nEpidemic development\n" + body * 3
    assert headings(text) == [("Epidemic development", 1)]


def test_wrapped_paper_title_above_the_author_line():
    text = ("建设国际领先的大科学装置\n奠定科技强国的基础\n王贻芳1* 李明2\n1 中国科学院高能物理研究所 北京 100049\n"
            "2 中国科学院大学 北京 100049\n摘要 大科学装置是科技强国的基础。\n")
    m = meta(text)
    assert m["title_parts"] == ["建设国际领先的大科学装置", "奠定科技强国的基础"]
    assert [(a["name"], a["affiliations"]) for a in m["authors"]] == [
        ("王贻芳", ["中国科学院高能物理研究所"]), ("李明", ["中国科学院大学"])]


@pytest.mark.parametrize("closing, iso", [
    ("Ends/Tuesday, June 28, 2022", "2022-06-28"),      # HKSAR English press release
    ("2022年6月28日（星期二）", "2022-06-28"),             # HKSAR Chinese press release
    ("2019/05/20", "2019-05-20"),
])
def test_closing_date_line_of_a_release(closing, iso):
    text = f"Title of the Release\nThe Government announced today that the scheme would be extended.\n{closing}\n"
    assert meta(text)["date"] == iso


def test_a_date_in_a_sentence_is_not_the_publication_date():
    text = "標題\n今天是2022年6月28日，我們開會討論相關問題，並作出了決定。\n"
    assert "date" not in meta(text)


def test_enumerations_under_a_papers_decimal_outline_are_not_sections():
    text = ("论文题目\n1 中国基础研究的发展\n中国基础研究经历了几个阶段，每个阶段都有不同的特点和任务。\n"
            "（1）起步跟踪阶段。20世纪80年代，中国的科学研究基本上属于跟踪型。\n"
            "（2）数量扩张阶段。20世纪90年代中期，中国学者被鼓励在国际学术期刊发表论文。\n"
            "2 结语\n基础研究是科技强国的根基，需要长期稳定的支持和投入。\n")
    assert headings(text) == [("1 中国基础研究的发展", 1), ("2 结语", 1)]


def test_official_document_title_after_a_long_header_without_title_field():
    text = ("索 引 号：000014349/2018-00221\n主题分类：综合政务\\政务公开\n发文机关：国务院办公厅\n成文日期：2018年12月07日\n"
            "发文字号：国办发〔2018〕123号\n发布日期：2018年12月27日\n主 题 词：\n国务院办公厅关于推进\n政务新媒体健康有序发展的意见\n"
            "国办发〔2018〕123号\n各省、自治区、直辖市人民政府：\n政务新媒体是移动互联网时代党和政府联系群众的重要渠道。\n")
    m = meta(text)
    assert m["title_parts"] == ["国务院办公厅关于推进", "政务新媒体健康有序发展的意见"]
    assert m["publication"] == "国务院办公厅" and m["date"] == "2018-12-27"


@pytest.mark.parametrize("line, names", [
    ("本报记者 王希 申铖", ["王希", "申铖"]),
    ("■本報記者 陳俊華", ["陳俊華"]),
    ("本报记者 王希 通讯员 李四", ["王希", "李四"]),
])
def test_reporter_line_without_colon(line, names):
    text = f"前4个月我国外贸进出口增长\n{line}\n海关总署今天发布数据，前4个月我国货物贸易进出口总值增长。\n"
    assert [a["name"] for a in meta(text)["authors"]] == names


def test_author_note_gives_the_affiliation():
    text = ("区域发展研究\n作者：张三\n本文讨论区域发展的若干问题，并提出政策建议。\n"
            "作者简介：张三，男，博士，中国科学院地理科学与资源研究所研究员，主要从事区域发展研究。\n")
    assert meta(text)["authors"] == [{"name": "张三", "affiliations": ["中国科学院地理科学与资源研究所"]}]


def test_wrapped_lines_make_one_paragraph_block_over_the_unchanged_text():
    line = "Having gone through the turbulent time in early March and the fifth"
    text = "Title Line\n\n" + "\n".join([line, "wave was clearly under control in May with cases falling steadily.",
                                        ""] * 7) + "\n"
    blocks = [b for b in split_blocks(text, 40) if b.kind == "paragraph"]
    assert len(blocks) == 7
    assert text[blocks[0].start:blocks[0].end] == line + "\nwave was clearly under control in May with cases falling steadily."


def test_table_of_contents_and_long_runs_are_not_sections():
    text = ("A Report on Chips\nContents\nIntroduction\nBackground\nPolicy Options\n"
            "Introduction\nThe United States has imposed export controls on advanced chips since 2022.\n"
            "Background\nExport controls have a long history in the semiconductor sector, dating to the 1980s.\n")
    assert headings(text) == [("Introduction", 1), ("Background", 1)]
    listing = "標題\n" + "\n".join(["台北市", "新北市", "桃園市", "台中市", "台南市", "高雄市"]) + (
        "\n以上六個直轄市的人口合計超過全國的一半，是政府施政的重點地區。\n")
    assert headings(listing) == []


@pytest.mark.parametrize("line", ["1. Introduction ........ 3", "第一章 总则……1"])
def test_contents_entries_with_dot_leaders(line):
    text = f"标题\n{line}\n这是一段正文，内容较长，说明相关情况和主要问题，供读者参考和讨论之用。\n"
    assert headings(text) == []


@pytest.mark.parametrize("html, title", [
    ("<html><head><title>新聞稿 | 行政院</title></head><body><p>導覽</p><h1>行政院會通過總預算案</h1>"
     "<p>行政院今日召開院會，通過114年度中央政府總預算案。</p></body></html>", "行政院會通過總預算案"),
    ("<html><head><title>国务院关于加强监管的意见 - 中国政府网</title></head><body>"
     "<p>各省、自治区、直辖市人民政府，国务院各部委：现提出如下意见。</p></body></html>", "国务院关于加强监管的意见"),
    ("<html><head><title>Federal Reserve issues FOMC statement - Federal Reserve Board</title></head><body>"
     "<p>Recent indicators suggest that economic activity has continued to expand.</p></body></html>",
     "Federal Reserve issues FOMC statement"),
])
def test_html_title_from_h1_or_title(html, title):
    from pipeline.config import load_config
    from pipeline.stages.ingest import ingest_text

    doc = ingest_text(html, load_config(), {"path": "page.html"})
    spans = doc.metadata_spans
    found = doc.text_original[spans["title"][0]:spans["title"][1]] if "title" in spans else doc.metadata_values.get("title")
    assert found == title


def test_hard_wrapped_english_title_is_joined():
    body = ("The Committee discussed the economic outlook and the policy options that were\n"
            "available to it, and decided to keep the rate unchanged for the next quarter.\n")
    text = "Minutes of the Meeting of the Monetary Policy Committee of the\nCentral Bank held on March 20, 2025\n" + body * 8
    found = find_title(text.split("\n"))
    assert found is not None and found.lines == [0, 1]


def test_unnumbered_closing_section_is_top_level():
    text = ("标题\n一、总体情况\n这是第一部分的正文，内容较长，说明总体情况和主要问题，供参考。\n（一）具体措施\n"
            "这是具体措施的正文，内容较长，说明措施的安排和要求，供参考。\n结语\n这是结语的正文，内容较长，总结全文的主要观点和建议。\n")
    assert headings(text) == [("一、总体情况", 1), ("（一）具体措施", 2), ("结语", 1)]
