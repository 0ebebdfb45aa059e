"""Pack files: the project's JSON format, the sheet supervisors keep in Excel (CSV or
XLSX) and Qianniu's quick-phrase CSV.

Reading checks everything before anything is stored: a bad file raises
:class:`PackFormatError` naming the file, the row and the column, and the caller stores
nothing. Text files are read as UTF-8 (with or without BOM) or GBK/GB18030, the way Excel
on a Chinese Windows saves them, without being told which; an XLSX workbook is known by
its zip signature and Qianniu's CSV by its header. The formats are described for users in
docs/话术包格式.md, and the JSON format by docs/pack.schema.json.

One module per concern; everything other modules use is importable from here:

- :mod:`.read`: :func:`read_pack`, the one entry point for reading;
- :mod:`.detect`: a file's size, text encoding and format, and lines no sheet has;
- :mod:`.jsonpack`: the JSON format (kefu-pack), read and written;
- :mod:`.table`: our CSV sheet, Qianniu's CSV, and the rows of any table;
- :mod:`.columns`: which header names which field (ours, English, Qianniu's);
- :mod:`.phrase`: the limits and checks every reader applies to a phrase, its dates;
- :mod:`.write`: writing any format atomically, the sheet's rows, the formula guard.

XLSX lives in :mod:`assistant.core.xlsxfile` and Qianniu's export in
:mod:`assistant.core.qianniu`, imported only when such a file is read or written.
"""

from __future__ import annotations

from assistant.core.packfile.columns import (
    CSV_COLUMNS,
    CSV_HEADER_ZH,
    DATE_HEADER_ZH,
    FIELD_LABEL,
    MAX_COLUMNS,
    QIANNIU_BODY,
    QIANNIU_COLUMNS,
    Place,
    header_columns,
    is_qianniu_header,
    repeated_columns,
)
from assistant.core.packfile.detect import (
    FORMATS,
    MAX_FILE_BYTES,
    MAX_LINE,
    _read_bytes,
    decode,
    detect_format,
    sniff,
    sniff_text,
)
from assistant.core.packfile.jsonpack import (
    FORMAT_NAME,
    FORMAT_VERSION,
    _number_text,
    pack_to_json,
    parse_json,
)
from assistant.core.packfile.phrase import (
    MAX_BODY,
    MAX_CODE,
    MAX_GROUP_DEPTH,
    MAX_TAG,
    MAX_TAGS,
    MAX_TITLE,
    derive_title,
    is_dated,
    parse_date,
)
from assistant.core.packfile.read import read_pack
from assistant.core.packfile.table import parse_csv, parse_table
from assistant.core.packfile.write import (
    atomic_write,
    date_cells,
    export_format,
    export_notes,
    is_formula_like,
    pack_bytes,
    pack_to_csv,
    require_folder,
    spreadsheet_cell,
    table_header,
    table_rows,
    write_pack,
)
from assistant.core.phrases import Pack

__all__ = [
    "CSV_COLUMNS",
    "CSV_HEADER_ZH",
    "DATE_HEADER_ZH",
    "FIELD_LABEL",
    "FORMATS",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MAX_BODY",
    "MAX_CODE",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_GROUP_DEPTH",
    "MAX_LINE",
    "MAX_TAG",
    "MAX_TAGS",
    "MAX_TITLE",
    "QIANNIU_BODY",
    "QIANNIU_COLUMNS",
    # private, used by core/lint/reading.py and core/xlsxfile.py and kept where they were
    "_number_text",
    "_read_bytes",
    # the pack type, as it always was reachable from here
    "Pack",
    "Place",
    "atomic_write",
    "date_cells",
    "decode",
    "derive_title",
    "detect_format",
    "export_format",
    "export_notes",
    "header_columns",
    "repeated_columns",
    "is_dated",
    "is_formula_like",
    "is_qianniu_header",
    "pack_bytes",
    "pack_to_csv",
    "pack_to_json",
    "parse_csv",
    "parse_date",
    "parse_json",
    "parse_table",
    "read_pack",
    "require_folder",
    "sniff",
    "sniff_text",
    "spreadsheet_cell",
    "table_header",
    "table_rows",
    "write_pack",
]
