"""Metadata and headings of whole pages by class of real layout (issue 14, second pass): news portals,
agency copy, newspapers, government releases (TW, HK, Macao), papers, parliamentary questions, English
briefs, CRS reports and central-bank releases — each class in Traditional, Simplified and English where
the class exists in them. The pages are written from the formats as published (masthead, info bar,
dateline, credits, closing stamp), not copied from the corpus."""

from __future__ import annotations

import pytest

from pipeline.stages.dates import parse_any_date
from pipeline.stages.pagehead import citation, head_date, is_author_position, is_masthead
from test_structure import headings, meta


def names(m: dict) -> list[str]:
    return [a["name"] for a in m.get("authors") or []]


# ------------------------------------------------------------------ news portals and papers
CHINANEWS = """前4个月我国货物贸易进出口同比增长5.7%
2024年05月09日 15:32 来源：中国新闻网
中新网北京5月9日电 (记者 李金磊)中国海关总署9日发布数据显示，今年前4个月，我国货物贸易进出口总值13.81万亿元人民币。
其中，出口7.81万亿元，增长4.9%；进口6万亿元，增长6.8%。
(完)
【编辑:彭佳兵】
"""

SINA = """首页>财经>正文
央行：保持流动性合理充裕
2023年12月21日 18:05 证券时报
海量资讯、精准解读，尽在新浪财经APP
证券时报记者 贺觉渊
中国人民银行货币政策委员会2023年第四季度例会于近日在北京召开。会议分析了国内外经济金融形势。
一、关于当前经济形势
会议指出，当前外部环境更趋复杂严峻，国内经济持续回升向好的基础还不稳固。
二、关于下一阶段政策取向
会议强调，要加大宏观政策调控力度，精准有效实施稳健的货币政策。
责任编辑：张靖笛
"""

PEOPLES_DAILY = """人民日报
2024年03月06日 第 02 版
高质量发展迈出坚实步伐
本报记者 王浩 刘温馨
今年的政府工作报告回顾了过去一年的工作，各项目标任务全面完成，经济回升向好。
代表委员们认为，高质量发展是新时代的硬道理，要把推动高质量发展作为首要任务。
《 人民日报 》（ 2024年03月06日 02 版）
（责编：袁勃、赵欣悦）
"""

CNA = """賴清德：國防預算將達GDP 3% 強化台灣防衛韌性
2025/04/24 16:32（4/24 17:05 更新）
（中央社記者陳俊華台北24日電）總統賴清德今天出席活動時表示，政府將持續強化國防，國防預算將逐年增加。
賴清德指出，台灣面對的威脅日益增加，必須展現自我防衛的決心。
（編輯：林克倫、蘇龍麒）1140424
"""

UDN_INFO_BAR = """經濟部公布最新外銷訂單統計
2025/04/21 10:05 來源：經濟日報 記者：王小明／台北報導
經濟部今天公布3月外銷訂單金額為515億美元，年增12.5%，連續12個月正成長。
經濟部統計處表示，人工智慧及高效能運算需求持續強勁。
"""

PORTAL_INFO_BAR = """前4个月我国外贸进出口增长
发布时间：2024-05-09 10:21:32 | 来源：人民网 | 作者：张三、李四
海关总署今天发布数据，前4个月我国货物贸易进出口总值增长，外贸延续向好态势。
责任编辑：彭佳兵 校对：王某
"""


def test_chinanews_page_simplified():
    m = meta(CHINANEWS)
    assert m["title"] == "前4个月我国货物贸易进出口同比增长5.7%"
    assert names(m) == ["李金磊"] and m["editor"]["name"] == "彭佳兵"
    assert m["publication"] == "中国新闻网" and m["date"] == "2024-05-09"  # the page's source field wins
    assert headings(CHINANEWS) == []


def test_portal_repost_with_breadcrumb_ad_and_reporter_line_simplified():
    m = meta(SINA)
    assert m["title"] == "央行：保持流动性合理充裕"
    assert names(m) == ["贺觉渊"] and m["editor"]["name"] == "张靖笛"
    assert m["publication"] == "证券时报" and m["date"] == "2023-12-21"  # the source on the date line, not the portal
    assert headings(SINA) == [("一、关于当前经济形势", 1), ("二、关于下一阶段政策取向", 1)]


