#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target into fuzz/corpus/<target>/, generated from
../shared/corpus (never committed: fuzz/.gitignore leaves corpus/ out).

    python3 fuzz/seed.py [SHARED_CORPUS]      # default: ../shared/corpus from the clone

What each target gets, all cut to a few kilobytes so that libFuzzer mutates them quickly:

- extract: texts of conflict-news, recent-news, conflict-posts-en, multilingual and the seed
  article, whole when short, else their first 4 kB;
- time: paragraphs of those texts that hold a digit or a month, and TempEval-3 platinum
  sentences, each after 4 bytes that say "published 2025-04-01, the whole text";
- jsonl: a few documents per file as JSONL lines (texts cut to 2 kB), a bad line among them;
- html: the smallest pages of article-extraction, and pages built from corpus documents
  (title, meta dates, JSON-LD, <time>, paragraphs, a declared charset);
- feed: RSS 2.0, RSS 1.0 (RDF) and Atom feeds built from corpus documents;
- warc: WARC archives of those pages (plain, chunked and gzip-encoded HTTP bodies, with
  request and metadata records between them);
- gzip: one byte (0 JSONL, 1 HTML, 2 WARC) then a gzip stream of a jsonl, html or warc seed;
- body: jsonl, html, feed and text seeds, as a POST body could be any of them.
"""

import gzip
import hashlib
import html
import json
import os
import random
import re
import sys
import uuid
from datetime import date
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
SHARED = Path(sys.argv[1]) if len(sys.argv) > 1 else FUZZ.parent.parent / "shared" / "corpus"
OUT = FUZZ / "corpus"
RNG = random.Random(14)  # the same seeds on every run
MONTHS = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(yesterday|today|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|year)\b",
    re.I,
)


def write(target, data):
    """One seed file, named by its hash so that a second run writes the same files."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    directory = OUT / target
    directory.mkdir(parents=True, exist_ok=True)
    (directory / hashlib.sha1(data).hexdigest()).write_bytes(data)


def documents():
    """Corpus documents as dicts with id, title, published, url, text."""
    docs = []
    for name in ["conflict-news.jsonl", "recent-news.jsonl", "conflict-posts-en.jsonl",
                 "multilingual.jsonl"]:
        path = SHARED / name
        if not path.exists():
            continue
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                line = line.strip()
                if line:
                    docs.append(json.loads(line))
    for path in sorted((SHARED / "seed").glob("*.txt")):
        docs.append({"id": path.name, "text": path.read_text(encoding="utf-8")})
    return docs


def cut(text, limit):
    """The start of `text`, at most `limit` bytes of UTF-8, on a character boundary."""
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")


def paragraphs(text):
    return [p.strip() for p in re.split(r"\n\s*\n|\n    ", text) if p.strip()]


