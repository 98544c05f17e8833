"""PDF copies of letters for reviewers, converted by LibreOffice headless in one call.

Measured pitfalls (shared/engineering-notes.md): two ``soffice`` on one profile directory at
once fail, so every run gets a fresh ``-env:UserInstallation`` profile, removed afterwards;
without ``fonts-noto-cjk`` every Chinese glyph is a box, and with it 仿宋/宋体 fall back to a sans
face unless fontconfig maps them to Noto Serif CJK SC — so the subprocess runs with the shipped
``fonts/fonts.conf`` (``FONTCONFIG_FILE``), which includes the system configuration and adds
those aliases.  The SC face of Debian's Noto collections shares its CFF table with the JP face,
and LibreOffice names the embedded font after that table (``NotoSerifCJKjp-…``); the
stand-alone SC faces that ``fonts/extract_sc_faces.py`` writes are named ``NotoSerifCJKsc-…``.
One call converts all letters (≈1.5 s for one, ≈0.26 s each in a batch); a hung LibreOffice
is killed with its whole process group at the timeout.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from casework.errors import DocumentError
from casework.resources import data_path

PACKAGES = "libreoffice-writer-nogui 和 fonts-noto-cjk"
# The shipped fontconfig file (fonts/fonts.conf): the system configuration plus aliases from
# the GB/T 9704-2012 names (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体, 宋体) to the Simplified-Chinese
# Noto faces, the stand-alone SC faces (fonts/extract_sc_faces.py) scanned first.
FONTS_CONF = "fonts.conf"
# While LibreOffice runs, how often the PDFs written so far are counted for a progress bar.
_POLL_SECONDS = 0.3


def fonts_conf_path(fonts_dir: Path | None = None) -> Path:
    """The fontconfig file LibreOffice runs with (``FONTCONFIG_FILE``)."""
    path = data_path("fonts", fonts_dir) / FONTS_CONF
    if not path.is_file():
        raise DocumentError(f"未找到字体配置文件 {path}", field="--pdf")
    return path


# PDF/A-2b for the archive bundle (GB/T 18894-2016 favours a long-term format): LibreOffice's
# writer_pdf_Export filter with SelectPdfVersion=2 (shared/engineering-notes.md, LibreOffice 7.4).
PDFA_2B = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


def convert_to_pdf(
    docx_paths: Sequence[Path],
    out_dir: Path,
    timeout: float = 180.0,
    soffice: str = "soffice",
    tally: Callable[[int, int], None] | None = None,
    *,
    pdfa: bool = False,
) -> list[Path]:
    """``out_dir/<stem>.pdf`` for each letter, in order, from one LibreOffice call (PDF/A-2b
    with ``pdfa``); ``tally`` is told the PDFs written so far while it runs (the batch stays
    one call)."""
    if not docx_paths:
        return []
    program = shutil.which(soffice)
    if program is None:
        raise DocumentError(
            f"未找到 LibreOffice（{soffice}），无法生成 PDF；请安装 Debian 软件包 {PACKAGES}",
            field="--pdf",
        )
    sources = [path.resolve() for path in docx_paths]
    targets = _targets(sources, out_dir.resolve())
    with tempfile.TemporaryDirectory(prefix="casework-pdf-") as run:
        run_dir = Path(run)
        command = [
            program,
            f"-env:UserInstallation={(run_dir / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            PDFA_2B if pdfa else "pdf",
            "--outdir",
            str(out_dir.resolve()),
            *map(str, sources),
        ]
        env = {**os.environ, "FONTCONFIG_FILE": str(fonts_conf_path())}
        watch = None if tally is None else lambda: tally(_count(targets), len(targets))
        _run(command, env, timeout, run_dir, watch)
    missing = [target.name for target in targets if not _written(target)]
    if missing:
        raise DocumentError(
            f"LibreOffice 未生成 {'、'.join(missing)}，请检查文书文件", field="--pdf"
        )
    if tally is not None:
        tally(len(targets), len(targets))
    return targets


def _targets(sources: list[Path], out_dir: Path) -> list[Path]:
    """The PDF each source becomes; stale copies removed so that a failure cannot pass."""
    for source in sources:
        if not source.is_file():
            raise DocumentError("文书文件不存在，无法转换为 PDF", field=str(source))
    targets = [out_dir / f"{source.stem}.pdf" for source in sources]
    if len(set(targets)) < len(targets):
        raise DocumentError("同一批转换的文书文件名（不含扩展名）不得重复", field="--pdf")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for target in targets:
            target.unlink(missing_ok=True)
    except OSError as error:
        raise DocumentError(
            f"无法写入 PDF 目录：{error.strerror or error}", field=str(out_dir)
        ) from error
    return targets


def _run(
    command: list[str],
    env: dict[str, str],
    timeout: float,
    cwd: Path,
    watch: Callable[[], None] | None = None,
) -> None:
    """Run LibreOffice in its own process group; kill the group at the timeout.  ``watch``
    is called every few tenths of a second while it runs."""
    try:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as error:
        raise DocumentError(
            f"无法启动 LibreOffice（{command[0]}）：{error.strerror or error}；"
            f"请确认已安装 Debian 软件包 {PACKAGES}",
            field="--pdf",
        ) from error
    try:
        stderr = _wait(process, timeout, watch)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise DocumentError(
            f"LibreOffice 转换 PDF 超时（{timeout:g} 秒），已终止；请稍后重试或减少一次转换的文书数量",
            field="--pdf",
        ) from None
    if process.returncode != 0:
        message = stderr.decode("utf-8", "replace").strip()[-500:]
        raise DocumentError(
            f"LibreOffice 转换 PDF 失败（退出码 {process.returncode}）：{message or '无错误输出'}",
            field="--pdf",
        )


def _wait(
    process: subprocess.Popen[bytes], timeout: float, watch: Callable[[], None] | None
) -> bytes:
    """The process's standard error once it ends; ``TimeoutExpired`` after ``timeout``.
    Retrying ``communicate`` after its timeout loses no output (subprocess docs)."""
    if watch is None:
        return process.communicate(timeout=timeout)[1]
    deadline = time.monotonic() + timeout
    while True:
        left = max(0.0, deadline - time.monotonic())
        try:
            return process.communicate(timeout=min(_POLL_SECONDS, left))[1]
        except subprocess.TimeoutExpired:
            if left <= _POLL_SECONDS:
                raise
            watch()


def _count(targets: Sequence[Path]) -> int:
    return sum(1 for target in targets if _written(target))


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def _written(target: Path) -> bool:
    return target.is_file() and target.stat().st_size > 0
