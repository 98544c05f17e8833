"""PDF copies for reviewers: LibreOffice headless, Chinese fonts, one call, clear failures.

The slow tests convert real letters in ONE LibreOffice call and look at the result the way a
reviewer would: ``pdffonts`` must show Noto CJK faces embedded, the 仿宋 text in the serif face;
``pdftoppm`` renders page 1 and the test counts ink.  A page of 「一」 and a page of 「藏」 must
differ a lot in ink — boxes drawn for missing glyphs (the text layer survives them) would not.
The other tests run a fake ``soffice`` script: the missing program, a failure, a hang killed
at the timeout with its process group, missing output, and what the converter passes.
"""

from __future__ import annotations

import os
import stat
import subprocess
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from casework.adapters.pdf import convert_to_pdf, fonts_conf_path
from casework.errors import DocumentError
from tests.support.png import dark_pixels, solid_png


def _docx(path: Path, lines: list[tuple[str, str]], size: int = 16) -> Path:
    """A .docx whose lines are each set in the given font (East Asian font name too)."""
    document = Document()
    for text, font in lines:
        run = document.add_paragraph().add_run(text)
        run.font.name = font
        run.font.size = Pt(size)
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Four letters converted in one LibreOffice call."""
    source = tmp_path_factory.mktemp("docx")
    letters = [
        _docx(
            source / "letter.docx",
            [
                ("政府信息公开申请答复书", "仿宋"),
                ("王五 & 李四<联合>：", "仿宋"),
                ("救济途径", "黑体"),
            ],
        ),
        _docx(source / "sparse.docx", [("一" * 12, "仿宋")] * 6, size=28),
        _docx(source / "dense.docx", [("藏" * 12, "仿宋")] * 6, size=28),
        _docx(source / "blank.docx", [("", "仿宋")]),
    ]
    out_dir = tmp_path_factory.mktemp("pdf")
    pdfs = convert_to_pdf(letters, out_dir)
    return {pdf.stem: pdf for pdf in pdfs}


def _fonts(pdf: Path) -> list[str]:
    lines = subprocess.run(
        ["pdffonts", str(pdf)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    return [line for line in lines if line.strip()]


def _ink(pdf: Path) -> int:
    png = subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf)],
        check=True,
        capture_output=True,
    ).stdout
    dark, total = dark_pixels(png)
    assert total > 200_000  # a whole A4 page at 50 dpi is about 413 x 585 pixels
    return dark


@pytest.mark.slow
def test_several_letters_become_pdfs_named_after_them_in_order(converted: dict[str, Path]) -> None:
    assert list(converted) == ["letter", "sparse", "dense", "blank"]
    for pdf in converted.values():
        assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.slow
def test_chinese_text_is_set_in_embedded_noto_cjk_faces_and_fangsong_is_serif(
    converted: dict[str, Path],
) -> None:
    fonts = _fonts(converted["letter"])
    serif = [line for line in fonts if "NotoSerifCJK" in line]
    sans = [line for line in fonts if "NotoSansCJK" in line]
    assert serif, f"仿宋 did not get Noto Serif CJK: {fonts}"
    assert sans, f"黑体 did not get Noto Sans CJK: {fonts}"
    assert all(line.split()[-5] == "yes" for line in serif + sans)  # the "emb" column
    # The Simplified-Chinese faces (fonts/extract_sc_faces.py), never the JP one (issue #13).
    assert all("CJKsc-" in line for line in serif + sans), fonts
    assert not any("CJKjp" in line for line in fonts), fonts


@pytest.mark.slow
def test_the_rendered_page_shows_real_glyphs_not_boxes(converted: dict[str, Path]) -> None:
    blank, sparse, dense = (_ink(converted[name]) for name in ("blank", "sparse", "dense"))
    letter = _ink(converted["letter"])
    assert blank == 0
    assert letter > 0
    assert sparse > 0
    # 「藏」 has many strokes, 「一」 one: real glyphs differ several times in ink, boxes do not.
    assert dense > 4 * sparse


def test_the_png_reader_counts_dark_pixels() -> None:
    assert dark_pixels(solid_png(5, 4, (0, 0, 0))) == (20, 20)
    assert dark_pixels(solid_png(5, 4, (255, 255, 255))) == (0, 20)


def test_the_shipped_font_configuration_includes_the_system_one_and_maps_chinese_names() -> None:
    root = ElementTree.parse(fonts_conf_path()).getroot()
    assert [element.text for element in root.iter("include")] == ["/etc/fonts/fonts.conf"]
    # The stand-alone SC faces are scanned before the system's collections (first wins a tie).
    assert next(iter(root)).tag == "dir"
    assert next(iter(root)).text == "/usr/local/share/fonts/noto-cjk-sc"
    aliases = {
        alias.findtext("family"): alias.findtext("prefer/family") for alias in root.iter("alias")
    }
    for name in ("仿宋", "仿宋_GB2312", "FangSong", "宋体", "SimSun", "楷体"):
        assert aliases[name] == "Noto Serif CJK SC"
    assert aliases["黑体"] == "Noto Sans CJK SC"
    # The display Song of titles becomes the bold serif SC face.
    display = {
        match.findtext("test/string"): (
            match.findtext("edit[@name='family']/string"),
            match.findtext("edit[@name='weight']/const"),
        )
        for match in root.iter("match")
    }
    assert display["方正小标宋简体"] == ("Noto Serif CJK SC", "bold")
    faces = [*aliases.values(), *(family for family, _ in display.values())]
    assert not any("JP" in (face or "") for face in faces)


def _fake(tmp_path: Path, body: str) -> str:
    script = tmp_path / "fake-soffice"
    script.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


_WRITES_PDFS = """
echo call >> "$FAKE_LOG"
for a in "$@"; do echo "arg:$a" >> "$FAKE_LOG"; done
cp "$FONTCONFIG_FILE" "$FAKE_LOG.fonts.conf"
prev=""
for a in "$@"; do
  if [ "$prev" = "--outdir" ]; then outdir="$a"; fi
  case "$a" in *.docx) printf '%%PDF-1.4 fake' > "$outdir/$(basename "$a" .docx).pdf";; esac
  prev="$a"
