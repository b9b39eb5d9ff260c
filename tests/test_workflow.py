"""The CI workflow (.github/workflows/pipeline.yml), validated offline.

check-jsonschema checks it against its vendored GitHub-workflow schema; zizmor audits it for
security findings (injection of untrusted input into run: scripts, unpinned actions, excessive
permissions, credentials left in the checkout …). Both are pinned dev dependencies.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "pipeline.yml"


def tool(name: str) -> str:
    found = Path(sys.executable).parent / name
    if found.exists():
        return str(found)
    other = shutil.which(name)
    if other is None:
        pytest.fail(f"{name} is not installed: it is a pinned dev dependency (make setup)")
    return other


def test_workflow_matches_the_github_workflow_schema() -> None:
    done = subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_finds_nothing_offline() -> None:
    done = subprocess.run([tool("zizmor"), "--offline", "--persona", "pedantic", "--no-progress", str(WORKFLOW)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout


def test_zizmor_would_catch_an_injection(tmp_path: Path) -> None:
    """The audit is live: the same workflow with a PR title expanded into a script fails."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    text = WORKFLOW.read_text(encoding="utf-8").replace(
        "        run: make setup", '        run: echo "${{ github.event.pull_request.title }}" && make setup', 1)
    bad.write_text(text, encoding="utf-8")
    done = subprocess.run([tool("zizmor"), "--offline", "--no-progress", str(bad)], capture_output=True, text=True)
    assert done.returncode != 0 and "template-injection" in done.stdout


def test_workflow_does_what_the_project_needs() -> None:
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = flow[True]  # YAML 1.1 reads the key `on` as true
    assert set(triggers) == {"pull_request", "push"}
    assert triggers["push"]["branches"] == ["main"] and set(triggers["push"]["paths"]) == {"corpus/**", "pipeline/**"}
    assert flow["permissions"] == {}
    jobs = flow["jobs"]
    runs = {name: "\n".join(step.get("run", "") for step in job["steps"]) for name, job in jobs.items()}
    for target in ("make test", "make eval", "make check"):
        assert target in runs["check"]
    assert "--markdown" in runs["check"] and "--eval-before" in runs["check"] and "--eval-after" in runs["check"]
    assert "gh pr comment" in runs["comment"]
    assert "make regenerate" in runs["regenerate"] and " push origin HEAD:main" in runs["regenerate"] and "make review" in runs["regenerate"]
    assert jobs["comment"]["permissions"] == {"pull-requests": "write"}
    assert jobs["regenerate"]["permissions"] == {"contents": "write"}
    assert jobs["check"]["permissions"] == {"contents": "read"}
    uploads = [step["with"]["path"] for job in jobs.values() for step in job["steps"]
               if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert any("outputs/_review" in p and "bench-results/eval.json" in p for p in uploads)
    for job in jobs.values():
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
            assert "${{" not in step.get("run", ""), step.get("name")
