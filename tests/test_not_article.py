"""Files that are not news articles (issue 15, deliverable 3): refused with one line each, never a story.

Licence texts, READMEs, search and tag pages, error pages and cookie walls are reported as
"<source>: not a news article: <reason>" by analyze and ingest, and left out of the stories;
real reports that talk about cookies, licences, searches or a broken website stay. ``--exclude``
leaves matching files of a folder out. All texts here are fictional.
"""

import json

import pytest
from typer.testing import CliRunner

from crosswire.cli import EXIT_OK, app
from crosswire.engine.incremental import ingest_paths
from crosswire.engine.local import analyze_paths
from crosswire.extract.articles import extract_article
from crosswire.extract.notarticle import NOT_AN_ARTICLE, not_an_article
from crosswire.records import Article, RawDocument
from crosswire.settings import Settings

# --- documents that are not news -------------------------------------------------------------------

LICENCE = """Copyright (c) 2031 The Quayside Tools Authors

Permission is hereby granted, free of charge, to any person obtaining a copy of this software
and associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""

README = """# Harbour-Clusters

Clusters of harbour news collected for the Quayside project.

## Usage

The data can be used directly; each file holds one record.

```
python collect.py --out data/
```

## Building

Delete data/raw to fetch it again.
"""

SEARCH_RECORD = {
    "id": "herald-search", "title": "Herald Search : Herald",
    "url": "https://lakeside-herald.example/search/index.php?searchinput=ferry+strike",
    "text": "As the ferry strike enters its second week, commuters look for other routes ...\n"
            "... the council said on Monday that talks would ... resume\n"
            "... ferry crews in Lakeside and Port Amsel ...",
}

TAG_PAGE = """<!DOCTYPE html><html><head><title>Ferry strike Archives - Lakeside Herald</title></head><body>
<main><h1>Tag: Ferry strike</h1>
<article><h2><a href="/a1">Ferry crews walk out as pay talks collapse</a></h2>
<p>Ferry crews in Lakeside walked out late on Sunday after talks over pay collapsed, the union said.</p></article>
<article><h2><a href="/a2">Commuters queue for hours at the bridge</a></h2>
<p>Commuters queued for up to three hours at the old bridge on Monday as the strike entered its second day.</p></article>
<article><h2><a href="/a3">Council offers mediation in ferry dispute</a></h2>
<p>The council offered to mediate between the ferry line and its crews before the summer season starts.</p></article>
<a href="/tag/ferry-strike/page/2">Older posts</a></main>
</body></html>"""

NOT_FOUND_PAGE = """<!DOCTYPE html><html><head><title>Page not found | Lakeside Herald</title></head><body>
<h1>Page not found</h1>
<p>Sorry, the page you requested could not be found. It may have been moved or deleted, or the
link you followed may be broken. Please check the web address for spelling mistakes, or go back
to the homepage and try again from there.</p>
</body></html>"""

COOKIE_WALL = """Lakeside Herald
We use cookies to give you the best experience on our website and to show you personalised advertising.
By clicking "Accept all cookies" you consent to our use of cookies and to our partners processing your data.
You can change your cookie settings at any time in your browser.
Accept all cookies
Manage settings
"""

# --- real (fictional) reports that only talk about these things -------------------------------------

COOKIE_NEWS = {
    "id": "cookie-fine", "title": "Regulator fines Lakeside retailer over cookie banners",
    "outlet": "Lakeside Herald", "published": "2031-03-04",
    "text": "The Lakeside data protection office on Tuesday fined the retailer Quaymart 40,000 crowns over the "
            "cookie banners on its website.\n"
            "Inspectors found that the banner read \"we use cookies to personalise content\" and offered only an "
            "\"accept all cookies\" button, with no way to refuse.\n"
            "Under the rules, shoppers must be able to refuse tracking as easily as they accept it, the office said "
            "in a statement.\n"
            "Quaymart said it would appeal and that it had already changed the banner after the inspection in "
            "January.\n"
            "The office has opened similar cases against three other shops in the region this year.",
}

LICENCE_NEWS = {
    "id": "bus-code", "title": "City publishes the code of its bus-tracking app",
    "outlet": "Port Amsel Post", "published": "2031-03-05",
    "text": "Port Amsel on Wednesday published the source code of its bus-tracking app under the GNU General "
            "Public License, so that other towns can reuse it.\n"
            "The code comes without warranty of any kind, the city's digital office said, but it has run the "
            "app for two years with few complaints.\n"
            "Councillor Mara Lind said the city had paid 1.2 million crowns for the app and that sharing it "
            "would spread that cost.\n"
            "Two neighbouring towns have already said they will test the app on their own bus lines this spring.",
}

SEARCH_NEWS = {
    "id": "kayak-search", "title": "Search for missing kayaker resumes at dawn",
    "outlet": "Lakeside Herald", "published": "2031-03-06",
    "text": "Rescue crews resumed the search for a missing kayaker on Lake Amsel at dawn on Thursday.\n"
            "The 34-year-old man set out from the north shore on Wednesday afternoon and did not return, police said.\n"
            "Two boats, a helicopter and volunteers from the sailing club joined the search, which was called off "
            "overnight because of fog.\n"
            "Police asked residents who saw a red kayak on the lake to call them.",
}

OUTAGE_NEWS = {
    "id": "site-outage", "title": "Page not found: council website crash leaves residents unable to pay fines",
    "outlet": "Lakeside Herald", "published": "2031-03-07",
    "text": "Residents trying to pay parking fines on Monday saw only a \"page not found\" message after the "
            "council website crashed during an upgrade.\n"
            "The council said the payment service would be back by Wednesday and that no late fees would be charged "
            "for the three days.\n"
            "About 2,000 fines fall due this week, according to the council's transport office.\n"
            "Opposition councillor Tomas Berg called the upgrade rushed and asked for an inquiry at the next meeting.",
}

ACCESS_NEWS = {
    "id": "court-access", "title": "Reporters kept out of ferry strike hearing",
    "outlet": "Port Amsel Post", "published": "2031-03-08",
    "text": "Access denied: reporters were kept out of the hearing on the ferry strike at Port Amsel court on "
            "Friday, after the judge ruled that the talks were confidential.\nThe union said it would appeal.",
}


MARKDOWN_NEWS = """# Ferry strike ends after nine days

