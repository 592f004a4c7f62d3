"""`ocop make_sample_register`: the national sample as before, and one province's register with --province."""

import pytest
from django.core.management import CommandError, call_command

from ocop.imports.reader import read_sheet
from ocop.imports.resolve import Resolver
from ocop.imports.sample import generate_rows
from ocop.imports.service import register_import
from ocop.imports.values import parse_stars

pytestmark = pytest.mark.django_db


def provinces_and_stars(data: bytes, name: str):
    sheet = read_sheet(data, name)
    resolver = Resolver()
    provinces, stars, count = set(), set(), 0
    for _number, values in sheet.rows:  # streamed: read once
        provinces.add(resolver.province(str(values[sheet.columns["province"]]), None)[0].code)
        stars.add(parse_stars(values[sheet.columns["stars"]]))
        count += 1
    return provinces, stars, count


def test_one_province_sample_is_its_office_s_register(tmp_path, users, capsys):
    path = tmp_path / "ca-mau.xlsx"
    call_command("make_sample_register", "--rows", "400", "--province", "96", str(path))
    assert "400 rows written" in capsys.readouterr().out
    provinces, stars, rows = provinces_and_stars(path.read_bytes(), path.name)
    assert provinces == {"96"} and stars == {3, 4} and rows == 400
    report = register_import(data=path.read_bytes(), filename=path.name, user=users["province"], dry_run=True)
    assert report.ok, report.errors[:3]


def test_five_stars_on_request_and_then_only_the_centre_imports_it(tmp_path, users):
    path = tmp_path / "ca-mau.csv"
    call_command("make_sample_register", "--rows", "400", "--province", "96", "--five-stars", str(path))
    provinces, stars, _rows = provinces_and_stars(path.read_bytes(), path.name)
    assert provinces == {"96"} and 5 in stars
    refused = register_import(data=path.read_bytes(), filename=path.name, user=users["province"], dry_run=True)
    assert [p.column for p in refused.errors] == ["Số sao"]
    assert register_import(data=path.read_bytes(), filename=path.name, user=users["central"], dry_run=True).ok


def test_the_national_sample_is_unchanged_by_the_new_options(tmp_path):
    assert generate_rows(300, seed=7) == generate_rows(300, seed=7, province=None, five_stars=None)
    path = tmp_path / "all.xlsx"
    call_command("make_sample_register", "--rows", "300", str(path))
    provinces, stars, rows = provinces_and_stars(path.read_bytes(), path.name)
    assert len(provinces) > 20 and rows == 300 and stars <= {3, 4, 5}


@pytest.mark.parametrize("args,message", [
    (["--province", "99"], "not one of the 34 provinces"),
    (["--province", "Cà Mau"], "not one of the 34 provinces"),
    (["--five-stars"], "goes with --province"),
    (["--rows", "0"], "at least 1"),
])
def test_bad_options_are_refused_with_a_reason(tmp_path, args, message):
    base = ["--rows", "10"] if "--rows" not in args else []
    with pytest.raises(CommandError, match=message):
        call_command("make_sample_register", *base, *args, str(tmp_path / "x.xlsx"))
    assert not (tmp_path / "x.xlsx").exists()
