#!/usr/bin/env python3
"""Writes the seed corpora for the fuzz targets into OUT/<target>/ (default .build/fuzz/seeds):
household: Resources/examples and the household documents in Tests; rules: every rule, condition and definition
in the bundled catalog; everyday: the quoted answers in Tests/ShienKitTests/EverydayInputTests.swift; csv: a few
household CSV files (header and rows) and the CSV headers in the tests, each after a first byte that sets the read
size; catalogdb: patches on the compiled catalog (none, one byte, a run of bytes, a cut) spread over its length."""
import glob, hashlib, json, os, re, sys

out = sys.argv[1] if len(sys.argv) > 1 else ".build/fuzz/seeds"


def write(target, texts):
    folder = os.path.join(out, target)
    os.makedirs(folder, exist_ok=True)
    for text in texts:
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        with open(os.path.join(folder, hashlib.sha1(data).hexdigest()), "wb") as f:
            f.write(data)
    print(f"{target}: {len(set(texts))} seeds in {folder}")


def rules(node):
    """Strings under rule-like keys, and every string that looks like an expression."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str) and key in ("rule", "when", "condition", "value", "amount", "expr"):
                yield value
            else:
                yield from rules(value)
    elif isinstance(node, list):
        for value in node:
            yield from rules(value)


households = [open(p, encoding="utf-8").read() for p in glob.glob("Resources/examples/*.json")]
swift_strings = re.compile(r'#?"((?:[^"\\\n]|\\.)*)"#?')
for path in glob.glob("Tests/**/*.swift", recursive=True):
    for match in swift_strings.finditer(open(path, encoding="utf-8").read()):
        text = match.group(1)
        if "members" in text and text.lstrip().startswith("{"):
            households.append(text.replace('\\"', '"') if not match.group(0).startswith("#") else text)
write("household", households)

rule_texts = []
for path in glob.glob("Resources/catalog/**/*.json", recursive=True):
    rule_texts.extend(r for r in rules(json.load(open(path, encoding="utf-8"))) if r.strip())
write("rules", rule_texts)

answers = set()
for match in swift_strings.finditer(open("Tests/ShienKitTests/EverydayInputTests.swift", encoding="utf-8").read()):
    if 0 < len(match.group(1)) < 40:
        answers.add(match.group(1))
write("everyday", sorted(answers))

csv_texts = [
    "id,as_of,municipality,single_parent,m1_role,m1_birth_date,m1_income,m1_employment,m3_role,m3_age,#note\r\n"
    "H-1,R7.6.1,古賀市,TRUE,本人,S63.6.2,\"2,400,000\",会社員・パート,child,9,any text\r\n"
    "H-2,2025/6/1,古賀市,はい,self,1990-01-01,240万,,child,3,\"a \"\"quoted\"\" note\"\r\n",
    "\ufeffid,m1_role\r\n\"H-1\",\"self\"\r\n\r\n\"H\n2\",child\r\nH-3,self",
    "id,prefecture,municipality,rent,m1_role,m1_age,m2_role,m2_birth_date\nA,福岡県,古賀市,50000,self,40,spouse,H2.1.1\n",
]
for path in glob.glob("Tests/**/*.swift", recursive=True):
    for match in swift_strings.finditer(open(path, encoding="utf-8").read()):
        if "m1_" in match.group(1) and "," in match.group(1):
            csv_texts.append(match.group(1).replace("\\r", "\r").replace("\\n", "\n").replace('\\"', '"'))
write("csv", [chr(n) + text for n in (0, 7, 63) for text in csv_texts])

# A patch is a 3-byte little-endian offset (modulo the blob's length), a length byte and the bytes; a lone last byte
# cuts the blob to that fraction of 256.
patches = [b"", b"\x80", b"\xff"]
for offset in range(0, 1 << 24, 1 << 19):
    where = offset.to_bytes(3, "little")
    patches += [where + b"\x01\xff", where + b"\x01\x00", where + b"\x04\x7f\x7f\x7f\x7f"]
write("catalogdb", patches)
