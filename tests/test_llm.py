"""Optional LLM rewrite against a real local HTTP server with canned OpenAI-style answers."""

import json
import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from crosswire.briefing.llm import chat_url, faithful, rewrite_briefing
from crosswire.briefing.write import write_briefing
from crosswire.records import Article, BriefingSentence, Story
from crosswire.settings import Settings

ARTICLE = Article("a1", "a1.txt", "Pier fire", (
    "Fire crews in Lowmere put out a blaze at the old Selby pier on Sunday night.\n"
    "Nobody was hurt, and 60 firefighters worked through the night, chief Rhona Vell said.\n"
))
BRIEFING = [
    BriefingSentence("Fire crews in Lowmere put out a blaze at the old Selby pier on Sunday night.", ["a1"]),
    BriefingSentence("Nobody was hurt, and 60 firefighters worked through the night, chief Rhona Vell said.", ["a1"]),
]
FAITHFUL = ("1. On Sunday night, fire crews in Lowmere put out a blaze at the old Selby pier.\n"
            "2. Chief Rhona Vell said 60 firefighters worked through the night and nobody was hurt.")
INVENTED = ("1. On Sunday night, fire crews in Lowmere put out a blaze at the old Selby pier.\n"
            "2. Chief Rhona Vell said 85 firefighters worked through the night and nobody was hurt.\n")
INVENTED_NAME = ("1. Mayor Tobin Harke said fire crews in Lowmere put out a blaze at the old Selby pier on Sunday.\n"
                 "2. Chief Rhona Vell said 60 firefighters worked through the night and nobody was hurt.\n")


class _Canned(BaseHTTPRequestHandler):
    """Answers every POST with the server's current canned body; records the requests."""

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        self.server.requests.append((self.path, json.loads(self.rfile.read(length))))
        body = self.server.body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        """Keep test output quiet."""


@pytest.fixture()
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Canned)
    httpd.requests, httpd.body = [], ""
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _completion(content: str) -> str:
    return json.dumps({"id": "x", "object": "chat.completion",
                       "choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]})


def _settings(server) -> Settings:
    return Settings(llm_url=f"http://127.0.0.1:{server.server_port}", llm_model="tiny", llm_timeout=5)


def test_faithful_rewrite_is_accepted(server):
    server.body = _completion(FAITHFUL)
    out = rewrite_briefing(BRIEFING, [ARTICLE], _settings(server))
    assert [s.text for s in out] == [line[3:] for line in FAITHFUL.splitlines()]
    assert [s.sources for s in out] == [["a1"], ["a1"]]
    path, request = server.requests[0]
    assert path == "/v1/chat/completions"
    assert request["model"] == "tiny" and "1. Fire crews" in request["messages"][-1]["content"]


def test_invented_figure_or_name_falls_back_to_the_extracted_sentence(server):
    server.body = _completion(INVENTED)
    out = rewrite_briefing(BRIEFING, [ARTICLE], _settings(server))
    assert out[0].text.startswith("On Sunday night")
    assert out[1].text == BRIEFING[1].text
    server.body = _completion(INVENTED_NAME)
    out = rewrite_briefing(BRIEFING, [ARTICLE], _settings(server))
    assert out[0].text == BRIEFING[0].text
    assert out[1].text.startswith("Chief Rhona Vell")


def test_malformed_answer_gives_one_warning_and_the_extracted_briefing(server, caplog):
    for body in ("{not json", json.dumps({"choices": []}), _completion("Sure! Here is a better briefing.")):
        server.body = body
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="crosswire.briefing.llm"):
            out = rewrite_briefing(BRIEFING, [ARTICLE], _settings(server))
        assert out == BRIEFING
        assert len(caplog.records) == 1 and "extracted briefing kept" in caplog.records[0].getMessage()


def test_connection_refused_falls_back_through_write_briefing(caplog):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = Settings(llm_url=f"http://127.0.0.1:{port}", llm_timeout=2)
    story = Story("s", ["a1"], headline="Pier fire")
    with caplog.at_level(logging.WARNING, logger="crosswire.briefing.llm"):
        out = write_briefing(story, [ARTICLE], [], [], settings)
    assert [s.text for s in out] == [s.text for s in BRIEFING]
    assert len(caplog.records) == 1 and "ConnectError" in caplog.records[0].getMessage()


def test_write_briefing_uses_the_endpoint_when_set(server):
    server.body = _completion(FAITHFUL)
    out = write_briefing(Story("s", ["a1"]), [ARTICLE], [], [], _settings(server))
    assert out[0].text.startswith("On Sunday night")


def test_chat_url_accepts_root_v1_or_full_url():
    assert chat_url("http://h:8080") == "http://h:8080/v1/chat/completions"
    assert chat_url("http://h:8080/v1/") == "http://h:8080/v1/chat/completions"
    assert chat_url("http://h/api/chat/completions") == "http://h/api/chat/completions"


def test_faithful_check_rejects_negation_flip_and_drift():
    source = ARTICLE.text
    assert faithful("Chief Rhona Vell said nobody was hurt.", BRIEFING[1].text, source) is False  # too much dropped
    assert faithful("Somebody was hurt, and 60 firefighters worked through the night, chief Rhona Vell said.",
                    BRIEFING[1].text, source) is False
