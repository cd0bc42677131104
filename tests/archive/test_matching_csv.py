"""The CSV contract of ``temoin persons match``: header, encodings, refusals, JSON lines on stdout only."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archive.cli import app
from archive.persons.matchcsv import CsvRefused, decode, parse_csv
from archive.persons.records import FIELDS

HEADER = ",".join(FIELDS)
ROWS = [
    "a1,Fatoumata,Traoré,1971-03-02,Kati,Moussa Traoré,Awa Diarra,F,commission",
    "a2,Fanta,TRAORE,vers 1971,cercle de Kati,Moussa,,F,clinique",
    "a3,Oumar,Coulibaly,1985,Ségou,,,M,commission",
    "a4,Umar,Kulibali,1985-06,Segou,,,M,centre",
    "a5,Mariam,Maïga,1990-01-01,Gao,Ibrahim Maïga,,F,commission",
]


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def _cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["persons", "match", *args])
    return result.exit_code, result.stdout, result.stderr


def test_when_a_csv_is_matched_then_stdout_holds_only_json_pairs_with_probabilities(tmp_path: Path) -> None:
    path = _write(tmp_path / "in.csv", "\n".join([HEADER, *ROWS]) + "\n")
    code, out, err = _cli("--input", str(path), "--json", "--threshold", "0.5")
    assert code == 0, err
    pairs = [json.loads(line) for line in out.splitlines()]
    assert pairs and all(set(p) == {"a", "b", "probability"} and 0 <= p["probability"] <= 1 for p in pairs)
    assert {frozenset((p["a"], p["b"])) for p in pairs} >= {frozenset(("a1", "a2")), frozenset(("a3", "a4"))}
    assert all(p["a"] < p["b"] for p in pairs)  # a comes first in the file


@pytest.mark.parametrize(("header", "missing"), [
    ("id,given_name,family_name", "birth_date, birth_place, father_name, mother_name, sex, source"),
    (HEADER.replace(",sex", ""), "sex"),
    ("", "id, given_name"),
])
def test_when_columns_are_missing_then_exit_2_names_them(tmp_path: Path, header: str, missing: str) -> None:
    path = _write(tmp_path / "in.csv", header + "\n" + "x1,A,B\n")
    code, out, err = _cli("--input", str(path), "--json")
    assert code == 2 and out == ""
    assert missing in err and "Traceback" not in err


def test_when_ids_repeat_then_exit_2_names_the_ids(tmp_path: Path) -> None:
    path = _write(tmp_path / "in.csv", "\n".join([HEADER, *ROWS, ROWS[0], ROWS[2]]) + "\n")
    code, out, err = _cli("--input", str(path), "--json")
    assert code == 2 and out == ""
    assert "'a1' (×2)" in err and "'a3' (×2)" in err


@pytest.mark.parametrize(("encoding", "prefix", "said"), [
    ("utf-8", b"\xef\xbb\xbf", "cli.csv_utf8_bom"),
    ("cp1252", b"", "cli.csv_cp1252"),
    ("latin-1", b"", "cli.csv_cp1252"),
    ("utf-16", b"", "cli.csv_utf16"),
])
def test_when_a_spreadsheet_wrote_another_encoding_then_names_are_decoded_and_it_is_said(
        encoding: str, prefix: bytes, said: str) -> None:
    text, note = decode(prefix + ("\n".join([HEADER, *ROWS]) + "\n").encode(encoding))
    assert "Traoré" in text and "Maïga" in text and text.startswith("id,")
    assert note == said  # a catalogue key: said in the reader's language


def test_when_dates_are_bad_then_their_lines_are_named_and_the_rows_kept() -> None:
    parsed = parse_csv("\n".join([HEADER, ROWS[0], ROWS[1].replace("vers 1971", "02/03/1971"),
                                  ROWS[2].replace("1985", "1985-13")]))
    assert len(parsed.records) == 3 and parsed.records[1].birth_date is None
    note = " ".join(n.message("en") for n in parsed.notes)
    assert "3 (02/03/1971)" in note and "4 (1985-13)" in note and "birth_date ignored" in note
    assert "ignorée sur 2 ligne(s)" in " ".join(n.message("fr") for n in parsed.notes)


def test_when_rows_are_empty_or_fewer_than_two_then_no_pair_and_no_crash(tmp_path: Path) -> None:
    empty = _write(tmp_path / "empty.csv", "\n".join([HEADER, "e1,,,,,,,,", "e2,,,,,,,,", "e3,,,,,,,,"]) + "\n")
    one = _write(tmp_path / "one.csv", "\n".join([HEADER, ROWS[0]]) + "\n")
    for path in (empty, one):
        code, out, err = _cli("--input", str(path), "--json")
        assert code == 0 and out == "", err


def test_when_semicolons_separate_columns_then_the_file_is_read() -> None:
    parsed = parse_csv("\n".join([HEADER.replace(",", ";"), ROWS[0].replace(",", ";")]))
    assert parsed.records[0].family_name == "Traoré" and "semicolons" in parsed.notes[0].message("en")


def test_when_an_id_is_empty_then_the_line_is_named() -> None:
    with pytest.raises(CsvRefused, match="line"):
        parse_csv("\n".join([HEADER, ROWS[0], "," + ROWS[1].split(",", 1)[1]]))


def test_when_the_cli_is_imported_then_splink_duckdb_and_pandas_are_not() -> None:
    code = "import sys, archive.cli; print(sorted(m for m in ('splink', 'duckdb', 'pandas') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
