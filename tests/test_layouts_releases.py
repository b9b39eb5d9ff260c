"""Releases and parliamentary answers as classes of layout (issue 14, third pass): Presidential Office news
(date line, headline, the event subtitle, the text), Macao GCS releases with a bracket-credited caption,
Legco written questions and replies (part references, tables, notes under tables), sections right under
a numbered chapter of a hard-wrapped speech. Traditional, Simplified and English where the class exists;
the pages follow the formats as published (president.gov.tw, gcs.gov.mo, the Legco Official Record),
written for the tests, not copied from the corpus."""

from __future__ import annotations

import pytest

from test_structure import headings, meta

# ------------------------------------------------------------------ Presidential Office releases
PRESIDENT_ZH = """114年01月13日
總統接見鳳凰獎楷模　盼共同打造更全方位、更具韌性的防救災體系
總統接見「113年『鳳凰獎』楷模得獎人」
賴清德總統今（13）日上午在總統府接見113年「鳳凰獎」楷模得獎人，感謝所有得獎人守護國人生命財產，為國家、社會、人民全力以赴。
總統致詞時表示，再過幾天，就是「119消防節」，首先他要恭喜各位得獎人獲得消防最高榮譽「鳳凰獎」。
總統指出，每當臺灣遭遇災害的挑戰，全國消防人員都不分彼此，深入災區，全力以赴。
"""

PRESIDENT_GUESTS_ZH = """114年10月10日
總統及副總統接受各國慶賀團致賀雙十國慶
中華民國114年國慶外賓致賀
賴清德總統伉儷偕同蕭美琴副總統今（10）日上午在總統府接受參加國慶活動的各國慶賀團及駐臺使節致賀。
約140餘位外賓上午9時30分前往總統府，依序向總統與副總統握手致賀，總統府秘書長亦在場陪同。
"""

PRESIDENT_NO_OFFICE_ZH = """114年01月21日
副總統親手捏陶及繪製平安龜　邀請國人體驗澎湖在地文化
副總統出席「捏陶龜好運來-手做陶土平安龜活動」
蕭美琴副總統今(21)日下午在澎湖生活博物館參加「捏陶龜好運來-手做陶土平安龜活動」時表示，澎湖有非常豐富的在地文化。
副總統致詞時表示，今天來到澎湖，很高興與明圓幼兒園的小朋友一起動手做「平安龜」。
"""

PRESIDENT_CN = """2025年1月13日
总统接见凤凰奖楷模　盼共同打造更具韧性的防救灾体系
总统接见“113年‘凤凰奖’楷模得奖人”
赖清德总统今（13）日上午在总统府接见113年“凤凰奖”楷模得奖人，感谢所有得奖人守护国人生命财产，为国家、社会、人民全力以赴。
总统致词时表示，再过几天，就是“119消防节”，首先他要恭喜各位得奖人获得消防最高荣誉。
"""

PRESIDENT_EN = """January 13, 2025
President Lai meets Phoenix Award recipients
President Lai meets recipients of the 2024 Phoenix Awards
President Lai Ching-te on the morning of January 13 met with recipients of the 2024 Phoenix Awards at the Presidential Office, thanking them for protecting lives and property.
In remarks, President Lai said that the Fire Fighters' Day is coming up in a few days, and congratulated the recipients.
"""


@pytest.mark.parametrize("text, title, publication, iso", [
    (PRESIDENT_ZH, "總統接見鳳凰獎楷模　盼共同打造更全方位、更具韌性的防救災體系", "總統府", "2025-01-13"),
    (PRESIDENT_GUESTS_ZH, "總統及副總統接受各國慶賀團致賀雙十國慶", "總統府", "2025-10-10"),
    (PRESIDENT_NO_OFFICE_ZH, "副總統親手捏陶及繪製平安龜　邀請國人體驗澎湖在地文化", None, "2025-01-21"),
    (PRESIDENT_CN, "总统接见凤凰奖楷模　盼共同打造更具韧性的防救灾体系", "总统府", "2025-01-13"),
    (PRESIDENT_EN, "President Lai meets Phoenix Award recipients", "Presidential Office", "2025-01-13"),
])
def test_presidential_office_release(text, title, publication, iso):
    """The headline is the title, the event line under it a subtitle (no section), the office named in the
    text the publisher (none when the text does not name it), the ROC date line the date."""
    m = meta(text)
    assert m["title"] == title and m["date"] == iso
    assert m.get("publication") == publication
    assert not m.get("authors")
    assert headings(text) == []


