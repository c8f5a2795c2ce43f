"""Files that static hosts read: cache and CORS headers, and GitHub Pages' switch for Jekyll.

``_headers`` is read by Netlify and Cloudflare Pages. Pages, feeds and the API
get a short cache lifetime, so readers see a new update within a minute;
stylesheets and scripts whose names carry a content hash are cached for a year.
The API may be read from any origin, so other sites can embed the status.

Hosts read these files only at the root of a site. When the status pages are
one folder of a larger site (the ``path`` setting), the root is the site's
own: these files are not written, and the documentation (docs/existing-site.md) gives
the rules to add ("Inside an existing MkDocs site").
"""

from __future__ import annotations

from collections.abc import Iterator

from ..snapshot import Snapshot
from .base import Context, File, Output

SHORT = "public, max-age=60"
LONG = "public, max-age=31536000, immutable"

HEADERS = f"""\
/*
  Cache-Control: {SHORT}
  X-Content-Type-Options: nosniff
  Referrer-Policy: strict-origin-when-cross-origin
/api/*
  Access-Control-Allow-Origin: *
/assets/stylesheets/*
  ! Cache-Control
  Cache-Control: {LONG}
/assets/javascripts/bundle.*
  ! Cache-Control
  Cache-Control: {LONG}
/assets/javascripts/localtime.*
  ! Cache-Control
  Cache-Control: {LONG}
/assets/javascripts/workers/*
  ! Cache-Control
  Cache-Control: {LONG}
"""


def hosting(snapshot: Snapshot, context: Context) -> Iterator[Output]:
    """``_headers`` for Netlify and Cloudflare Pages, ``.nojekyll`` for GitHub Pages; none
    when the status pages are one folder of a larger site (``path``)."""
    if not snapshot.site.settings.path:
        yield File("_headers", HEADERS.encode())
        yield File(".nojekyll", b"")
