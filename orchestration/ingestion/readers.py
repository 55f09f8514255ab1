"""Walk a landing directory and turn every input unit into an article or a quarantine entry.

An *input unit* is a file, or one line of a JSONL file (``path#N``, 1-based).  Each unit yields
exactly one :class:`ArticleRecord` or one :class:`Quarantined`, never neither and never an
exception: one bad file must not stop a run, and nothing is silently dropped.  Sidecar
``NAME.meta.json`` files are metadata for ``NAME.txt`` and are not units of their own.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from extractors.normalize import normalize

from .decode import DecodeError, decode_bytes
from .html import extract_html
from .quality import clean_text, quality_problem

TEXT_SUFFIXES = {".txt", ".json", ".jsonl", ".html", ".htm"}
MAX_BYTES = 5 * 1024 * 1024
META_FIELDS = ("url", "outlet", "title", "published_date")
EARLIEST_DATE = dt.date(1990, 1, 1)
VANISHED = "vanished: the file disappeared before it could be read (it is read again if it comes back)"


@dataclass(slots=True)
class ArticleRecord:
    source_uri: str
    file_sha256: str
    byte_size: int
    text: str
    encoding: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    meta_published_date: dt.date | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def article_id(self) -> str:
        return article_id_for(self.text)


@dataclass(slots=True)
class Quarantined:
    source_uri: str
    file_sha256: str | None
    byte_size: int | None
    reason: str
    detail: str


def article_id_for(text: str) -> str:
    """Content hash of the normalised text: the same article re-sent or renamed gets the same id."""
    canonical = " ".join(normalize(text).text.split())
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def parse_meta_date(value: object, today: dt.date | None = None) -> tuple[dt.date | None, str | None]:
    """(date, None) for a plausible date; (None, why) for a missing, malformed or implausible one."""
    if value in (None, ""):
        return None, None
    today = today or dt.date.today()
    raw = str(value).strip()
    try:
        parsed = dt.datetime.fromisoformat(raw.replace("Z", "+00:00")).date() if "T" in raw or " " in raw \
            else dt.date.fromisoformat(raw[:10])
    except ValueError:
        return None, f"published_date {raw!r} is not a valid ISO date: dropped"
    if parsed < EARLIEST_DATE:
        return None, f"published_date {parsed} is before {EARLIEST_DATE}: dropped"
    if parsed > today + dt.timedelta(days=1):
        return None, f"published_date {parsed} is in the future: dropped"
    return parsed, None


def _apply_meta(rec: ArticleRecord, meta: dict) -> None:
    for key in ("url", "outlet", "title"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            setattr(rec, key, value.strip())
    date, note = parse_meta_date(meta.get("published_date"))
    rec.meta_published_date = date
    if note:
        rec.notes.append(note)


def _finish(rec: ArticleRecord, meta: dict | None) -> ArticleRecord | Quarantined:
    rec.text = clean_text(rec.text)
    problem = quality_problem(rec.text)
    if problem:
        return Quarantined(rec.source_uri, rec.file_sha256, rec.byte_size, *problem)
    if meta:
        _apply_meta(rec, meta)
    return rec


def _read_sidecar(path: Path) -> tuple[dict | None, str | None]:
    side = path.with_name(path.stem + ".meta.json")
    if not side.is_file():
        return None, None
    try:
        meta = json.loads(decode_bytes(side.read_bytes()).text)
    except (OSError, ValueError) as e:
        return None, f"sidecar {side.name} unreadable ({e}): ignored"
    if not isinstance(meta, dict):
        return None, f"sidecar {side.name} is not a JSON object: ignored"
    return meta, None


def _json_unit(uri: str, sha: str, size: int, obj: object, encoding: str) -> ArticleRecord | Quarantined:
    if not isinstance(obj, dict):
        return Quarantined(uri, sha, size, "malformed_json", "JSON value is not an object")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return Quarantined(uri, sha, size, "missing_text", "no non-empty 'text' field")
    return _finish(ArticleRecord(uri, sha, size, text, encoding), obj)


def _special_file(uri: str, path: Path) -> tuple[Quarantined | None, os.stat_result | None]:
    """(quarantine entry, None) for what must never be opened as an article, else (None, stat).

    Vanished files, symbolic-link loops, dangling links, directories reached through a link,
    unlistable directories and FIFOs/sockets/devices each get a precise detail; a FIFO is never
    opened, because opening one blocks until a writer appears and would hang the run.
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return Quarantined(uri, None, None, "unreadable", VANISHED), None
    except OSError as e:
        return Quarantined(uri, None, None, "unreadable", f"cannot stat: {e.strerror or e}"), None
    link = stat.S_ISLNK(st.st_mode)
    if link:
        target = os.readlink(path)
        try:
            st = os.stat(path)
        except OSError as e:
            if e.errno == errno.ELOOP:
                return Quarantined(uri, None, None, "unreadable", f"symbolic link loop (-> {target})"), None
            if e.errno == errno.ENOENT:
                return Quarantined(uri, None, None, "unreadable", f"dangling symbolic link (-> {target})"), None
            return Quarantined(uri, None, None, "unreadable", f"cannot stat link target: {e.strerror or e}"), None
    if stat.S_ISDIR(st.st_mode):
        if link:
            resolved = path.resolve()
            if resolved == path.parent.resolve() or resolved in path.parent.resolve().parents:
                return Quarantined(uri, None, None, "unreadable",
                                   f"symbolic link loop: -> {target} is a directory containing the link"), None
            return Quarantined(uri, None, None, "unsupported_type",
                               f"symbolic link to a directory (-> {target}): not followed"), None
        try:
            os.listdir(path)
        except OSError as e:
            return Quarantined(uri, None, None, "unreadable", f"cannot list directory: {e.strerror or e}"), None
        return Quarantined(uri, None, None, "unsupported_type", "a directory"), None
    if not stat.S_ISREG(st.st_mode):
        kind = "FIFO" if stat.S_ISFIFO(st.st_mode) else "socket" if stat.S_ISSOCK(st.st_mode) else "device"
        return Quarantined(uri, None, None, "unsupported_type", f"not a regular file ({kind}): never opened"), None
    return None, st


