"""Does an uploaded file's content match its extension?

Magic numbers come from puremagic. Office Open XML and OpenDocument files are ZIP
archives: their magic number is ZIP's, so what they hold is checked too. Plain text has
no magic number: it must decode as UTF-8 or Windows-1252 and hold no control character
other than tab, line breaks and form feed."""
import codecs
import zipfile
from typing import IO

import puremagic
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

JPEG = {".jpg", ".jpeg", ".jfif", ".jpe"}
# Word, Excel and PowerPoint 97-2003 share one container (OLE2): its magic number does not
# tell them apart.
OLE2 = {".doc", ".xls", ".ppt"}
# Extension: the extensions puremagic may find for that content.
MAGIC = {".pdf": {".pdf"}, ".png": {".png"}, ".jpg": JPEG, ".jpeg": JPEG, **{ext: OLE2 for ext in OLE2}}
# Office Open XML: the folder its main part lives in.
OOXML = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
# OpenDocument: the first entry, `mimetype`, names the kind.
ODF = {
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}
TEXT = {".txt", ".csv"}
EXTENSIONS = set(MAGIC) | set(OOXML) | set(ODF) | TEXT

# What a content is, in words, by the extension found (most telling first).
FOUND = [
    (".exe", _("un programme Windows (.exe)")),
    (".html", _("une page HTML")),
    (".pdf", _("un document PDF")),
    (".png", _("une image PNG")),
    (".jpg", _("une image JPEG")),
    (".gif", _("une image GIF")),
    (".doc", _("un document Microsoft Office 97-2003")),
    (".zip", _("une archive ZIP")),
]
TEXT_CONTROLS = {"\t", "\n", "\r", "\f"}
CHUNK = 64 * 1024


def check_content(file: IO[bytes], *, name: str, extension: str) -> None:
    """Raises a ValidationError, in French, naming `name` and what its content is, unless
    the content of `file` is what `extension` (one of EXTENSIONS, lower case) promises.
    Leaves `file` at its start."""
    try:
        found = _found(file, extension)
    finally:
        file.seek(0)
    if found is not None:
        raise ValidationError(
            _("Le contenu de « %(name)s » ne correspond pas à son extension %(ext)s : c'est %(found)s."),
            code="content_mismatch", params={"name": name, "ext": extension, "found": found},
        )


def _found(file: IO[bytes], extension: str) -> str | None:
    """None when the content matches `extension`, else the words for what it is."""
    if extension in TEXT:
        return None if _is_text(file) else _describe(file)
    matches = _magic(file)
    if extension in MAGIC:
        return None if matches & MAGIC[extension] else _describe(file, matches)
    if ".zip" not in matches:
        return _describe(file, matches)
    kind = _zip_kind(file)
    return None if kind == extension else _describe_zip(kind)


def _magic(file: IO[bytes]) -> set[str]:
    """The extensions whose magic number the content shows."""
    file.seek(0)
    try:
        return {match.extension for match in puremagic.magic_stream(file)}
    except (puremagic.PureError, ValueError):  # ValueError: an empty file
        return set()


def _is_text(file: IO[bytes]) -> bool:
    for encoding in ("utf-8-sig", "cp1252"):
        file.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := file.read(CHUNK):
                if _has_controls(decoder.decode(chunk)):
                    return False
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _has_controls(text: str) -> bool:
    return any(char < " " and char not in TEXT_CONTROLS for char in text)


def _zip_kind(file: IO[bytes]) -> str:
    """".docx", ".odt"… for an office document, ".zip" for any other archive."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if names and names[0] == "mimetype":
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                for extension, expected in ODF.items():
                    if mimetype == expected:
                        return extension
            if "[Content_Types].xml" in names:
                for extension, folder in OOXML.items():
                    if any(name.startswith(folder) for name in names):
                        return extension
    except (zipfile.BadZipFile, OSError, EOFError):
        pass
    return ".zip"


def _describe(file: IO[bytes], matches: set[str] | None = None) -> str:
    if matches is None:
        matches = _magic(file)
    if ".zip" in matches:
        return _describe_zip(_zip_kind(file))
    for extension, words in FOUND:
        if extension in matches:
            return words
    if not matches and _is_text(file):
        return _("du texte")
    return _("un contenu de format inconnu")


def _describe_zip(kind: str) -> str:
    if kind == ".zip":
        return _("une archive ZIP")
    return _("un fichier %(ext)s") % {"ext": kind}
