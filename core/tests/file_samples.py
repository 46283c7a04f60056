"""Small files of each kind, built in memory, for the upload tests."""
import io
import zipfile

from openpyxl import Workbook

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504  # Office 97-2003 (.doc, .xls, .ppt)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def archive(entries: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as file:
        for name, text in entries.items():
            file.writestr(name, text)
    return buffer.getvalue()


def ooxml(folder: str) -> bytes:
    return archive({"[Content_Types].xml": "<Types/>", f"{folder}/document.xml": "<document/>"})


def odf(mimetype: str) -> bytes:
    return archive({"mimetype": mimetype, "content.xml": "<office:document-content/>"})


ZIP = archive({"lisez-moi.txt": "bonjour"})
DOCX = ooxml("word")
PPTX = ooxml("ppt")
ODT = odf("application/vnd.oasis.opendocument.text")
ODS = odf("application/vnd.oasis.opendocument.spreadsheet")
ODP = odf("application/vnd.oasis.opendocument.presentation")
