"""Metadata of scraped web pages by class of layout (issue 14, fourth pass): skip links, page-and-section
labels and double-spaced portal bars above the headline; date lines with an era name, a bullet, a bracket
or "Published on"; bylines after a slash with the writer's outlet and role, op-ed author marks, closing
reporter lines of broadcasters; publication values cut at the end of the outlet name. Each class in
Traditional, Simplified and English where the class exists in them. The lines are short synthetic ones
written after the formats as published, not copied from any page."""

from __future__ import annotations

import pytest

from pipeline.stages.pagehead import head_date
from test_structure import meta


def names(m: dict) -> list[str]:
    return [a["name"] for a in m.get("authors") or []]


# ------------------------------------------------------------------ furniture above the headline
@pytest.mark.parametrize("text, title", [
    ("跳過導航\n\n行政長官批示設立發言人辦公室\n\n特區公報今(22日)刊登第41/2010號行政長官批示，設立發言人辦公室。\n",
     "行政長官批示設立發言人辦公室"),
    ("跳过导航\n\n行政长官批示设立发言人办公室\n\n特区公报今(22日)刊登行政长官批示，设立发言人办公室。\n",
     "行政长官批示设立发言人办公室"),
    ("Skip to main content\n\nCentral Bank Holds Rates\n\nThe central bank kept its policy rate unchanged on Tuesday.\n",
     "Central Bank Holds Rates"),
])
def test_skip_links_are_not_the_title(text, title):
    assert meta(text)["title"] == title


@pytest.mark.parametrize("text, title", [
    ("01版:要 闻\n02版:要 闻\n\n国务院召开常务会议\n\n新华社北京3月14日电 国务院总理主持召开常务会议。\n", "国务院召开常务会议"),
    ("A2版：焦點\n\n行政院會通過總預算案\n\n行政院會今天通過總預算案，送立法院審議。\n", "行政院會通過總預算案"),
])
def test_page_and_section_labels_are_not_the_title(text, title):
    assert meta(text)["title"] == title


@pytest.mark.parametrize("text, title", [
    ("新聞  部落格  u值媒  NBA台灣  網站總覽\n夏王會 促兩岸交流正常化\n特派記者王小明/北京報導\n\n國民黨副主席一行十日抵達北京，展開訪問行程。\n",
     "夏王會 促兩岸交流正常化"),
    ("首页  时政  财经  科技  English\n央行保持流动性合理充裕\n\n中国人民银行货币政策委员会例会于近日在北京召开。\n",
     "央行保持流动性合理充裕"),
    ("News  Sport  Business  Culture\nFed Holds Rates Steady\n\nThe Federal Reserve kept its policy rate unchanged.\n",
     "Fed Holds Rates Steady"),
    ("研究论文 本期目录 | 过刊浏览 | 高级检索 |\n面向文献的知识发现方法\n张三，李四\n南京大学信息管理学院 南京 210023\n"
     "摘要 本研究提出一种知识发现方法。\n", "面向文献的知识发现方法"),
])
def test_portal_bars_with_double_spaces_or_a_closing_bar(text, title):
    assert meta(text)["title"] == title


@pytest.mark.parametrize("label", ["Policy Brief - Quarterly Journal: International Security", "Issue Brief | Technology"])
def test_document_type_label_with_its_series_is_not_the_title_english(label):
    text = f"{label}\n\nExaggerating the Cyber Threat\n\nInformation technology has generated tremendous wealth for millions.\n"
    assert meta(text)["title"] == "Exaggerating the Cyber Threat"


@pytest.mark.parametrize("text, title", [
    ("本頁位置: 首頁新聞中心國內新聞\n    訪華團問題多 晚宴成“發布會”\n2009年09月27日 22:24 來源:中國新聞網\n\n"
     "來自五十三個國家的記者二十七日晚來到北京參加晚宴。\n", "訪華團問題多 晚宴成“發布會”"),
    ("本页位置: 首页新闻中心国内新闻\n访华团问题多\n2009年09月27日 22:24 来源:中国新闻网\n\n来自五十三个国家的记者来到北京参加晚宴。\n",
     "访华团问题多"),
])
def test_position_bar_above_the_headline(text, title):
    assert meta(text)["title"] == title