def test_newspaper_masthead_page_line_and_citation_simplified():
    m = meta(PEOPLES_DAILY)
    assert m["title"] == "高质量发展迈出坚实步伐"
    assert names(m) == ["王浩", "刘温馨"] and m["editor"]["name"] == "袁勃、赵欣悦"
    assert m["publication"] == "人民日报" and m["date"] == "2024-03-06"
    assert headings(PEOPLES_DAILY) == []  # neither the masthead nor the reporter line


def test_cna_page_with_update_stamp_traditional():
    m = meta(CNA)
    assert names(m) == ["陳俊華"] and m["publication"] == "中央社" and m["date"] == "2025-04-24"
    assert headings(CNA) == []  # the date-time line is no heading


def test_info_bar_with_several_fields_traditional_and_simplified():
    m = meta(UDN_INFO_BAR)
    assert names(m) == ["王小明"] and m["publication"] == "經濟日報" and m["date"] == "2025-04-21"
    m = meta(PORTAL_INFO_BAR)
    assert names(m) == ["张三", "李四"] and m["publication"] == "人民网" and m["date"] == "2024-05-09"
    assert m["editor"]["name"] == "彭佳兵"


@pytest.mark.parametrize("line, reporters", [
    ("（中央社記者林克倫華盛頓23日專電）美國總統今天表示，將與盟友協調。", ["林克倫"]),
    ("（中央社記者陳俊華、溫貴香台北24日電）行政院今天通過預算案。", ["陳俊華", "溫貴香"]),
    ("中新网客户端北京5月9日电 (记者 李金磊)海关总署9日发布数据。", ["李金磊"]),
    ("新华社乌鲁木齐3月5日电（记者 王希 申铖）自治区政府工作报告提出。", ["王希", "申铖"]),
    ("本报讯（记者 张三 通讯员 李四）昨天，市政府召开新闻发布会，介绍有关情况。", ["张三", "李四"]),
])
def test_agency_and_paper_datelines(line, reporters):
    assert names(meta(f"標題一則\n{line}\n第二段正文，說明相關情況。\n")) == reporters


def test_agency_dateline_without_reporter_names_the_agency_simplified():
    m = meta("美方宣布新关税措施\n（中央社华盛顿23日综合外电报导）美国政府今天宣布新的关税措施，引发各方关注。\n")
    assert m["publication"] == "中央社" and not m.get("authors")


# ------------------------------------------------------------------ government releases
TW_MINISTRY = """財政部公布114年3月海關進出口貿易統計
發布日期：114-04-09
發稿單位：統計處
新聞聯絡人：李小華 科長
聯絡電話：02-2322-8000
財政部今（9）日公布，114年3月出口值為410.5億美元，較上年同月增加18.6%。
一、出口方面
3月出口主要受惠於人工智慧等新興科技應用需求強勁，資通與視聽產品出口創歷年單月新高。
二、進口方面
3月進口值為342.6億美元，增加20.1%，其中農工原料進口增加15.3%。
"""

MACAO_GCS = """澳門特別行政區政府新聞局
經濟財政司司長出席粵澳合作聯席會議
2024-04-24 18:30
經濟財政司司長李偉農今（24）日出席在廣州舉行的粵澳合作聯席會議，雙方就合作區建設等議題交換意見。
李偉農表示，特區政府將繼續與廣東省加強合作，推動琴澳一體化發展。
"""

HK_PR_ZH = """立法會十四題：公共屋邨的保安
＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊
　　以下是今日（四月十七日）在立法會會議上鄧家彪議員的提問和房屋局局長何永賢的書面答覆：

問題：

　　有公屋居民反映，部分屋邨的保安服務質素參差。就此，政府可否告知本會：

答覆：

主席：

　　就鄧家彪議員的提問，現答覆如下：過去三年，房委會共接獲約1 200宗有關保安服務的投訴。

完

2024年4月17日（星期三）
香港時間15時30分
"""

HK_PR_EN = """LCQ14: Security of public housing estates
******************************************
     Following is a question by the Hon Tang Ka-piu and a written reply by the Secretary for Housing, Ms Winnie Ho, in the Legislative Council today (April 17):

Question:

     Some public housing residents have relayed that the quality of security services in some estates varies.

Reply:

President,

     In the past three years, the Housing Authority received about 1 200 complaints about security services.

Ends/Wednesday, April 17, 2024
Issued at HKT 15:30

NNNN
"""


