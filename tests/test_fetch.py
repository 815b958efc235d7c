"""Live sources (crosswire fetch) against a local fictional site: politeness rules, failures, re-polls.

The site (tests/live_site.py) runs on 127.0.0.1 in a background thread and logs every request,
so each rule is checked from the server's side: what was asked for, when, and what was sent.
"""

from __future__ import annotations

import itertools
import json
import socket
import time

import duckdb
import pytest
from typer.testing import CliRunner

from crosswire.cli import app
from crosswire.engine.incremental import ingest_paths
from crosswire.engine.live import STATE_FILE, LiveSources, fetch_into_db, fetch_into_folder, page_document
from crosswire.ingest.fetch import Fetcher, FetchError, FetchSettings
from crosswire.settings import Settings
from crosswire.store.db import open_store

FAST = Settings(semantic=False)  # no embedding model: these tests are about fetching




def quick(**overrides) -> FetchSettings:
    """Settings for tests: no pacing, short timeouts and backoff, a 1 MB cap."""
    values = {"interval": 0.0, "timeout": 2.0, "total_timeout": 5.0, "retries": 1, "backoff": 0.05, "max_bytes": 2**20}
    return FetchSettings(**(values | overrides))


def get(site, path: str, **overrides):
    """Fetch one path of the site with quick settings."""
    with Fetcher(quick(**overrides)) as fetcher:
        return fetcher.get(site.url(path))


def failure(site, path: str, **overrides) -> str:
    """The problem of a path that must fail."""
    with pytest.raises(FetchError) as caught:
        get(site, path, **overrides)
    assert caught.value.source == site.url(path)
    return caught.value.problem


# --- one URL ---------------------------------------------------------------------------------


def test_a_page_arrives_with_its_url_fetch_time_and_a_user_agent_naming_crosswire(site):
    fetched = get(site, "/news/footbridge.html", contact="newsdesk@example.org")
    assert fetched.status == 200 and b"Merrow footbridge" in fetched.body
    assert fetched.validators.etag and fetched.validators.last_modified
    agent = site.requests_to("/news/footbridge.html")[0].headers["user-agent"]
    assert agent.startswith("crosswire/") and "(+newsdesk@example.org)" in agent
    document = page_document(fetched)
    assert (document.media_type, document.source_path) == ("text/html", site.url("/news/footbridge.html"))
    assert document.hints.url == site.url("/news/footbridge.html")
    assert time.strptime(document.hints.fetched, "%Y-%m-%dT%H:%M:%SZ")


def test_robots_txt_is_obeyed_and_read_once_per_host(site):
    with Fetcher(quick()) as fetcher:
        with pytest.raises(FetchError, match=r"disallowed by http://127\.0\.0\.1:\d+/robots\.txt"):
            fetcher.get(site.url("/private/secret.html"))
        with pytest.raises(FetchError, match=r"redirected to .*/private/secret\.html"):
            fetcher.get(site.url("/to-private"))  # a redirect into a forbidden path is not followed
        fetcher.get(site.url("/news/orchard.html"))
    assert not site.requests_to("/private/secret.html")
    assert len(site.requests_to("/robots.txt")) == 1


def test_a_missing_robots_txt_allows_all_and_an_unreadable_one_closes_the_host(site):
    site.robots_status = 404
    assert get(site, "/private/secret.html").status == 200
    site.robots_status = 503
    assert failure(site, "/news/ferry.html", retries=0) == (
        f"{site.base}/robots.txt could not be read (HTTP 503 (1 attempt)); nothing on its host is fetched")
    assert not site.requests_to("/news/ferry.html")


def test_a_crawl_delay_in_robots_txt_slows_the_host(site):
    site.robots = "User-agent: crosswire\nCrawl-delay: 1\nDisallow: /private/\n"
    with Fetcher(quick(interval=0.0)) as fetcher:
        list(fetcher.fetch_all([(site.url("/news/ferry.html"), None), (site.url("/news/choir.html"), None)]))
    first, second = sorted(hit.at for hit in site.hits if hit.path.startswith("/news/"))
    assert second - first >= 0.95


def test_a_slow_server_times_out_within_the_timeout(site):
    began = time.monotonic()
    assert "timed out" in failure(site, "/slow", timeout=0.3, retries=0)
    assert time.monotonic() - began < 1.5  # the server would have answered after 2 s


def test_a_trickling_response_is_cut_at_the_total_timeout(site):
    began = time.monotonic()
    assert "too slow" in failure(site, "/trickle", timeout=1.0, total_timeout=0.5, retries=0)
    assert time.monotonic() - began < 2.0  # the server trickles for 5 s