def page(doc, charset="utf-8"):
    """An article page of one document, with the metadata tally reads."""
    title = html.escape(doc.get("title") or doc["id"])
    published = doc.get("published") or "2025-04-01"
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(cut(doc["text"], 3000)))
    ld = json.dumps({"@type": "NewsArticle", "datePublished": published, "headline": title})
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}"><title>{title}</title>
<meta property="article:published_time" content="{published}">
<meta property="og:site_name" content="Example News">
<link rel="canonical" href="https://news.example.org/{html.escape(doc['id'])}">
<script type="application/ld+json">{ld}</script>
<style>p {{ margin: 0 }}</style></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>{title}</h1><time datetime="{published}">{published}</time>
{body}
</article><footer>Copyright Example News</footer></body></html>
"""


def rss(docs):
    items = "".join(
        f"<item><title>{html.escape(d.get('title') or '')}</title>"
        f"<link>https://news.example.org/{html.escape(d['id'])}</link>"
        f"<guid>{html.escape(d['id'])}</guid><pubDate>Tue, 01 Apr 2025 08:00:00 GMT</pubDate>"
        f"<description>{html.escape(cut(d['text'], 800))}</description></item>"
        for d in docs
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Example</title><link>https://news.example.org/</link>{items}</channel></rss>")


def atom(docs):
    entries = "".join(
        f"<entry><id>urn:{html.escape(d['id'])}</id><title>{html.escape(d.get('title') or '')}"
        f"</title><updated>2025-04-01T08:00:00Z</updated>"
        f'<content type="html">{html.escape("<p>" + html.escape(cut(d["text"], 800)) + "</p>")}'
        f"</content></entry>"
        for d in docs
    )
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Example</title><id>urn:example</id>{entries}</feed>")


def rdf(docs):
    items = "".join(
        f'<item rdf:about="https://news.example.org/{html.escape(d["id"])}">'
        f"<title>{html.escape(d.get('title') or '')}</title>"
        f"<description>{html.escape(cut(d['text'], 600))}</description></item>"
        for d in docs
    )
    return ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            ' xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://news.example.org/">'
            f"<title>Example</title></channel>{items}</rdf:RDF>")


def warc_record(kind, uri, content_type, block):
    headers = (f"WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{uuid.UUID(int=RNG.getrandbits(128))}>\r\n"
               f"WARC-Date: 2025-04-01T08:00:00Z\r\nWARC-Target-URI: {uri}\r\n"
               f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n")
    return headers.encode() + block + b"\r\n\r\n"


def chunked(body):
    out = b""
    for start in range(0, len(body), 700):
        piece = body[start:start + 700]
        out += f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    return out + b"0\r\n\r\n"


def warc(pages):
    """An archive of HTML responses, each body plain, chunked or gzip-encoded in turn."""
    out = b""
    for page_idx, (uri, body) in enumerate(pages):
        out += warc_record("request", uri, "application/http; msgtype=request",
                           f"GET / HTTP/1.1\r\nHost: news.example.org\r\n\r\n".encode())
        coding = page_idx % 3
        headers = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        if coding == 1:
            headers += "Transfer-Encoding: chunked\r\n"
            body = chunked(body)
        elif coding == 2:
            headers += "Content-Encoding: gzip\r\n"
            body = gzip.compress(body, mtime=0)
        block = headers.encode() + f"Content-Length: {len(body)}\r\n\r\n".encode() + body
        out += warc_record("response", uri, "application/http; msgtype=response", block)
        out += warc_record("metadata", uri, "application/warc-fields", b"fetchTimeMs: 120\r\n")
    return out


def main():
    if not SHARED.is_dir():
        sys.exit(f"no shared corpus at {SHARED}: give its path as the first argument")
    docs = documents()
    RNG.shuffle(docs)
    picked = docs[:160]

    texts = []
    for doc in picked:
        text = cut(doc["text"], 4096)
        texts.append(text)
        write("extract", text)
    seed = (SHARED / "seed").glob("*.txt")
    for path in seed:
        write("extract", path.read_bytes())

    days = (date(2025, 4, 1) - date(1900, 1, 1)).days
    prefix = days.to_bytes(2, "little") + b"\x00\x00"
    n_time = 0
    for doc in docs:
        for p in paragraphs(doc["text"]):
            if n_time < 300 and MONTHS.search(p) and len(p) < 1500:
                write("time", prefix + p.encode("utf-8"))
                n_time += 1
    platinum = SHARED / "external" / "tempeval3" / "platinum"
    for path in sorted(platinum.glob("*.tml"))[:20]:
        raw = path.read_text(encoding="utf-8", errors="replace")
        match = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
        plain = re.sub(r"<[^>]+>", "", match.group(1) if match else raw)
        for p in paragraphs(plain)[:10]:
            write("time", prefix + cut(p, 1500).encode("utf-8"))

    jsonl_seeds = []
    for start in range(0, len(picked), 4):
        lines = []
        for doc in picked[start:start + 4]:
            line = {k: doc[k] for k in ("id", "title", "published", "url", "publisher")
                    if doc.get(k) is not None}
            line["text"] = cut(doc["text"], 2000)
            lines.append(json.dumps(line, ensure_ascii=start % 8 == 0))
        if start % 20 == 0:
            lines.insert(1, '{"id": "broken", "text": ')  # a bad line among good ones
        jsonl_seeds.append(("\n".join(lines) + "\n").encode("utf-8"))
    for seed in jsonl_seeds:
        write("jsonl", seed)

    pages = []
    extraction = SHARED / "external" / "article-extraction" / "html"
    smallest = sorted(extraction.glob("*.html.gz"), key=lambda p: p.stat().st_size)[:24]
    for path in smallest:
        pages.append(gzip.decompress(path.read_bytes()))
    for doc_idx, doc in enumerate(picked[:40]):
        charset = "windows-1252" if doc_idx % 10 == 9 else "utf-8"
        pages.append(page(doc, charset).encode(charset, "replace"))
    for body in pages:
        write("html", body)

    feeds = []
    for start in range(0, 60, 5):
        group = picked[start:start + 5]
        feeds += [rss(group), atom(group), rdf(group)]
    for feed in feeds:
        write("feed", feed)

    small_pages = [p for p in pages if len(p) < 24_000]
    warcs = []
    for start in range(0, len(small_pages), 3):
        group = [(f"https://news.example.org/{start + i}", body)
                 for i, body in enumerate(small_pages[start:start + 3])]
        warcs.append(warc(group))
    for archive in warcs:
        write("warc", archive)

    for pick, seeds in ((0, jsonl_seeds[:20]), (1, small_pages[:20]), (2, warcs[:10])):
        for seed in seeds:
            write("gzip", bytes([pick]) + gzip.compress(seed, mtime=0))
    for chunk in jsonl_seeds[:15] + small_pages[:15] + [f.encode() for f in feeds[:9]] + \
            [t.encode("utf-8") for t in texts[:30]]:
        write("body", chunk)

    for target in sorted(os.listdir(OUT)):
        files = list((OUT / target).iterdir())
        size = sum(f.stat().st_size for f in files)
        print(f"{target}: {len(files)} seeds, {size:,} bytes")


if __name__ == "__main__":
    main()