# ------------------------------------------------------------------ date lines
@pytest.mark.parametrize("line, iso", [
    ("中華民國91年3月19日星期二", "2002-03-19"),
    ("中华民国91年3月19日星期二", "2002-03-19"),
    ("2023年03月15日 第07版:国内", "2023-03-15"),
    ("( 2019-10-12 ) 稿件来源:新华每日电讯", "2019-10-12"),
    ("- 2025年08月31日", "2025-08-31"),
    ("| May 2015", "2015-05"),
    ("Published on May 1, 2010", "2010-05-01"),
])
def test_head_date_forms(line, iso):
    assert head_date(line).date == iso


def test_era_dated_page_under_a_navigation_bar_traditional():
    text = ("今日新聞 社論 評論 專題報導 自由廣場 回首頁\n中華民國91年3月19日星期二\n\n開放晶圓廠登陸 這不是矛盾嗎?\n\n"
            "以子之矛，攻子之盾的寓言，大家耳熟能詳。\n")
    m = meta(text)
    assert (m["title"], m["date"]) == ("開放晶圓廠登陸 這不是矛盾嗎?", "2002-03-19")


@pytest.mark.parametrize("text, iso", [
    ("行政長官委任行政會發言人\n\n澳門快訊 | 發佈時間: 2025/01/08 | 來源: 新聞局\n\n行政長官委任行政會委員擔任發言人。\n", "2025-01-08"),
    ("行政长官委任行政会发言人\n\n澳门快讯 | 发布时间: 2025/01/08 | 来源: 新闻局\n\n行政长官委任行政会委员担任发言人。\n", "2025-01-08"),
])
def test_info_bar_release_time_with_either_bu(text, iso):
    assert meta(text)["date"] == iso


# ------------------------------------------------------------------ bylines
@pytest.mark.parametrize("text, author, publication", [
    ("英國政治為何反覆橫跳？\n\n【文/觀察者網專欄作者 余小鵬】\n\n12月16日，英國政府批准了收購計劃。\n", "余小鵬", "觀察者網"),
    ("英国政治为何反复横跳？\n\n【文/观察者网专栏作者 余小鹏】\n\n12月16日，英国政府批准了收购计划。\n", "余小鹏", "观察者网"),
])
def test_slash_credit_with_the_writers_outlet_and_role(text, author, publication):
    m = meta(text)
    assert (names(m), m["publication"]) == ([author], publication)


@pytest.mark.parametrize("text, author, affiliation", [
    ("中產焦慮從何而來\n文 | 熊小寒（復旦大學國際關係與公共事務學院）\n拼團豪車、經營人設，近日引發軒然大波。\n", "熊小寒", "復旦大學國際關係與公共事務學院"),
    ("中产焦虑从何而来\n文 | 熊小寒（复旦大学国际关系与公共事务学院）\n拼团豪车、经营人设，近日引发轩然大波。\n", "熊小寒", "复旦大学国际关系与公共事务学院"),
])
def test_slash_credit_keeps_the_bracketed_institution(text, author, affiliation):
    m = meta(text)
    assert m["authors"] == [{"name": author, "affiliations": [affiliation]}]


@pytest.mark.parametrize("text, author, publication", [
    ("專訪立法會前主席：眼光更進一步\n\n《等深線》記者 周小征 北京報導\n\n3月17日下午，北京飯店的行政酒廊沐浴在暖陽裡。\n", "周小征", "等深線"),
    ("专访立法会前主席：眼光更进一步\n\n《财经》记者 王小五 上海报道\n\n3月17日下午，上海的会议室里坐满了人。\n", "王小五", "财经"),
])
def test_reporter_line_with_a_quoted_outlet_and_the_place(text, author, publication):
    m = meta(text)
    assert (names(m), m["publication"]) == ([author], publication)


