#!/usr/bin/env python3
"""Writes a miniature of a Go executable for the go_binary fuzz seeds: an
ELF with the original's .text address (no bytes), its build ID note and
symbols, and its pclntab (Go 1.18+) cut down to the first N functions (their
_func records, names and pc-value tables, every offset rewritten), so a run
costs kilobytes, not megabytes.   mini_go_binary.py BIN OUT [N]"""
import struct
import sys

elf = open(sys.argv[1], "rb").read()
shoff, = struct.unpack_from("<Q", elf, 0x28)
shentsize, shnum, shstrndx = struct.unpack_from("<HHH", elf, 0x3A)
raw = [struct.unpack_from("<IIQQQQIIQQ", elf, shoff + i * shentsize) for i in range(shnum)]
strtab_off = raw[shstrndx][4]
sections = {elf[strtab_off + h[0]:elf.index(b"\0", strtab_off + h[0])].decode(): h for h in raw}


def contents(name):
    h = sections[name]
    return elf[h[4]:h[4] + h[5]]


src = contents(".gopclntab")
n = int(sys.argv[3]) if len(sys.argv) > 3 else 48
magic = struct.unpack_from("<I", src, 0)[0]
header = 44 if magic == 0xFFFFFFF1 else 40
nfunc, nfiles, text_start, names_off, cu_off, file_off, pc_off, ftab_off = struct.unpack_from("<8Q", src, 8)
n = min(n, nfunc)


def varint(buf, pos):
    v = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        v |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return v, pos


def pc_table(off):
    """The bytes of one pc-value table: (value, pc) varint pairs up to the
    zero value delta that ends it."""
    start = pos = pc_off + off
    first = True
    while True:
        vdelta, pos = varint(src, pos)
        if vdelta == 0 and not first:
            return src[start:pos]
        _, pos = varint(src, pos)
        first = False


names, pctab = bytearray(b"\0"), bytearray(b"\0")  # offset 0 means "no table"
tables = {}


def copy_table(off):
    if off == 0:
        return 0
    if off not in tables:
        tables[off] = len(pctab)
        pctab.extend(pc_table(off))
    return tables[off]


records = []
ftab = bytearray()
for i in range(n):
    entry_off, func_off = struct.unpack_from("<II", src, ftab_off + i * 8)
    rec = ftab_off + func_off
    npcdata = struct.unpack_from("<I", src, rec + 28)[0]
    nfuncdata = src[rec + header - 1]
    r = bytearray(src[rec:rec + header + 4 * (npcdata + nfuncdata)])
    name_off = struct.unpack_from("<i", r, 4)[0]
    end = src.index(b"\0", names_off + name_off)
    struct.pack_into("<i", r, 4, len(names))
    names.extend(src[names_off + name_off:end + 1])
    for field in (16, 20, 24):
        struct.pack_into("<I", r, field, copy_table(struct.unpack_from("<I", r, field)[0]))
    for k in range(npcdata):
        at = header + 4 * k
        struct.pack_into("<I", r, at, copy_table(struct.unpack_from("<I", r, at)[0]))
    records.append((entry_off, r))
end_entry = struct.unpack_from("<I", src, ftab_off + n * 8)[0]

functab = bytearray(8 * (n + 1))
for i, (entry_off, r) in enumerate(records):
    struct.pack_into("<II", functab, i * 8, entry_off, len(functab))
    functab.extend(r)
struct.pack_into("<II", functab, n * 8, end_entry, 0)

cutab = src[cu_off:file_off]
filetab = src[file_off:pc_off]
out = bytearray(src[:72])
offsets = []
for part in (names, cutab, filetab, pctab, functab):
    while len(out) % 8:
        out.append(0)
    offsets.append(len(out))
    out.extend(part)
struct.pack_into("<Q", out, 8, n)
struct.pack_into("<5Q", out, 32, *offsets)
pclntab = bytes(out)

# Symbols: only the ones GoBinary looks up.
symstr = bytearray(b"\0")
symtab = bytearray(24)
sym_h = sections[".symtab"]
str_h = raw[sym_h[6]]
for i in range(sym_h[5] // 24):
    at = sym_h[4] + i * 24
    name_at = str_h[4] + struct.unpack_from("<I", elf, at)[0]
    name = elf[name_at:elf.index(b"\0", name_at)]
    if name in (b"go:func.*", b"go.func.*", b"runtime.allgs", b"runtime.text"):
        symtab.extend(struct.pack("<I", len(symstr)) + elf[at + 4:at + 24])
        symstr.extend(name + b"\0")

# Layout: ELF header, one program header, then the sections' bytes, then
# the section headers.
names = [b"", b".text", b".note.go.buildid", b".gopclntab", b".symtab", b".strtab", b".shstrtab"]
shstr = b"\0".join(names) + b"\0"
name_at = [shstr.index(n + b"\0") if n else 0 for n in names]
blobs = {".note.go.buildid": contents(".note.go.buildid"), ".gopclntab": pclntab,
         ".symtab": bytes(symtab), ".strtab": bytes(symstr), ".shstrtab": shstr}
body = bytearray(64 + 56)
file_at = {}
for name, blob in blobs.items():
    while len(body) % 8:
        body.append(0)
    file_at[name] = len(body)
    body.extend(blob)
while len(body) % 8:
    body.append(0)
headers = bytearray(64)  # the null section


def section(index, kind, flags, name, size, link=0, info=0, align=8, entsize=0):
    h = sections[name] if name in sections else None
    addr = h[3] if h and kind != 2 else 0
    headers.extend(struct.pack("<IIQQQQIIQQ", name_at[index], kind, flags, addr, file_at.get(name, 0), size,
                               link, info, align, entsize))


section(1, 8, 6, ".text", sections[".text"][5], align=64)  # SHT_NOBITS, AX
section(2, 7, 2, ".note.go.buildid", len(blobs[".note.go.buildid"]), align=4)
section(3, 1, 2, ".gopclntab", len(pclntab))
section(4, 2, 0, ".symtab", len(symtab), link=5, info=1, entsize=24)
section(5, 3, 0, ".strtab", len(symstr), align=1)
section(6, 3, 0, ".shstrtab", len(shstr), align=1)
pcln = sections[".gopclntab"]
struct.pack_into("<IIQQQQQQ", body, 64, 1, 4, file_at[".gopclntab"], pcln[3], pcln[3], len(pclntab), len(pclntab),
                 0x1000)  # PT_LOAD R over the pclntab
header = bytearray(elf[:64])
struct.pack_into("<QQ", header, 0x20, 64, len(body))  # phoff, shoff
struct.pack_into("<HHHHHH", header, 0x34, 64, 56, 1, 64, 7, 6)
body[:64] = header
open(sys.argv[2], "wb").write(bytes(body + headers))
