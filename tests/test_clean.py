"""Clean stage: the seed's seven insertions go and nothing else; modes; protection; invariants."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import opencc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.config import load_config
from pipeline.document import Document
from pipeline.noise.lexicon import LexiconError, read_lexicon
from pipeline.stages.clean import clean

FIXTURES = Path(__file__).parent / "fixtures" / "noise"
SEED = (FIXTURES / "seed_simplified.txt").read_text(encoding="utf-8")
EXPECTED = [  # (token, context the token sits in)
    ("瑜伽场地", "为导向,瑜伽场地在高分子"),
    ("小树屋", "镍氧小树屋化物"),
    ("九宫格", "终九宫格端"),
    ("交流", "持续交流性的投入"),
    ("教学场地", "企业教学场地和下游"),
    ("讲座", "等讲座激励措施"),
    ("小树屋", "新质小树屋生产力"),
]
LEXICON_TOKENS = ["瑜伽场地", "小树屋", "九宫格", "教学场地", "交流", "讲座"]


def paragraphs(name: str) -> list[str]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


SIMPLIFIED = paragraphs("wiki_simplified_sample.jsonl")
TRADITIONAL_T2S = [opencc.OpenCC("t2s").convert(t) for t in paragraphs("wiki_traditional_sample.jsonl")]


def run(text: str, **overrides) -> Document:
    config = load_config(overrides={f"clean.{k}": v for k, v in overrides.items()})
    doc = Document(text_original=text, config=config)
    doc.text_simplified = text
    clean(doc)
    return doc


@pytest.fixture(scope="module")
def seed_doc() -> Document:
    return run(SEED)


def test_seed_exactly_the_seven_removals(seed_doc):
    got = [(r.token, r.start) for r in seed_doc.noise]
    assert len(got) == 7, got
    for (token, context), removal in zip(EXPECTED, seed_doc.noise):
        assert removal.token == token
        at = SEED.index(context)
        assert at <= removal.start < removal.end <= at + len(context)
        assert SEED[removal.start:removal.end] == token


def test_seed_clean_text(seed_doc):
    text = seed_doc.text
    assert len(text) == len(SEED) - sum(len(t) for t, _ in EXPECTED)
    for word in ("终端", "持续性的投入", "镍氧化物", "新质生产力。", "等激励措施", "企业和下游", "为导向,在高分子"):
        assert word in text
    assert "鼓励材料高技术人才交往交流" in text
    for token in ("瑜伽场地", "小树屋", "九宫格", "教学场地", "讲座"):
        assert token not in text


def test_seed_records_carry_evidence(seed_doc):
    for removal in seed_doc.noise:
        assert removal.reason == "lexicon"
        assert isinstance(removal.score, float)
        if removal.detail["policy"] == "contextual":  # judged: the evidence is recorded
            assert removal.score > 0 and "word_lr" in removal.detail["evidence"]
        else:
            assert removal.detail["policy"] == "always" and removal.score == 1.0
    grounds = {r.token: r.detail["grounds"] for r in seed_doc.noise if r.detail["policy"] == "contextual"}
    # 终九宫格端 and 持续交流性: removal rejoins the split word; 等讲座激励措施: the seed holds always-tokens
    assert grounds == {"九宫格": ["fusion", "polluted"], "交流": ["fusion", "polluted"], "讲座": ["polluted"]}
    kept = [c for c in seed_doc.noise_candidates if c.token == "交流"]
    assert kept and SEED[kept[0].start - 2:kept[0].end] == "交往交流"


def test_seed_through_the_convert_stage():
    """The same seven removals on the lead's own conversion of the Traditional seed."""
    convert = pytest.importorskip("pipeline.stages.convert")
    original = Path(__file__).parent / "fixtures" / "seed" / "000_c7325925ba10cb96.txt"
    if not original.exists() or not hasattr(convert, "to_simplified"):
        pytest.skip("convert stage or seed fixture not available")
    from pipeline.config import RESOURCES_DIR

    simplified = convert.to_simplified(original.read_text(encoding="utf-8"), "t2s",
                                       RESOURCES_DIR / "convert" / "overrides.tsv")[0]
    doc = run(simplified)
    assert [r.token for r in doc.noise] == [t for t, _ in EXPECTED]
    assert "鼓励材料高技术人才交往交流" in doc.text


