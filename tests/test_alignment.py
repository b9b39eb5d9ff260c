"""Alignment: spans map back to the text they came from, through composition too."""

from hypothesis import given, strategies as st

from pipeline.alignment import Alignment


def apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    out, position = [], 0
    for start, end, replacement in sorted(edits):
        out.append(text[position:start])
        out.append(replacement)
        position = end
    out.append(text[position:])
    return "".join(out)


@st.composite
def text_and_deletions(draw):
    text = draw(st.text(alphabet="abcdefg中文字", min_size=0, max_size=40))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8, unique=True)))
    pairs = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
    return text, [(s, e) for s, e in pairs if e > s]


def test_identity_maps_every_position():
    a = Alignment.identity(5)
    assert a.dst_to_src(1, 4) == (1, 4)
    assert a.src_to_dst(0, 5) == (0, 5)


def test_deletion_maps_kept_characters_and_collapses_removed_ones():
    a = Alignment.from_edits(10, [(3, 5, 0)])
    assert a.dst_length == 8
    assert a.dst_to_src(5, 8) == (7, 10)
    assert a.dst_to_src(2, 4) == (2, 6)  # a span across the removal covers it in the source
    assert a.src_to_dst(3, 5) == (3, 3)


@given(text_and_deletions())
def test_every_kept_character_maps_back_to_itself(case):
    text, deletions = case
    alignment = Alignment.from_edits(len(text), [(s, e, 0) for s, e in deletions])
    derived = apply(text, [(s, e, "") for s, e in deletions])
    assert alignment.dst_length == len(derived)
    for i, ch in enumerate(derived):
        s, e = alignment.dst_to_src(i, i + 1)
        assert text[s:e] == ch


@given(text_and_deletions(), text_and_deletions())
def test_composition_equals_mapping_twice(first_case, second_seed):
    text, first = first_case
    a = Alignment.from_edits(len(text), [(s, e, 0) for s, e in first])
    middle = apply(text, [(s, e, "") for s, e in first])
    # second deletions drawn relative to the middle text
    second = [(s, e) for s, e in second_seed[1] if e <= len(middle)]
    b = Alignment.from_edits(len(middle), [(s, e, 0) for s, e in second])
    final = apply(middle, [(s, e, "") for s, e in second])
    composed = a.then(b)
    assert composed.dst_length == len(final)
    for i, ch in enumerate(final):
        s, e = composed.dst_to_src(i, i + 1)
        assert text[s:e] == ch


@given(st.integers(0, 30), st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30), st.integers(0, 4)),
                                    max_size=6), st.data())
def test_many_spans_map_exactly_like_one_at_a_time(length, raw_edits, data):
    """The record maps every token with ``dst_to_src_many``: same answers as ``dst_to_src``, replacements,
    insertions and deletions included."""
    edits, position = [], 0
    for start, end, new_length in sorted(raw_edits):
        start, end = max(start, position), max(end, start, position)
        if end > length:
            break
        edits.append((start, end, new_length))
        position = end + 1
    alignment = Alignment.from_edits(length, edits)
    n = alignment.dst_length
    spans = data.draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted).map(tuple), max_size=20))
    assert alignment.dst_to_src_many(spans) == [alignment.dst_to_src(s, e) for s, e in spans]
    # in text order, tiling the text as tokens do (the fast path inside a segment)
    cuts = sorted(data.draw(st.lists(st.integers(0, n), max_size=12)))
    tiles = list(zip([0, *cuts], [*cuts, n]))
    assert alignment.dst_to_src_many(tiles) == [alignment.dst_to_src(s, e) for s, e in tiles]