def test_taiwan_ministry_release_traditional():
    m = meta(TW_MINISTRY)
    assert m["title"] == "財政部公布114年3月海關進出口貿易統計"
    assert m["date"] == "2025-04-09" and m["publication"] == "財政部"  # ROC date field; the body opening
    assert not m.get("authors")  # the press contact is no author
    assert headings(TW_MINISTRY) == [("一、出口方面", 1), ("二、進口方面", 1)]


def test_release_without_credits_names_its_issuer_as_subject_traditional():
    text = ("雲端管理電子發票安全可靠又便利\n財政部為達節能減碳，改善企業會計作業流程，推動電子發票，並設立整合服務平台。\n"
            "財政部表示，已要求營業人採用高規格的熱感紙列印紙本電子發票。\n財政部呼籲全民共同支持此項政策。\n")
    assert meta(text)["publication"] == "財政部"


def test_macao_release_with_masthead_traditional():
    m = meta(MACAO_GCS)
    assert m["title"] == "經濟財政司司長出席粵澳合作聯席會議"
    assert m["publication"] == "澳門特別行政區政府新聞局" and m["date"] == "2024-04-24"
    assert headings(MACAO_GCS) == []


@pytest.mark.parametrize("text, publication", [
    ("旅遊局舉辦澳門美食推廣活動\n2026-04-16T12:55:00+08:00\n【旅遊局】澳門美食推廣活動宣傳短片\n"
     "旅遊局將於本月在里斯本舉辦美食推廣活動，推廣澳門旅遊。\n", "旅遊局"),            # Macao release, Traditional
    ("两部门部署防汛工作\n【新华社】记者从应急管理部获悉，两部门近日部署防汛工作。\n会议要求各地压实责任。\n", "新华社"),
    ("两部门部署防汛工作\n【编辑：王某】\n会议要求各地压实责任，做好防汛准备工作。\n", None),  # an editor, no issuer
])
def test_a_leading_bracket_credit_names_the_issuer(text, publication):
    assert meta(text).get("publication") == publication


@pytest.mark.parametrize("text, title, iso", [
    (HK_PR_ZH, "立法會十四題：公共屋邨的保安", "2024-04-17"),
    (HK_PR_EN, "LCQ14: Security of public housing estates", "2024-04-17"),
])
def test_hksar_press_releases_traditional_and_english(text, title, iso):
    m = meta(text)
    assert m["title"] == title and m["date"] == iso
    assert not m.get("authors")  # the questioner and the replying official are speakers, not authors (§10)
    assert headings(text) == []  # 問題/答覆, Question/Reply are Q&A labels


def test_central_bank_release_with_date_field_traditional():
    text = ("新聞稿\n中央銀行理監事聯席會議決議\n日期：114年3月20日\n新聞稿編號：第114006號\n一、國際經濟金融情勢\n"
            "今年以來，全球經濟維持溫和成長，惟美國關稅政策不確定性升高。\n二、國內經濟金融情勢\n國內物價漲幅趨緩，經濟穩健成長。\n")
    m = meta(text)
    assert m["title"] == "中央銀行理監事聯席會議決議" and m["date"] == "2025-03-20"
    assert m.get("publication") is None  # 新聞稿 is a document type, not an outlet
    assert headings(text) == [("一、國際經濟金融情勢", 1), ("二、國內經濟金融情勢", 1)]


# ------------------------------------------------------------------ papers
REVIEW = """中国科学院院刊
数字货币研究综述
姚 前1 汤莹玮2
（1. 中国人民银行数字货币研究所，北京 100032；2. 中国社会科学院大学，北京 102488）
摘要 数字货币是金融科技发展的前沿领域。文章系统梳理了数字货币的研究进展。
关键词 数字货币；区块链；央行数字货币
DOI 10.16418/j.issn.1000-3045.20210301001
中图分类号 F830 文献标识码 A
1 引言
近年来，数字货币受到各国中央银行和学术界的广泛关注，相关研究成果不断涌现。
2 数字货币的研究现状
2.1 理论研究
学者们从货币理论角度对数字货币的性质进行了深入讨论，形成了多种观点。
图1 数字货币研究文献数量
图2 主要研究机构分布
2.2 技术研究
区块链、分布式账本等技术为数字货币提供了技术基础，研究持续深入。
3 数字货币的未来研究趋势
未来的研究将更加关注数字货币对货币政策和金融稳定的影响。
参考文献
1 姚前. 法定数字货币的经济效应分析. 改革, 2019, (1): 25-27.
"""


