"""Fill Indonesian translations into locale/id/LC_MESSAGES/django.po, then compile.

Usage: python bin/po_fill.py translations.json
The JSON maps English msgids to Indonesian. Plural entries map to a list of forms.
Holds the same lock as `make messages`, so two people filling at once lose nothing.
"""

import fcntl
import json
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"
PO_PATH = LOCALE / "id" / "LC_MESSAGES" / "django.po"


def main(path):
    translations = json.loads(Path(path).read_text(encoding="utf-8"))
    with open(LOCALE / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        po = polib.pofile(str(PO_PATH))
        filled = 0
        for entry in po:
            value = translations.get(entry.msgid)
            if value is None:
                continue
            if entry.msgid_plural:
                forms = value if isinstance(value, list) else [value]
                entry.msgstr_plural = dict(enumerate(forms))
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            filled += 1
        po.save()
        po.save_as_mofile(str(PO_PATH.with_suffix(".mo")))
    missing = [e.msgid for e in polib.pofile(str(PO_PATH)) if not e.translated()]
    print(f"filled {filled}; still untranslated: {len(missing)}")
    for msgid in missing:
        print("  ", msgid)


if __name__ == "__main__":
    main(sys.argv[1])