@pytest.mark.parametrize("text, first", [
    ("澳門國際書展開幕\n2026-04-16T12:55:00+08:00\n澳門國際書展匯聚逾百家出版社\n"
     "第二屆澳門國際書展今日開幕，匯聚逾百家本地及海外出版社參展，展期五天，歡迎市民入場。\n"
     "展區介紹\n展場分為兒童館、文學館及設計館，並設有多場作家分享會，歡迎市民參與。\n", "展區介紹"),
    ("两部门部署防汛工作\n国家防总应急管理部部署防汛工作\n国家防总、应急管理部近日召开会议，部署今年汛期各项防汛救灾工作，要求各地压实责任。\n"
     "一、压实责任\n会议要求各地逐级落实防汛责任制，确保责任到人。\n", "一、压实责任"),
    ("Central bank keeps policy rates unchanged\nCentral bank holds policy rates for a third meeting\n"
     "The central bank kept its policy rate unchanged on Thursday, citing moderating inflation and steady growth.\n"
     "Outlook\nThe Board expects inflation to return to its target over the next two years.\n", "Outlook"),
])
def test_a_subtitle_under_the_headline_is_no_section(text, first):
    """Traditional, Simplified and English news and releases: the standfirst right under the headline (or its
    date line), restating it, is a subtitle; the sections further down stay headings."""
    assert [h for h, _ in headings(text)] == [first]


@pytest.mark.parametrize("text, first", [
    ("年度報告\n貢獻者\n2019 年，有 79% 的專案新增超過 2 位貢獻者，50% 的專案新增超過 5 位貢獻者，分布如下。\n", "貢獻者"),
    ("年度报告\n贡献者\n2019 年，有 79% 的项目新增超过 2 位贡献者，50% 的项目新增超过 5 位贡献者，分布如下。\n", "贡献者"),
    ("Monetary Policy Report\nMonetary Policy and Economic Developments\nThe economy expanded at a solid pace in the first half "
     "of the year, and the labor market remained tight.\n", "Monetary Policy and Economic Developments"),
    ("Annual Report\nContributors\nIn 2019, 79% of the projects gained more than two new contributors, as shown below.\n",
     "Contributors"),
])
def test_a_first_section_right_under_the_title_is_no_subtitle(text, first):
    """A line under the title that shares nothing with it opens the first section."""
    assert [h for h, _ in headings(text)] == [first]


def test_introduction_right_under_the_title_is_still_a_section_english():
    text = ("A Framework for Data Governance\nIntroduction\n"
            "Data governance has become a central concern for public agencies and firms alike in recent years.\n"
            "Principles\nThree principles guide the framework proposed in this brief, as set out below.\n")
    assert [h for h, _ in headings(text)] == ["Introduction", "Principles"]


# ------------------------------------------------------------------ Macao GCS releases: captions
@pytest.mark.parametrize("text", [
    "“感受澳門”里斯本路展舉行\n2026-04-16T12:55:00+08:00\n【旅遊局】“感受澳門”里斯本路展宣傳短片\n"
    "大型旅遊推廣活動將於本月在葡萄牙首都里斯本舉行，推廣澳門特區在旅遊、文化及體育等方面的魅力。\n"
    "於里斯本市中心展澳門旅遊魅力\n路展將每天在市中心的步行區舉行，並呈獻精彩舞台表演。\n",
    "两部门部署防汛工作\n【新华社】两部门部署防汛工作视频\n国家防总、应急管理部近日召开会议，部署今年汛期各项防汛救灾工作。\n"
    "压实防汛责任\n会议要求各地逐级落实防汛责任制，确保责任到人。\n",
])
def test_a_bracket_credited_caption_is_no_heading(text):
    found = [h for h, _ in headings(text)]
    assert found and not any(h.startswith("【") for h in found)