def test_alignment_maps_clean_back_to_simplified(seed_doc):
    align = seed_doc.clean_alignment
    assert align.src_length == len(SEED) and align.dst_length == len(seed_doc.text)
    for i, char in enumerate(seed_doc.text):
        s, e = align.dst_to_src(i, i + 1)
        assert SEED[s:e] == char


def test_flag_mode_keeps_text_and_reports(seed_doc):
    doc = run(SEED, mode="flag")
    assert doc.text == SEED and doc.noise == []
    flagged = [c for c in doc.noise_candidates if c.detail.get("would_remove")]
    assert [(c.token, c.start) for c in flagged] == [(r.token, r.start) for r in seed_doc.noise]
    assert doc.clean_alignment.dst_to_src(5, 9) == (5, 9)


def test_off_mode_is_identity():
    doc = run(SEED, mode="off")
    assert doc.text == SEED and doc.noise == [] and doc.noise_candidates == []


def test_unknown_mode_is_an_error():
    with pytest.raises(ValueError, match="clean.mode"):
        run("文本", mode="delete")


@pytest.mark.parametrize("text", SIMPLIFIED + TRADITIONAL_T2S)
def test_clean_paragraphs_lose_nothing(text):
    doc = run(text)
    assert doc.text == text, [r.token for r in doc.noise]


def _custom_lexicon(tmp_path: Path, rows: str) -> str:
    path = tmp_path / "lexicon.tsv"
    path.write_text("token\tpolicy\tnote\n" + rows, encoding="utf-8")
    return str(path)


def test_protected_spans_are_never_touched(tmp_path):
    lexicon = _custom_lexicon(tmp_path, "亿元\talways\tfigure unit\n中山\talways\tgazetteer name\nab\talways\tlatin\n")
    doc = run("收入约2.2万亿元，中山大学的xaby和中ab文。", lexicon=lexicon)
    assert doc.text == "收入约2.2万亿元，中山大学的xaby和中文。"
    assert [r.token for r in doc.noise] == ["ab"]
    assert {c.token for c in doc.noise_candidates} >= {"亿元", "中山"}


def test_always_policy_removes_and_contextual_judges(tmp_path):
    lexicon = _custom_lexicon(tmp_path, "小树屋\talways\t\n交流\tcontextual\t\n")
    doc = run("鼓励材料高技术人才交往交流小树屋,结合产业发展需求。持续交流性的投入。", lexicon=lexicon)
    assert [r.token for r in doc.noise] == ["小树屋", "交流"]
    assert doc.text == "鼓励材料高技术人才交往交流,结合产业发展需求。持续性的投入。"


def test_lexicon_file_errors(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("token\tpolicy\n交流\tsometimes\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="bad.tsv:2"):
        read_lexicon(path)


def test_builtin_lexicon_policies():
    from pipeline.config import RESOURCES_DIR

    entries = {e.token: e.policy for e in read_lexicon(RESOURCES_DIR / "noise" / "lexicon.tsv")}
    assert set(LEXICON_TOKENS) <= set(entries)
    assert entries["交流"] == "contextual" and entries["小树屋"] == "always"


# ----------------------------------------------------------------------------- properties
insertions = st.lists(st.tuples(st.sampled_from(LEXICON_TOKENS), st.floats(0, 1)), max_size=4)


def _inject(text: str, items: list[tuple[str, float]]) -> str:
    for token, where in items:
        pos = int(where * len(text))
        text = text[:pos] + token + text[pos:]
    return text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=st.sampled_from(SIMPLIFIED + TRADITIONAL_T2S), items=insertions)
def test_cleaning_is_idempotent(base, items):
    once = run(_inject(base, items))
    twice = run(once.text)
    assert twice.noise == [] and twice.text == once.text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=st.sampled_from(SIMPLIFIED + TRADITIONAL_T2S), items=insertions)
def test_alignment_keeps_every_character(base, items):
    text = _inject(base, items)
    doc = run(text)
    removed = sorted((r.start, r.end) for r in doc.noise)
    for (s1, e1), (s2, _e2) in zip(removed, removed[1:]):
        assert e1 <= s2
    for i, char in enumerate(doc.text):
        s, e = doc.clean_alignment.dst_to_src(i, i + 1)
        assert e == s + 1 and text[s] == char
        assert not any(a <= s < b for a, b in removed)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=st.sampled_from(SIMPLIFIED + TRADITIONAL_T2S), items=insertions)
