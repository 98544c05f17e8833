"""PDF pages as PNG images for the review console (issue 20): ``pdftoppm`` (poppler-utils)
at a resolution readable on a 1366×768 screen, each page one PNG."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from casework.errors import DocumentError

PAGE_DPI = 90
TIMEOUT_SECONDS = 60.0


class PdftoppmPages:
    def __init__(self, dpi: int = PAGE_DPI, program: str = "pdftoppm") -> None:
        self.dpi, self.program = dpi, program

    def pages(self, pdf: bytes) -> list[bytes]:
        """Every page of ``pdf`` as PNG bytes, first page first."""
        program = shutil.which(self.program)
        if program is None:
            raise DocumentError(
                "未找到 pdftoppm，无法显示文书页面；请安装 Debian 软件包 poppler-utils",
                field="文书页面",
            )
        with tempfile.TemporaryDirectory(prefix="casework-pages-") as run:
            folder = Path(run)
            (folder / "letter.pdf").write_bytes(pdf)
            command = [program, "-r", str(self.dpi), "-png", "letter.pdf", "page"]
            try:
                subprocess.run(
                    command, cwd=folder, check=True, capture_output=True, timeout=TIMEOUT_SECONDS
                )
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
                raise DocumentError("PDF 转换为页面图像失败", field="文书页面") from exc
            # pdftoppm numbers pages page-1.png … (zero-padded when there are ten or more).
            images = sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
            return [image.read_bytes() for image in images]

    def texts(self, pdf: bytes) -> list[str]:
        """The text of each page of ``pdf`` (``pdftotext``; pages end with a form feed)."""
        program = shutil.which("pdftotext")
        if program is None:
            return []
        try:
            done = subprocess.run(
                [program, "-enc", "UTF-8", "-", "-"],
                input=pdf,
                check=True,
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise DocumentError("读取 PDF 页面文字失败", field="文书页面") from exc
        return done.stdout.decode("utf-8", "replace").split("\f")[:-1] or [""]
