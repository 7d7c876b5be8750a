"""MO files with glibc's `I` flag written as msgfmt writes them: system-dependent strings.

`%Id` asks glibc's printf for the locale's own digits; other printfs do not know the flag. So
msgfmt stores a C translation that uses it as a *system-dependent string* (MO revision 1): the
text without the `I`, and where it was. GNU libintl puts the `I` back on glibc and leaves it out
elsewhere; Python's gettext reads only the static table, so it does not see the entry at all and
shows the source, where a static "%Id ..." would make Python's `%` raise ValueError
("unsupported format character 'I'"). Babel's `write_mo` knows none of this, so a catalog with
such entries is written here, in msgfmt's layout; every other catalog still goes through Babel.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

# A printf directive (or "%%", skipped); `flags` may hold glibc's I.
_DIRECTIVE = re.compile(
    r"%%|%(?:\d+\$)?(?P<flags>[-+ #0'I]*)"
    r"(?=(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaA])"
)
_MAGIC = 0x950412DE
_REVISION_WITH_SYSDEP = 0x10001  # what msgfmt writes when a catalog has system-dependent strings
_END = 0xFFFFFFFF  # "no segment follows" in a system-dependent string's description
_SEGMENT_I = b"I\x00"


def glibc_i_flags(text: str) -> list[int]:
    """Positions of glibc's `I` flag in the printf directives of `text` ("%Id", "%1$Id")."""
    return [
        match.start("flags") + offset
        for match in _DIRECTIVE.finditer(text)
        if match.group("flags")
        for offset, char in enumerate(match.group("flags"))
        if char == "I"
    ]


@dataclass(frozen=True)
class MoEntry:
    """One MO entry: msgid (context\\x04msgid, plural forms joined by NUL) and its translation;
    `i_flags` are the positions of glibc's I flag in `msgstr` (none: a static string)."""

    msgid: str
    msgstr: str
    i_flags: tuple[int, ...] = ()


def _next_prime(n: int) -> int:
    n = max(n, 3)
    while any(n % d == 0 for d in range(2, int(n**0.5) + 1)):
        n += 1
    return n


def _hash(key: bytes) -> int:
    """gettext's hash_string (hash-string.c), what libintl looks msgids up by."""
    value = 0
    for byte in key:
        value = (value << 4) + byte
        high = value & 0xF0000000
        if high:
            value ^= high >> 24
            value ^= high
    return value & 0xFFFFFFFF


def _pieces(text: str, positions: tuple[int, ...], charset: str) -> list[bytes]:
    """`text` cut at each I flag (the I left out), encoded, NUL-terminated at the end."""
    cuts = [0, *(p + 1 for p in positions)]
    ends = [*positions, len(text)]
    pieces = [text[start:end].encode(charset) for start, end in zip(cuts, ends, strict=True)]
    pieces[-1] += b"\x00"
    return pieces


def mo_with_system_dependent_strings(entries: list[MoEntry], charset: str) -> bytes:
    """The MO file msgfmt writes for these entries: the static ones in the string tables and
    the hash table, the ones with an I flag as system-dependent strings (segment "I")."""
    static = sorted((e for e in entries if not e.i_flags), key=lambda e: e.msgid.encode(charset))
    sysdep = [e for e in entries if e.i_flags]  # in catalog order, as msgfmt keeps them
    n, p = len(static), len(sysdep)
    hash_size = _next_prime((n + p) * 4 // 3)  # room for libintl to add the sysdep strings
    originals = 48
    translations = originals + 8 * n
    hash_table = translations + 8 * n
    segments = hash_table + 4 * hash_size
    sysdep_originals = segments + 8
    sysdep_translations = sysdep_originals + 4 * p
    descriptions = sysdep_translations + 4 * p

    # Descriptions of the system-dependent strings, then all text.
    description_size = 12 * p + sum(4 + 8 * (len(e.i_flags) + 1) for e in sysdep)
    data = bytearray()
    data_start = descriptions + description_size

    def put(blob: bytes) -> int:
        data.extend(blob)
        return data_start + len(data) - len(blob)

    static_ids = [(len(b), put(b + b"\x00")) for b in (e.msgid.encode(charset) for e in static)]
    static_strs = [(len(b), put(b + b"\x00")) for b in (e.msgstr.encode(charset) for e in static)]
    segment_offset = put(_SEGMENT_I)
    description = bytearray()
    original_offsets, translation_offsets = [], []
    for entry in sysdep:
        msgid = entry.msgid.encode(charset) + b"\x00"
        original_offsets.append(descriptions + len(description))
        description += struct.pack("<3I", put(msgid), len(msgid), _END)
    for entry in sysdep:
        pieces = _pieces(entry.msgstr, entry.i_flags, charset)
        translation_offsets.append(descriptions + len(description))
        description += struct.pack("<I", put(b"".join(pieces)))
        for index, piece in enumerate(pieces):
            description += struct.pack("<2I", len(piece), 0 if index < len(pieces) - 1 else _END)

    table = [0] * hash_size
    for index, entry in enumerate(static):
        key = entry.msgid.encode(charset).split(b"\x00")[0]
        value = _hash(key)
        slot, step = value % hash_size, 1 + value % (hash_size - 2)
        while table[slot]:
            slot = slot - (hash_size - step) if slot >= hash_size - step else slot + step
        table[slot] = index + 1

    out = bytearray(
        struct.pack(
            "<12I",
            _MAGIC,
            _REVISION_WITH_SYSDEP,
            n,
            originals,
            translations,
            hash_size,
            hash_table,
            1,  # segments: just "I"
            segments,
            p,
            sysdep_originals,
            sysdep_translations,
        )
    )
    for length, offset in static_ids + static_strs:
        out += struct.pack("<2I", length, offset)
    out += struct.pack(f"<{hash_size}I", *table)
    out += struct.pack("<2I", len(_SEGMENT_I), segment_offset)
    out += struct.pack(f"<{2 * p}I", *original_offsets, *translation_offsets)
    assert len(out) == descriptions and len(description) == description_size
    return bytes(out + description + data)