def test_review_paper_simplified():
    m = meta(REVIEW)
    assert m["title"] == "数字货币研究综述" and m["publication"] == "中国科学院院刊"
    assert [(a["name"].replace(" ", ""), a["affiliations"]) for a in m["authors"]] == [
        ("姚前", ["中国人民银行数字货币研究所"]), ("汤莹玮", ["中国社会科学院大学"])]
    assert headings(REVIEW) == [("1 引言", 1), ("2 数字货币的研究现状", 1), ("2.1 理论研究", 2), ("2.2 技术研究", 2),
                                ("3 数字货币的未来研究趋势", 1), ("参考文献", 1)]  # no DOI, 中图分类号 or caption


def test_paper_with_superscript_marks_traditional():
    text = ("數位貨幣研究綜述\n姚前¹ 湯瑩瑋²\n¹ 中國人民銀行數字貨幣研究所，北京 100032\n² 中國社會科學院大學，北京 102488\n"
            "摘要 數字貨幣是金融科技發展的前沿領域。\n")
    assert [(a["name"], a["affiliations"]) for a in meta(text)["authors"]] == [
        ("姚前", ["中國人民銀行數字貨幣研究所"]), ("湯瑩瑋", ["中國社會科學院大學"])]


# ------------------------------------------------------------------ English briefs, CRS, central banks
CSET = """MARCH 2021
China's Progress in Semiconductor Manufacturing Equipment:
Accelerants and Policy Implications
CSET Policy Brief
AUTHORS
Will Hunt
Saif M. Khan
Dahlia Peterson
Executive Summary
China is seeking to develop its own semiconductor manufacturing equipment industry, and has made progress.
Introduction
Semiconductor manufacturing equipment is a critical chokepoint in the global semiconductor supply chain.
Will Hunt is a research analyst at the Center for Security and Emerging Technology (CSET).
"""

CRS = """Congressional Research Service
Informing the legislative debate since 1914
Updated March 3, 2021
The Federal Reserve's Response to COVID-19
Marc Labonte
Specialist in Macroeconomic Policy
The Federal Reserve has taken a number of steps since March 2020 to respond to the economic effects of COVID-19.
Monetary Policy
The Fed lowered the federal funds rate to a range of 0% to 0.25% on March 15, 2020.
Lending Facilities
The Fed created several emergency lending facilities under Section 13(3) of the Federal Reserve Act.
"""


def test_think_tank_brief_cover_english():
    m = meta(CSET)
    assert m["title_parts"] == ["China's Progress in Semiconductor Manufacturing Equipment:",
                                "Accelerants and Policy Implications"]  # joined after the colon
    assert names(m) == ["Will Hunt", "Saif M. Khan", "Dahlia Peterson"] and m["date"] == "2021-03"
    assert m["authors"][0]["affiliations"] == ["Center for Security and Emerging Technology"]
    assert headings(CSET) == [("Executive Summary", 1), ("Introduction", 1)]


def test_crs_cover_with_author_position_english():
    m = meta(CRS)
    assert m["title"] == "The Federal Reserve's Response to COVID-19"
    assert m["publication"] == "Congressional Research Service" and m["date"] == "2021-03-03"
    assert names(m) == ["Marc Labonte"]
    assert headings(CRS) == [("Monetary Policy", 1), ("Lending Facilities", 1)]


def test_crs_author_information_block_at_the_end_english():
    text = CRS.replace("Marc Labonte\nSpecialist in Macroeconomic Policy\n", "") + (
        "Author Information\nMarc Labonte\nSpecialist in Macroeconomic Policy\nAndrew P. Scott\nAnalyst in Financial Economics\n")
    assert names(meta(text)) == ["Marc Labonte", "Andrew P. Scott"]