done
"""


def _letters(tmp_path: Path, *names: str) -> list[Path]:
    paths = []
    for name in names:
        path = tmp_path / name
        path.write_bytes(b"docx")
        paths.append(path)
    return paths


def test_one_call_converts_all_letters_with_a_fresh_profile_and_the_font_aliases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "log"
    monkeypatch.setenv("FAKE_LOG", str(log))
    fake = _fake(tmp_path, _WRITES_PDFS)
    letters = _letters(tmp_path, "答复书.docx", "回执.docx")
    pdfs = convert_to_pdf(letters, tmp_path / "out", soffice=fake)
    assert pdfs == [tmp_path / "out" / "答复书.pdf", tmp_path / "out" / "回执.pdf"]
    args = [
        line[4:] for line in log.read_text(encoding="utf-8").splitlines() if line.startswith("arg:")
    ]
    assert log.read_text(encoding="utf-8").splitlines().count("call") == 1
    assert args[1:6] == ["--headless", "--norestore", "--convert-to", "pdf", "--outdir"]
    assert args[-2:] == [str(path) for path in letters]
    profile = args[0].removeprefix("-env:UserInstallation=file://")
    assert args[0].startswith("-env:UserInstallation=file:///") and "casework-pdf-" in profile
    assert not Path(profile).parent.exists()  # the run directory is removed afterwards
    assert "Noto Serif CJK SC" in (tmp_path / "log.fonts.conf").read_text(encoding="utf-8")
    convert_to_pdf(letters[:1], tmp_path / "out", soffice=fake)
    second = [
        line for line in log.read_text(encoding="utf-8").splitlines() if "UserInstallation" in line
    ]
    assert second[0] != second[1]  # one profile directory per run


def test_a_missing_soffice_names_the_debian_package() -> None:
    with pytest.raises(DocumentError, match="libreoffice-writer-nogui"):
        convert_to_pdf([Path("a.docx")], Path("out"), soffice="casework-no-such-soffice")


def test_a_failing_soffice_reports_its_exit_code_and_message(tmp_path: Path) -> None:
    fake = _fake(tmp_path, 'echo "Error: source file could not be loaded" >&2\nexit 3\n')
    with pytest.raises(DocumentError, match="退出码 3") as caught:
        convert_to_pdf(_letters(tmp_path, "a.docx"), tmp_path / "out", soffice=fake)
    assert "source file could not be loaded" in str(caught.value)


def test_a_pdf_that_was_not_written_is_an_error_even_if_an_old_copy_existed(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.pdf").write_bytes(b"%PDF old")
    fake = _fake(tmp_path, "exit 0\n")
    with pytest.raises(DocumentError, match=r"未生成 a\.pdf"):
        convert_to_pdf(_letters(tmp_path, "a.docx"), tmp_path / "out", soffice=fake)


def test_a_hung_soffice_is_killed_with_its_children_at_the_timeout(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    fake = _fake(tmp_path, f'sleep 120 &\necho $! > "{pid_file}"\nwait\n')
    with pytest.raises(DocumentError, match="超时"):
        convert_to_pdf(_letters(tmp_path, "a.docx"), tmp_path / "out", timeout=1, soffice=fake)
    child = int(pid_file.read_text(encoding="utf-8"))
    assert _gone(child), "the child of the hung soffice is still running"


def _gone(pid: int) -> bool:
    """Whether ``pid`` has exited (or is a zombie awaiting its reaper), waiting up to 10 s."""
    status = Path(f"/proc/{pid}/status")
    for _ in range(100):
        try:
            state = next(
                line for line in status.read_text().splitlines() if line.startswith("State:")
            )
        except FileNotFoundError:
            return True
        if "Z" in state.split()[1]:
            return True
        time.sleep(0.1)
    return False


def test_missing_letters_and_clashing_names_are_refused_before_running(tmp_path: Path) -> None:
    fake = _fake(tmp_path, "exit 0\n")
    with pytest.raises(DocumentError, match="文书文件不存在"):
        convert_to_pdf([tmp_path / "none.docx"], tmp_path / "out", soffice=fake)
    (tmp_path / "x").mkdir()
    clash = [*_letters(tmp_path, "a.docx"), *_letters(tmp_path / "x", "a.docx")]
    with pytest.raises(DocumentError, match="不得重复"):
        convert_to_pdf(clash, tmp_path / "out", soffice=fake)


def test_no_letters_means_no_call(tmp_path: Path) -> None:
    assert convert_to_pdf([], tmp_path, soffice="casework-no-such-soffice") == []
    assert os.listdir(tmp_path) == []
