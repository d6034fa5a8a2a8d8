"""The `file` kind on real files in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from tta_timeline.checks.file import FileSpec, run
from tta_timeline.core.results import Status


def _spec(**kw) -> FileSpec:
    return FileSpec.model_validate(kw)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "src" / "pkg").mkdir(parents=True)
    (tmp_path / "src" / "app.py").write_text("import os\n\ndef main():\n    return 1\n")
    (tmp_path / "src" / "pkg" / "util.py").write_text("# TODO: remove\ndef helper():\n    pass\n")
    (tmp_path / "README.md").write_text("# Demo\nRun with `make`.\n")
    return tmp_path


def test_existing_file_passes(tree, ctx):
    out = run(_spec(path="README.md"), ctx)
    assert out.status is Status.PASS
    assert out.message == "README.md exists"
    assert out.evidence["matched"] == ["README.md"]


def test_missing_file_fails(tree, ctx):
    out = run(_spec(path="docs/guide.md"), ctx)
    assert out.status is Status.FAIL
    assert out.message == "docs/guide.md does not exist"


def test_glob_with_min_matches(tree, ctx):
    out = run(_spec(path="src/**/*.py", min_matches=2), ctx)
    assert out.status is Status.PASS, out.message
    assert out.evidence["matched"] == ["src/app.py", "src/pkg/util.py"]
    out = run(_spec(path="src/**/*.py", min_matches=3), ctx)
    assert out.status is Status.FAIL
    assert out.message == "2 matches for src/**/*.py, expected at least 3"
    assert run(_spec(path="src/*.rs"), ctx).message == "nothing matches src/*.rs"


def test_recursive_glob_does_not_follow_symlinked_folders(tmp_path, ctx):
    files = [tmp_path / "src" / f"d{i % 3}" / f"m{i}.py" for i in range(10)]
    for path in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")
    for link, target in (("src/loop", ".."), ("src/d0/up", "../.."), ("src/d1/self", ".")):  # three loops
        (tmp_path / link).symlink_to(target)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "far.py").write_text("")
    (tmp_path / "src" / "linked").symlink_to(tmp_path / "outside")
    (tmp_path / "src" / "alias.py").symlink_to(files[0])  # a symlinked file is a file: it matches
    out = run(_spec(path="src/**/*.py", min_matches=11), ctx)
    assert out.status is Status.PASS, out.message
    expected = sorted([str(p.relative_to(tmp_path)) for p in files] + ["src/alias.py"])
    assert out.evidence["matched"] == expected  # 11, not one per path round the loops
    assert run(_spec(path="src/linked/*.py"), ctx).evidence["matched"] == ["src/linked/far.py"]  # named: followed


def test_exists_false(tree, ctx):
    assert run(_spec(path="*.log", exists=False), ctx).status is Status.PASS
    out = run(_spec(path="src/**/*.py", exists=False), ctx)
    assert out.status is Status.FAIL
    assert out.message == "2 matches for src/**/*.py, expected none"


def test_contains_every_pattern_in_every_file(tree, ctx):
    out = run(_spec(path="src/**/*.py", contains=[r"^def \w+\(\):$"]), ctx)
    assert out.status is Status.PASS, out.message
    out = run(_spec(path="src/**/*.py", contains=["import os", "^def"]), ctx)
    assert out.status is Status.FAIL
    assert out.message == "src/pkg/util.py does not contain /import os/"
    assert out.evidence["failures"] == [
        {"file": "src/pkg/util.py", "pattern": "import os", "problem": "src/pkg/util.py does not contain /import os/"}
    ]


def test_not_contains_names_file_and_line(tree, ctx):
    out = run(_spec(path="src/**/*.py", not_contains="TODO|FIXME"), ctx)
    assert out.status is Status.FAIL
    assert out.message == "src/pkg/util.py contains /TODO|FIXME/ at line 1, expected not"
    assert out.evidence["failures"][0]["line"] == 1
    assert out.detail.startswith("src/pkg/util.py: /TODO|FIXME/ matched line 1: ")
    assert run(_spec(path="README.md", not_contains="TODO"), ctx).status is Status.PASS


def test_several_failures_are_counted(tree, ctx):
    out = run(_spec(path="src/**/*.py", contains=["nowhere", "nothing"]), ctx)
    assert out.message == "src/app.py does not contain /nowhere/ (and 3 more)"
    assert len(out.evidence["failures"]) == 4
    assert out.detail.splitlines()[0] == "src/app.py: /nowhere/ not found" and len(out.detail.splitlines()) == 4


def test_escaping_the_root_is_error(tree, ctx):
    out = run(_spec(path="../outside.txt"), ctx)
    assert out.status is Status.ERROR
    assert "escapes the project root" in out.message


def test_absolute_path_outside_root_is_allowed(tmp_path, ctx):
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("hello\n")
    try:
        out = run(_spec(path=str(outside), contains="hello"), ctx)
        assert out.status is Status.PASS, out.message
    finally:
        outside.unlink()


def test_bad_regex_is_error(tree, ctx):
    out = run(_spec(path="README.md", contains="(unclosed"), ctx)
    assert out.status is Status.ERROR
    assert "invalid regular expression '(unclosed'" in out.message


def test_contains_on_a_directory_is_error(tree, ctx):
    out = run(_spec(path="src", contains="x"), ctx)
    assert out.status is Status.ERROR
    assert "src is a directory" in out.message