def test_central_bank_press_release_english():
    text = ("Press Release\nFederal Reserve issues FOMC statement\nFor release at 2:00 p.m. EDT June 18, 2025\n"
            "Recent indicators suggest that economic activity has continued to expand at a solid pace.\n")
    m = meta(text)
    assert m["title"] == "Federal Reserve issues FOMC statement" and m["date"] == "2025-06-18"


def test_wrapped_title_ending_on_a_function_word_english_and_chinese():
    m = meta("Minutes of the Board Meeting of the\nCentral Bank of the Republic of China (Taiwan)\nMarch 20, 2025\n"
             "The Board met today and decided to keep the policy rates unchanged.\n")
    assert m["title_parts"] == ["Minutes of the Board Meeting of the", "Central Bank of the Republic of China (Taiwan)"]
    m = meta("关于推进政务新媒体健康有序发展的\n若干意见\n2018年12月27日\n政务新媒体是移动互联网时代的重要渠道，是加快转变政府职能的重要手段。\n")
    assert m["title_parts"] == ["关于推进政务新媒体健康有序发展的", "若干意见"]


def test_column_footer_names_where_it_appeared_traditional_and_english():
    m = meta("樓市減辣後的觀察\n文：林本利\n政府全面撤銷樓市辣招，市場反應熱烈。\n本文原載於筆者的 am730專欄\n")
    assert names(m) == ["林本利"] and m["publication"] == "am730"
    assert ("本文原載於筆者的 am730專欄", 1) not in headings("標題\n正文一句。\n本文原載於筆者的 am730專欄\n")
    m = meta("Why Supply Chains Matter\nBy Jane Doe\nSupply chains came under strain during the pandemic.\n"
             "This article was originally published in Foreign Affairs.\n")
    assert m["publication"] == "Foreign Affairs"


# ------------------------------------------------------------------ page-head lines and dates
@pytest.mark.parametrize("line, iso, source", [
    ("2024年05月09日 15:32 来源：中国新闻网", "2024-05-09", "中国新闻网"),
    ("2023年12月21日 18:05 证券时报", "2023-12-21", "证券时报"),
    ("2025/04/24 16:32（4/24 17:05 更新）", "2025-04-24", None),
    ("發布日期：114-04-09", "2025-04-09", None),
    ("時間：中華民國114年3月20日（星期四）下午2時", "2025-03-20", None),
    ("Updated March 3, 2021", "2021-03-03", None),
    ("MARCH 2021", "2021-03", None),
    ("December 21, 2023 Source: Reuters", "2023-12-21", "Reuters"),
])
def test_head_date_lines(line, iso, source):
    found = head_date(line)
    assert found is not None and found.date == iso
    assert (line[found.source[0]:found.source[1]] if found.source else None) == source


@pytest.mark.parametrize("line", ["2024年3月国民经济运行情况", "May 2024 Report", "2019年初以来的变化"])
def test_a_headline_that_starts_with_a_date_is_no_date_line(line):
    assert head_date(line) is None


@pytest.mark.parametrize("text, iso", [("114-04-09", "2025-04-09"), ("114/4/9", "2025-04-09"), ("1140424", "2025-04-24"),
                                       ("民國114年4月24日", "2025-04-24"), ("2025-04-24", "2025-04-24")])
def test_roc_numeric_dates(text, iso):
    assert parse_any_date(text) == iso


@pytest.mark.parametrize("line, outlet", [("人民日报", True), ("澳門特別行政區政府新聞局", True), ("香港特區政府新聞公報", True),
                                          ("Congressional Research Service", True), ("新聞稿", False), ("日报", False),
                                          ("The Role of the Central Bank", False), ("发展基础", False)])
def test_mastheads(line, outlet):
    assert is_masthead(line) is outlet


def test_citation_line_and_author_positions():
    assert citation("《 人民日报 》（ 2024年03月06日 02 版）")[1] == "2024-03-06"
    assert is_author_position("Specialist in Macroeconomic Policy") and is_author_position("Analyst in Financial Economics")
    assert not is_author_position("Monetary Policy")


