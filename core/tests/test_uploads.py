"""check_content: an upload's content must be what its extension promises."""
import io

import pytest
from django.core.exceptions import ValidationError

from core.uploads import EXTENSIONS, check_content

from . import file_samples as samples

ACCEPTED = [
    (".pdf", samples.PDF), (".png", samples.PNG), (".jpg", samples.JPEG), (".jpeg", samples.JPEG),
    (".doc", samples.OLE2), (".xls", samples.OLE2), (".ppt", samples.OLE2),
    (".docx", samples.DOCX), (".xlsx", samples.xlsx()), (".pptx", samples.PPTX),
    (".odt", samples.ODT), (".ods", samples.ODS), (".odp", samples.ODP),
    (".txt", "Compte rendu de la mission à Trois-Rivières.\n".encode()),
    (".csv", "nom;montant\r\nLévis;1 500,00\r\n".encode("cp1252")),  # as Excel saves it in French
    (".csv", "\ufeffnom;montant\nQuébec;12\n".encode()),  # UTF-8 with a BOM
]
REFUSED = [
    (".pdf", samples.ZIP, "une archive ZIP"),
    (".pdf", samples.EXE, "un programme Windows (.exe)"),
    (".pdf", samples.HTML, "une page HTML"),
    (".png", samples.PDF, "un document PDF"),
    (".jpg", samples.PNG, "une image PNG"),
    (".doc", samples.DOCX, "un fichier .docx"),
    (".docx", samples.ZIP, "une archive ZIP"),
    (".docx", samples.xlsx(), "un fichier .xlsx"),
    (".xlsx", samples.OLE2, "un document Microsoft Office 97-2003"),
    (".odt", samples.ODS, "un fichier .ods"),
    (".pptx", b"PK\x03\x04 not really an archive", "une archive ZIP"),
    (".txt", samples.EXE, "un programme Windows (.exe)"),
    (".csv", b"nom;montant\x00\x00\x01", "un contenu de format inconnu"),
    (".pdf", "Ceci n'est pas un PDF.".encode(), "du texte"),
]


def test_every_extension_is_checked():
    assert {extension for extension, _content in ACCEPTED} == EXTENSIONS


@pytest.mark.parametrize(("extension", "content"), ACCEPTED)
def test_a_file_that_is_what_its_name_says_is_accepted(extension, content):
    file = io.BytesIO(content)
    check_content(file, name=f"document{extension}", extension=extension)
    assert file.tell() == 0


@pytest.mark.parametrize(("extension", "content", "found"), REFUSED)
def test_a_file_that_is_not_what_its_name_says_is_refused_saying_what_it_is(extension, content, found):
    file = io.BytesIO(content)
    with pytest.raises(ValidationError) as error:
        check_content(file, name=f"rapport{extension}", extension=extension)
    assert error.value.messages == [
        f"Le contenu de « rapport{extension} » ne correspond pas à son extension {extension} : c'est {found}."
    ]
    assert file.tell() == 0


def test_text_is_read_to_its_end():
    content = b"a;b\n" * 100_000 + b"\x00"  # the NUL is far past any magic number's reach
    with pytest.raises(ValidationError):
        check_content(io.BytesIO(content), name="gros.csv", extension=".csv")