# ------------------------------------------------------------------ Legco written questions and replies
LEGCO_NOTES_ZH = """非法砍伐樹木的執法工作
 
22. 某議員：主席，有關針對非法砍伐樹木的執法工作，政府可否告知本會：
 
(一 ) 過去 3個財政年度，涉及非法砍伐樹木的定罪個案數目為何；及
 
(二 ) 每宗的罰款金額為何？
 
 
環境局局長：主席，
 
(一 )及 (二 )
 
 定罪個案資料如下：
 
年度  定罪數字 # 罰款額 (元 )
2010-2011 9 1 500(2)
2011-2012 8 1 200(1)
 
 註：
 
# 以定罪日期為準
 
* 截至 2013年 3月 13日
 
(1) 根據《郊野公園及特別地區規例》第 8(1)條
 
 漁護署根據上述規例作出檢控，署方並無就有關檢控個案結果提出上訴，並會繼續加強巡邏。
"""

LEGCO_PARTS_ZH = """香港國際貨櫃碼頭工潮的影響
 
17. 某議員：主席，就碼頭工潮，政府可否告知本會：
 
(一 ) 當局有否評估工潮造成的下列影響：(i) 工資損失；(ii) 外判商損失；及 (iii) 經濟損失；及
 
(二 ) 當局有何措施防止類似工潮發生？
 
 
勞工及福利局局長：主席，就議員的質詢，現答覆如下：
 
(ii)至 (iii)
 
 由於當局沒有相關資料，難以評估有關企業的損失。至於對香港其他行業的影響，仍有待觀察。
 
 過去 5年，香港港口的貨櫃吞吐量詳列於下表：
 
 2008年  2009年  2010年  2011年  2012年
吞吐量
(百萬標準貨櫃 ) 24.5 21.0 23.7 24.4 23.1
 
 短期來說，工潮會導致貨櫃碼頭的產量未能充分運用，部分貨船因此轉用其他地區的港口。
"""

NOTES_CN = """2024年1-11月全国规模以上工业企业利润
 
全国规模以上工业企业实现利润总额66425.2亿元，比上年同期下降4.7%，降幅比1-10月份收窄。
 
 2022年  2023年  2024年
利润总额  84038.5  76858.3  66425.2
 
注：
 
* 规模以上工业企业的统计范围为年主营业务收入2000万元及以上的工业法人单位。
 
# 增速按可比口径计算。
 
 国家统计局将继续做好工业企业利润统计工作，按时发布数据。
"""

NOTES_EN = """Quarterly Trade Statistics
 
Exports rose for the third quarter in a row, driven by demand for electronic components and machinery.
 
 2022  2023  2024
Exports 1,234 1,456 1,678
 
Notes:
 
# Provisional figures.
 
* Excluding re-exports.
 
The department will publish revised figures in the next quarterly release, together with the annual review.
"""


@pytest.mark.parametrize("text", [LEGCO_NOTES_ZH, LEGCO_PARTS_ZH, NOTES_CN, NOTES_EN])
def test_written_answers_and_statistical_tables_have_no_headings(text):
    """Part references ((一 )及 (二 ), (ii)至 (iii)), table header rows of years, rows of figures and notes under a
    table (# …, * …, (1) …, a "#" note is no Markdown heading either) in a Legco reply (Traditional), an NBS
    release (Simplified) and an English statistical release."""
    assert headings(text) == []


@pytest.mark.parametrize("line", ["(a) and (b)", "(i) to (iii)", "(甲 )及 (乙 )", "(ii)至 (v)", "(一 )、 (三 )及 (四 )"])
def test_reply_part_references_are_never_headings(line):
    from pipeline.stages.headings import is_never_heading

    assert is_never_heading(line)


def test_markdown_heading_outside_notes_still_counts():
    text = "# 一、总体要求\n\n各地区各部门要认真贯彻落实，确保各项工作取得实效，推动高质量发展。\n\n# 二、主要任务\n\n加强统筹协调，形成工作合力。\n"
    assert [h for h, _ in headings(text)] == ["一、总体要求", "二、主要任务"]