def test_flag_mode_never_changes_text(base, items):
    text = _inject(base, items)
    doc = run(text, mode="flag")
    assert doc.text == text and doc.noise == []


def test_nested_insertions_are_all_removed():
    text = "终端"
    for _ in range(4):  # each insertion lands inside the previous one: 瑜伽瑜伽…场地场地
        mid = len(text) // 2
        text = text[:mid] + "瑜伽场地" + text[mid:]
    doc = run("拥有大量" + text + "龙头企业。")
    assert doc.text == "拥有大量终端龙头企业。"
    assert run(doc.text).noise == []


def test_repeated_contextual_token_is_idempotent():
    """Topic evidence reaches far: a removal changes how a distant copy of the token is judged."""
    base = SIMPLIFIED[0]
    text = _inject(base, [("交流", 1.0), ("交流", 0.5)])
    once = run(text)
    assert run(once.text).noise == []


# ----------------------------------------------------------------------------- strong evidence (issue 16)
def _lexicon_removals(text: str, **overrides) -> tuple[list, list]:
    doc = run(text, **overrides)
    return ([r for r in doc.noise if r.reason == "lexicon"],
            [c for c in doc.noise_candidates if c.reason == "lexicon"])


@pytest.mark.parametrize("text", [
    "建立建制性交流研讨机制，推动科学交流中的合作。",  # a real paper (Simplified): the words were genuine
    opencc.OpenCC("t2s").convert("建立建制性交流研討機制，推動科學交流中的合作。"),  # the same in Traditional
    "该校与MIT开展学术交流，并举办讲座。",  # English names inside Chinese text
    "市、参与招聘交流会等形式，分批举办讲座。",  # 交流会 is a word: rejoining 招聘会 is no evidence
])
def test_contextual_word_without_strong_evidence_is_only_flagged(text):
    removed, flagged = _lexicon_removals(text)
    assert removed == []
    assert {c.token for c in flagged} <= {"交流", "讲座"}
    for c in flagged:
        assert "grounds" in c.detail and c.detail["grounds"] == []


def test_fusion_is_strong_evidence_in_both_scripts():
    for text in ("科研经费持续交流性的投入。", opencc.OpenCC("t2s").convert("科研經費持續交流性的投入。")):
        removed, _ = _lexicon_removals(text)
        assert [(r.token, r.detail["grounds"]) for r in removed] == [("交流", ["fusion"])]
        assert removed[0].score > 0 and removed[0].detail["evidence"]["fusion"] == 1.0


def test_a_polluted_document_is_evidence_for_its_contextual_tokens():
    sentence = "政府出台了人才补贴、住房保障等讲座激励措施。"
    removed, flagged = _lexicon_removals(sentence)
    assert removed == [] and flagged[0].detail.get("held") == "no strong evidence"
    removed, _ = _lexicon_removals("新质小树屋生产力。" + sentence)
    assert [r.token for r in removed] == ["小树屋", "讲座"]
    assert removed[1].detail["grounds"] == ["polluted"]


def test_batch_policy_is_its_own_evidence(tmp_path):
    lexicon = _custom_lexicon(tmp_path, "讲座\tbatch\tnoise discover\n")
    removed, _ = _lexicon_removals("政府出台了人才补贴、住房保障等讲座激励措施。", lexicon=lexicon)
    assert [(r.token, r.detail["grounds"]) for r in removed] == [("讲座", ["batch"])]


def test_spam_run_ground_is_adjacency_to_removed_spam():
    import numpy as np

    from pipeline.noise.engine import grounds

    taken = np.zeros(12, dtype=bool)
    taken[2:5] = True  # spam removed at 2..5
    assert grounds("contextual", {}, 5, 7, taken, set(), False) == ["spam_run"]
    assert grounds("contextual", {}, 0, 2, taken, set(), False) == ["spam_run"]
    assert grounds("contextual", {}, 8, 10, taken, {10}, False) == ["spam_run"]  # junction of an earlier pass
    assert grounds("contextual", {}, 7, 9, taken, set(), False) == []
    assert grounds("contextual", {"fusion": 1.0, "compound": -13.2}, 7, 9, taken, set(), True) == ["polluted"]


def test_grounds_can_be_switched_off():
    removed, _ = _lexicon_removals("建立建制性交流研讨机制。", contextual_grounds=False)
    assert [r.token for r in removed] == ["交流"]  # the old, score-only judge


