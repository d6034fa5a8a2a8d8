"""The dashboard in a real headless browser: it shows the phases and updates itself after a verify elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import PASSING, cli, write_phases
from tests.web.browser import chromium, missing
from tests.web.serving import serving, tool

pytestmark = [pytest.mark.slow, pytest.mark.skipif(missing() is not None, reason=str(missing()))]
ENV = {"TTA_TIMELINE_ACTOR": "alice"}
HOSTILE = "<script>alert(1)</script>"


def test_the_page_shows_the_phases_and_updates_without_a_reload(tmp_path: Path) -> None:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as until
    from selenium.webdriver.support.ui import WebDriverWait

    path = write_phases(tmp_path, PASSING.replace("name: Two", f'name: "Two {HOSTILE}"'))
    assert cli("--file", str(path), "verify", "--phase", "1", env=ENV).exit_code == 0
    with serving(tmp_path, env=ENV) as web, chromium() as browser:
        browser.get(web.url)
        # the page replaces an element when a change arrives: one read between those is retried, not a failure
        wait = WebDriverWait(browser, 30, ignored_exceptions=(StaleElementReferenceException,))
        wait.until(until.text_to_be_present_in_element((By.ID, "live"), "live"))  # the change stream is open
        cards = browser.find_elements(By.CSS_SELECTOR, "#phases article.card")
        assert [c.find_element(By.TAG_NAME, "h2").text for c in cards] == ["1 One", f"2 Two {HOSTILE}"]
        assert browser.find_element(By.CSS_SELECTOR, "#phase-1 .checks-passed").text.startswith("2/2 passed")
        assert "not run" in _text(browser, "check-2-runs")
        browser.execute_script("document.body.setAttribute('data-loaded-once', 'yes')")  # gone on a reload

        done = tool("verify", "--phase", "2", cwd=tmp_path, env=ENV)  # another process records a run
        assert done.returncode == 0, done.stderr
        wait.until(lambda b: "pass on " in _text(b, "check-2-runs"))
        assert browser.find_element(By.CSS_SELECTOR, "#phase-2 .checks-passed").text.startswith("1/1 passed")
        assert browser.find_element(By.TAG_NAME, "body").get_attribute("data-loaded-once") == "yes"
        assert "updated" in browser.find_element(By.ID, "live").text
        assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]  # no CSP or script errors


def _text(browser, element_id: str) -> str:  # type: ignore[no-untyped-def]
    """Text content even inside a closed <details> (where WebDriver's .text is empty)."""
    from selenium.webdriver.common.by import By

    return browser.find_element(By.ID, element_id).get_attribute("textContent") or ""
