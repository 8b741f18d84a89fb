"""Balai's Indonesian for Wagtail's, allauth's and Django's strings (locale_upstream/).

Usage:
  python bin/upstream_messages.py compile          # .po -> .mo (after editing a .po by hand)
  python bin/upstream_messages.py check            # untranslated per area, placeholders, .mo fresh
  python bin/upstream_messages.py missing [AREA]   # list the untranslated msgids (AREA: substring)
  python bin/upstream_messages.py fill FILE.json [djangojs]  # add/replace translations, compile

FILE.json maps an English msgid (with context: "context\\u0004msgid") to its Indonesian; a
plural entry maps to a list with one form. The msgid must exist in one of the English
source catalogues of config.upstream_translations (Wagtail, allauth, Django), which give
the entry its plural and its source references. `check` also reports translations that
depart from Balai's register (Anda, e-mail, kata sandi). See docs/translations.md.
"""

import json
import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

import polib  # noqa: E402

from config import upstream_translations as ut  # noqa: E402


def _source_index():
    index = {}
    # Whole catalogues: an override may reach a string outside the checked screens.
    for scope in ut.SCOPES + ut.DJANGO_SCOPES:
        prefix = scope.package.replace(".", "/")
        for entry in ut.Scope(scope.area, scope.package, scope.domain).source_entries():
            key = (scope.domain, entry.msgctxt or None, entry.msgid)
            found = index.setdefault(key, (entry, set()))
            found[1].update(f"{prefix}/{path}" for path, _line in entry.occurrences)
    return index


def fill(path, domain="django"):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    index = _source_index()
    by_domain = {}
    unknown = []
    for raw_key, value in data.items():
        context, _, msgid = raw_key.rpartition("\x04")
        found = index.get((domain, context or None, msgid))
        if found:
            by_domain.setdefault(domain, []).append((found, value))
        else:
            unknown.append(raw_key)
    for domain, items in by_domain.items():
        po = ut.load(domain)
        existing = {(e.msgctxt or None, e.msgid): e for e in po}
        for (source, references), value in items:
            entry = existing.get((source.msgctxt or None, source.msgid))
            if entry is None:
                entry = polib.POEntry(msgid=source.msgid, msgctxt=source.msgctxt or None)
                if source.msgid_plural:
                    entry.msgid_plural = source.msgid_plural
                po.append(entry)
                existing[(entry.msgctxt or None, entry.msgid)] = entry
            entry.occurrences = [(ref, "") for ref in sorted(references)]
            if "python-format" in source.flags and "python-format" not in entry.flags:
                entry.flags.append("python-format")
            if entry.msgid_plural:
                forms = value if isinstance(value, list) else [value]
                entry.msgstr_plural = {0: forms[0]}
            else:
                entry.msgstr = value if isinstance(value, str) else value[0]
        ut.save(po, domain)
        print(f"{domain}: {len(items)} filled, {len(po)} entries")
    for key in unknown:
        print("not in any source catalogue:", repr(key))
    return 1 if unknown else 0


def check():
    failed = 0
    for scope in ut.SCOPES:
        missing = ut.untranslated(scope)
        print(f"{len(missing):4d} untranslated of {len(scope.source_entries()):4d}  {scope.area}")
        failed += len(missing)
    for scope in ut.SCOPES + ut.DJANGO_SCOPES:
        for entry in scope.source_entries():
            for problem in ut.wording_problems(entry, scope):
                print(f"register: {entry.msgid!r}: {problem}")
                failed += 1
    for domain in ut.DOMAINS:
        path = ut.po_path(domain)
        if not path.exists():
            continue
        for entry in ut.load(domain):
            for problem in ut.placeholder_problems(entry):
                print(f"placeholder: {entry.msgid!r}: {problem}")
                failed += 1
        if ut.translations(path) != ut.translations(path.with_suffix(".mo")):
            print(f"{path.with_suffix('.mo')} is stale: run `make messages-upstream`")
            failed += 1
    return 1 if failed else 0


def missing(area=""):
    for scope in ut.SCOPES:
        if area.lower() not in scope.area.lower():
            continue
        for entry in ut.untranslated(scope):
            refs = " ".join(sorted({p for p, _ in entry.occurrences}))
            context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
            plural = f"  | plural: {entry.msgid_plural!r}" if entry.msgid_plural else ""
            print(f"{scope.area}: {context}{entry.msgid!r}{plural}  # {refs}")
    return 0


def main(argv):
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0
    command, args = argv[0], argv[1:]
    if command == "compile":
        for path in ut.compile_catalogues():
            print("compiled", path.relative_to(BASE_DIR))
        return 0
    if command == "check":
        return check()
    if command == "missing":
        return missing(*args)
    if command == "fill":
        return fill(*args)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