def test_a_server_error_is_retried_after_a_backoff(site):
    fetched = get(site, "/flaky", backoff=0.2)
    assert fetched.status == 200 and b"Tollmere" in fetched.body
    first, second = site.requests_to("/flaky")
    assert (first.status, second.status) == (500, 200)
    assert second.at - first.at >= 0.19


def test_a_429_is_retried_after_the_wait_its_retry_after_asks(site):
    assert get(site, "/busy", backoff=0.01).status == 200
    first, second = site.requests_to("/busy")
    assert (first.status, second.status) == (429, 200) and second.at - first.at >= 0.95


def test_a_persistent_server_error_fails_after_every_retry(site):
    assert failure(site, "/always-500", retries=2) == "HTTP 500 (3 attempts)"
    assert len(site.requests_to("/always-500")) == 3


def test_redirects_are_followed_to_the_page_and_a_loop_is_cut(site):
    fetched = get(site, "/redirect/1")
    assert fetched.url == site.url("/redirect/1")
    assert fetched.final_url == site.url("/news/library.html") and b"Hobb" in fetched.body
    assert failure(site, "/loop", max_redirects=3) == "more than 3 redirects"
    assert len(site.requests_to("/loop")) == 4


@pytest.mark.parametrize("path", ["/huge", "/huge-chunked"], ids=["content-length", "no-content-length"])
def test_an_oversized_response_is_refused(site, path):
    assert "over the 1.0 MB limit" in failure(site, path)


def test_a_missing_page_and_a_bad_url_fail_with_their_reason(site):
    assert failure(site, "/missing") == "HTTP 404 Not Found"
    assert len(site.requests_to("/missing")) == 1  # a 404 is not retried
    with Fetcher(quick()) as fetcher, pytest.raises(FetchError, match="not an http"):
        fetcher.get("ftp://127.0.0.1/file")


# --- many URLs: pacing and concurrency -------------------------------------------------------


def test_requests_to_one_host_are_spaced_by_the_interval(site):
    pages = [site.url(f"/news/{slug}.html") for slug in ("footbridge", "orchard", "library", "ferry", "choir")]
    with Fetcher(quick(interval=0.2, per_host=4)) as fetcher:
        outcomes = list(fetcher.fetch_all((url, None) for url in pages))
    assert all(not isinstance(outcome, FetchError) for _, outcome in outcomes)
    starts = sorted(hit.at for hit in site.hits)  # robots.txt counts too: it is a request to the host
    assert len(starts) == 6
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    # Requests leave 0.2 s apart; their arrival at the server jitters by a few ms on a busy machine.
    assert starts[-1] - starts[0] >= 5 * 0.2 - 0.03, gaps
    assert min(gaps) >= 0.15, gaps  # unpaced, all six would arrive within a few milliseconds


def test_in_flight_requests_to_one_host_are_capped(site):
    jobs = [(site.url(f"/hold/{n}"), None) for n in range(6)]
    with Fetcher(quick(per_host=2, workers=6)) as fetcher:
        assert all(not isinstance(o, FetchError) for _, o in fetcher.fetch_all(jobs))
    assert site.max_active == 2  # never 3, and the cap is used (not one at a time)


# --- feeds, sitemaps, re-polls ----------------------------------------------------------------


def everything(site) -> LiveSources:
    """A page, the feed and the site's root (whose robots.txt names the sitemap index)."""
    return LiveSources([site.url("/news/ferry.html")], [site.url("/feed.rss")], [site.url("/")])


def test_feed_and_sitemap_index_pages_are_fetched_and_a_repoll_downloads_nothing(site, tmp_path):
    first = fetch_into_folder(tmp_path, everything(site), quick())
    fetched = sorted(f.final_url.rsplit("/", 1)[1] for f, _ in first.harvest.pages)
    assert fetched == ["choir.html", "ferry.html", "footbridge.html", "library.html", "orchard.html"]
    assert [str(p) for p in first.harvest.problems] == [f"{site.url('/feed.rss')}#3: feed entry has no link"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"{document.id}.warc.gz" for _, document in first.harvest.pages] + [STATE_FILE])
    bodies = site.bodies_sent()
    again = fetch_into_folder(tmp_path, everything(site), quick())
    assert site.bodies_sent() == bodies  # not one body more: the feed, sitemap and page all answered 304
    assert sorted(again.harvest.unchanged) == sorted(
        site.url(p) for p in ("/feed.rss", "/sitemap-index.xml", "/news/ferry.html"))
    assert again.harvest.pages == [] and again.saved == []
    for path in ("/feed.rss", "/sitemap-index.xml", "/news/ferry.html"):
        assert site.requests_to(path)[-1].headers["if-none-match"]