# ------------------------------------------------------------------ a section right under a numbered chapter
POLICY_ADDRESS_ZH = """(七 ) 醫療  
 
理念  
 
 香港的醫療系統穩健可靠，醫務人員優秀而專業，為市民提供優
質而又可負擔的醫療服務，成就驕人。  
 
 人口急劇老化，市民對醫療服務需求與日俱增。此外，個別疾病
的患病率增加、醫療科技進步，以及市民期望醫療服務趕上科技的發
展，均導致醫療成本上漲。我們必須從根本着手改革，以確保醫療系
統持續發展。  
 
公私營醫療雙軌並行  
 
 我們應維持公私營醫療雙軌並行，讓公營醫療繼續為市民提供安
全網，而私營醫療則為有能力負擔的市民提供更多選擇。為確保公私
營醫療均衡持續發展，我們應強化公營醫療系統，並提升服務水平和
效益，同時協助私營醫療服務發展，並改善監管制度。  
"""


def test_section_right_under_a_numbered_chapter_of_a_wrapped_speech_traditional():
    """The first section title sits above a hard-wrapped paragraph whose first line is short of the width."""
    assert headings(POLICY_ADDRESS_ZH) == [("(七 ) 醫療", 1), ("理念", 2), ("公私營醫療雙軌並行", 2)]


# ------------------------------------------------------------------ papers: title footnotes, fused section numbers
PAPER_CN = """中国如何成为世界科技创新强国（2015-2050）

*资助项目：高端智库建设项目（20155010298）
**通讯作者
修改稿收到日期：2017年4月20日

胡鞍钢1.2 刘生龙1.2.3 任皓1.2**

1清华大学公共管理学院北京100084
2清华大学国情研究院北京100084
3中国社会科学院数量经济研究所北京100732

摘要建设世界科技创新强国是我国社会主义现代化建设的重要组成部分，文章对我国2015一2050年发展状况进行长期预测。

关键词中国社会主义现代化，世界科技创新强国 DOI 10.16418/j.issn.1000-3045.2017.05.005

2016年5月30日，习近平主席在“科技三会”上发表了主题演讲，首次提出了建设世界科技强国的目标。

12050年中国现代化目标：人均国内生产总值达到中等发达国家水平

2050年，中国实现社会主义现代化目标的含义是什么？对此，有两个重要依据。

2 2050中国科技现代化目标：世界科技创新强国

科技现代化始终是中国社会主义现代化的重要组成部分，是中国现代化的关键所在。

6结语：科技兴则民族兴，科技强则国家强

中国经过近70年的现代化建设，经济、制造业与科技都取得了前所未有的高速发展。

参考文献

1周恩来.周恩来选集下卷.北京：人民出版社，1984:439.
"""


@pytest.mark.parametrize("text", [PAPER_CN, PAPER_CN.replace("国情研究院", "國情研究院").replace("胡鞍钢", "胡鞍鋼")
                                  .replace("刘生龙", "劉生龍").replace("资助项目", "資助項目").replace("通讯作者", "通訊作者")])
def test_paper_authors_below_title_footnotes(text):
    """中国科学院院刊 layout (Simplified; the same in Traditional): funding and correspondence notes between title and
    author line; superscripts flattened to 1.2.3 by the text extraction."""
    m = meta(text)
    assert [a["name"] for a in m["authors"]][1:] == ["刘生龙" if "刘" in text else "劉生龍", "任皓"]
    assert len(m["authors"][1]["affiliations"]) == 3 and m["authors"][0]["affiliations"][0] == "清华大学公共管理学院"
    assert [h for h, _ in headings(text)] == [
        "12050年中国现代化目标：人均国内生产总值达到中等发达国家水平", "2 2050中国科技现代化目标：世界科技创新强国",
        "6结语：科技兴则民族兴，科技强则国家强", "参考文献"]


@pytest.mark.parametrize("line", ["6结语：科技兴则民族兴", "6結語：科技興則民族興", "6 Conclusion: Science and the Nation"])
def test_a_numbered_section_with_a_colon_is_no_field_line(line):
    from pipeline.stages.headings import is_never_heading

    assert not is_never_heading(line)


@pytest.mark.parametrize("line", [
    "8. 范國威議員：主席，政府可否告知本會，過去4年每年及本年 1月",     # Legco question, Traditional
    "發展局局長 (譯文 )：主席，新界豁免管制屋宇",
    "3. 王晨委员：我谈几点意见",                                       # mainland record, Simplified
    "3. MR CHAN KIN-POR (in Cantonese): President, the Government",   # English Hansard
    "SECRETARY FOR DEVELOPMENT: President, the site",
])
def test_speaker_turns_of_a_record_are_never_headings(line):
    from pipeline.stages.headings import is_never_heading

    assert is_never_heading(line)