@pytest.mark.parametrize("text, author", [
    ("許正宇：特區政府爬坡三年\n\n財經事務及庫務局局長形容，過去三年工作是爬坡的三年。\n\n他說，香港吸引到家族辦公室落戶。\n\n記者羅小皓報道。\n",
     ["羅小皓"]),
    ("许正宇：特区政府爬坡三年\n\n财经事务及库务局局长形容，过去三年工作是爬坡的三年。\n\n他说，香港吸引到家族办公室落户。\n\n记者罗小皓、李小明报道。\n",
     ["罗小皓", "李小明"]),
])
def test_closing_reporter_line_of_broadcast_stories(text, author):
    assert names(meta(text)) == author


@pytest.mark.parametrize("text, author", [
    ("開放晶圓廠登陸 這不是矛盾嗎?\n\n☉張國財\n\n以子之矛，攻子之盾的寓言，大家耳熟能詳。\n", "張國財"),
    ("开放晶圆厂登陆 这不是矛盾吗?\n\n◎ 张国财\n\n以子之矛，攻子之盾的寓言，大家耳熟能详。\n", "张国财"),
])
def test_op_ed_author_mark(text, author):
    assert names(meta(text)) == [author]


@pytest.mark.parametrize("line, people", [
    ("作者：董金瑋、周岩 等", ["董金瑋", "周岩"]),
    ("作者：董金玮、周岩 等", ["董金玮", "周岩"]),
])
def test_and_others_is_not_an_author(line, people):
    text = f"地球大數據支撐可持續發展研究\n\n{line}\n\n聯合國可持續發展議程旨在解決多方面的複雜挑戰。\n"
    assert names(meta(text)) == people


# ------------------------------------------------------------------ publication values
@pytest.mark.parametrize("bar, publication", [
    ("2009年09月27日 22:24 來源:中國新聞網 發表評論  【字體:↑大 ↓小", "中國新聞網"),
    ("2009年09月27日 22:24 来源:中国新闻网 发表评论  【字体:↑大 ↓小", "中国新闻网"),
    ("澳門快訊 | 發佈時間: 2025/01/08 | 來源: 新聞局(GCS)", "新聞局"),
])
def test_source_value_ends_with_the_outlet_name(bar, publication):
    text = f"訪華記者團晚宴\n{bar}\n\n來自五十三個國家的記者來到北京參加晚宴。\n"
    assert meta(text)["publication"] == publication


@pytest.mark.parametrize("source", ["用户上传", "用戶上傳", "網絡", "Internet"])
def test_source_that_names_no_publisher(source):
    text = f"中国农村金融发展70年\n\n来源:{source}      作者:李泉 张涛\n\n农村金融是促进农村经济持续协调发展的重要活动。\n"
    m = meta(text)
    assert m.get("publication") is None and names(m) == ["李泉", "张涛"]


@pytest.mark.parametrize("text, publication", [
    ("懲處爭議 社長：應盡量保護國家元首\n[Newtalk新聞]\n美國雜誌日前刊登學者投書，通訊社引述外交部回應報導。\n", "Newtalk新聞"),
    ("中環酒店晚餐後走數 被捕男子獲准保釋\n【有線新聞】在中環一間酒店飯局走數被捕的男子，獲准保釋。\n", "有線新聞"),
    ("中环酒店晚餐后走数 被捕男子获准保释\n【有线新闻】在中环一间酒店饭局走数被捕的男子，获准保释。\n", "有线新闻"),
])
def test_bracketed_outlet_credit(text, publication):
    assert meta(text)["publication"] == publication


@pytest.mark.parametrize("line, publication", [
    ("人民网北京5月14日电 今年6月15日，是报纸创刊纪念日。", "人民网"),
    ("人民網北京5月14日電 今年6月15日，是報紙創刊紀念日。", "人民網"),
])
def test_portal_dateline_names_the_portal(line, publication):
    assert meta(f"高级记者做客演播室\n{line}\n以下是访谈文字实录。\n")["publication"] == publication


# ------------------------------------------------------------------ English writers
def test_byline_with_outlet_and_role_english():
    text = ("China focus: Chinese city gets back on its bike\n\nBy Xinhua writers Sun Jinxia and Wu Qi\n\n"
            "HANGZHOU, May 1 (Xinhua) - In China's bustling cities, rush hours are nightmares for office workers.\n")
    m = meta(text)
    assert (names(m), m["publication"]) == (["Sun Jinxia", "Wu Qi"], "Xinhua")