def _read_regular(path: Path) -> bytes:
    """The file's bytes; O_NONBLOCK so that a file swapped for a FIFO after the check cannot hang us."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file any more")
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_unit_file(path: Path) -> Iterator[ArticleRecord | Quarantined]:
    """Every unit of one file (one for most files, one per line for JSONL)."""
    uri = str(path)
    suffix = path.suffix.lower()
    special, st = _special_file(uri, path)
    if special is not None:
        yield special
        return
    size = st.st_size
    if suffix not in TEXT_SUFFIXES:
        yield Quarantined(uri, None, size, "unsupported_type", f"extension {suffix or '(none)'!r} not accepted")
        return
    if size > MAX_BYTES:
        yield Quarantined(uri, None, size, "too_large", f"{size} bytes (limit {MAX_BYTES})")
        return
    try:
        data = _read_regular(path)
    except FileNotFoundError:
        yield Quarantined(uri, None, size, "unreadable", VANISHED)
        return
    except OSError as e:
        yield Quarantined(uri, None, size, "unreadable", f"cannot read: {e.strerror or e}")
        return
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        yield Quarantined(uri, sha, size, "empty", "file has no content")
        return
    try:
        decoded = decode_bytes(data)
    except DecodeError as e:
        yield Quarantined(uri, sha, size, e.reason, e.detail)
        return

    if suffix == ".jsonl":
        for n, line in enumerate(decoded.text.splitlines(), start=1):
            if not line.strip():
                continue
            line_uri = f"{uri}#{n}"
            line_sha = hashlib.sha256(line.encode("utf-8")).hexdigest()
            try:
                obj = json.loads(line)
            except ValueError as e:
                yield Quarantined(line_uri, line_sha, len(line.encode()), "malformed_json", f"line {n}: {e}")
                continue
            yield _json_unit(line_uri, line_sha, len(line.encode()), obj, decoded.encoding)
        return
    if suffix == ".json":
        try:
            obj = json.loads(decoded.text)
        except ValueError as e:
            yield Quarantined(uri, sha, size, "malformed_json", str(e))
            return
        yield _json_unit(uri, sha, size, obj, decoded.encoding)
        return
    if suffix in (".html", ".htm"):
        text, meta = extract_html(decoded.text)
        yield _finish(ArticleRecord(uri, sha, size, text, decoded.encoding), meta)
        return
    meta, note = _read_sidecar(path)
    rec = ArticleRecord(uri, sha, size, decoded.text, decoded.encoding)
    result = _finish(rec, meta)
    if note and isinstance(result, ArticleRecord):
        result.notes.append(note)
    yield result


def iter_landing_files(landing: Path) -> Iterator[Path]:
    """Every input path under ``landing`` in a stable order (sidecars and hidden names excepted).

    Symbolic links to directories are yielded, not followed (no loops, no escaping the landing
    directory), and so are directories that cannot be listed: :func:`read_unit_file` records
    why each is not an article, so nothing is silently dropped.
    """
    unlistable: list[OSError] = []
    for root, dirs, files in os.walk(landing, followlinks=False, onerror=unlistable.append):
        while unlistable:
            yield Path(unlistable.pop().filename)
        walk = []
        for d in sorted(dirs):
            if d.startswith("."):
                continue
            if (Path(root) / d).is_symlink():
                yield Path(root) / d
            else:
                walk.append(d)
        dirs[:] = walk
        for name in sorted(files):
            if name.startswith(".") or name.endswith(".meta.json"):
                continue
            yield Path(root) / name
    while unlistable:
        yield Path(unlistable.pop().filename)


def read_landing(landing: Path) -> Iterator[ArticleRecord | Quarantined]:
    """All units of a landing directory."""
    for path in iter_landing_files(landing):
        try:
            yield from read_unit_file(path)
        except Exception as e:  # noqa: BLE001 - one bad file must never stop the run
            yield Quarantined(str(path), None, None, "unreadable", f"{type(e).__name__}: {e}")
