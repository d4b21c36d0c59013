"""FILE built-ins that build or open ZIP archives (functions/file/compress, functions/file/extract),
and convertToPDF, which cliqsim refuses.

Shapes: `files.compress(name?)` takes a FILE, a LIST of FILEs, or a KEY-VALUE whose values are
FILEs (the key is the file's name in the archive) or KEY-VALUEs (the key is a directory holding
them); it returns one FILE of type zip. `zip.extract()` returns a key-value COLLECTION of each
file's name (its path inside the archive) to a FILE; a file that is not a ZIP, or an empty ZIP,
gives an empty collection (the extract page). Limits hold before any content is built or
inflated: a ZIP of more than 2 MB is a compress error, and more than 3 MB of extracted content
(the limit outside Creator) an extract error, read from the sizes the archive declares, so an
archive that inflates past its declared size fails too.
"""

from __future__ import annotations

from typing import Any

from cliqsim.deluge.builtins.context import Context
from cliqsim.deluge.builtins.define import FILE, LIST, MAP, TEXT, Family, as_text
from cliqsim.deluge.values import Collection, File, fail, plain_text, type_name
from cliqsim.deluge.zip_bytes import ZipLimitError, ZipPasswordError, build_zip, read_zip

define = Family(__name__).define

CAT = "file"
COMPRESS_LIMIT = 2 * 1024 * 1024  # bytes of ZIP (functions/file/compress)
EXTRACT_LIMIT = 3 * 1024 * 1024  # bytes extracted, services other than Creator (file/extract)
MAX_DEPTH = 32  # directories nested in one archive (cliqsim's limit, as for nested lists)


def _entries(value: Any, prefix: str, depth: int, out: list[tuple[str, File]]) -> None:
    if depth > MAX_DEPTH:
        raise fail(f"The directories to compress are nested more than {MAX_DEPTH} deep")
    if isinstance(value, File):
        out.append((prefix + value.name, value))
    elif isinstance(value, list):
        for item in value:
            if not isinstance(item, File):
                raise fail(f"compress takes FILE values; found {type_name(item)}")
            out.append((prefix + item.name, item))
    elif isinstance(value, dict):
        for key, item in value.items():
            name = as_text(key, "compress").strip("/")
            if not name:
                raise fail("compress needs a name for every file and directory")
            if isinstance(item, File):
                out.append((prefix + name, item))
            elif isinstance(item, dict):
                _entries(item, prefix + name + "/", depth + 1, out)
            else:
                raise fail(f"compress takes FILE or KEY-VALUE values; found {type_name(item)}")
    else:
        raise fail(f"compress takes a FILE, a LIST or a KEY-VALUE; found {type_name(value)}")


@define(
    "compress",
    CAT,
    FILE + LIST + MAP,
    "compressed_file_name?",
    "One ZIP FILE of the file, the list of files, or a KEY-VALUE of file names to files and "
    "directory names to KEY-VALUEs (nested directories); named `compressed_file_name` (`.zip` "
    'added), else the single file\'s name with `.zip`, else "Archive.zip". A ZIP of more than '
    "2 MB is a run-time error (functions/file/compress).",
)
def compress(cx: Context, files: Any, name: Any = None) -> File:
    found: list[tuple[str, File]] = []
    _entries(files, "", 0, found)
    if sum(len(f.content) for _, f in found) > 8 * COMPRESS_LIMIT:
        # Stored files this large cannot deflate under the limit in any realistic case; failing
        # here keeps memory bounded before any ZIP is built.
        raise fail("The compressed file exceeds the limit of 2 MB")
    # (a ZIP names its files in UTF-8: a lone surrogate is written as `?`, as Java writes it)
    data = build_zip([(plain_text(path), f.content) for path, f in found])
    if len(data) > COMPRESS_LIMIT:
        raise fail("The compressed file exceeds the limit of 2 MB")
    if name is not None:
        base = as_text(name, "compress").strip() or "Archive"
    elif isinstance(files, File):
        base = files.name.rsplit(".", 1)[0] if "." in files.name else files.name
    else:
        base = "Archive"
    filename = base if base.lower().endswith(".zip") else base + ".zip"
    return File(filename, data, "application/zip", extra={"file_type": "zip"})


@define(
    "extract",
    CAT,
    FILE,
    "",
    "The files of a ZIP FILE: a key-value COLLECTION of each file's name (its path in the "
    "archive) to a FILE; empty for a file that is not a ZIP or an empty ZIP. A password-"
    "protected ZIP, or more than 3 MB of content, is a run-time error (functions/file/extract).",
)
def extract(cx: Context, f: File) -> Collection:
    try:
        members = read_zip(f.content, EXTRACT_LIMIT)
    except ZipPasswordError:
        raise fail("extract cannot open a password-protected zip file") from None
    except ZipLimitError:
        raise fail("The extracted content exceeds the limit of 3 MB") from None
    out: dict[Any, Any] = {}
    for path, content in members or ():
        out[path] = File(path.rsplit("/", 1)[-1], content)
    return Collection(entries=out)


@define(
    "convertToPDF",
    CAT,
    FILE + TEXT,
    "",
    "Refused: converting a document to PDF needs Zoho's conversion service, which cliqsim does "
    "not imitate; the script fails with a message saying so.",
    function=True,
)
def convert_to_pdf(cx: Context, f: Any) -> File:
    raise fail(
        "convertToPDF is not available in cliqsim: converting a document to PDF needs Zoho's "
        "conversion service (functions/file/convert-to-pdf)"
    )
