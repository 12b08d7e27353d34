#!/usr/bin/env python3
"""translate_corpus.py SRC DST — a two-language corpus from a one-language one (issue 17's budget).

SRC is a site made by ../shared/bench/gen_corpus.py (--flavor yaml) with N articles. DST gets the
first N/2 articles (in path order) as originals and, beside each, a `.ko.md` "translation" made of
another article's title, summary and body (so the words differ), with only `title:` and `summary:`
in its front matter: the date, topics, tags, sources and the rest are inherited, as a desk's
translations would be. Every topic gets a translation too. site.yaml gains `languages: { ko: … }`.
The result has as many Markdown files as SRC: N/2 originals and N/2 translations.
"""
import os
import shutil
import sys


def split(text):
    """(front matter lines, body) of a Markdown file with `---` front matter."""
    _, front, body = text.split("---\n", 2)
    return front.splitlines(), body


def field(lines, key):
    for line in lines:
        if line.startswith(f"{key}:"):
            return line
    return None


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: translate_corpus.py SRC DST")
    src, dst = sys.argv[1:]
    if os.path.exists(dst):
        sys.exit(f"{dst} exists")
    articles, topics, others = [], [], []
    for folder, _, names in os.walk(os.path.join(src, "content")):
        for name in names:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, src)
            if not name.endswith(".md"):
                others.append(rel)
            elif rel.startswith(os.path.join("content", "topics") + os.sep):
                topics.append(rel)
            else:
                articles.append(rel)
    articles.sort()
    half = len(articles) // 2
    originals, donors = articles[:half], articles[half:]
    os.makedirs(dst)
    with open(os.path.join(src, "site.yaml"), encoding="utf-8") as f:
        site = f.read()
    site += "languages:\n  ko: { title: 번역 데스크, description: 두 언어 벤치마크 }\n"
    with open(os.path.join(dst, "site.yaml"), "w", encoding="utf-8") as f:
        f.write(site)
    for rel in others + topics + originals:
        target = os.path.join(dst, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(os.path.join(src, rel), target)
    for rel in topics:
        shutil.copyfile(os.path.join(src, rel), os.path.join(dst, rel[: -len(".md")] + ".ko.md"))
    for original, donor in zip(originals, donors):
        with open(os.path.join(src, donor), encoding="utf-8") as f:
            front, body = split(f.read())
        kept = [line for line in (field(front, "title"), field(front, "summary")) if line]
        with open(os.path.join(dst, original[: -len(".md")] + ".ko.md"), "w", encoding="utf-8") as f:
            f.write("---\n" + "\n".join(kept) + "\n---\n" + body)
    print(f"{dst}: {len(originals)} originals, {len(originals)} translations, {len(topics)} topics in two languages")


if __name__ == "__main__":
    main()