def test_a_fusion_removal_shows_the_document_polluted_before_and_after_it():
    """持续交流性 rejoins 持续性: the document is shown to hold injected spam, which is evidence for a
    contextual token judged earlier in the text as well as later (Simplified and Traditional)."""
    before = "政府出台了人才补贴、住房保障等讲座激励措施。"
    fused = "科研经费持续交流性的投入。"
    for text in (before + fused, opencc.OpenCC("t2s").convert("政府出臺了人才補貼、住房保障等講座激勵措施。科研經費持續交流性的投入。")):
        removed, _ = _lexicon_removals(text)
        assert [(r.token, r.detail["grounds"]) for r in removed] == [("讲座", ["polluted"]), ("交流", ["fusion"])]
        removed, flagged = _lexicon_removals(text, fusion_pollutes=False)
        assert [r.token for r in removed] == ["交流"] and [c.token for c in flagged] == ["讲座"]


def test_an_injected_twin_does_not_vouch_for_the_other():
    """Spam is often injected more than once into a document: a second 讲座 that reads injected itself
    is no topic support for the first (Simplified, Traditional input, and with English around)."""
    sentence = "政府出台了人才补贴、住房保障等讲座激励措施。"
    twin = "今年上半年该市讲座外贸出口增长了百分之十。"
    texts = ["新质小树屋生产力。" + sentence + twin,
             opencc.OpenCC("t2s").convert("新質小樹屋生產力。政府出臺了人才補貼、住房保障等講座激勵措施。今年上半年該市講座外貿出口增長了百分之十。"),
             "The MIT report: 新质小树屋生产力。" + sentence + twin]
    for text in texts:
        masked = [r for r in run(text).noise + run(text).noise_candidates if r.token == "讲座"]
        unmasked = [r for r in run(text, twin_support_max=1e9).noise + run(text, twin_support_max=1e9).noise_candidates
                    if r.token == "讲座"]
        assert len(masked) == len(unmasked) == 2
        for m, u in zip(sorted(masked, key=lambda r: r.start), sorted(unmasked, key=lambda r: r.start)):
            assert m.detail["evidence"]["elsewhere"] == 0.0 and u.detail["evidence"]["elsewhere"] == 1.0
            assert m.score > u.score  # the twin no longer counts as the document's topic


@pytest.mark.parametrize("text, token", [
    ("新华社北京５交流月２６日电。", "交流"),  # between a number and its unit (Simplified news)
    ("改革的新路子。１交流９年来的实践证明。", "交流"),  # inside a number
    (opencc.OpenCC("t2s").convert("員工總數將達到２講座萬名。"), "讲座"),  # Traditional input: 萬 -> 万
    ("六月十四日，在Ｎ讲座ＢＡ总决赛第六场。", "讲座"),  # inside an acronym
    ("The NBA final: 在N讲座BA总决赛。", "讲座"),  # ASCII acronym in mixed text
])
def test_a_split_number_or_acronym_is_strong_evidence(text, token):
    removed, _ = _lexicon_removals(text)
    assert [r.token for r in removed] == [token]
    assert "split" in removed[0].detail["grounds"] and removed[0].detail["evidence"]["rejoins"] in ("number", "acronym")


@pytest.mark.parametrize("text", [
    "两国在２０２０年交流频繁，举办讲座３次。",  # after a unit, before a number: genuine
    "第3届学术交流会在京举行。",  # 交流会 after a Chinese word
    "Version 2.0 交流 sessions, 讲座 4 场。",  # spaces around: no split
    "举办了讲座5场，交流100次。",  # a word before a number
])
def test_words_next_to_numbers_are_not_split_evidence(text):
    from pipeline.noise.split import rejoins

    for token in ("交流", "讲座"):
        k = text.find(token)
        if k >= 0:
            assert rejoins(text, k, k + len(token)) is None
    assert _lexicon_removals(text)[0] == []