@pytest.mark.parametrize("line", [
    "DOI 10.16418/j.issn.1000-3045.20210301001", "中图分类号 F830 文献标识码 A", "中圖分類號 F830", "本报记者 王浩 刘温馨",
    "證券時報記者 賀覺淵", "Specialist in Macroeconomic Policy", "人民日报", "2025/04/24 16:32（4/24 17:05 更新）",
    "首页>财经>正文", "【字体：大 中 小】", "Press Release", "新聞稿",
])
def test_page_furniture_is_never_a_heading(line):
    text = f"標題\n{line}\n這是一段正文，內容較長，說明相關情況和主要問題，供讀者參考和討論之用。\n"
    assert line not in [h for h, _ in headings(text)]


# ------------------------------------------------------------------ hard-wrapped minutes (PDF exports)
FOMC_MINUTES = """Minutes of the Federal Open Market Committee
June 17-18, 2025
A joint meeting of the Federal Open Market Committee and the Board of
Governors of the Federal Reserve System was held in the offices of the
Board of Governors on Tuesday, June 17, 2025, at 10:00 a.m. and
continued on Wednesday, June 18, 2025, at 9:00 a.m.
Developments in Financial Markets and Open Market Operations
The manager turned first to a review of developments in financial
markets over the intermeeting period.
Staff Review of the Economic Situation
The information available at the time of the meeting suggested that real
GDP had increased at a solid pace.
Committee Policy Actions
Members agreed that the statement for this meeting would indicate that
economic activity had continued to expand.
Release Date: July 9, 2025
"""

CBC_MINUTES = """中央銀行新聞稿
中央銀行第21屆理事會第8次理監事聯席會議
議事錄
日期：114年3月20日
一、國際經濟金融情勢
去年12月本行理監事會後，全球經濟維持溫和成長，惟美國關稅政策不
確定性升高，影響全球貿易及投資，全球經濟前景不確定性增加。主要經
濟體央行貨幣政策走向分歧，國際金融市場波動加劇。
二、國內經濟金融情勢
（一）經濟成長
國內需求穩健，本行預測今年經濟成長率為3.05%，民間消費及投資穩定
擴張，所得成長帶動內需動能持續增強，就業市場情勢亦維持穩定。
（二）物價
國內物價漲幅趨緩，本行預測今年CPI年增率為1.89%，核心CPI年增率為
1.81%，能源價格下跌及先前供給衝擊的效果逐漸消退。
三、本行貨幣政策決議
本行重貼現率、擔保放款融通利率及短期融通利率分別維持年息2%、2.375%及
4.25%。
"""

CBC_RELEASE_EN = """Press Release
Central Bank of the Republic of China (Taiwan)
Minutes of the Board Meeting of the Central Bank of the Republic of
China (Taiwan), 1st Quarter 2025
March 20, 2025
I. Global Economic and Financial Conditions
Since the previous Board meeting in December 2024, global economic growth has remained moderate.
II. Domestic Economic and Financial Conditions
A. Economic Growth
Domestic demand has remained solid, and the Bank forecasts that the economy will grow by 3.05%.
B. Inflation
Inflation has eased, and the Bank expects the CPI annual growth rate to be 1.89% this year.
"""


def test_hard_wrapped_minutes_english():
    m = meta(FOMC_MINUTES)
    assert m["title"] == "Minutes of the Federal Open Market Committee" and m["date"] == "2025-07-09"
    assert headings(FOMC_MINUTES) == [("Developments in Financial Markets and Open Market Operations", 1),
                                      ("Staff Review of the Economic Situation", 1), ("Committee Policy Actions", 1)]


def test_hard_wrapped_minutes_with_a_two_line_title_traditional():
    m = meta(CBC_MINUTES)
    assert m["title_parts"] == ["中央銀行第21屆理事會第8次理監事聯席會議", "議事錄"]  # the whole title, not cut short
    assert m["publication"] == "中央銀行" and m["date"] == "2025-03-20" and not m.get("authors")
    assert headings(CBC_MINUTES) == [("一、國際經濟金融情勢", 1), ("二、國內經濟金融情勢", 1), ("（一）經濟成長", 2),
                                     ("（二）物價", 2), ("三、本行貨幣政策決議", 1)]  # no wrapped line


