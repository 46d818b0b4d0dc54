"""The dashboard in a real browser: Debian's Chromium driven by Playwright, against `detente serve`'s
app on a store of the hand-coded samples and seeds, a story containing <script>, and a slice of
Reuters-21578 coded by the real coder.  Screenshots of each main view go to artifacts/screenshots/.

Skips cleanly when Playwright or /usr/bin/chromium is missing (scripts/test.sh installs Chromium
with apt when run as root).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import store_fixture as fx

from detente import analytics
from detente.record import Article
from detente.store import Store

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
EU = "IGOEUREEC"
SCRIPT_STORY = ('Officials quoted the message <script>alert("x")</script> in full. '
                "Russia criticized the European Union over the sanctions.")

pytestmark = [pytest.mark.browser, pytest.mark.slow]
sync_api = pytest.importorskip("playwright.sync_api")
if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory, shared: Path, seeds: Path, nlp) -> Path:
    path = tmp_path_factory.mktemp("browser") / "dashboard.db"
    pairs = list(fx.hand_coded(seeds))
    article = Article(text=SCRIPT_STORY, date="2020-06-01", title="A <script> in the news", source="Test Wire")
    pairs.append((article, replace(pairs[0][1], id=article.id, events=[], quotes=[], actors=[], sentences=[])))
    reuters = shared / "data" / "reuters21578" / "reuters21578.jsonl"
    if reuters.is_file():
        pairs += list(fx.coded_reuters(reuters, 40))
    fx.build(path, pairs)
    with Store(path) as store:
        analytics.cluster_events(store.conn)
    return path


@pytest.fixture(scope="module")
def base_url(store_path: Path) -> Iterator[str]:
    import uvicorn

    from detente.server import create_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(store_path), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        thread.join(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def page(base_url: str):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.dialogs = []  # type: ignore[attr-defined]
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
        page.errors = []  # type: ignore[attr-defined]
        page.on("pageerror", lambda e: page.errors.append(str(e)))  # type: ignore[attr-defined]
        page.goto(base_url + "/")
        page.wait_for_selector("body[data-loaded='1']")
        yield page
        browser.close()


def test_dyad_to_evidence_sentence(page, base_url: str) -> None:
    page.screenshot(path=str(SHOTS / "01-start.png"))
    assert page.locator("#top-dyads .chip").count() >= 2
    page.fill("#a", "rus")
    page.fill("#b", EU)
    page.select_option("#by", "year")
    page.click("#show")
    page.wait_for_selector("body[data-ready='series']")
    assert page.locator("#series-title").inner_text().startswith(f"RUS – {EU}")
    assert page.locator("#timeline g.bar").count() == 8  # 2014 … 2021, the empty 2015 included
    assert "counted events" in page.inner_text("#series-note")
    page.screenshot(path=str(SHOTS / "02-relations.png"))

    page.locator("#timeline g.bar[data-period='2014']").click()
    page.wait_for_selector("body[data-ready='events']")
    assert page.inner_text("#events-title") == "Events in 2014: 6"
    row = page.locator("tr.event-row").first
    event_id = row.get_attribute("data-id")
    event = page.request.get(f"{base_url}/api/events/{event_id}").json()
    row.click()
    page.wait_for_selector("body[data-ready='article']")
    evidence = page.locator("#article-text mark.sentence mark.evidence")
    assert evidence.count() == 1 and evidence.inner_text() == event["evidence"]
    sentence = page.locator("#article-text mark.sentence").inner_text()
    assert event["evidence"] in sentence
    assert page.inner_text("#event-detail .detail-source").startswith(event["source_code"])
    assert page.inner_text("#event-detail .detail-target").startswith(event["target_code"])
    assert event["cameo"] in page.inner_text("#event-detail .detail-type")
    assert event["rule"] in page.inner_text("#event-detail .detail-rule")
    assert "a=RUS" in page.url and "by=year" in page.url  # the view is in the address, to share it
    page.screenshot(path=str(SHOTS / "03-evidence.png"))
    assert not page.errors


def test_change_points_quotes_network_search(page) -> None:
    page.select_option("#sensitivity", "high")
    page.click("#show")
    page.wait_for_selector("#timeline g.change")
    marker = page.locator("#timeline g.change").first
    period = marker.get_attribute("data-period")
    page.evaluate("document.body.dataset.ready = ''")  # the last view may be 'events' already
    marker.click()
    page.wait_for_selector("body[data-ready='events']")
    assert f"from {period}" in page.inner_text("#events-title")
    assert page.locator("#changes .change-item").count() == page.locator("#timeline g.change").count()
    page.screenshot(path=str(SHOTS / "04-change-points.png"))

    page.click("button.tab[data-tab='quotes']")
    page.locator("a.speaker[data-speaker='Sergey Lavrov']").click()
    page.wait_for_selector("#speaker-quotes li.quote")
    assert page.inner_text("#speaker-title") == "Sergey Lavrov: 4 quotes"
    page.evaluate("document.body.dataset.ready = ''")  # the article of the last test is still open
    page.locator("#speaker-quotes li.quote").first.click()
    page.wait_for_selector("body[data-ready='article']")
    assert page.inner_text("#article-text mark") == "We will not make concessions under pressure"
    page.screenshot(path=str(SHOTS / "05-quotes.png"))

    page.click("button.tab[data-tab='network']")
    page.wait_for_selector("#network g.node")
    assert page.locator(f"#network g.node[data-actor='{EU}']").count() == 1
    page.screenshot(path=str(SHOTS / "06-network.png"))
    page.locator("#network line.edge[data-dyad='SUN-USA']").dispatch_event("click")  # may lie under a node
    page.wait_for_selector("#tab-relations:not([hidden])")
    page.wait_for_function("document.querySelector('#series-title').textContent.startsWith('SUN')")

    page.click("button.tab[data-tab='search']")
    page.evaluate("document.body.dataset.ready = ''")
    page.fill("#q", "alert")
    page.click("#search-form button")
    page.wait_for_selector("#search-results li.result")
    page.locator("#search-results li.result").first.click()
    page.wait_for_selector("body[data-ready='article']")
    text = page.inner_text("#article-text")
    assert '<script>alert("x")</script>' in text  # shown as text …
    assert page.locator("#article-text script").count() == 0  # … never run
    assert page.inner_text("#article-title") == "A <script> in the news"
    assert page.locator("#event-detail").is_hidden()  # an article opened from search has no event
    assert not page.dialogs and not page.errors
    page.screenshot(path=str(SHOTS / "07-search-escaped.png"))


def test_screenshots_kept(page) -> None:
    names = sorted(p.name for p in SHOTS.glob("0*.png"))
    assert {"02-relations.png", "03-evidence.png", "05-quotes.png", "06-network.png"} <= set(names)
    assert all((SHOTS / n).stat().st_size > 10_000 for n in names)