By Ana Holt, Lakeside Herald, 2031-03-09

Ferry crews in Lakeside returned to work on Monday after the union accepted a pay offer of
4 percent, ending a strike that had lasted nine days and stranded thousands of commuters.

## Background

The strike began on March 1 when talks over pay and rest hours collapsed. The council offered
to mediate on the third day, and the ferry line raised its offer twice.

## Development of the talks

Union leader Ilse Varga said members had voted 312 to 90 in favour of the deal, which also adds
a second rest day. The ferry line said services would run to the normal timetable by Wednesday.
"""


def _folder(tmp_path):
    """A folder of news plus every kind of document that is not news."""
    folder = tmp_path / "batch"
    (folder / "data").mkdir(parents=True)
    (folder / "LICENSE").write_text(LICENCE)
    (folder / "terms.txt").write_text(LICENCE)  # a licence under another name: known by its text
    (folder / "README.MD").write_text(README)
    (folder / "guide.md").write_text(README)  # a README under another name: known by its Markdown
    (folder / "data" / "search.json").write_text(json.dumps(SEARCH_RECORD))
    (folder / "data" / "tag.html").write_text(TAG_PAGE)
    (folder / "data" / "missing.html").write_text(NOT_FOUND_PAGE)
    (folder / "data" / "consent.txt").write_text(COOKIE_WALL)
    (folder / "data" / "ferry-strike-ends.md").write_text(MARKDOWN_NEWS)  # news in Markdown stays
    news = [COOKIE_NEWS, LICENCE_NEWS, SEARCH_NEWS, OUTAGE_NEWS, ACCESS_NEWS]
    (folder / "data" / "news.jsonl").write_text("\n".join(json.dumps(item) for item in news) + "\n")
    return folder


REFUSED = {  # file -> what its reason must say
    "LICENSE": "licence file",
    "terms.txt": "licence text (MIT licence)",
    "README.MD": "README file",
    "guide.md": "README or project documentation",
    "search.json": "search or listing page",
    "tag.html": "search or listing page",
    "missing.html": "error page",
    "consent.txt": "cookie wall",
}
NEWS_IDS = {"cookie-fine", "bus-code", "kayak-search", "site-outage", "court-access", "ferry-strike-ends"}


def _refusals(problems):
    """file name -> reason, for the problems that are refusals."""
    found = {}
    for problem in problems:
        if problem.message.startswith(f"{NOT_AN_ARTICLE}: "):
            name = problem.source.rsplit("/", 1)[-1].split(" (", 1)[0]  # "news.jsonl (id)": the file
            found[name] = problem.message.removeprefix(f"{NOT_AN_ARTICLE}: ")
    return found


def test_analyze_refuses_each_non_article_with_its_reason_and_keeps_the_news(tmp_path):
    report = analyze_paths([str(_folder(tmp_path))], Settings())
    refused = _refusals(report.problems)
    assert set(refused) == set(REFUSED)
    for name, reason in REFUSED.items():
        assert refused[name].startswith(reason), (name, refused[name])
    assert {a.id for a in report.articles} == NEWS_IDS
    in_stories = {article for story in report.stories for article in story.articles}
    assert in_stories == NEWS_IDS


def test_ingest_refuses_the_same_files(tmp_path):
    result = ingest_paths(tmp_path / "news.duckdb", [str(_folder(tmp_path))])
    assert set(_refusals(result.problems)) == set(REFUSED)
    assert set(result.added) == NEWS_IDS


def test_cli_prints_one_line_per_refusal_and_exits_ok(tmp_path):
    folder = _folder(tmp_path)
    result = CliRunner().invoke(app, ["analyze", str(folder), "--json", str(tmp_path / "out.json"), "-q"])
    assert result.exit_code == EXIT_OK, result.output
    lines = [line for line in result.stderr.splitlines() if f": {NOT_AN_ARTICLE}: " in line]
    assert len(lines) == len(REFUSED)
    assert f"crosswire: skipped {folder / 'LICENSE'}: {NOT_AN_ARTICLE}: licence file (LICENSE)" in lines
    report = json.loads((tmp_path / "out.json").read_text())
    assert {a["id"] for a in report["articles"]} == NEWS_IDS


def test_strict_counts_a_refusal_as_an_unusable_source(tmp_path):
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "news.jsonl").write_text(json.dumps(SEARCH_NEWS) + "\n")
    (folder / "LICENSE").write_text(LICENCE)
    result = CliRunner().invoke(app, ["analyze", str(folder), "--json", str(tmp_path / "out.json"), "-q", "--strict"])
    assert result.exit_code == 3, result.output


def test_a_record_inside_a_file_is_named_with_its_id(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps(SEARCH_NEWS) + "\n" + json.dumps({**SEARCH_RECORD, "id": "s-1"}) + "\n")
    report = analyze_paths([str(path)], Settings())
    assert [p.source for p in report.problems] == [f"{path} (s-1)"]
    assert [a.id for a in report.articles] == ["kayak-search"]


@pytest.mark.parametrize("title, text, reason", [
    ("Notice", "Notice: you must log in to continue.", "access wall"),
    ("404", "Error 404. The page you are looking for does not exist. Please check the URL and try again.", "error page"),
    ("Access Denied", "You don't have permission to access this page on this server.", "error page"),
    ("Brexit Archives - The Quay Times", "Brexit deal\nRead more\nTalks resume\nRead more", "search or listing page"),
    ("Posts tagged ferry", "Ferry strike ends\nFerry fares rise", "search or listing page"),
    ("Herald", ("This site uses cookies. By continuing to browse the site you are agreeing to our use of cookies. "
               "Find out more in our cookie policy."), "cookie wall"),
])
def test_short_notices_are_refused(title, text, reason):
    article = Article(id="x", source_path="x.json", title=title, text=text)
    assert (not_an_article(article) or "").startswith(reason)


@pytest.mark.parametrize("title, text", [
    ("Access denied to refugees at the border", ("Dozens of refugees were denied access to the border post at Amsel on "
     "Sunday, aid workers said. The border guards said the crossing was closed for repairs.")),
    ("500 die in floods", "At least 500 people died in floods in the delta region, officials said on Monday."),
    ("Forbidden love: a ferry romance", "Two ferry captains from rival lines married on Saturday in Lakeside."),
    ("Search: divers return to Lake Amsel", ("Police divers returned to Lake Amsel on Tuesday to search for the "
     "missing kayaker, police said. The search was called off on Monday because of fog and will go on for "
     "three more days.")),
    ("Inside the Kremlin archives | The Quay Times", "Historians were given a first look at the files on Monday."),
    ("Results for the third quarter beat forecasts", "Quaymart said its sales rose 4 percent in the quarter."),
])
def test_news_that_looks_like_a_notice_is_kept(title, text):
    assert not_an_article(Article(id="x", source_path="x.json", title=title, text=text)) is None


def test_a_lower_case_file_named_like_a_licence_is_still_read():
    document = RawDocument("license-fees-rise", "news/license-fees-rise.txt", "text/plain", SEARCH_NEWS["text"])
    article = extract_article(document)
    assert isinstance(article, Article)


# --- --exclude ------------------------------------------------------------------------------------

def test_cli_exclude_skips_matching_files_in_analyze_and_ingest(tmp_path):
    folder = _folder(tmp_path)
    # '*.md' also matches README.MD (any case) and the Markdown news; 'data/*.html' a path in the folder
    args = ["--exclude", "LICENSE*", "--exclude", "*.md", "--exclude", "terms.txt", "--exclude", "data/*.html",
            "--exclude", "consent.txt", "--exclude", "search.json"]
    kept = NEWS_IDS - {"ferry-strike-ends"}
    result = CliRunner().invoke(app, ["analyze", str(folder), "--json", str(tmp_path / "out.json"), "-q", *args])
    assert result.exit_code == EXIT_OK, result.output
    assert NOT_AN_ARTICLE not in result.stderr  # every non-article was excluded before it was read
    assert "crosswire: --exclude left out 9 files" in result.stderr
    assert {a["id"] for a in json.loads((tmp_path / "out.json").read_text())["articles"]} == kept

    db = tmp_path / "news.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(db), "-q", *args])
    assert result.exit_code == EXIT_OK, result.output
    assert NOT_AN_ARTICLE not in result.stderr
    assert "--exclude left out 9 files" in result.stderr
    assert f"{len(kept)} new articles" in result.stderr


def test_exclude_prunes_a_folder_and_a_folder_left_empty_is_reported(tmp_path):
    from crosswire.ingest.sources import list_sources

    folder = _folder(tmp_path)
    (folder / "data" / "old").mkdir()
    (folder / "data" / "old" / "note.txt").write_text(SEARCH_NEWS["text"])  # inside the excluded folder
    listed = list_sources([str(folder)], ("data",))
    assert {entry.name.rsplit("/", 1)[-1] for entry in listed} == {"LICENSE", "terms.txt", "README.MD", "guide.md"}
    (tmp_path / "only").mkdir()
    (tmp_path / "only" / "README.md").write_text(README)
    [problem] = list_sources([str(tmp_path / "only")], ("readme*",))
    assert problem.message == "folder holds no files (--exclude left out 1)"