def test_central_bank_masthead_and_broken_title_english():
    m = meta(CBC_RELEASE_EN)
    assert m["publication"] == "Central Bank of the Republic of China (Taiwan)" and m["date"] == "2025-03-20"
    assert m["title_parts"] == ["Minutes of the Board Meeting of the Central Bank of the Republic of",
                                "China (Taiwan), 1st Quarter 2025"]
    assert headings(CBC_RELEASE_EN) == [("I. Global Economic and Financial Conditions", 1),
                                        ("II. Domestic Economic and Financial Conditions", 1), ("A. Economic Growth", 2),
                                        ("B. Inflation", 2)]


@pytest.mark.parametrize("line", ["June 17-18, 2025", "17–18 June 2025", "2025年6月17日至18日"])
def test_meeting_date_ranges_are_never_headings(line):
    assert line not in [h for h, _ in headings(f"Minutes of the Meeting\n{line}\nThe Committee met and discussed the outlook for the economy.\n")]


# ------------------------------------------------------------------ more credit and title forms
@pytest.mark.parametrize("text, title", [
    ("美国经济会陷入衰退吗？\n2024年05月09日 15:32 来源：中国新闻网\n市场对美国经济前景的担忧再度升温，多项指标走弱。\n", "美国经济会陷入衰退吗？"),
    ("央行還會再升息嗎？\n2025/03/20 16:32\n市場關注央行今天的理監事會決議，多數分析師預期利率不變。\n", "央行還會再升息嗎？"),
    ("Will the Fed Cut Rates Again?\nDecember 21, 2023\nMarkets expect the Federal Reserve to lower its policy rate next year.\n",
     "Will the Fed Cut Rates Again?"),
])
def test_question_headlines_are_titles(text, title):
    assert meta(text)["title"] == title


@pytest.mark.parametrize("line, reporters", [("文 | 王小明", ["王小明"]), ("作者丨李四", ["李四"]), ("文／張三、李四", ["張三", "李四"])])
def test_credits_with_a_bar_or_slash(line, reporters):
    assert names(meta(f"開放資料的下一步\n{line}\n這次活動有超過百位參與者，討論了開放資料與公民科技的各種議題。\n")) == reporters


@pytest.mark.parametrize("closing, holder", [
    ("© 2021 by the Center for Security and Emerging Technology. This work is licensed under a Creative Commons license.",
     "Center for Security and Emerging Technology"),
    ("版權所有 © 香港特別行政區政府", "香港特別行政區政府"),
    ("版权所有：中华人民共和国财政部", "中华人民共和国财政部"),
])
def test_copyright_holder_is_the_last_resort_publisher(closing, holder):
    text = f"A Report Title\nThe report discusses the policy options available to the government this year.\n{closing}\n"
    assert meta(text)["publication"] == holder


def test_a_stated_source_wins_over_the_copyright_line_simplified():
    text = "标题一则\n来源：经济日报\n正文第一段，说明有关情况和主要问题。\n版权所有：中国经济网\n"
    assert meta(text)["publication"] == "经济日报"


def test_english_parts_chapters_and_sections_number_the_outline():
    text = ("A Long Report on Trade\nPart I: Background\nThis part reviews the history of the trade relationship in detail.\n"
            "Chapter 1. Early Agreements\nThe first agreements were signed in the 1950s and covered few goods.\n"
            "Section 2: Tariff Schedules\nThe schedules list the tariff for each product line in the agreement.\n"
            "Part II: Options\nCongress may consider several options, including new legislation.\n")
    assert headings(text) == [("Part I: Background", 1), ("Chapter 1. Early Agreements", 2),
                              ("Section 2: Tariff Schedules", 3), ("Part II: Options", 1)]


def test_arabic_numbers_with_a_closing_bracket_simplified_and_traditional():
    text = ("工作要点\n一、加强监管\n各地要加强对相关行业的监管，落实主体责任，确保措施到位。\n1) 完善制度\n建立健全相关制度，明确各方责任和工作流程。\n"
            "2) 強化執法\n加大執法力度，依法查處違法違規行為，維護市場秩序。\n")
    assert headings(text) == [("一、加强监管", 1), ("1) 完善制度", 2), ("2) 強化執法", 2)]


