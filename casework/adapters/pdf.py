"""PDF copies of letters for reviewers, converted by LibreOffice headless in one call.

Measured pitfalls (shared/engineering-notes.md): two ``soffice`` on one profile directory at
once fail, so every run gets a fresh ``-env:UserInstallation`` profile, removed afterwards;
without ``fonts-noto-cjk`` every Chinese glyph is a box, and with it 仿宋/宋体 fall back to a sans
face unless fontconfig maps them to Noto Serif CJK SC — so the subprocess gets a fonts.conf of
its own (``FONTCONFIG_FILE``) that includes the system configuration and adds those aliases.
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
from collections.abc import Sequence
from pathlib import Path

from casework.errors import DocumentError

PACKAGES = "libreoffice-writer-nogui 和 fonts-noto-cjk"
SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
# The font names Chinese templates use (GB/T 9704-2012: 小标宋 title, 仿宋_GB2312 body, 楷体,
# 黑体 headings) and the installed Noto face that renders each.
_SERIF_NAMES = (
    "仿宋", "仿宋_GB2312", "FangSong", "FangSong_GB2312", "宋体", "SimSun", "方正小标宋简体",
    "方正小标宋_GBK", "小标宋", "楷体", "楷体_GB2312", "KaiTi", "KaiTi_GB2312",
)  # fmt: skip
_SANS_NAMES = ("黑体", "SimHei", "微软雅黑", "Microsoft YaHei")
FONT_ALIASES: dict[str, str] = {
    **dict.fromkeys(_SERIF_NAMES, SERIF),
    **dict.fromkeys(_SANS_NAMES, SANS),
}
_SYSTEM_FONTS_CONF = "/etc/fonts/fonts.conf"


def fonts_conf(system_conf: str = _SYSTEM_FONTS_CONF) -> str:
    """A fontconfig file: the system configuration plus the Chinese font aliases."""
    aliases = "\n".join(
        f'  <alias binding="same"><family>{name}</family>'
        f"<prefer><family>{face}</family></prefer></alias>"
        for name, face in FONT_ALIASES.items()
    )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f'<fontconfig>\n  <include ignore_missing="yes">{system_conf}</include>\n'
        f"{aliases}\n</fontconfig>\n"
    )


# PDF/A-2b for the archive bundle (GB/T 18894-2016 favours a long-term format): LibreOffice's
# writer_pdf_Export filter with SelectPdfVersion=2 (shared/engineering-notes.md, LibreOffice 7.4).
PDFA_2B = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


def convert_to_pdf(
    docx_paths: Sequence[Path],
    out_dir: Path,
    timeout: float = 180.0,
    soffice: str = "soffice",
    *,
    pdfa: bool = False,
) -> list[Path]:
    """``out_dir/<stem>.pdf`` for each letter, in order, from one LibreOffice call (PDF/A-2b
    with ``pdfa``)."""
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
        (run_dir / "fonts.conf").write_text(fonts_conf(), encoding="utf-8")
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
        env = {**os.environ, "FONTCONFIG_FILE": str(run_dir / "fonts.conf")}
        _run(command, env, timeout, run_dir)
    missing = [target.name for target in targets if not _written(target)]
    if missing:
        raise DocumentError(
            f"LibreOffice 未生成 {'、'.join(missing)}，请检查文书文件", field="--pdf"
        )
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


def _run(command: list[str], env: dict[str, str], timeout: float, cwd: Path) -> None:
    """Run LibreOffice in its own process group; kill the group at the timeout."""
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
        _, stderr = process.communicate(timeout=timeout)
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


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def _written(target: Path) -> bool:
    return target.is_file() and target.stat().st_size > 0
