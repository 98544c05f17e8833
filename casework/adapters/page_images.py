"""Page images of a letter's PDF, for reading a letter in the browser (issue 20's console).

``pdftoppm`` (poppler-utils, already used by the tests to look at glyphs) writes one PNG per
page at the given resolution into a private temporary folder; the images are read back in page
order.  A missing program, a failing or hung run become a ``DocumentError`` naming it.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

from casework.errors import DocumentError

PACKAGE = "poppler-utils"
_PAGE = re.compile(r"^page-(\d+)\.png$")


def pdf_page_images(
    pdf: bytes, dpi: int, timeout: float = 60.0, pdftoppm: str = "pdftoppm"
) -> list[bytes]:
    """One PNG per page of ``pdf`` at ``dpi``, first page first."""
    with tempfile.TemporaryDirectory(prefix="casework-pages-") as name:
        folder = Path(name)
        source = folder / "letter.pdf"
        source.write_bytes(pdf)
        command = [pdftoppm, "-png", "-r", str(dpi), str(source), str(folder / "page")]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=True)
        except FileNotFoundError as error:
            raise DocumentError(
                f"未找到 {pdftoppm}，无法生成文书页面图像；请安装 {PACKAGE}", field="pdftoppm"
            ) from error
        except subprocess.TimeoutExpired as error:
            raise DocumentError(
                f"生成文书页面图像超时（{timeout:g} 秒）", field="pdftoppm"
            ) from error
        except subprocess.CalledProcessError as error:
            detail = error.stderr.decode("utf-8", "replace").strip()[:200]
            raise DocumentError(f"生成文书页面图像失败：{detail}", field="pdftoppm") from error
        pages = sorted(
            (int(match.group(1)), path)
            for path in folder.iterdir()
            if (match := _PAGE.match(path.name))
        )
        if not pages:
            raise DocumentError("PDF 没有可显示的页面", field="pdftoppm")
        return [path.read_bytes() for _number, path in pages]
