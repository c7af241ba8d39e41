"""The main job: `python -m helpers build` reruns notebooks (several at once), writes pages and an index,
reports failures, and gives the same bytes every time.

Tests that need a kernel run tiny notebooks written here; the real notebooks' pages are checked on
the site built once per session (`built_site`, tests/conftest.py).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import nbformat
import pytest

from helpers import cli
from helpers.paths import DEFAULT_REPORT
from helpers.publish.build import add_alt_text, build, select_notebooks, to_html
from helpers.publish.notebook_run import inject_parameters, merge_streams
from helpers.publish.site import ANALYSTS_PREFIX

from .conftest import write_notebook


def _wait_for(flag_dir: Path, *names: str) -> str:
    """Code for a notebook cell that waits (up to 60 s) until every file `names` exists in `flag_dir`."""
    return (
        "import time\nfrom pathlib import Path\n"
        f"flags = [Path({str(flag_dir)!r}) / name for name in {list(names)!r}]\n"
        "deadline = time.monotonic() + 60\n"
        "while not all(f.exists() for f in flags) and time.monotonic() < deadline:\n"
        "    time.sleep(0.02)\n"
        "assert all(f.exists() for f in flags), 'the other notebook never started'"
    )


def _touch(flag_dir: Path, name: str) -> str:
    return f"from pathlib import Path\nPath({str(flag_dir)!r}, {name!r}).touch()"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_only_refuses_an_unknown_name():
    with pytest.raises(ValueError, match="no notebook named 99_nothing"):
        select_notebooks(["99_nothing"])
    assert [p.name for p in select_notebooks(["01_growth_rates.ipynb"])] == ["01_growth_rates.ipynb"]
    assert [p.name for p in select_notebooks(["01_growth_rates"])] == ["01_growth_rates.ipynb"]


def test_notebooks_run_at_once_report_in_order_and_a_failure_names_its_cell(tmp_path, monkeypatch, capsys):
    # Each notebook waits until the other has started: both finish only if they run at the same time.
    # `bad` also finishes last, yet its progress line comes first (name order).
    bad = write_notebook(
        tmp_path / "bad.ipynb", _touch(tmp_path, "bad"), _wait_for(tmp_path, "good"), "time.sleep(0.5)\n1 / 0"
    )
    good = write_notebook(
        tmp_path / "good.ipynb", _touch(tmp_path, "good"), _wait_for(tmp_path, "bad"), "print('fine')"
    )
    before = {p: _sha(p) for p in (bad, good)}
    monkeypatch.setattr("helpers.publish.build.select_notebooks", lambda only: [bad, good])
    assert cli.main(["build", "--output", str(tmp_path / "out"), "--jobs", "2"]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].startswith("OK report_data: ") and "text SHA-256 verified" in lines[0]
    assert lines[1].startswith("bad.ipynb") and "FAILED at cell 3 (execution count 3): ZeroDivisionError" in lines[1]
    assert lines[2].startswith("good.ipynb") and lines[2].endswith(" s  ok")
    assert lines[3].startswith("1 of 2 notebooks built")
    assert "Build failed: bad.ipynb, cell 3 (execution count 3): ZeroDivisionError: division by zero" in captured.err
    assert (tmp_path / "out" / "good.html").exists() and not (tmp_path / "out" / "bad.html").exists()
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "build failed: cell 3" in index and "href='good.report.html'" in index
    assert {p: _sha(p) for p in (bad, good)} == before  # without --inplace the notebooks are not written


@pytest.mark.parametrize("jobs", ["0", "-2", "two"])
def test_jobs_must_be_a_positive_whole_number(jobs, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["build", "--jobs", jobs])
    assert exit_info.value.code == 2
    assert "expected a whole number of at least 1" in capsys.readouterr().err


def test_two_builds_give_identical_bytes_and_inplace_twice_changes_nothing(tmp_path):
    # Cell 1 prints in two messages (an explicit flush, then more text later); cell 2 draws a chart.
    path = write_notebook(
        tmp_path / "nb.ipynb",
        "import time\nprint('first part', flush=True)\ntime.sleep(0.2)\nprint('second part')",
        "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3], [2, 1, 3])\nplt.title('a chart')\nplt.show()",
    )
    build([path], tmp_path / "a", inplace=True, progress=lambda line: None)
    first = path.read_bytes()
    cell = nbformat.read(path, as_version=4).cells[1]
    assert cell.outputs == [{"output_type": "stream", "name": "stdout", "text": "first part\nsecond part\n"}]
    assert cell.execution_count == 1 and "execution" not in cell.metadata  # no timing metadata
    build([path], tmp_path / "b", inplace=True, progress=lambda line: None)
    assert path.read_bytes() == first  # `--inplace` twice: nothing for git to see
    written = sorted(str(p.relative_to(tmp_path / "a")) for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert {"index.html", "nb.html", "nb.report.html"} <= set(written)
    assert written == sorted(str(p.relative_to(tmp_path / "b")) for p in (tmp_path / "b").rglob("*") if p.is_file())
    for name in written:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_merge_streams_joins_consecutive_outputs_of_one_stream_only():
    notebook = nbformat.v4.new_notebook()
    stream = nbformat.v4.new_output
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [
        stream("stream", name="stdout", text="a\n"),
        stream("stream", name="stdout", text="b\n"),
        stream("stream", name="stderr", text="c\n"),
        stream("execute_result", data={"text/plain": "1"}, execution_count=1),
        stream("stream", name="stdout", text="d\n"),
    ]
    notebook.cells = [cell]
    merge_streams(notebook)
    assert [(o.output_type, o.get("name"), o.get("text")) for o in cell.outputs] == [
        ("stream", "stdout", "a\nb\n"),
        ("stream", "stderr", "c\n"),
        ("execute_result", None, None),
        ("stream", "stdout", "d\n"),
    ]


def test_injected_parameters_give_the_same_notebook_every_time(tmp_path):
    path = write_notebook(tmp_path / "p.ipynb", "X = 1", "print(X)")
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[1].metadata["tags"] = ["parameters"]
    nbformat.write(notebook, path)
    copies = []
    for _ in range(2):
        notebook = nbformat.read(path, as_version=4)
        inject_parameters(notebook, {"X": 2})
        copies.append(nbformat.writes(notebook))
    assert copies[0] == copies[1] and '"id": "injected-parameters"' in copies[0]


def test_the_site_has_both_pages_of_every_notebook_and_an_index_linking_them(built_site: Path):
    stems = [p.stem for p in select_notebooks()]
    pages = [f"{stem}{suffix}" for stem in stems for suffix in (".html", ".report.html")]
    assert {"index.html", *pages} <= {p.name for p in built_site.iterdir()}
    full = (built_site / "00_data_tour.html").read_text(encoding="utf-8")
    report = (built_site / "00_data_tour.report.html").read_text(encoding="utf-8")
    assert "use_report_style</span>" in full and "use_report_style" not in report  # the report variant has no code
    assert "data:image/png;base64," in report
    for page in pages:
        text = (built_site / page).read_text(encoding="utf-8")
        assert "<script" not in text and "https://cdn" not in text, page  # static, offline pages
    index = (built_site / "index.html").read_text(encoding="utf-8")
    # every notebook linked: the analyses in name order, then the data tour (00_…, for analysts)
    order = [stem for stem in stems if not stem.startswith(ANALYSTS_PREFIX)] + [
        stem for stem in stems if stem.startswith(ANALYSTS_PREFIX)
    ]
    links = [index.find(f"href='{stem}.report.html'") for stem in order]
    assert -1 not in links and links == sorted(links), links


def test_without_execute_the_stored_outputs_are_published_and_inplace_is_refused(tmp_path: Path):
    path = write_notebook(tmp_path / "stored.ipynb", "print('run now')")
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="stored earlier\n")]
    notebook.cells[1].execution_count = 1
    nbformat.write(notebook, path)
    results = build([path], tmp_path / "out", progress=lambda line: None, execute=False)
    page = (tmp_path / "out" / "stored.report.html").read_text(encoding="utf-8")
    assert results[0].ok and "stored earlier" in page and "run now" not in page
    with pytest.raises(ValueError, match="inplace needs execute"):
        build([path], tmp_path / "out", inplace=True, execute=False)


def test_highlighted_code_is_shown_escaped_and_raw_html_is_sanitised():
    # nbconvert's own export: code is escaped by Pygments, raw HTML cells go through its sanitiser.
    code = nbformat.v4.new_code_cell('x = "<script>alert(1)</script>"')
    raw = nbformat.v4.new_raw_cell('<b>kept</b><iframe src="x"></iframe>', metadata={"raw_mimetype": "text/html"})
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Escaping"), code, raw])
    notebook.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    full, report = to_html(notebook, with_code=True), to_html(notebook, with_code=False)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in full and "alert(1)" not in report
    for page in (full, report):
        assert "<b>kept</b>" in page and "<iframe" not in page


def test_charts_keep_our_alt_text_through_nbconvert():
    # nbconvert gives an image without alt text a generic one; ours names the section the chart stands in.
    chart = nbformat.v4.new_code_cell("plot()")
    chart.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="})]
    sections = [nbformat.v4.new_markdown_cell("# Title"), nbformat.v4.new_markdown_cell("## 2 · Growth"), chart]
    notebook = nbformat.v4.new_notebook(cells=sections)
    add_alt_text(notebook)
    for with_code in (True, False):
        page = to_html(notebook, with_code=with_code)
        assert 'alt="Chart: 2 · Growth"' in page and "No description" not in page


def test_each_report_builds_into_a_folder_of_its_own_by_default():
    """build/ is the project's report's; another report's pages go to build/ID/ (the summary build test follows them)."""
    assert cli.default_output(DEFAULT_REPORT) == cli.BUILD_DIR
    assert cli.default_output("copy_2024") == cli.BUILD_DIR / "copy_2024"
