"""Checks on a zip-based upload (.xlsx, .docx, .zip) before any parser opens it.

An .xlsx or .docx is a zip archive, and a parser trusts it: a "zip bomb" of a few hundred kilobytes can unpack
to gigabytes, an entry named ``../../etc/x`` can escape a folder it is extracted to, an archive inside the archive
hides more of the same. ``check_archive()`` refuses such a file with a message naming what is wrong:

1. from the central directory alone (nothing is unpacked): number of entries, the total unpacked size, the
   compression ratio of each large entry, unsafe names (absolute, drive letters, ``..``), symbolic links,
   encrypted entries, names listed twice, and entries named like archives (.zip, .xlsx, .gz, …);
2. then each entry is unpacked in small pieces and thrown away: its first bytes must not be an archive, and its
   size and checksum must match what the directory declares (a directory that lies is "damaged").

Memory stays at one piece (64 KiB) whatever the file; a bomb is refused in step 1 in milliseconds.
Nested archives are refused even where Office would allow them (a Word file with an embedded Excel sheet):
save such a document as PDF, or paste the sheet as a table.
"""

import io
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

MiB = 1024 * 1024
NESTED_SUFFIXES = (".zip", ".xlsx", ".xlsm", ".xltx", ".docx", ".docm", ".pptx", ".odt", ".ods", ".odp", ".jar",
                   ".apk", ".7z", ".rar", ".gz", ".tgz", ".bz2", ".xz", ".zst", ".tar", ".cab", ".epub")
NESTED_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08", b"\x1f\x8b", b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07",
                b"BZh", b"\xfd7zXZ\x00", b"\x28\xb5\x2f\xfd", b"MSCF")
_UNSAFE_NAME = re.compile(r"^([/\\]|[A-Za-z]:)|(^|[/\\])\.\.([/\\]|$)")
PIECE = 64 * 1024


class ArchiveRefused(ValueError):
    """The archive is refused before parsing; the message (translated) names what is wrong."""


@dataclass(frozen=True)
class Limits:
    max_entries: int = 1_000
    max_total: int = 256 * MiB  # unpacked, all entries together (100,000 register rows are about 75 MB)
    max_ratio: int = 100  # unpacked / packed for one entry; spreadsheets are 5 to 20
    ratio_from: int = MiB  # entries smaller than this are not judged by their ratio


DEFAULT_LIMITS = Limits()


def _shown(name: str) -> str:
    text = re.sub(r"[\x00-\x1f\x7f-\x9f]", "?", name)
    return text if len(text) <= 80 else text[:77] + "…"


def _is_nested(name: str) -> bool:
    return name.lower().rstrip("/").endswith(NESTED_SUFFIXES)


def check_archive(source, limits: Limits = DEFAULT_LIMITS, *, refuse: type[Exception] = ArchiveRefused) -> list[zipfile.ZipInfo]:
    """Raise refuse(message) unless source (bytes, a binary file or a path) is a zip archive within the limits.

    Returns the entries, so a caller may look at names without opening the archive again.
    """
    if isinstance(source, (str, Path)):
        with open(source, "rb") as handle:
            return _check(handle, limits, refuse)
    return _check(io.BytesIO(source) if isinstance(source, (bytes, bytearray, memoryview)) else source, limits, refuse)


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, bytes]:
    """(unpacked size, first bytes) of one entry, read piece by piece and thrown away."""
    size, head = 0, b""
    with archive.open(info) as entry:
        while piece := entry.read(PIECE):
            head = head or piece[:16]
            size += len(piece)
    return size, head


def _check(handle, limits: Limits, refuse) -> list[zipfile.ZipInfo]:
    try:
        archive = zipfile.ZipFile(handle)
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise refuse(_("The file is not a readable archive: it may be damaged.")) from None
    if len(entries) > limits.max_entries:
        raise refuse(_("The file holds %(count)s entries; at most %(limit)s are accepted.")
                     % {"count": len(entries), "limit": limits.max_entries})
    nested = _("“%(name)s” in the file is itself an archive; archives inside archives are not accepted.")
    total, seen = 0, set()
    for info in entries:
        name = info.filename
        shown = {"name": _shown(name)}
        if _UNSAFE_NAME.search(name):
            raise refuse(_("“%(name)s” in the file points outside it (an absolute path or “..”).") % shown)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise refuse(_("“%(name)s” in the file is a symbolic link.") % shown)
        if info.flag_bits & 0x1:
            raise refuse(_("“%(name)s” in the file is encrypted.") % shown)
        key = name.replace("\\", "/").casefold()
        if key in seen:
            raise refuse(_("“%(name)s” appears twice in the file.") % shown)
        seen.add(key)
        if _is_nested(name):
            raise refuse(nested % shown)
        total += info.file_size
        if total > limits.max_total:
            raise refuse(_("The file unpacks to more than %(limit)s MB; at most %(limit)s MB are accepted.")
                         % {"limit": limits.max_total // MiB})
        if info.file_size >= limits.ratio_from and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise refuse(_("“%(name)s” in the file is compressed %(ratio)s times, more than the %(limit)s times "
                           "accepted (a “zip bomb”).")
                         % {**shown, "ratio": info.file_size // max(info.compress_size, 1), "limit": limits.max_ratio})
    for info in entries:
        if info.is_dir():
            continue
        shown = {"name": _shown(info.filename)}
        try:
            size, head = _unpack(archive, info)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError):
            size, head = -1, b""
        if size != info.file_size:
            raise refuse(_("“%(name)s” in the file is damaged.") % shown)
        if head.startswith(NESTED_MAGIC):
            raise refuse(nested % shown)
    return entries
