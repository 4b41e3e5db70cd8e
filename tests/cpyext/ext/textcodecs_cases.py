"""Cases for ext/textcodecs.c (see tests/cpyext/fixtures/gen_fixture.py)."""
import encodings
import pkgutil

HANDLERS = ["strict", "ignore", "replace", "backslashreplace", "xmlcharrefreplace", "surrogateescape", "surrogatepass",
            "no-such-handler", None]

# the single-byte table codecs CPython ships (as codecs_gen.py finds them)
CHARMAPS = sorted(m.name for m in pkgutil.iter_modules(encodings.__path__)
                  if m.name.startswith(("cp", "iso8859_", "koi8_", "mac_")) or m.name in
                  ("hp_roman8", "kz1048", "palmos", "ptcp154", "tis_620"))
CHARMAPS = [m for m in CHARMAPS if m not in ("cp932", "cp949", "cp950", "cp65001")]

NAMES = ["latin_1", "Latin-1", "windows-1252", "WINDOWS_1252", "ISO-8859-15", "iso8859.15", "iso_8859-15:1998", "l1", "L9",
         "utf8", "U8", "UTF", "utf-8-sig", "cp1252", "1252", " cp 1252 ", "cp-1252", "IBM437", "437", "ebcdic-cp-us",
         "macroman", "mac-roman", "MacCyrillic", "koi8-r", "KOI8_U", "tis620", "ansi_x3.4_1968", "ANSI_X3.4-1968",
         "iso_8859-1:1987", "utf-16LE", "UTF_32_be", "unicode-escape", "raw_unicode_escape", "Unicode Escape", "",
         "no-such-codec", "latin_1\u00e9", "iso8859_1", "8859", "cp65001", "csHPRoman8"]


def record(rec):
    for name in CHARMAPS:
        rec.call("roundtrip", name)
    for name in NAMES:
        rec.call("decode", b"caf\xe9 \xa4", name, "replace")
        rec.call("encode", "caf\u00e9", name, "strict")

    for errors in HANDLERS:
        for enc in ["cp1252", "cp037", "koi8_r", "cp437"]:
            rec.call("decode", b"a\x81b\x8d\x90\xffc", enc, errors)
            rec.call("encode", "a\u20ac\u4e2d\u4e2db\udc81\udcffc\ud800", enc, errors)
            rec.call("encode", "\udc81\udcff", enc, errors)
    rec.call("encode", "\u4e2d\u00e9", "cp1252", "xmlcharrefreplace")
    rec.call("encode", "x\u4e2d", "cp037", "backslashreplace")
    rec.call("encode", "x\u4e2d", "cp037", "replace")
    rec.call("decode", b"\x00\x7f\x80", "cp864", "strict")
    rec.call("encode", "\x00 \u066a", "cp864", "strict")

    # str.encode / bytes.decode / bytearray.decode by name
    rec.call("method", "Gr\u00fc\u00dfe \u20ac", "encode", "cp1252")
    rec.call("method", "Gr\u00fc\u00dfe \u20ac", "encode", "latin-1")
    rec.call("method", "Gr\u00fc\u00dfe \u20ac", "encode", "ISO-8859-15")
    rec.call("method", "\u041f\u0440\u0438\u0432\u0435\u0442", "encode", "koi8-r")
    rec.call("method", "\u041f\u0440\u0438\u0432\u0435\u0442", "encode", "cp1251", "strict")
    rec.call("method", b"\xf0\xd2\xc9\xd7\xc5\xd4", "decode", "koi8_r")
    rec.call("method", b"\x80\x81", "decode", "windows-1252")
    rec.call("method", b"\x80\x81", "decode", "windows-1252", "backslashreplace")
    rec.call("method", bytearray(b"\x9c"), "decode", "cp437")
    rec.call("method", "\u2603", "encode", "mac_roman", "xmlcharrefreplace")
    rec.call("method", "x", "encode", "nope")

    # unicode_escape / raw_unicode_escape
    for text in ["", "plain", "tab\there\nnl\r\\ 'q' \"d\"", "caf\u00e9 \u20ac \U0001f600 \x00\x7f\x80\xff", "\ud800"]:
        rec.call("escape", text, False)
        rec.call("escape", text, True)
        rec.call("encode", text, "unicode_escape", None)
        rec.call("encode", text, "raw-unicode-escape", None)
    for data in [b"", b"plain", b"\\t\\n\\r\\\\\\'\\\"\\a\\b\\f\\v", b"\\x41\\u00e9\\U0001F600", b"\\101\\0\\12\\7",
                 b"line\\\ncontinued", b"caf\xe9", b"\\u00e9\\\\u00e9", b"\\\\\\u00e9", b"\\", b"a\\", b"\\x4", b"\\x4g",
                 b"\\u12", b"\\U0011ffff", b"\\U0001f60", b"ok\\x4gok"]:
        for errors in ["strict", "replace", "ignore", "backslashreplace", None]:
            rec.call("unescape", data, False, errors)
            rec.call("unescape", data, True, errors)
    rec.call("decode", b"\\u20ac\\x41", "unicode-escape", None)
    rec.call("decode", b"\\u20ac\\x41", "raw_unicode_escape", None)
    rec.call("method", b"\\u20ac", "decode", "unicode_escape")
    rec.call("method", "\u20ac\\", "encode", "unicode_escape")
