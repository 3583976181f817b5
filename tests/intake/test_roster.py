"""Roster import: all lines or none, every bad line listed, codes hashed and reissued."""

from __future__ import annotations

import csv

from sqlalchemy import select
from typer.testing import CliRunner

from lastmile.cli import app
from services.intake.domain.codes import code_hash
from services.intake.roster.read import read_roster
from services.intake.roster.run import open_store, run_import
from services.intake.tables import binding_codes, people
from shared.runtime.tables import outbox

from .support import ROSTER, read_codes, write_roster

BAD = """building,room,name,role,language
3,1201,王芳,resident,zh
3,,Li Lei,resident,en
,,陈团长,chef,zh
,,Guard,guard,fr
3,1201,王芳,resident,zh
,12,Staff,property,zh
3-A,1,X,resident,zh
"""


def test_every_bad_line_is_listed_with_its_reason():
    read = read_roster(BAD)
    assert read.lines == []
    assert [str(p) for p in read.problems] == [
        "line 3: a resident needs a building and a room",
        "line 4: role 'chef' is not one of resident, building_admin, group_leader, committee, property, guard, "
        "volunteer (or 居民, 楼长, 团长, 居委, 物业, 保安, 志愿者)",
        "line 5: language 'fr' is not zh or en",
        "line 7: a room needs its building",
        "line 8: building '3-A' is not 1-8 letters or digits",
    ]
    assert read.notes == ["line 6 repeats line 2 (王芳): read once"]


def test_a_wrong_header_is_reported():
    problems = read_roster("name,room\nx,1\n").problems
    assert "header must be building,room,name,roles,language (楼栋,房号,姓名,角色,语言); missing building,roles" \
        in str(problems[0])


def _rows(settings, table):
    store = open_store(settings)
    try:
        return store.run_sync(lambda conn: conn.execute(select(table)).all())
    finally:
        store.close()


def test_a_file_with_bad_lines_imports_nothing(intake_settings, tmp_path, monkeypatch):
    roster = tmp_path / "bad.csv"
    roster.write_text(BAD, encoding="utf-8")
    for key, value in {"LASTMILE_DATA_DIR": str(intake_settings.data_dir), "LASTMILE_COMMUNITY": "test",
                       "LASTMILE_DATABASE_URL": intake_settings.database_url or "",
                       "LASTMILE_DATABASE_SCHEMA": intake_settings.database_schema or ""}.items():
        if value:
            monkeypatch.setenv(key, value)
    result = CliRunner().invoke(app, ["roster", "import", str(roster), "--codes-out", str(tmp_path / "c.csv")])
    assert result.exit_code == 1
    assert "Nothing imported: 5 problem(s)" in result.output and "line 4: role 'chef'" in result.output
    assert not (tmp_path / "c.csv").exists()
    assert _rows(intake_settings, people) == [] and _rows(intake_settings, outbox) == []


def test_import_stores_hashes_emits_people_and_reissues_codes(intake_settings, tmp_path):
    first = run_import(intake_settings, write_roster(tmp_path), tmp_path / "codes.csv")
    codes = read_codes(tmp_path / "codes.csv")
    assert sorted(codes) == [f"R{n}" for n in range(1, 9)]
    with (tmp_path / "codes.csv").open(encoding="utf-8-sig") as f:
        assert next(csv.reader(f)) == ["person_id", "building", "room", "name", "role", "roles", "code", "expires"]
    stored = {row.code_hash for row in _rows(intake_settings, binding_codes)}
    assert code_hash(codes["R1"]) in stored and codes["R1"] not in stored
    assert len(_rows(intake_settings, outbox)) == len(first.issued) == 8

    run_import(intake_settings, write_roster(tmp_path, ROSTER.replace("Li Lei,resident,en", "Li Lei,resident,zh")),
               tmp_path / "again.csv", reissue=True)
    again = read_codes(tmp_path / "again.csv")
    assert sorted(again) == sorted(codes)  # same people, same ids
    revoked = {row.code_hash for row in _rows(intake_settings, binding_codes) if row.revoked_at}
    assert code_hash(codes["R2"]) in revoked and code_hash(again["R2"]) not in revoked
    assert {row.person_id: row.language for row in _rows(intake_settings, people)}["R2"] == "zh"