def test_a_server_validating_by_last_modified_alone_answers_the_repoll_with_304(site, tmp_path):
    page = LiveSources([site.url("/dated.html")])
    fetch_into_folder(tmp_path, page, quick())
    again = fetch_into_folder(tmp_path, page, quick())
    assert again.harvest.unchanged == [site.url("/dated.html")]
    assert [h.status for h in site.requests_to("/dated.html")] == [200, 304]


def test_a_new_feed_entry_is_the_only_page_fetched_on_the_next_poll(site, tmp_path):
    feed = LiveSources(feeds=[site.url("/feed.rss")])
    fetch_into_folder(tmp_path, feed, quick())
    site.feed_slugs.append("choir")
    again = fetch_into_folder(tmp_path, feed, quick())
    assert [f.final_url for f, _ in again.harvest.pages] == [site.url("/news/choir.html")]
    assert again.harvest.known == 2
    assert len(site.requests_to("/news/footbridge.html")) == 1


def test_a_sitemap_lastmod_after_the_last_fetch_asks_for_the_page_again(site, tmp_path):
    sitemap = LiveSources(sitemaps=[site.url("/sitemap-b.xml")])
    fetch_into_folder(tmp_path, sitemap, quick())
    assert fetch_into_folder(tmp_path, sitemap, quick()).harvest.unchanged == [site.url("/sitemap-b.xml")]
    site.lastmod = "2099-01-01T00:00:00+00:00"  # the sitemap says the page changed since
    again = fetch_into_folder(tmp_path, sitemap, quick())
    assert again.harvest.unchanged == [site.url("/news/choir.html")]  # asked again, conditionally: 304
    assert [h.status for h in site.requests_to("/news/choir.html")] == [200, 304]


def test_a_page_naming_its_feed_leads_to_the_feed(site, tmp_path):
    result = fetch_into_folder(tmp_path, LiveSources(feeds=[site.url("/front.html")]), quick())
    assert sorted(f.final_url for f, _ in result.harvest.pages) == [
        site.url("/news/footbridge.html"), site.url("/news/orchard.html")]


def test_the_url_cap_leaves_the_rest_of_a_sitemap_for_the_next_run(site, tmp_path):
    sitemap = LiveSources(sitemaps=[site.url("/sitemap-index.xml")])
    first = fetch_into_folder(tmp_path, sitemap, quick(max_urls=2))
    assert len(first.harvest.pages) == 2
    assert any("1 more new pages listed; left for the next run" in str(p) for p in first.harvest.problems)
    second = fetch_into_folder(tmp_path, sitemap, quick(max_urls=2))
    assert [f.final_url for f, _ in second.harvest.pages] == [site.url("/news/choir.html")]
    assert not second.harvest.problems