def test_an_all_caps_english_heading_with_a_colon_stays_possible():
    from pipeline.stages.headings import is_never_heading

    assert not is_never_heading("THE ECONOMY: OUTLOOK FOR 2026")


# ------------------------------------------------------------------ event fields in the text of a release
@pytest.mark.parametrize("text, iso", [
    ("【2026年全民國家安全教育系列活動】無人機匯演明晚9時與公眾見面\n2026-04-17T17:36:00+08:00\n"
     "特區政府將於明天(18日)晚上呈獻無人機匯演公眾專場，透過光影敘事之方式層層遞進，重點展示國家安全教育的核心訊息。\n"
     "日期：2026年4月18日晚上9時\n時長：約10分鐘\n地點：南灣雅文湖畔\n特區政府會透過跨部門機制，密切留意天氣預報。\n", "2026-04-17"),
    ("市科技馆举办科普开放日活动\n2024-05-09 10:00\n"
     "为普及科学知识，市科技馆将于本月举办科普开放日活动，届时将有多场科普讲座和互动体验项目，欢迎市民参加。\n"
     "日期：2024年5月18日\n地点：市科技馆一楼大厅\n活动免费入场，名额有限。\n", "2024-05-09"),
    ("Museum opens new exhibition of landscape paintings\nApril 17, 2026\n"
     "The Museum of Art will open a new exhibition of landscape paintings from the Ming and Qing dynasties next week.\n"
     "Date: April 25, 2026\nVenue: Museum of Art, fourth floor\nAdmission is free.\n", "2026-04-17"),
])
def test_an_event_date_in_the_text_is_not_the_release_date(text, iso):
    """Traditional (Macao GCS notice), Simplified and English: the time stamp under the headline dates the release;
    a 日期： / Date: field after the first paragraph dates the event."""
    assert meta(text)["date"] == iso


# ------------------------------------------------------------------ English agency copy
CNA_EN = """Taiwan's defense budget to exceed 3% of GDP: Lai
04/24/2025 04:32 PM
Taipei, April 24 (CNA) President Lai Ching-te said Thursday that Taiwan's defense budget will exceed 3 percent of GDP, as the government seeks to strengthen its self-defense capabilities.
Lai made the remarks at an event in Taipei, saying the threats facing Taiwan have been increasing.
(By Chen Chun-hua and Ko Lin)
Enditem/ASG
"""

XINHUA_EN = """Xi holds talks with French President Macron in Paris
2024-05-06 22:40:11
PARIS, May 6 (Xinhua) -- Chinese President Xi Jinping held talks with French President Emmanuel Macron in Paris on Monday, as the two countries celebrate the 60th anniversary of diplomatic ties.
Xi said China and France should uphold independence and jointly prevent a new Cold War.
"""


@pytest.mark.parametrize("text, publication, iso, authors", [
    (CNA_EN, "CNA", "2025-04-24", ["Chen Chun-hua", "Ko Lin"]),
    (XINHUA_EN, "Xinhua", "2024-05-06", []),
])
def test_english_agency_datelines(text, publication, iso, authors):
    """English wire copy (the Chinese forms 中央社記者X台北24日電 and 新华社巴黎5月6日电 are tested in test_structure):
    the agency in the dateline is the publication; a US-style date line dates the story."""
    m = meta(text)
    assert m["publication"] == publication and m["date"] == iso
    assert [a["name"] for a in m.get("authors") or []] == authors
    assert headings(text) == []


