"""The roster as committees write it: roles in one cell (English or Chinese), the old
one-role-per-line form merged with a hint, Chinese headers, GBK files from Excel; and a
re-import that changes roles and homes in place without new codes for people who have one."""

from __future__ import annotations

import csv
from datetime import timedelta

from sqlalchemy import select

from services.intake.roster.read import read_roster
from services.intake.roster.run import open_store, run_import
from services.intake.tables import people
from tests.people.compound import ROSTER, names_of, write


def test_a_home_and_two_roles_on_one_line_is_one_person_resident_first():
    (liu,) = read_roster("building,room,name,roles,language\n5,1101,刘芳,resident;building_admin,zh\n").lines
    assert (liu.home, liu.roles, liu.role, liu.admin_building) == (("5", "1101"), ("resident", "building_admin"),
                                                                   "building_admin", "5")


def test_a_staff_role_with_a_room_makes_them_a_resident_too():
    (liu,) = read_roster("building,room,name,role,language\n5,1101,刘芳,building_admin,zh\n").lines
    assert liu.roles == ("resident", "building_admin")


def test_chinese_headers_roles_and_cells_as_typed():
    read = read_roster("楼栋,房号,姓名,角色,电话\n５号楼,1101室,刘芳,居民、楼长,13800000000\n,6-201,张伟,住户,\n")
    liu, zhang = read.lines
    assert (liu.building, liu.room, liu.roles) == ("5", "1101", ("resident", "building_admin"))
    assert (zhang.building, zhang.room, zhang.language) == ("6", "201", "zh")
    assert read.notes == ["columns not read (lastmile keeps no more than it needs): 电话"]


def test_one_line_per_role_is_merged_with_a_hint():
    read = read_roster("building,room,name,role,language\n5,1101,刘芳,resident,zh\n5,,刘芳,building_admin,zh\n"
                       ",,刘芳,volunteer,zh\n6,,Wang,building_admin,en\n6,301,Wang,resident,en\n")
    liu, wang = read.lines
    assert liu.roles == ("resident", "building_admin", "volunteer") and liu.home == ("5", "1101")
    assert wang.roles == ("resident", "building_admin") and wang.admin_building == "6"
    assert read.notes[0] == ("lines 2, 3, 4 are one person (刘芳): imported once with roles "
                             "resident;building_admin;volunteer. Next time write one line with roles "
                             "resident;building_admin;volunteer.")


def test_an_admin_of_another_building_than_home_says_so():
    (liu,) = read_roster("building,room,name,roles,admin_building\n5,1101,刘芳,resident;building_admin,6\n").lines
    assert liu.admin_building == "6" and liu.home == ("5", "1101")


def test_a_role_line_that_could_be_either_of_two_homes_is_refused():
    read = read_roster("building,room,name,roles\n3,502,张伟,resident\n6,201,张伟,resident\n,,张伟,volunteer\n")
    assert [str(p) for p in read.problems] == [
        "line 4: 张伟 lives in 3-502 and 6-201: write this role on the right home's line (roles e.g. "
        "resident;building_admin)"]


def test_the_committees_roster_reads_clean():
    read = read_roster(ROSTER)
    assert not read.problems and not read.notes and len(read.lines) == 35


def _people(settings):
    store = open_store(settings)
    try:
        return {r.person_id: r for r in store.run_sync(lambda c: c.execute(select(people)).all())}
    finally:
        store.close()


def test_a_gbk_roster_from_excel_imports(intake_settings, tmp_path):
    result = run_import(intake_settings, write(tmp_path, ROSTER, "gbk"), tmp_path / "codes.csv")
    assert not result.problems and result.notes == ["read as GBK (Excel's plain CSV on Chinese Windows)"]
    ids, _ = names_of(tmp_path / "codes.csv")
    stored = _people(intake_settings)
    assert stored[ids["刘芳"]].roles == "resident;building_admin" and stored[ids["周主任"]].role == "committee"


def test_a_file_neither_utf8_nor_gbk_is_refused_with_the_fix(intake_settings, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_bytes(b"building,room,name,roles\n5,1101,\xff\xff\xff,resident\n")
    (problem,) = run_import(intake_settings, roster, tmp_path / "codes.csv").problems
    assert str(problem).startswith("the file is neither UTF-8 nor GBK (invalid start byte at byte 32): in Excel")
    assert "CSV UTF-8" in str(problem) and not (tmp_path / "codes.csv").exists()


def test_the_codes_file_opens_in_excel_homes_in_number_order(intake_settings, tmp_path):
    run_import(intake_settings, write(tmp_path), tmp_path / "codes.csv")
    raw = (tmp_path / "codes.csv").read_bytes()
    assert raw.startswith("\ufeffperson_id".encode("utf-8"))
    with (tmp_path / "codes.csv").open(encoding="utf-8-sig") as f:
        homes = [f"{r['building']}-{r['room']}" for r in csv.DictReader(f) if r["room"]]
    assert homes.index("3-502") < homes.index("3-1201") and homes.index("5-1202") < homes.index("6-201")


def test_a_reimport_changes_roles_and_home_in_place_and_issues_codes_only_to_who_needs_one(
        intake_settings, tmp_path):
    run_import(intake_settings, write(tmp_path), tmp_path / "codes.csv")
    ids, codes = names_of(tmp_path / "codes.csv")
    changed = (ROSTER.replace("3,1201,陈晓明,resident;volunteer", "3,1201,陈晓明,resident;building_admin")
               .replace("7,1503,严华,居民", "7,1601,严华,居民") + "7,1601,严小华,居民,zh\n")
    second = run_import(intake_settings, write(tmp_path, changed), tmp_path / "again.csv")
    assert not second.problems
    stored = _people(intake_settings)
    chen, yan = stored[ids["陈晓明"]], stored[ids["严华"]]
    assert (chen.roles, chen.admin_building) == ("resident;building_admin", "3")
    assert (yan.building, yan.room) == ("7", "1601")  # moved house, same person
    again, new_codes = names_of(tmp_path / "again.csv")
    assert list(again) == ["严小华"] and len(stored) == 36  # the newcomer only: codes handed out still work
    third = run_import(intake_settings, write(tmp_path, changed), tmp_path / "third.csv", reissue=True,
                       valid_for=timedelta(days=3))
    assert len(third.codes) == 36


def test_a_person_id_column_moves_someone_whose_name_is_not_unique_and_an_unknown_id_is_refused(
        intake_settings, tmp_path):
    run_import(intake_settings, write(tmp_path), tmp_path / "codes.csv")
    ids, _ = names_of(tmp_path / "codes.csv")
    zhang = ids["张伟@3-502"]
    header, *rows = ROSTER.splitlines()
    moved = [header + ",编号"] + [r + (f",{zhang}" if r.startswith("3,502,张伟") else ",") for r in rows]
    moved = "\n".join(moved).replace(f"3,502,张伟,居民,zh,{zhang}", f"3,901,张伟,居民,zh,{zhang}") + "\n"
    assert not run_import(intake_settings, write(tmp_path, moved), tmp_path / "again.csv").problems
    assert (_people(intake_settings)[zhang].building, _people(intake_settings)[zhang].room) == ("3", "901")
    wrong = moved.replace(f",{zhang}", ",R999")
    (problem,) = run_import(intake_settings, write(tmp_path, wrong), tmp_path / "third.csv").problems
    assert str(problem).endswith("person_id R999 is nobody imported before (leave it empty for someone new)")
    assert not (tmp_path / "third.csv").exists() and _people(intake_settings)[zhang].room == "901"
