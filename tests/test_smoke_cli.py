"""The CLI's basic contract: analyse a folder, write the JSON report, report a missing path."""

import json

from typer.testing import CliRunner

from crosswire.cli import app


def test_missing_path_is_one_line_error_and_status_1(tmp_path):
    result = CliRunner().invoke(app, ["analyze", str(tmp_path / "nope.txt"), "-q"])
    assert result.exit_code == 1
    assert f"{tmp_path / 'nope.txt'}: no such file or folder" in result.output


def test_json_report_follows_contract(tmp_path):
    (tmp_path / "a.txt").write_text("Harbour bridge reopens\n\nThe harbour bridge in Port Vell reopened on Monday after repairs.\n")
    out = tmp_path / "r.json"
    result = CliRunner().invoke(app, ["analyze", str(tmp_path / "a.txt"), "--json", str(out), "-q"])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    assert set(report) >= {"crosswire_version", "articles", "stories"}
    assert report["articles"][0]["id"] == "a"
    story = report["stories"][0]
    assert set(story) >= {"id", "headline", "articles", "origins", "reuse", "entities", "facts", "briefing",
                          "disputed", "single_source"}