def test_a_damaged_state_file_is_one_clear_error(site, tmp_path):
    (tmp_path / STATE_FILE).write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(app, ["fetch", site.url("/news/ferry.html"), "--out", str(tmp_path), "-q"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        (f"crosswire: error: {tmp_path / STATE_FILE}: unreadable fetch state (JSONDecodeError); "
         "delete it to fetch everything afresh")]


# --- into the database ------------------------------------------------------------------------


def test_fetch_into_the_database_stores_what_saving_and_ingesting_would(site, tmp_path):
    folder, saved_db, fetched_db = tmp_path / "pages", tmp_path / "saved.duckdb", tmp_path / "fetched.duckdb"
    fetch_into_folder(folder, everything(site), quick())
    ingest_paths(saved_db, [str(folder)], FAST)
    result = fetch_into_db(fetched_db, everything(site), quick(), FAST)
    assert len(result.ingest.added) == 5
    with open_store(saved_db, read_only=True) as a, open_store(fetched_db, read_only=True) as b:
        assert set(a.hashes()) == set(b.hashes())  # the same articles, by content hash
        assert _fields(a) == _fields(b)
        assert {x.source_path for x in b.all_articles()} == {
            site.url(f"/news/{s}.html") for s in ("footbridge", "orchard", "library", "ferry", "choir")}
    assert ingest_paths(fetched_db, [str(folder)], FAST).added == []  # the saved pages are duplicates


def _fields(store) -> list[tuple]:
    """What each stored article says, in a stable order (not its id or where it was read from)."""
    return sorted((x.url, x.title, x.text, x.published, x.outlet) for x in store.all_articles())


def test_the_database_keeps_the_fetch_state_and_a_repoll_adds_nothing(site, tmp_path):
    db = tmp_path / "news.duckdb"
    fetch_into_db(db, everything(site), quick(), FAST)
    with open_store(db) as store:
        records = store.fetch_records()
    ferry = records[site.url("/news/ferry.html")]
    assert ferry.etag and ferry.last_modified and ferry.digest and ferry.fetched.endswith("Z")
    assert site.url("/feed.rss") in records and site.url("/sitemap-b.xml") in records
    bodies = site.bodies_sent()
    again = fetch_into_db(db, everything(site), quick(), FAST)
    assert site.bodies_sent() == bodies and again.ingest.added == []


def test_a_page_whose_html_changes_on_every_poll_is_stored_once(site, tmp_path):
    db = tmp_path / "news.duckdb"
    page = LiveSources([site.url("/live/ferry.html")])
    first = fetch_into_db(db, page, quick(), FAST)
    second = fetch_into_db(db, page, quick(), FAST)  # the body differs (no validators), so it is downloaded
    assert len(first.ingest.added) == 1 and second.ingest.added == []
    assert len(second.ingest.duplicates) == 1 and "same content as" in second.ingest.duplicates[0]
    with open_store(db, read_only=True) as store:
        assert store.stats().articles == 1


def test_a_database_hashed_by_raw_page_is_rehashed_by_article_when_next_written(site, tmp_path):
    db = tmp_path / "old.duckdb"
    fetch_into_db(db, LiveSources([site.url("/live/ferry.html")]), quick(), FAST)
    con = duckdb.connect(str(db))
    con.execute("UPDATE articles SET content_hash = 'raw-page-hash'")  # as written by earlier versions
    con.execute("DELETE FROM meta WHERE key = 'content_hash'")
    con.close()
    again = fetch_into_db(db, LiveSources([site.url("/live/ferry.html")]), quick(), FAST)
    assert again.ingest.added == [] and len(again.ingest.duplicates) == 1
    with open_store(db, read_only=True) as store:
        assert "raw-page-hash" not in store.hashes()


def test_a_database_written_before_fetching_existed_gains_the_table(site, tmp_path):
    db = tmp_path / "old.duckdb"
    fetch_into_db(db, LiveSources([site.url("/news/ferry.html")]), quick(), FAST)
    con = duckdb.connect(str(db))
    con.execute("DROP TABLE fetch_state")  # as written before this table existed
    con.close()
    with open_store(db, read_only=True) as store:  # readers of old files are unaffected
        assert store.stats().articles == 1
    result = fetch_into_db(db, LiveSources([site.url("/news/choir.html")]), quick(), FAST)
    assert len(result.ingest.added) == 1
    with open_store(db) as store:
        assert list(store.fetch_records()) == [site.url("/news/choir.html")]


def test_a_feed_whose_page_failed_for_a_while_is_fetched_whole_again(site, tmp_path):
    db = tmp_path / "news.duckdb"
    site.feed_slugs.append("slow")  # an entry whose page times out (it may answer next time)
    site.feed_slugs.append("missing")  # and one whose page answers 404 (it will not)
    feed = LiveSources(feeds=[site.url("/feed.rss")])
    first = fetch_into_db(db, feed, quick(timeout=0.3, retries=0), FAST)
    assert [str(p) for p in first.problems][-2:] == [
        f"{site.url('/news/slow.html')}: timed out (no answer within 0.3 s) (1 attempt)",
        f"{site.url('/news/missing.html')}: HTTP 404 Not Found"]
    second = fetch_into_db(db, feed, quick(timeout=0.3, retries=0), FAST)
    assert [h.status for h in site.requests_to("/feed.rss")] == [200, 200]  # its state was not kept
    assert len(site.requests_to("/news/slow.html")) == 2  # the failed pages are retried ...
    assert len(site.requests_to("/news/orchard.html")) == 1  # ... the fetched ones are not
    assert second.harvest.known == 2


def test_a_feed_whose_page_failed_for_good_is_not_downloaded_again(site, tmp_path):
    db = tmp_path / "news.duckdb"
    site.feed_slugs.append("missing")  # an entry whose page answers 404
    feed = LiveSources(feeds=[site.url("/feed.rss")])
    fetch_into_db(db, feed, quick(), FAST)
    again = fetch_into_db(db, feed, quick(), FAST)
    assert [h.status for h in site.requests_to("/feed.rss")] == [200, 304]
    assert len(site.requests_to("/news/missing.html")) == 1 and again.problems == []


# --- the command ------------------------------------------------------------------------------


def test_cli_fetch_reports_each_failing_url_in_one_line_and_completes_the_rest(site, tmp_path):
    db = tmp_path / "news.duckdb"
    urls = [site.url(p) for p in ("/news/choir.html", "/missing", "/logo.png", "/private/secret.html")]
    args = ["fetch", *urls, "--db", str(db), "--interval", "0", "--retries", "0", "--no-semantic", "-q"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[:3] == [f"crosswire: skipped {site.url('/missing')}: HTTP 404 Not Found",
                         f"crosswire: skipped {site.url('/logo.png')}: not an HTML page (Content-Type image/png)",
                         f"crosswire: skipped {site.url('/private/secret.html')}: disallowed by {site.base}/robots.txt"]
    assert lines[3] == (f"crosswire: 1 page fetched, 0 unchanged, 0 known links skipped, 3 failed; "
                        f"1 new article, 0 duplicates; {db} holds 1 article in 1 story")
    assert CliRunner().invoke(app, [*args, "--strict"]).exit_code == 3


def test_cli_fetch_exit_status_when_nothing_could_be_fetched_and_on_usage_errors(site, tmp_path):
    runner = CliRunner()
    nothing = runner.invoke(app, ["fetch", site.url("/missing"), "--out", str(tmp_path), "-q"])
    assert nothing.exit_code == 1
    assert nothing.output.splitlines()[0] == f"crosswire: skipped {site.url('/missing')}: HTTP 404 Not Found"
    for args in (["fetch", site.url("/x")], ["fetch", "--db", "a.duckdb"],
                 ["fetch", site.url("/x"), "--db", "a.duckdb", "--out", "b"]):
        usage = runner.invoke(app, args)
        assert usage.exit_code == 2
        assert usage.output.strip() == ("crosswire: error: give URLs, --feed or --sitemap, and one of --db FILE "
                                        "or --out FOLDER")


def test_saved_state_file_is_hidden_json_keyed_by_url(site, tmp_path):
    fetch_into_folder(tmp_path, LiveSources([site.url("/news/ferry.html")]), quick())
    state = json.loads((tmp_path / STATE_FILE).read_text(encoding="utf-8"))
    entry = state["urls"][site.url("/news/ferry.html")]
    assert set(entry) == {"etag", "last_modified", "fetched", "digest"}


def test_hosts_take_turns_so_one_paced_host_does_not_hold_back_another(site):
    # Two hosts on one server: 127.0.0.1 and localhost name different origins, paced apart.
    other = site.base.replace("127.0.0.1", "localhost")
    jobs = [(site.url(f"/news/{s}.html"), None) for s in ("footbridge", "orchard", "library")]
    jobs.append((f"{other}/news/ferry.html", None))
    with Fetcher(quick(interval=0.4, per_host=1, workers=1)) as fetcher:
        results = dict(fetcher.fetch_all(jobs))
    assert not any(isinstance(r, FetchError) for r in results.values())
    ferry = site.requests_to("/news/ferry.html")[0].at
    library = site.requests_to("/news/library.html")[0].at
    assert ferry < library  # the other host's page did not wait for all of the first host's


def test_sitemap_parsing_gzip_plain_text_and_no_entity_expansion(tmp_path):
    import gzip

    from crosswire.errors import InputError
    from crosswire.ingest.discover import parse_sitemap

    xml = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.example/x</loc></url></urlset>'
    assert [link.url for link in parse_sitemap("s", gzip.compress(xml), 2**20).pages] == ["https://a.example/x"]
    text = b"https://a.example/one\n# a comment\nhttps://a.example/two\n"
    assert [link.url for link in parse_sitemap("s", text, 2**20).pages] == ["https://a.example/one", "https://a.example/two"]
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    hostile = (f'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY e SYSTEM "file://{secret}">]>'
               '<urlset><url><loc>https://a.example/&e;</loc></url></urlset>').encode()
    try:
        pages = parse_sitemap("s", hostile, 2**20).pages
    except InputError:
        pages = []
    assert not any("TOP-SECRET" in link.url for link in pages)
    with pytest.raises(InputError, match=r"not a sitemap \(its root element is <html>"):
        parse_sitemap("s", b"<html><body>hello</body></html>", 2**20)


def test_a_host_that_refuses_connections_is_one_line_naming_the_url():
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/news/any.html"
    with Fetcher(quick(retries=1)) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(url)
    assert caught.value.source == url and caught.value.transient
    assert caught.value.problem.startswith(f"http://127.0.0.1:{port}/robots.txt could not be read (connection failed")
