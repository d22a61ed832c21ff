#!/usr/bin/env python3
"""Writes the hostile .xlsx seeds of issue 12 next to the honest one they are made from.

fuzz/seeds/certificate_xlsx/two_rows.xlsx is a valid certificate import; each seed adds a
shared-string table (xl/sharedStrings.xml, one string) or a style sheet to it:

  shared_strings_honest.xlsx      count="1" uniqueCount="1": passes the workbook guard
  shared_strings_4294967295.xlsx  count and uniqueCount 4294967295 (calamine reserved 103 GB
                                  for them and the allocation failure aborted the process)
  shared_strings_100000000.xlsx   1e8 of each
  shared_strings_unique_lies.xlsx uniqueCount="1000" for one string held
  styles_70000_xf.xlsx            70,000 cell formats in xl/styles.xml

The same files are copied to fuzz/seeds/criteria_xlsx/. Run from the repository root:
  python3 scripts/hostile-xlsx.py
"""
import pathlib
import shutil
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = ROOT / "fuzz/seeds/certificate_xlsx/two_rows.xlsx"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def shared_strings(count, unique):
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<sst xmlns="{NS}" count="{count}" uniqueCount="{unique}"><si><t>OCOP</t></si></sst>'
    ).encode()


def styles(xfs):
    # Short records: 350 kB inflated, under the 1 MiB from which the ratio is checked.
    cells = "<xf/>" * xfs
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<styleSheet xmlns="{NS}"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills>'
        f'<borders count="1"><border/></borders><cellXfs count="{xfs}">{cells}</cellXfs></styleSheet>'
    ).encode()


def write(name, extra_name, extra_bytes):
    out = ROOT / "fuzz/seeds/certificate_xlsx" / name
    with zipfile.ZipFile(SOURCE) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                part = "sharedStrings" if "sharedStrings" in extra_name else "styles"
                content = "sharedStrings" if part == "sharedStrings" else "styles"
                data = data.replace(
                    b"</Types>",
                    f'<Override PartName="/{extra_name}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.{content}+xml"/></Types>'.encode(),
                )
            target.writestr(info.filename, data)
        target.writestr(extra_name, extra_bytes)
    shutil.copy(out, ROOT / "fuzz/seeds/criteria_xlsx" / name)
    print(f"{out.relative_to(ROOT)}: {out.stat().st_size} bytes")


write("shared_strings_honest.xlsx", "xl/sharedStrings.xml", shared_strings(1, 1))
write("shared_strings_4294967295.xlsx", "xl/sharedStrings.xml", shared_strings(4294967295, 4294967295))
write("shared_strings_100000000.xlsx", "xl/sharedStrings.xml", shared_strings(100000000, 100000000))
write("shared_strings_unique_lies.xlsx", "xl/sharedStrings.xml", shared_strings(1, 1000))
write("styles_70000_xf.xlsx", "xl/styles.xml", styles(70000))
