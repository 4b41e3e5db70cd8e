#!/usr/bin/env python3
"""Writes autogen_codecs.c: the names every codec the shim implements answers to, and the
single-byte charmap codecs' tables, taken from the running Python 3.11's `encodings` package,
so that PyUnicode_Decode / PyUnicode_AsEncodedString / str.encode / bytes.decode accept the
same names and give the same characters as CPython.

Usage (from the repository root):
    /usr/bin/python3 cpyext/native/codecs_gen.py > cpyext/native/autogen_codecs.c
    /usr/bin/python3 cpyext/native/codecs_gen.py --check   # exit 1 if the file is stale

What is written:
  _cpx_charmaps[]      one entry per single-byte table codec (an `encodings` module whose
                       codec decodes each of the 256 bytes to at most one BMP character):
                       its module name and, per byte, the character, or 0xFFFE (undefined,
                       CPython's own marker). Encoding is the reverse of that table, the
                       LAST byte winning when two bytes decode to the same character -- this
                       script checks that rule against CPython's encoder for every BMP
                       character of every table and refuses to write a file it breaks.
  _cpx_codec_names[]   sorted by name: every alias of encodings.aliases and every module
                       name of a codec the shim implements (the built-in enum _cpx_codec
                       codecs and the charmaps), with the codec it resolves to and whether
                       the name is an alias (the '.'->'_' retry of
                       encodings.search_function looks at aliases only).
Names are matched after encodings.normalize_encoding and lower-casing, as CPython does.
"""
import codecs
import encodings
import encodings.aliases
import importlib
import pkgutil
import sys

assert sys.version_info[:2] == (3, 11), "generate with python3.11"

OUTPUT = "cpyext/native/autogen_codecs.c"
UNDEFINED = 0xFFFE

# encodings modules implemented in C by the shim (unicode_utf8.c, unicode_utf16.c,
# unicode_escape.c), by the enum _cpx_codec constant that names them.
BUILTIN = {
    "utf_8": "C_UTF8", "utf_8_sig": "C_UTF8SIG", "ascii": "C_ASCII", "latin_1": "C_LATIN1",
    "utf_16": "C_UTF16", "utf_16_le": "C_UTF16LE", "utf_16_be": "C_UTF16BE",
    "utf_32": "C_UTF32", "utf_32_le": "C_UTF32LE", "utf_32_be": "C_UTF32BE",
    "unicode_escape": "C_UNICODE_ESCAPE", "raw_unicode_escape": "C_RAW_UNICODE_ESCAPE",
}

ALL_BMP = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF)


def single_byte_table(name):
    """The 256 decoded characters of charmap codec `name` (UNDEFINED where a byte has none),
    or None if it is not a single-byte text codec of BMP characters."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or name in BUILTIN:
        return None
    table = []
    for b in range(256):
        try:
            text = codecs.decode(bytes([b]), name)
        except UnicodeDecodeError:
            table.append(UNDEFINED)
            continue
        except Exception:  # noqa: BLE001 - not a codec of bytes at all
            return None
        if len(text) != 1 or ord(text) >= 0x10000 or ord(text) == UNDEFINED:
            return None
        table.append(ord(text))
    # a byte-at-a-time decoder: whole strings decode the same way
    sample = bytes(b for b in range(256) if table[b] != UNDEFINED)
    if codecs.decode(sample, name) != "".join(chr(table[b]) for b in sample):
        return None
    return table


def check_encoder(name, table):
    """CPython's encoder of `name` is exactly the last-wins reverse of `table`."""
    reverse = {}
    for b, ch in enumerate(table):
        if ch != UNDEFINED:
            reverse[ch] = b
    expected = bytes(reverse[ord(c)] for c in ALL_BMP if ord(c) in reverse)
    actual = codecs.encode(ALL_BMP, name, "ignore")
    if actual != expected:
        sys.exit(f"codecs_gen: {name}: CPython's encoder is not the last-wins reverse of its decoder")
    for astral in ("\U00010000", "\U0010ffff"):
        if codecs.encode(astral, name, "ignore") != b"":
            sys.exit(f"codecs_gen: {name} encodes an astral character")


def charmap_modules():
    names = sorted(m.name for m in pkgutil.iter_modules(encodings.__path__))
    found = []
    for name in names:
        try:
            module = importlib.import_module("encodings." + name)
        except ImportError:
            continue  # e.g. mbcs, oem: Windows only
        if not hasattr(module, "decoding_table") and not hasattr(module, "decoding_map"):
            continue  # not a charmap codec (multi-byte CJK, utf-7, idna, ...)
        if name in encodings.aliases.aliases:
            continue  # unreachable: the alias wins (iso8859_1 is latin_1)
        table = single_byte_table(name)
        if table is not None:
            check_encoder(name, table)
            found.append((name, table))
    return found


def codec_names(charmaps):
    codec_of = dict(BUILTIN)
    for i, (name, _) in enumerate(charmaps):
        codec_of[name] = f"CPX_CHARMAP({i})"
    entries = {}
    for alias, module in encodings.aliases.aliases.items():
        if module in codec_of:
            entries[alias] = (codec_of[module], 1)
        elif alias in codec_of:
            sys.exit(f"codecs_gen: alias {alias} (-> {module}) hides a module of the same name")
    for module, codec in codec_of.items():
        entries.setdefault(module, (codec, 0))
    # every name resolves to the codec CPython finds for it; names CPython cannot reach
    # (aliases with capitals, such as csHPRoman8: lookups are lower-cased first) are left out
    for name, (codec, _) in list(entries.items()):
        try:
            module = codecs.lookup(name).name
        except LookupError:
            del entries[name]
            continue
        expect = [m for m, c in codec_of.items() if c == codec]
        if codecs.lookup(expect[0]).name != module:
            sys.exit(f"codecs_gen: {name} resolves to {module} in CPython, not {expect[0]}")
    return sorted(entries.items())


def render(charmaps, names):
    out = [
        "/* autogen_codecs.c: DO NOT EDIT \u2014 regenerate with",
        " *     /usr/bin/python3 cpyext/native/codecs_gen.py > cpyext/native/autogen_codecs.c",
        f" * Written from Python {sys.version.split()[0]}'s encodings package: the names of the codecs the shim",
        " * implements (encodings.aliases + module names) and the single-byte charmap tables",
        " * (0xFFFE: the byte is undefined). tests/cpyext/test-codecs.test.ts checks it is current. */",
        '#include "unicode_internal.h"',
        "",
        f"const int _cpx_charmap_count = {len(charmaps)};",
        "",
        "const struct _cpx_charmap _cpx_charmaps[] = {",
    ]
    for name, table in charmaps:
        out.append(f'    {{"{name}", {{')
        for row in range(0, 256, 8):
            out.append("        " + " ".join(f"0x{c:04x}," for c in table[row:row + 8]))
        out.append("    }},")
    out += ["};", "", f"const int _cpx_codec_name_count = {len(names)};", "",
            "const struct _cpx_codec_name _cpx_codec_name_table[] = {"]
    for name, (codec, alias) in names:
        out.append(f'    {{"{name}", {codec}, {alias}}},')
    out += ["};", ""]
    return "\n".join(out)


def main():
    charmaps = charmap_modules()
    text = render(charmaps, codec_names(charmaps))
    if sys.argv[1:] == ["--check"]:
        with open(OUTPUT, encoding="utf-8") as f:
            if f.read() != text:
                sys.exit(f"codecs_gen: {OUTPUT} is stale: regenerate it")
        return
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
