"""Configuration: defaults load, user files override, mistakes are named."""

import pytest

from pipeline.config import ConfigError, load_config


def test_defaults_load_and_hash_is_stable():
    assert load_config().hash == load_config().hash
    assert load_config().get("segment.backend") == "rjieba"


def test_user_file_overrides_and_changes_hash(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("clean:\n  mode: flag\n", encoding="utf-8")
    config = load_config(path)
    assert config.get("clean.mode") == "flag"
    assert config.hash != load_config().hash


@pytest.mark.parametrize("body, message", [
    ("clean:\n  mdoe: flag\n", "unknown key 'clean.mdoe'"),
    ("ingest:\n  max_bytes: lots\n", "key 'ingest.max_bytes' must be int"),
    ("segment: rjieba\n", "key 'segment' must be a mapping"),
    ("[1, 2\n", "not valid YAML"),
])
def test_mistakes_name_the_key_and_file(tmp_path, body, message):
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert message in str(error.value) and str(path) in str(error.value)


def test_missing_resource_file_is_named(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("segment:\n  user_dict: nowhere.txt\n", encoding="utf-8")
    config = load_config(path)
    with pytest.raises(ConfigError, match="segment.user_dict.*nowhere.txt"):
        config.resource_path("segment.user_dict", "segment", "user_dict.txt")
