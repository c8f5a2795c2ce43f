"""The floor for a Python site generator: Jinja2 plus Python-Markdown, nothing else.

    python benchmarks/floor.py CORPUS OUT

Renders every content file of CORPUS (its Markdown body and its update messages)
into one small HTML page per file, as the cheapest honest generator would.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import markdown
import yaml

PAGE = jinja2.Template(
    "<!doctype html><html lang=en><title>{{ title }}</title><body><main><h1>{{ title }}</h1>"
    "{% for html in updates %}<section>{{ html }}</section>{% endfor %}{{ body }}</main>",
    autoescape=True,
)


def main() -> None:
    corpus, out = Path(sys.argv[1]), Path(sys.argv[2])
    md = markdown.Markdown(extensions=["tables", "fenced_code"])
    for path in sorted((corpus / "incidents").rglob("*.md")):
        text = path.read_text()
        _, front, body = text.split("---\n", 2)
        data = yaml.load(front, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        updates = [
            jinja2.utils.markupsafe.Markup(md.reset().convert(str(u.get("message", ""))))
            for u in data.get("updates") or []
        ]
        html = PAGE.render(
            title=data.get("title", ""),
            updates=updates,
            body=jinja2.utils.markupsafe.Markup(md.reset().convert(body)),
        )
        target = out / path.stem / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html)


if __name__ == "__main__":
    main()
