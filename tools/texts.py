#!/usr/bin/env python3
"""Add or update UI texts in the resource files (Norwegian bokmal is the neutral culture, English second).

Usage:
  tools/texts.py add KEY "norsk tekst" "English text"
  tools/texts.py import FILE.tsv        # lines: KEY<TAB>norsk<TAB>english  (# comments allowed)
  tools/texts.py check                  # every key exists in both files, with a non-empty value
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "src" / "Ressursvenn.Web" / "Resources"
FILES = {"nb": ROOT / "SharedResource.resx", "en": ROOT / "SharedResource.en.resx"}

HEADER = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
</root>
"""


def load(path):
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(HEADER, encoding="utf-8")
    tree = ET.parse(path)
    values = {}
    for data in tree.getroot().findall("data"):
        values[data.get("name")] = data.findtext("value") or ""
    return values


def save(path, values):
    root = ET.fromstring(HEADER)
    for key in sorted(values, key=str.lower):
        data = ET.SubElement(root, "data", {"name": key, "xml:space": "preserve"})
        ET.SubElement(data, "value").text = values[key]
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n", encoding="utf-8")


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    nb, en = load(FILES["nb"]), load(FILES["en"])
    cmd = argv[1]
    if cmd == "add" and len(argv) == 5:
        nb[argv[2]], en[argv[2]] = argv[3], argv[4]
    elif cmd == "import" and len(argv) == 3:
        for n, line in enumerate(Path(argv[2]).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                print(f"line {n}: expected 3 tab-separated columns: {line!r}")
                return 1
            nb[parts[0]], en[parts[0]] = parts[1], parts[2]
    elif cmd == "check":
        missing = sorted((set(nb) ^ set(en)) | {k for k in nb if not nb[k].strip()} | {k for k in en if not en[k].strip()})
        for key in missing:
            print("missing or empty:", key)
        print(f"{len(nb)} keys")
        return 1 if missing else 0
    else:
        print(__doc__)
        return 2
    save(FILES["nb"], nb)
    save(FILES["en"], en)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
