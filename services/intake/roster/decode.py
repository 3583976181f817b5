"""A roster file's bytes as text, whichever way a spreadsheet saved them.

Excel on Chinese Windows saves "CSV" as GBK; "CSV UTF-8" and LibreOffice save UTF-8 (often
with a BOM); "Unicode text" is UTF-16 with tabs. GB18030 reads every GBK file and is what
the decoder tries after UTF-8; a file that is neither is refused with the fix in one line.
"""

from __future__ import annotations

from dataclasses import dataclass

SAVE_AS = "in Excel: 文件 → 另存为 → 「CSV UTF-8(逗号分隔)」 (File → Save As → CSV UTF-8), then import that file"


@dataclass(frozen=True)
class Decoded:
    text: str | None
    note: str | None = None
    problem: str | None = None


def decode_roster(data: bytes) -> Decoded:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(data.decode("utf-16"))
        except UnicodeDecodeError:
            pass
    try:
        return Decoded(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        utf8_error = f"{exc.reason} at byte {exc.start}"
    try:
        return Decoded(data.decode("gb18030"), note="read as GBK (Excel's plain CSV on Chinese Windows)")
    except UnicodeDecodeError:
        return Decoded(None, problem=f"the file is neither UTF-8 nor GBK ({utf8_error}): {SAVE_AS}")