def test_name_position_institution_lines_english():
    text = ("China's Monetary Conundrum\n\nAndrew Sheng, Distinguished Fellow at the Asia Global Institute\n"
            "Doug Bandow, Senior Fellow, Cato Institute\nJun 06, 2017\n\n"
            "July 1, 2017, will mark the 20th anniversary of Hong Kong's return to China after a century of rule.\n")
    m = meta(text)
    assert m["authors"] == [{"name": "Andrew Sheng", "affiliations": ["Asia Global Institute"]},
                            {"name": "Doug Bandow", "affiliations": ["Cato Institute"]}]
    assert m["date"] == "2017-06-06"


def test_author_label_over_a_bulleted_name_english():
    text = ("Policy Brief - Quarterly Journal: International Security\n\nExaggerating the Cyber Threat\n\n    Author:\n"
            "  • Jon R. Lindsay\n| May 2015\n\nInformation technology has generated tremendous wealth and innovation for millions.\n")
    m = meta(text)
    assert (m["title"], names(m), m["date"]) == ("Exaggerating the Cyber Threat", ["Jon R. Lindsay"], "2015-05")


# ------------------------------------------------------------------ papers
@pytest.mark.parametrize("text, expected", [
    ("數字科研環境下的信息資源建設\n鄭 婧 張紅麗\n(中國醫學科學院北京協和醫院 北京 100730) (國家開放大學圖書館 北京 100039)\n"
     "分析數字科研環境的新特點及科研用戶的知識需求特點，闡述信息資源建設方向。\n",
     [["中國醫學科學院北京協和醫院"], ["國家開放大學圖書館"]]),
    ("数字科研环境下的信息资源建设\n郑 婧 张红丽\n（中国医学科学院北京协和医院 北京 100730） （国家开放大学图书馆 北京 100039）\n"
     "分析数字科研环境的新特点及科研用户的知识需求特点，阐述信息资源建设方向。\n",
     [["中国医学科学院北京协和医院"], ["国家开放大学图书馆"]]),
])
def test_one_bracketed_unit_per_author_in_order(text, expected):
    assert [a["affiliations"] for a in meta(text)["authors"]] == expected


@pytest.mark.parametrize("line, publication, year", [
    ("数据分析与知识发现  2023, Vol. 7 Issue (1): 113-127", "数据分析与知识发现", "2023"),
    ("數據分析與知識發現  2023, Vol. 7 Issue (1): 113-127", "數據分析與知識發現", "2023"),
    ("Journal of Data Science 2021, Vol. 19 Issue (2): 20-35", "Journal of Data Science", "2021"),
])
def test_journal_issue_line_names_journal_and_year(line, publication, year):
    text = (f"{line}\n面向被引片段识别的改进混合方法\n聂维民，欧石燕\n南京大学信息管理学院 南京 210023\n"
            "摘要 两阶段混合方法存在无监督排序可靠性较低的问题。\n")
    m = meta(text)
    assert (m["publication"], m["date"], m["title"]) == (publication, year, "面向被引片段识别的改进混合方法")


@pytest.mark.parametrize("text, title", [
    ("聯合電子報\n2023/02/11 第8072期 | 訂閱/退訂 | 看歷史報份\n今日頭條\n夏王會 促兩岸交流正常化\n特派記者王小明/北京報導\n\n"
     "國民黨副主席一行十日抵達北京，展開訪問行程。\n", "夏王會 促兩岸交流正常化"),
    ("经济日报电子报\n2023/02/11 第120期 | 往期回顾\n今日头条\n两岸交流正常化\n\n国民党副主席一行十日抵达北京，展开访问行程。\n",
     "两岸交流正常化"),
])
def test_e_mailed_edition_head(text, title):
    assert meta(text)["title"] == title