@pytest.mark.parametrize("text", [
    "新质小树屋生产力。专业人员举办健身讲座，因而备受当地居民欢迎。",  # Simplified
    opencc.OpenCC("t2s").convert("新質小樹屋生產力。專業人員舉辦健身講座，因而備受當地居民歡迎。"),  # Traditional in
    "The MIT report: 新质小树屋生产力。专业人员举办健身讲座，因而备受当地居民欢迎。",  # English around
])
def test_a_collocate_outweighs_document_level_grounds(text):
    """举办…讲座: the verb its genuine use goes with is in the clause, so the pollution of the
    document (小树屋) is not enough to delete it; it is flagged with the collocate as evidence."""
    removed, flagged = _lexicon_removals(text)
    assert [r.token for r in removed] == ["小树屋"]
    [held] = [c for c in flagged if c.token == "讲座"]
    assert held.detail["held"] == "genuine collocate in the clause" and held.detail["evidence"]["collocates"] == ["举办"]
    assert held.detail["grounds"] == ["polluted"] and held.score > 0
    assert held.detail["evidence"]["collocate_weighed"] < 0  # 举办: ratio 97, ln 4.6 outweighs the score
    removed, _ = _lexicon_removals(text, collocate_hold=False)
    assert [r.token for r in removed] == ["小树屋", "讲座"]


def test_collocates_are_found_in_the_clause_only():
    from pipeline.noise.collocates import found, load_ratios
    from pipeline.config import RESOURCES_DIR

    table = load_ratios(str(RESOURCES_DIR / "noise" / "collocates.tsv"))
    assert {"举办", "学术"} <= table["讲座"].keys() and {"合作", "进行"} <= table["交流"].keys()
    text = "该校举办了运动会。健身讲座很受欢迎。"
    k = text.index("讲座")
    assert found(table, text, k, k + 2) == []  # 举办 is in the previous clause
    text = "该校举办健身讲座。"
    k = text.index("讲座")
    assert found(table, text, k, k + 2) == ["举办"]
    assert found({}, text, k, k + 2) == []  # no table (a custom models folder): no such evidence


RECUR_A = "１９４４年７月，日本败局已九宫格定，东条英机被迫辞职。"
RECUR_B = "日军推行“铁壁合围”九宫格、“三光政策”。"


@pytest.mark.parametrize("text", [
    RECUR_A + RECUR_B,  # Simplified news
    opencc.OpenCC("t2s").convert("１９４４年７月，日本敗局已九宮格定，東條英機被迫辭職。日軍推行「鐵壁合圍」九宮格、「三光政策」。"),
    "The Tojo cabinet fell in July 1944. " + RECUR_A + RECUR_B,  # English around
])
def test_a_listed_word_reading_injected_twice_is_evidence_for_both(text):
    """No always-token in the document, so no `polluted` ground; but the same listed word reads injected
    in two places (spam is dropped into a document more than once): `recurs` holds for both."""
    removed, flagged = _lexicon_removals(text)
    assert [(r.token, r.detail["grounds"]) for r in removed] == [("九宫格", ["recurs"]), ("九宫格", ["recurs"])]
    assert flagged == []
    removed, flagged = _lexicon_removals(text, recurs_ground=False)
    assert removed == [] and {c.detail["held"] for c in flagged} == {"no strong evidence"}


@pytest.mark.parametrize("text", [
    RECUR_A,  # once: no strong evidence, only flagged
    "该校举办健身讲座，又举办法律讲座。",  # a genuine word twice (it reads genuine): no ground
    opencc.OpenCC("t2s").convert("該校舉辦健身講座，又舉辦法律講座。"),
    "MIT and Tsinghua: 两校开展学术交流，又扩大人员交流。",
])
def test_recurs_needs_two_occurrences_that_read_injected(text):
    removed, flagged = _lexicon_removals(text)
    assert removed == []
    assert all("recurs" not in c.detail["grounds"] for c in flagged)


@pytest.mark.parametrize("text", [
    "新质小树屋生产力。对日本的和平与安全交流造成重要影响的事态。",  # Simplified news
    opencc.OpenCC("t2s").convert("新質小樹屋生產力。對日本的和平與安全交流造成重要影響的事態。"),
    "Per the NHK report: 新质小树屋生产力。对日本的和平与安全交流造成重要影响的事态。",
])
def test_a_weak_collocate_is_weighed_not_a_veto(text):
    """与 is near a genuine 交流 6.7 times as often as near a random position: a likelihood ratio of 6.7
    (ln 1.9) against injection, which a sentence reading this strongly injected (2.7) outweighs."""
    removed, _ = _lexicon_removals(text)
    [listed] = [r for r in removed if r.token == "交流"]
    evidence = listed.detail["evidence"]
    assert evidence["collocates"] == ["与"] and 0 < evidence["collocate_weighed"] < listed.score
    removed, flagged = _lexicon_removals(text, collocate_weigh=False)
    assert [r.token for r in removed] == ["小树屋"]
    assert [c.detail["held"] for c in flagged if c.token == "交流"] == ["genuine collocate in the clause"]