def test_title_over_three_lines_english():
    m = meta("Minutes of the Monetary Policy Meeting of the\nBoard of Directors of the Central Bank of the\n"
             "Republic of China (Taiwan)\nMarch 20, 2025\nThe Board met today and decided to keep the policy rates unchanged.\n")
    assert m["title_parts"] == ["Minutes of the Monetary Policy Meeting of the",
                                "Board of Directors of the Central Bank of the", "Republic of China (Taiwan)"]
    assert m["date"] == "2025-03-20"


@pytest.mark.parametrize("line, expected", [
    ("作者：张三（中国人民大学）、李四（北京大学）", [("张三", ["中国人民大学"]), ("李四", ["北京大学"])]),
    ("作者：王小明（國立臺灣大學）", [("王小明", ["國立臺灣大學"])]),
])
def test_author_credit_with_bracketed_institutions(line, expected):
    m = meta(f"标题一则\n{line}\n正文第一段，说明有关情况和主要问题，供读者参考。\n")
    assert [(a["name"], a["affiliations"]) for a in m["authors"]] == expected


@pytest.mark.parametrize("text, iso", [("二○二五年四月二十四日", "2025-04-24"), ("２０２５年４月２４日", "2025-04-24"),
                                       ("２０２５／０４／２４", "2025-04-24")])
def test_typed_zero_and_full_width_dates(text, iso):
    assert parse_any_date(text) == iso and head_date(text).date == iso


def test_english_legco_running_header():
    m = meta("Title of the Record\nThe Council met today and discussed the bill in detail.\nLEGISLATIVE COUNCIL ─ 17 April 2013\n")
    assert m["publication"] == "LEGISLATIVE COUNCIL" and m["date"] == "2013-04-17"


def test_authors_block_ends_at_a_section_title_before_short_lines_english():
    text = ("A Title of the Brief\nAUTHORS\nWill Hunt\nSaif M. Khan\nDahlia Peterson\nExecutive Summary\n"
            "China is seeking to develop.\nIt has made progress.\n")
    assert names(meta(text)) == ["Will Hunt", "Saif M. Khan", "Dahlia Peterson"]


@pytest.mark.parametrize("text", [
    "年度报告\n贡献者\n2019 年，有 79% 的项目新增超过 2 位贡献者，50% 的项目新增超过 5 位贡献者，具体分布情况如下：\n5-10 人\t29%\n",
    "年度報告\n貢獻者\n2019 年，有 79% 的專案新增超過 2 位貢獻者，50% 的專案新增超過 5 位貢獻者，具體分布情況如下：\n5-10 人\t29%\n",
])
def test_a_long_sentence_ending_on_a_colon_is_the_section_text(text):
    assert [h for h, _ in headings(text)] == [text.split("\n")[1]]


@pytest.mark.parametrize("header", ["Bulletin of Chinese Academy of Sciences", "Journal of Geographical Sciences",
                                    "第32卷 第5期 中國科學院院刊"])
def test_journal_running_header_is_not_the_title(header):
    text = (f"{header}\n數字貨幣研究綜述\n姚前1 湯瑩瑋2\n1 中國人民銀行數字貨幣研究所，北京 100032\n"
            "2 中國社會科學院大學，北京 102488\n摘要 數字貨幣是金融科技發展的前沿領域。\n")
    assert meta(text)["title"] == "數字貨幣研究綜述"


@pytest.mark.parametrize("text, title", [
    ("新浪首页 新闻 体育 财经 娱乐 科技\n登录 注册\n新浪财经\n首页>财经>正文\n央行：保持流动性合理充裕\n2023年12月21日 18:05 证券时报\n"
     "中国人民银行货币政策委员会2023年第四季度例会于近日在北京召开。\n", "央行：保持流动性合理充裕"),
    ("首頁 即時 政治 國際 兩岸 產經\n登入｜註冊\n賴清德：國防預算將達GDP 3%\n2025/04/24 16:32\n"
     "（中央社記者陳俊華台北24日電）總統賴清德今天表示，政府將持續強化國防。\n", "賴清德：國防預算將達GDP 3%"),
    ("Home | News | Business | Markets | Opinion\nFed Holds Rates Steady\nJune 18, 2025\n"
     "The Federal Reserve kept its policy rate unchanged on Wednesday.\n", "Fed Holds Rates Steady"),
])
def test_navigation_bars_above_the_headline(text, title):
    assert meta(text)["title"] == title