# ------------------------------------------------------------------ blog and portal heads (second sample of pages)
@pytest.mark.parametrize("text, expected", [
    ("台灣醒報\n\n採訪活動的臨機應變\n\n呂小禾 2024/12/17 20:13 點閱 318 次\n\n通常在上班前，一天大概會寫哪些稿會有一定的輪廓。\n",
     ("採訪活動的臨機應變", ["呂小禾"], "台灣醒報", "2024-12-17")),
    ("台湾醒报\n\n采访活动的临机应变\n\n吕小禾 2024-12-17 20:13 阅读 318\n\n通常在上班前，一天大概会写哪些稿会有一定的轮廓。\n",
     ("采访活动的临机应变", ["吕小禾"], "台湾醒报", "2024-12-17")),
])
def test_short_masthead_and_name_date_views_line(text, expected):
    m = meta(text)
    assert (m["title"], names(m), m["publication"], m["date"]) == expected


@pytest.mark.parametrize("text, title, publication", [
    ("立場新聞 Stand News\n\n無休止即時新聞 — 從記者會反思媒體生態\n\n2016/6/22 — 18:39\n\n店長六月十六日傍晚舉行記者會，講述經過。\n",
     "無休止即時新聞 — 從記者會反思媒體生態", "立場新聞"),
    ("立场新闻 Stand News\n\n无休止即时新闻 — 从记者会反思媒体生态\n\n2016/6/22 — 18:39\n\n店长六月十六日傍晚举行记者会，讲述经过。\n",
     "无休止即时新闻 — 从记者会反思媒体生态", "立场新闻"),
])
def test_masthead_with_english_name_keeps_the_dash_in_the_headline(text, title, publication):
    m = meta(text)
    assert (m["title"], m["publication"], m["date"]) == (title, publication, "2016-06-22")


@pytest.mark.parametrize("text, title", [
    ("• 我的订阅\n  • 社会\n\n新闻可以不独家，但不能不独到\n\n类别:社会 发布时间:2024-04-02 07:40:00 来源:每日看点\n\n"
     "今年全国两会，是我第二次作为上会记者参与采访报道。\n", "新闻可以不独家，但不能不独到"),
    ("• 我的訂閱\n  • 社會\n\n新聞可以不獨家，但不能不獨到\n\n類別:社會 發布時間:2024-04-02 07:40:00 來源:每日看點\n\n"
     "今年全國兩會，是我第二次作為上會記者參與採訪報道。\n", "新聞可以不獨家，但不能不獨到"),
    ("HeadlineNews\n\nGovernment Launches Ministerial Press Briefings\n\nThe government has launched a series of press briefings.\n",
     "Government Launches Ministerial Press Briefings"),
    ("Sunday, May 26\n\nMinister says statement drafting is finished\n\nThe minister announced after the meeting that drafting is finished.\n",
     "Minister says statement drafting is finished"),
])
def test_menu_items_channel_labels_and_yearless_dates_above_the_headline(text, title):
    assert meta(text)["title"] == title


@pytest.mark.parametrize("text", ["记者节快乐\n\n1分钟，可能是一条微博从无到有的时间。\n", "記者會直擊\n\n店長舉行記者會，講述經過。\n",
                                  "记者团抵达北京\n\n来自五十三个国家的记者来到北京。\n"])
def test_words_that_start_with_jizhe_are_no_credit(text):
    assert names(meta(text)) == []


def test_prepared_by_body_without_the_trailing_preposition_english():
    text = ("Statement at the Security Council\n\nThank you, President, for your remarks today.\n\n"
            "We all have a role to play in reversing this trend.\n\nThe statement was issued by the Foreign Office on 30 May 2024.\n")
    assert meta(text)["publication"] == "Foreign Office"


@pytest.mark.parametrize("text, publication", [
    ("跳到主要內容\n:::\n新聞與活動\n總統府新聞\n114年01月13日\n總統接見鳳凰獎楷模\n總統今(13)日上午接見得獎人，感謝得獎人守護國人生命財產。\n", "總統府"),
    ("跳到主要内容\n:::\n新闻与活动\n总统府新闻\n114年01月13日\n总统接见凤凰奖楷模\n总统今(13)日上午接见得奖人，感谢得奖人守护国人生命财产。\n", "总统府"),
])
def test_a_bodys_news_section_names_the_body(text, publication):
    # a Chinese-only class (the English site prints "News" under the office's own masthead)
    m = meta(text)
    assert (m["publication"], m["title"][:2]) == (publication, text.split("\n")[5][:2])