CLAUSE_START = "新质小树屋生产力。老百姓意见很大。交流人、会、车，被称为政府的三乱。"


@pytest.mark.parametrize("text", [
    CLAUSE_START,  # Simplified news
    opencc.OpenCC("t2s").convert("新質小樹屋生產力。老百姓意見很大。交流人、會、車，被稱為政府的三亂。"),
    "Per the report: " + CLAUSE_START,  # English around
])
def test_a_listed_word_opening_a_clause_weighs_towards_injection(text):
    """交流 seldom opens a clause (3.4 % of its training occurrences) while an insertion does as often as
    any position (7.3 %): the log of that ratio is added, recorded as evidence["clause_start"]."""
    from pipeline.config import RESOURCES_DIR
    from pipeline.noise.positions import load

    ratio = load(str(RESOURCES_DIR / "noise" / "positions.tsv"))["clause_start"]
    assert 0.5 < ratio < 1.0
    removed, _ = _lexicon_removals(text)
    [listed] = [r for r in removed if r.token == "交流"]
    assert listed.detail["evidence"]["clause_start"] == ratio and listed.detail["grounds"] == ["polluted"]
    removed, flagged = _lexicon_removals(text, clause_start=False)
    assert [r.token for r in removed] == ["小树屋"]
    [kept] = [c for c in flagged if c.token == "交流"]
    assert "clause_start" not in kept.detail["evidence"] and abs(listed.score - kept.score - ratio) < 0.002


@pytest.mark.parametrize("text", [
    "新质小树屋生产力。与清华学子切磋球技、交流感情。",  # a genuine list item opening with the verb
    opencc.OpenCC("t2s").convert("新質小樹屋生產力。通過評選、交流，大家進一步明確了方向。"),
    "MIT 新质小树屋生产力。举办中国运输日活动，交流交通、电信等最新信息。",
])
def test_a_genuine_clause_opening_listed_word_stays(text):
    removed, flagged = _lexicon_removals(text)
    assert [r.token for r in removed] == ["小树屋"]
    assert [c.detail["evidence"].get("clause_start", 0) > 0 for c in flagged if c.token == "交流"] == [True]


@pytest.mark.parametrize("text, token", [
    ("新质小树屋\u0301生产力。", "小树屋"),  # Simplified, a combining accent after the spam
    (opencc.OpenCC("t2s").convert("企業教學場地\ufe0f和下游"), "教学场地"),  # Traditional input, a variation selector
    ("a瑜伽场地\u0301 at the café", "瑜伽场地"),  # English around: removal would make a + accent = á
])
def test_spam_is_never_cut_out_of_a_character_cluster(text, token):
    """A combining mark after the span belongs to its last character: removing the span would hand the
    mark to another character (and NFC input normalisation would change the text again on a re-run)."""
    removed, _ = _lexicon_removals(text)
    assert token not in [r.token for r in removed]
    mark = next(c for c in text if unicodedata.category(c).startswith("M"))
    removed, _ = _lexicon_removals(text.replace(mark, ""))
    assert token in [r.token for r in removed]


def test_a_bom_left_at_the_start_by_a_removal_is_removed_and_recorded():
    """Ingest drops leading BOMs (encoding signature); a BOM that spam removal exposes at the start would
    vanish unrecorded on a re-run, so it goes now, recorded. A BOM inside the text stays."""
    import pipeline

    record = pipeline.process("瑜伽場地\ufeff中國網訊 ")
    assert record["text"] == "中国网讯 "
    assert [(n["token_original"], n["start_original"], n["end_original"], n["reason"]) for n in record["noise"]] == [
        ("瑜伽場地", 0, 4, "lexicon"), ("\ufeff", 4, 5, "signature")]
    assert pipeline.process(record["text"])["text"] == record["text"]
    inside = pipeline.process("中国瑜伽场地\ufeff网讯")
    assert inside["text"] == "中国\ufeff网讯"
    assert [n["reason"] for n in inside["noise"]] == ["lexicon"]
