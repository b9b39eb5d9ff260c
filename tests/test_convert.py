"""Convert: OpenCC t2s plus the project's 著/着 overrides, with alignment kept."""

import pytest

from pipeline.config import RESOURCES_DIR
from pipeline.stages.convert import ConvertError, load_overrides, to_simplified

OVERRIDES = RESOURCES_DIR / "convert" / "overrides.tsv"


@pytest.mark.parametrize("traditional, simplified", [
    ("向著", "向着"), ("面臨著", "面临着"), ("代表著", "代表着"), ("隨著", "随着"), ("有著", "有着"), ("著力", "着力"),
    ("顯著", "显著"), ("著名", "著名"), ("著作", "著作"), ("土著", "土著"),
    ("核心裝置", "核心装置"),  # t2s, never tw2sp: vocabulary stays mainland
])
def test_particle_zhe_and_kept_zhu(traditional, simplified):
    converted, alignment = to_simplified(traditional, "t2s", OVERRIDES)
    assert converted == simplified
    assert alignment.dst_to_src(0, len(converted)) == (0, len(traditional))


def test_seed_has_no_particle_zhu_left(seed_text):
    converted, _ = to_simplified(seed_text, "t2s", OVERRIDES)
    assert "向着" in converted and "面临着" in converted and "随着" in converted and "着力" in converted
    assert "显著" in converted
    for index, char in enumerate(converted):
        if char == "著":
            assert converted[index - 1:index + 1] in {"显著"} or converted[index:index + 2] in {"著名", "著作"}


def test_override_table_rejects_unequal_lengths(tmp_path):
    path = tmp_path / "o.tsv"
    path.write_text("著\t着了\n", encoding="utf-8")
    with pytest.raises(ConvertError, match="o.tsv:1"):
        load_overrides(path)