# ------------------------------------------------------------------ portal reposts (third sample of pages)
@pytest.mark.parametrize("text, publication, iso", [
    ("上海證券報 2013-11-18 08:48:50\n滬深300指數期貨于2010年4月16日上市，三年半來市場健康成長。\n", "上海證券報", "2013-11-18"),
    ("每日经济新闻 2023-09-06 22:32:51\n如果2017年是量化的冬天，那么2023年就是量化的夏天。\n", "每日经济新闻", "2023-09-06"),
])
def test_outlet_then_date_head_line(text, publication, iso):
    m = meta(text)
    assert (m["publication"], m["date"]) == (publication, iso)


@pytest.mark.parametrize("line, people, editor", [
    ("每經記者 李娜 王海慜 每經編輯 彭水萍", ["李娜", "王海慜"], "彭水萍"),
    ("每经记者 李娜 王海慜 每经编辑 彭水萍", ["李娜", "王海慜"], "彭水萍"),
])
def test_reporter_line_closed_by_an_editor_credit(line, people, editor):
    m = meta(f"量化的夏天\n{line}\n有公募基金經理在量化平臺上如此感嘆。\n")
    assert (names(m), m["editor"]["name"]) == (people, editor)


@pytest.mark.parametrize("line, org", [
    ("(报告出品方/作者:东吴证券,李勇,徐津晶)", "东吴证券"),
    ("(報告出品方/作者:東吳證券,李勇,徐津晶)", "東吳證券"),
])
def test_institution_before_an_author_list_is_their_affiliation(line, org):
    m = meta(f"绿色债券的融资激励\n2023-02-01 13:01:30 来源:未来智库\n{line}\n我们通过复盘2021年绿色债券的发行情况展开分析。\n")
    assert [a["affiliations"] for a in m["authors"]] == [[org], [org]] and names(m)[0] == "李勇"


def test_slash_role_byline_and_english_paper_masthead():
    text = ("Firms cutting back China operations\n\nTaipei Times\nDate: Oct 06, 2020\nBy: Crystal Hsu / Staff reporter\n\n"
            "Most Taiwanese firms in China plan to cut back their operations or put off investment, a survey found.\n")
    m = meta(text)
    assert (names(m), m["publication"], m["date"]) == (["Crystal Hsu"], "Taipei Times", "2020-10-06")


# ------------------------------------------------------------------ government speech pages (fourth sample of pages)
@pytest.mark.parametrize("text, title", [
    ("Press Release\n\n Email this articleGovernment Homepage\n\nCE speaks at HKSAR anniversary reception\n\n**********\n\n"
     "    Following is the speech by the Chief Executive at the reception this morning (July 1):\n", "CE speaks at HKSAR anniversary reception"),
    ("繁體版 簡體版 電郵本文 政府首頁\n行政長官國慶酒會致辭(附圖/短片)\n*****\n  以下是行政長官今日出席國慶酒會致辭:\n", "行政長官國慶酒會致辭(附圖/短片)"),
    ("繁体版 简体版 电邮本文 政府首页\n行政长官国庆酒会致辞(附图/短片)\n*****\n  以下是行政长官今日出席国庆酒会致辞:\n", "行政长官国庆酒会致辞(附图/短片)"),
])
def test_utility_bar_above_a_release_title(text, title):
    assert meta(text)["title"] == title


@pytest.mark.parametrize("text, title", [
    ("首頁 -> 頭條\n\n通說: 特首向全球讀者致新年祝福\n\n2023-01-02 13:12 | 稿件來源:香港新聞網\n\n特首向全球讀者致新年祝福。\n", "通說: 特首向全球讀者致新年祝福"),
    ("首页 -> 头条\n\n通说: 特首向全球读者致新年祝福\n\n2023-01-02 13:12 | 稿件来源:香港新闻网\n\n特首向全球读者致新年祝福。\n", "通说: 特首向全球读者致新年祝福"),
    ("Home → News\n\nChief Executive sends New Year greetings\n\nThe Chief Executive sent New Year greetings to readers.\n", "Chief Executive sends New Year greetings"),
])
def test_arrow_breadcrumb_above_the_headline(text, title):
    assert meta(text)["title"] == title
