"""Balai's Indonesian for other packages' strings (Wagtail's admin, allauth, Django).

The catalogue lives in ``locale_upstream/id/LC_MESSAGES/{django,djangojs}.po``, listed in
LOCALE_PATHS after ``locale``: it takes precedence over the catalogues the packages ship
(Wagtail's ``id_ID`` is incomplete; allauth's and Django's mix "email", "sandi" and
"anda"), while Balai's own strings in ``locale`` still win over it. ``make messages``
regenerates ``locale`` with ``--no-obsolete`` and never looks at ``locale_upstream``,
so nothing here is pruned. See docs/translations.md.

This module is the one place that says which upstream strings must read in Indonesian
(``SCOPES``), finds the ones that do not yet (``untranslated``), checks that a translation
keeps its msgid's placeholders (``placeholder_problems``) and compiles the catalogue
(``compile_catalogues``). ``bin/upstream_messages.py`` and the tests use it (a development
tool: it needs polib, a dev dependency; the site itself only reads the compiled .mo).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polib

BASE_DIR = Path(__file__).resolve().parent.parent
UPSTREAM_LOCALE = BASE_DIR / "locale_upstream"
LANGUAGE = "id"
DOMAINS = ("django", "djangojs")

HEADER = {
    "Project-Id-Version": "Balai (upstream strings)",
    "Report-Msgid-Bugs-To": "",
    "PO-Revision-Date": "2026-12-04 00:00+0700",
    "Last-Translator": "Balai",
    "Language-Team": "Balai",
    "Language": "id",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}


def po_path(domain: str = "django") -> Path:
    return UPSTREAM_LOCALE / LANGUAGE / "LC_MESSAGES" / f"{domain}.po"


@dataclass(frozen=True)
class Scope:
    """Msgids of one package's English source catalogue that staff or residents see.

    ``package`` is an importable package with ``locale/en/LC_MESSAGES/<domain>.po``;
    ``paths`` (prefixes of the ``#:`` source references, relative to the package) narrow
    it to some screens; empty means the whole catalogue.
    """

    area: str
    package: str
    domain: str = "django"
    paths: tuple[str, ...] = ()
    # Residents' pages: headings and buttons in sentence case ("Ubah kata sandi"), as
    # Balai's own, where the English source uses Title Case.
    sentence_case: bool = False

    @property
    def directory(self) -> Path:
        module = __import__(self.package, fromlist=["__file__"])
        return Path(module.__file__).resolve().parent

    def source_entries(self) -> list[polib.POEntry]:
        source = polib.pofile(
            str(self.directory / "locale" / "en" / "LC_MESSAGES" / f"{self.domain}.po")
        )
        entries = [entry for entry in source if entry.msgid and not entry.obsolete]
        if not self.paths:
            return entries
        return [
            entry
            for entry in entries
            if any(path.startswith(self.paths) for path, _line in entry.occurrences)
        ]


# The Wagtail admin screens staff use, by the package whose catalogue holds their strings:
# the page editor, StreamField, Draftail and comments (wagtail.admin, its JavaScript, and
# the core package's blocks, locks, workflow and revision models), workflow and
# moderation, scheduling, the dashboard and login (wagtail.admin), snippets and images.
# Whole catalogues, because these screens share templates (shared/, generic/, panels/).
WAGTAIL_SCOPES = (
    Scope("Wagtail: admin (page editor, workflow, scheduling, dashboard, login)", "wagtail.admin"),
    Scope(
        "Wagtail: admin JavaScript (StreamField, Draftail, comments, side panels)",
        "wagtail.admin",
        "djangojs",
    ),
    Scope("Wagtail: core (blocks, locks, workflow, revisions)", "wagtail"),
    Scope("Wagtail: snippets", "wagtail.snippets"),
    Scope("Wagtail: images", "wagtail.images"),
    Scope("Wagtail: documents", "wagtail.documents"),
    Scope("Wagtail: users and groups", "wagtail.users"),
    Scope("Wagtail: redirects", "wagtail.contrib.redirects"),
    Scope("Wagtail: form pages", "wagtail.contrib.forms"),
    Scope("Wagtail: sites", "wagtail.sites"),
    Scope("Wagtail: settings", "wagtail.contrib.settings"),
    Scope("Wagtail: embeds", "wagtail.embeds"),
    # The tags field of the page editor and image form (help text, errors).
    Scope("django-taggit: tags field", "taggit"),
)

# allauth's account pages residents use (login, sign-up, password reset, e-mail
# confirmation, managing e-mail addresses) and their messages and form errors.
ALLAUTH_SCOPES = (
    Scope(
        "allauth: account pages, messages and forms",
        "allauth",
        paths=("account/", "templates/account/", "core/", "templates/allauth/"),
        sentence_case=True,
    ),
)

SCOPES = WAGTAIL_SCOPES + ALLAUTH_SCOPES


def catalogue_key(entry: polib.POEntry):
    """The key of ``entry`` in a gettext catalogue (what Django looks up)."""
    msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
    return (msgid, 0) if entry.msgid_plural else msgid


def active_catalogue(domain: str, scope: Scope | None = None):
    """The merged Indonesian catalogue Django serves for ``domain``.

    For ``django`` it is every installed app's catalogue plus LOCALE_PATHS; for
    ``djangojs`` it is what Wagtail's JavaScriptCatalog view serves (the package's own
    catalogue plus LOCALE_PATHS).
    """
    from django.utils.translation import trans_real

    if domain == "django":
        return trans_real.translation(LANGUAGE)._catalog
    localedirs = [str(scope.directory / "locale")] if scope else []
    return trans_real.DjangoTranslation(LANGUAGE, domain=domain, localedirs=localedirs)._catalog


# Msgids whose Indonesian is spelled the same (so "translated" as themselves upstream).
SAME_IN_INDONESIAN = {
    "%(range_start)s - %(range_end)s",
    "%(field_label)s:",
    "%(related_model_name)s %(field_label)s",
    "%(status_display)s %(task_name)s %(started_at)s",
    "%(time_zone_option)s: %(localized_time_zone_label)s",
    "Admin",
    "Administrator",
    "Alias",
    "Format",
    "ID",
    "Menu:",
    "Minimum",
    "Status",
    "Status: ",
    "Status %(status)s",
    "Tag",
    "Taggit",
    "Token",
    "URL",
    "Wagtail API v2",
    "Wagtail API v3",
    "item",
    "label",
    "port",
    "slug",
    "status",
    "tag",
}


def untranslated(scope: Scope) -> list[polib.POEntry]:
    """Source entries of ``scope`` that read in English in Indonesian: missing from the
    active catalogue, or "translated" as the English itself (upstream has a few, e.g.
    "Bold") unless the word is the same in Indonesian."""
    catalogue = active_catalogue(scope.domain, scope)
    missing = []
    for entry in scope.source_entries():
        try:
            value = catalogue[catalogue_key(entry)]
        except KeyError:
            value = ""
        english = {entry.msgid, entry.msgid_plural}
        if not value or (value in english and entry.msgid not in SAME_IN_INDONESIAN):
            missing.append(entry)
    return missing


# --- Placeholders ------------------------------------------------------------------

_PERCENT = re.compile(r"%(?:\((?P<name>[^)]+)\))?[-#0 +]*\d*(?:\.\d+)?(?P<type>[sdifrxXeEgGcu%])")
_BRACES = re.compile(r"(?<!\{)\{(?P<name>[A-Za-z_][\w.]*|\d*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")
_TAG = re.compile(r"</?([a-zA-Z][\w-]*)[^>]*>")


def placeholders(text: str, python_format: bool = True, brace_format: bool = True):
    """(named set, positional count, brace set, HTML tag multiset) of ``text``."""
    named, positional = set(), 0
    if python_format:
        for match in _PERCENT.finditer(text):
            if match.group("type") == "%":
                continue
            if match.group("name"):
                named.add(match.group("name"))
            else:
                positional += 1
    braces = {m.group("name") for m in _BRACES.finditer(text)} if brace_format else set()
    tags = Counter(m.group(1).lower() for m in _TAG.finditer(text))
    return named, positional, braces, tags


def placeholder_problems(entry: polib.POEntry) -> list[str]:
    """Why ``entry``'s Indonesian would break or lose a placeholder (empty if it is fine).

    A name the msgid does not have raises KeyError at runtime; a different count of
    positional ``%s`` raises TypeError; a missing name loses information; a changed HTML
    tag breaks the markup.
    """
    python_format = "%" in entry.msgid or "%" in (entry.msgid_plural or "")
    translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
    sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
    src = [placeholders(s, python_format) for s in sources]
    allowed_named = set().union(*(s[0] for s in src))
    allowed_braces = set().union(*(s[2] for s in src))
    # The translation of a plural entry follows msgid_plural (Indonesian has one form).
    expected = src[-1]
    problems = []
    for text in translations:
        if not text:
            continue
        named, positional, braces, tags = placeholders(text, python_format)
        if named - allowed_named:
            problems.append(f"unknown %()s names {sorted(named - allowed_named)}")
        if expected[0] - named:
            problems.append(f"missing %()s names {sorted(expected[0] - named)}")
        if positional != expected[1] and not (entry.msgid_plural and positional == src[0][1]):
            problems.append(f"{positional} positional placeholders, msgid has {expected[1]}")
        if braces - allowed_braces:
            problems.append(f"unknown {{}} names {sorted(braces - allowed_braces)}")
        if expected[2] - braces:
            problems.append(f"missing {{}} names {sorted(expected[2] - braces)}")
        if tags != expected[3]:
            problems.append(f"HTML tags {dict(tags)} differ from {dict(expected[3])}")
    return problems


# --- Writing and compiling ---------------------------------------------------------


def load(domain: str = "django") -> polib.POFile:
    path = po_path(domain)
    if path.exists():
        return polib.pofile(str(path), wrapwidth=88)
    path.parent.mkdir(parents=True, exist_ok=True)
    po = polib.POFile(wrapwidth=88)
    po.metadata = dict(HEADER)
    po.header = (
        "Balai's Indonesian for strings of Wagtail, allauth and Django that their own\n"
        "catalogues lack or word differently. Kept by hand (bin/upstream_messages.py);\n"
        "makemessages never rewrites it. See docs/translations.md."
    )
    return po


def save(po: polib.POFile, domain: str = "django") -> None:
    """Save sorted (stable diffs) and compile next to it."""
    po.metadata = {**HEADER, **{k: v for k, v in po.metadata.items() if v}}
    po.sort(key=lambda e: (e.msgid.lower(), e.msgid, e.msgctxt or ""))
    po.save(str(po_path(domain)))
    compile_catalogue(domain)


def compile_catalogue(domain: str = "django") -> Path:
    """Compile with msgfmt as Django's compilemessages does (same bytes, so `make
    messages`, which compiles every LOCALE_PATHS catalogue, leaves no diff here);
    with polib where gettext is not installed."""
    path = po_path(domain)
    mo_path = path.with_suffix(".mo")
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "--check-format", "-o", str(mo_path), str(path)], check=True)
    else:
        polib.pofile(str(path)).save_as_mofile(str(mo_path))
    return mo_path


def compile_catalogues() -> list[Path]:
    return [compile_catalogue(domain) for domain in DOMAINS if po_path(domain).exists()]


def translations(path: Path) -> dict:
    """{(msgctxt, msgid): msgstr or [plural forms]} of the translated entries of a .po/.mo."""
    catalogue = polib.mofile(str(path)) if path.suffix == ".mo" else polib.pofile(str(path))
    result = {}
    for entry in catalogue:
        if not entry.msgid or "fuzzy" in getattr(entry, "flags", ()):
            continue
        value = (
            [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
            if entry.msgid_plural
            else entry.msgstr
        )
        if not all(value) if isinstance(value, list) else not value:
            continue
        result[(entry.msgctxt or None, entry.msgid)] = value
    return result


# --- Register: the site reads one way ----------------------------------------------

# Django's own catalogues, besides the SCOPES, whose messages residents see (form and
# validation errors, password rules). They are complete; only their wording is checked.
DJANGO_SCOPES = (
    Scope("Django: core (forms, validators)", "django.conf"),
    Scope("Django: auth (password rules, forms)", "django.contrib.auth"),
)

# Balai writes "Anda" (never "kamu" or a lower-case "anda"), "e-mail" (never "email",
# "surel" or "surat elektronik") and "kata sandi" (never a bare "sandi").
REGISTER_RULES = (
    (re.compile(r"\bkamu\b|\b[a-z]{2,}mu\b", re.IGNORECASE), "'kamu', '-mu': write 'Anda'"),
    (re.compile(r"\banda\b"), "lower-case 'anda': write 'Anda'"),
    (re.compile(r"(?<!e-)\bemail\b|\bsurel\b|surat elektronik", re.IGNORECASE), "write 'e-mail'"),
    (re.compile(r"(?<!kata )\bsandi\b", re.IGNORECASE), "write 'kata sandi'"),
    (re.compile(r"kadaluw?arsa|kedaluarsa", re.IGNORECASE), "write 'kedaluwarsa'"),
    (re.compile(r"\bdisini\b", re.IGNORECASE), "write 'di sini'"),
    (re.compile(r"\bsub-halaman", re.IGNORECASE), "write 'subhalaman'"),
    (re.compile(r"\b(me)?reset\b", re.IGNORECASE), "write 'atur ulang'"),
    (re.compile(r"\b(di)?setel\b", re.IGNORECASE), "write 'atur'"),
    (re.compile(r"\blink\b", re.IGNORECASE), "write 'tautan'"),
    (re.compile(r"\bbrowser\b", re.IGNORECASE), "write 'peramban'"),
    (re.compile(r"\bjikalau\b", re.IGNORECASE), "write 'jika'"),
    (
        re.compile(r"\b(mem|di|ter)?publikasi(kan)?\b", re.IGNORECASE),
        "write 'terbitkan', 'diterbitkan' or 'tayang' (Balai's word for publish)",
    ),
    (re.compile(r"\bkonsep\b", re.IGNORECASE), "write 'draf' (Balai's word for draft)"),
)
# Words ending in "mu" that are not the possessive "-mu" (your).
_NOT_POSSESSIVE_MU = {
    "ilmu",
    "jamu",
    "temu",
    "bertemu",
    "menemu",
    "ketemu",
    "tamu",
    "ramu",
    "semu",
    "palmu",
}
_MARKUP = re.compile(
    "|".join(re.sub(r"\?P<\w+>", "", p.pattern) for p in (_PERCENT, _BRACES, _TAG))
    + r"|https?://\S+"
)


def register_problems(text: str) -> list[str]:
    """How ``text`` (an Indonesian translation) departs from Balai's register."""
    prose = _MARKUP.sub(" ", text)
    problems = []
    for pattern, advice in REGISTER_RULES:
        for match in pattern.finditer(prose):
            if match.group(0).lower() in _NOT_POSSESSIVE_MU:
                continue
            problems.append(f"{match.group(0)!r}: {advice}")
    return problems


# Words that keep their capital inside a sentence.
PROPER_WORDS = {"Anda", "Balai", "Wagtail", "Google", "WhatsApp", "Single", "Sign-On", "LDAP"}
_SENTENCE_END = re.compile(r"[.!?:]\s+|\n")


def title_case_problems(text: str) -> list[str]:
    """Capitalised words inside a sentence (English Title Case carried over)."""
    problems = []
    for sentence in _SENTENCE_END.split(_MARKUP.sub(" ", text)):
        for word in re.findall(r"\w[\w-]*", sentence)[1:]:
            if word[0].isupper() and not word.isupper() and word not in PROPER_WORDS:
                problems.append(f"{word!r}: sentence case")
    return problems


def effective_translation(entry: polib.POEntry, scope: Scope) -> str:
    """What Django shows for ``entry`` in Indonesian (empty if it is untranslated)."""
    try:
        return active_catalogue(scope.domain, scope)[catalogue_key(entry)]
    except KeyError:
        return ""


def wording_problems(entry: polib.POEntry, scope: Scope) -> list[str]:
    """Register and case problems of what Django shows for ``entry`` in Indonesian."""
    text = effective_translation(entry, scope)
    problems = register_problems(text)
    if scope.sentence_case:
        problems += title_case_problems(text)
    return problems
