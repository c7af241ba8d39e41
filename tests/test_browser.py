"""A real browser (headless Debian Chromium) opens the built report from file:// and checks what it renders.

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

from helpers.build import select_notebooks

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

PAGE_FACTS = """
return {
  images: Array.from(document.images).map(i => ({src: i.src.slice(0, 30), complete: i.complete, width: i.naturalWidth})),
  links: Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
  ids: Array.from(document.querySelectorAll('[id]')).map(e => e.id),
  errors: document.querySelectorAll('.output_error, .output_stderr, [data-mime-type="application/vnd.jupyter.stderr"]').length,
  text: document.body.innerText,
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


def _assert_links_resolve(facts: dict, page: Path) -> None:
    for href in facts["links"]:
        url = urlparse(href)
        assert url.scheme == "file", f"{page.name} links outside the report: {href}"
        target = Path(unquote(url.path))
        assert target.is_file(), f"{page.name} links to a missing file: {href}"
        if url.fragment and target == page:
            # HTML's rule for a fragment: an element whose id is the fragment as written, or decoded
            found = url.fragment in facts["ids"] or unquote(url.fragment) in facts["ids"]
            assert found, f"{page.name}: anchor #{url.fragment} has no target"


def test_index_links_every_page_and_renders(site, browser):
    facts = _facts(browser, site / "index.html")
    _assert_links_resolve(facts, site / "index.html")
    pages = {Path(unquote(urlparse(h).path)).name for h in facts["links"]}
    for notebook in select_notebooks():
        assert {f"{notebook.stem}.html", f"{notebook.stem}.report.html"} <= pages
    assert "931.8 亿元" in facts["text"]
    assert browser.save_screenshot(str(site / "index.png"))
    assert (site / "index.png").stat().st_size > 10_000


@pytest.mark.parametrize("variant", ["html", "report.html"])
def test_every_page_shows_its_charts_and_no_errors(site, browser, variant):
    for notebook in select_notebooks():
        page = site / f"{notebook.stem}.{variant}"
        facts = _facts(browser, page)
        _assert_links_resolve(facts, page)
        assert facts["images"], f"{page.name} has no chart"
        for image in facts["images"]:
            assert image["complete"] and image["width"] > 0, f"{page.name}: an image did not decode ({image['src']})"
        assert facts["errors"] == 0, f"{page.name} shows error output"
        assert "Traceback" not in facts["text"] and "Warning" not in facts["text"]
