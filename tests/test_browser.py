"""A real browser (headless Debian Chromium) opens the built report from file:// and checks what it renders.

Screenshots go to build/…/screenshots/ inside the built site (not committed); docs/annotated.png is
a copy of the annotated page's, taken with a claim's popup open.

Needs /usr/bin/chromium and /usr/bin/chromedriver (Debian packages chromium, chromium-driver; .ci/run
installs them). Without them the test is skipped, unless REQUIRE_BROWSER=1 (as in CI), where it fails.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from helpers import load_metrics
from helpers.paths import DEFAULT_REPORT as REPORT_ID
from helpers.publish.build import NotebookResult, select_notebooks
from helpers.publish.site import write_site
from tests.conftest import replace_in

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
CHROME_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1200,1000",
]

if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {CHROMIUM} or {CHROMEDRIVER} is missing", pytrace=False)
    pytest.skip(
        "headless Chromium is not installed (apt-get install chromium chromium-driver)", allow_module_level=True
    )

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

PAGE_FACTS = """
return {
  images: Array.from(document.images).map(i => ({src: i.src.slice(0, 30), complete: i.complete, width: i.naturalWidth})),
  links: Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
  ids: Array.from(document.querySelectorAll('[id]')).map(e => e.id),
  errors: document.querySelectorAll('.output_error, .output_stderr, [data-mime-type="application/vnd.jupyter.stderr"]').length,
  text: document.body.innerText,
  requests: performance.getEntriesByType('resource').map(e => e.name),
};
"""


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    """The whole report, built once per test session (tests/conftest.py)."""
    return built_site


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="zy-chromium-")
    for flag in [*CHROME_FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _facts(browser, page: Path) -> dict:
    browser.get(page.as_uri())
    return browser.execute_script(PAGE_FACTS)


def _assert_links_resolve(facts: dict, page: Path, citations: bool = False) -> None:
    """Every link is a file of the report (and an anchor on it exists); no request leaves the machine.

    With `citations`, links to http(s) addresses are allowed (a notebook citing the source of an
    outside figure); they are not followed. Requests the page made are never allowed to go outside.
    """
    for request in facts["requests"]:
        assert urlparse(request).scheme in ("file", "data"), f"{page.name} fetched {request}"
    for href in facts["links"]:
        url = urlparse(href)
        if citations and url.scheme in ("http", "https"):
            continue
        assert url.scheme == "file", f"{page.name} links outside the report: {href}"
        target = Path(unquote(url.path))
        assert target.is_file(), f"{page.name} links to a missing file: {href}"
        if url.fragment and target == page:
            # HTML's rule for a fragment: an element whose id is the fragment as written, or decoded
            found = url.fragment in facts["ids"] or unquote(url.fragment) in facts["ids"]
            assert found, f"{page.name}: anchor #{url.fragment} has no target"


def _screenshot(browser, site: Path, name: str) -> Path:
    """Save what the browser shows to <site>/screenshots/<name> and check it is a real picture."""
    target = site / "screenshots" / name
    target.parent.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(target))
    assert target.stat().st_size > 10_000
    return target


def test_index_links_every_page_and_renders(site, browser):
    facts = _facts(browser, site / "index.html")
    _assert_links_resolve(facts, site / "index.html")
    pages = {Path(unquote(urlparse(h).path)).name for h in facts["links"]}
    for notebook in select_notebooks():
        assert {f"{notebook.stem}.html", f"{notebook.stem}.report.html"} <= pages
    assert (site / REPORT_ID / "report.html").as_uri() in facts["links"]
    assert "931.8 亿元" in facts["text"] and "What the analyses found" in facts["text"]
    assert facts["images"], "the index shows no chart"
    for image in facts["images"]:
        assert image["complete"] and image["width"] > 0, f"index: a chart did not decode ({image['src']})"
    _screenshot(browser, site, "index.png")


MARKS = """
return Array.from(document.querySelectorAll('mark')).map(m => ({id: m.id, title: m.title}));
"""
POPUP_SHOWN = "return getComputedStyle(arguments[0].querySelector(':scope > .pop')).display !== 'none';"


def test_annotated_report_marks_every_claim_and_shows_its_row_on_hover_and_focus(site, browser):
    page = site / REPORT_ID / "report.html"
    facts = _facts(browser, page)
    _assert_links_resolve(facts, page)  # marks' notebook links, level links and the table's anchors
    metrics = load_metrics()
    marks = browser.execute_script(MARKS)
    assert len(marks) == len(metrics), f"{len(marks)} marks for {len(metrics)} claims"
    assert sorted(m["id"] for m in marks) == sorted(metrics["metric_id"])
    labels = {row.metric_id: f"{row.value:g}" for row in metrics.itertuples()}
    for mark in marks:
        assert labels[mark["id"]] in mark["title"], f"mark {mark['id']}: hover text lacks its value"
    assert f"of {len(metrics)} claims are used by the notebooks" in facts["text"]
    _screenshot(browser, site, "report.png")

    gdp = browser.find_element(By.ID, "gdp")
    ActionChains(browser).move_to_element(gdp).perform()
    assert browser.execute_script(POPUP_SHOWN, gdp), "hovering a mark does not show its row"
    popup = gdp.find_element(By.CSS_SELECTOR, ":scope > .pop")
    assert "931.8 亿元" in popup.text and "01_growth_rates" in popup.text
    ActionChains(browser).move_to_element(browser.find_element(By.TAG_NAME, "h1")).perform()
    assert not browser.execute_script(POPUP_SHOWN, gdp), "the popup stays open after the pointer leaves"

    bounded = browser.find_element(By.ID, metrics.loc[metrics["qualifier"] == "近", "metric_id"].iloc[0])
    browser.execute_script("arguments[0].focus()", bounded)
    assert browser.execute_script("return document.activeElement === arguments[0];", bounded)
    assert browser.execute_script(POPUP_SHOWN, bounded), "a focused mark does not show its row"
    assert "nearly" in bounded.find_element(By.CSS_SELECTOR, ":scope > .pop").text
    browser.execute_script("window.scrollTo(0, 0); document.querySelector('mark.claim.used').focus();")
    _screenshot(browser, site, "annotated.png")  # the README's picture: the page's top with one claim's row open


def test_data_strings_show_as_text_in_the_browser(browser, data_copy, tmp_path):
    name = "<script>document.title='hacked'</script>"
    replace_in(data_copy / "reports" / REPORT_ID / "metrics.csv", "gross domestic product (GDP)", name)
    results = [NotebookResult(p.name, 0.0, True, p.stem) for p in select_notebooks()]
    for page in write_site(results, tmp_path, data_dir=data_copy):
        browser.get(page.as_uri())
        assert browser.execute_script("return document.scripts.length;") == 0
        assert name in browser.execute_script("return document.body.innerText;"), f"{page.name} hides the name"
        assert browser.title != "hacked"


@pytest.mark.parametrize("variant", ["html", "report.html"])
def test_every_page_shows_its_charts_and_no_errors(site, browser, variant):
    for notebook in select_notebooks():
        page = site / f"{notebook.stem}.{variant}"
        facts = _facts(browser, page)
        _assert_links_resolve(facts, page, citations=True)
        assert facts["images"], f"{page.name} has no chart"
        for image in facts["images"]:
            assert image["complete"] and image["width"] > 0, f"{page.name}: an image did not decode ({image['src']})"
        assert facts["errors"] == 0, f"{page.name} shows error output"
        assert "Traceback" not in facts["text"] and "Warning" not in facts["text"]