# ------------------------------------------------------------------ official documents signed by their issuer
@pytest.mark.parametrize("text, publication", [
    ("国务院办公厅关于进一步优化支付服务提升支付便利性的意见\n国办发〔2024〕10号\n各省、自治区、直辖市人民政府：\n"
     "为进一步优化支付服务，经国务院同意，现提出如下意见，请认真贯彻执行，确保各项任务落地见效。\n一、总体要求\n"
     "坚持以人民为中心的发展思想，不断提升支付服务水平。\n国务院办公厅\n2024年3月1日\n（此件公开发布）\n", "国务院办公厅"),
    ("行政院函送114年度中央政府總預算案\n院臺主字第1140000001號\n受文者：立法院\n"
     "檢送114年度中央政府總預算案一份，請查照審議，本案經本院第三九一五次會議通過，敬請立法院早日完成審議。\n"
     "說明：\n一、依預算法第46條規定辦理。\n二、總預算案歲入歲出均較上年度增加，詳如附件。\n"
     "三、請貴院於會期內完成審議。\n行政院\n中華民國114年4月24日\n", "行政院"),
    ("Statement on monetary policy\nThe Committee decided to maintain the target range for the federal funds rate, "
     "and will continue reducing its holdings of Treasury securities as previously announced.\n"
     "Board of Governors of the Federal Reserve System\nJune 18, 2025\n", "Board of Governors of the Federal Reserve System"),
    ("关于举办科普讲座的通知\n各单位：\n为普及科学知识，定于下周举办科普讲座，请各单位组织人员参加，并于周五前报送名单。\n"
     "张三\n2024年3月1日\n", None),  # a person's signature: no publisher
])
def test_an_official_document_signed_by_its_issuer(text, publication):
    """Simplified (State Council), Traditional (Executive Yuan) and English (Federal Reserve): the body signing above
    the closing date published the document."""
    assert meta(text).get("publication") == publication


PAPER_LONG_CN = """科技人才政策助推世界科技强国建设

摘要文章分析了我国国际科技人才出入境政策突破现状，提出了政策建议。

4 建立具有竞争力的科技人才政策体系，加快世界科技强国建设

在英美移民政策持续收紧的态势下，我国应抓住机遇继续突破科技人才政策。

4.3 实施华裔卡制度助力构建海外“科技人才银行”，促进海外华人中的科技人才回流环流

海外华人中的科技人才可以看作是正在积攒利息、等待提取的海外科技人才智慧银行。

4.4推动科技人才职业资格国际认证

推行国际职业资格证书考试认证以及鉴证服务，探索开展科技创新领域专业资格国际认证工作。
"""


PAPER_LONG_TW = """科技人才政策助推世界科技強國建設

摘要文章分析了我國國際科技人才出入境政策突破現狀，提出了政策建議。

4 建立具有競爭力的科技人才政策體系，加快世界科技強國建設

在英美移民政策持續收緊的態勢下，我國應抓住機遇繼續突破科技人才政策。

4.3 實施華裔卡制度助力構建海外「科技人才銀行」，促進海外華人中的科技人才回流環流

海外華人中的科技人才可以看作是正在積攢利息、等待提取的海外科技人才智慧銀行。

4.4推動科技人才職業資格國際認證

推行國際職業資格證書考試認證以及鑑證服務，探索開展科技創新領域專業資格國際認證工作。
"""


@pytest.mark.parametrize("text", [PAPER_LONG_CN, PAPER_LONG_TW])
def test_a_long_decimal_subsection_title_of_a_paper(text):
    """Simplified and Traditional papers: a two-level decimal section title may run past the usual length."""
    assert [(h[:3], level) for h, level in headings(text)] == [("4 建", 1), ("4.3", 2), ("4.4", 2)]


def test_a_long_numbered_clause_is_still_no_heading():
    text = ("工作方案\n一、主要任务\n（1）加强组织领导，确保各项任务落实到位，形成上下联动、部门协同、社会参与的工作合力\n"
            "各地要高度重视，明确责任分工，层层抓好落实，确保取得实效。\n")
    assert [h for h, _ in headings(text)] == ["一、主要任务"]


def test_a_long_decimal_subsection_title_english():
    text = ("Science and Technology Talent Policy\n\nAbstract. This paper analyses the breakthroughs in exit-entry policy "
            "for international talent.\n\n4 Building a Competitive Talent Policy System\n\nUnder tightening immigration "
            "policies in the US and the UK, China should seize the opportunity to reform.\n\n4.3 Implementing an Ethnic "
            "Chinese Card System to Build an Overseas Science and Technology Talent Bank\n\nOverseas Chinese scientists "
            "can be seen as a talent bank that is accumulating interest and waiting to be drawn on.\n")
    assert [level for _, level in headings(text)] == [1, 2]
