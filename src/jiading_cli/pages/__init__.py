"""Pages: the site's HTML (articles, news lists, root, 404), sitemap, robots.txt and assets.

The modules, each small:

- :mod:`.urls` says where each page lives (the output path and the link to it);
- :mod:`.dates` writes an article's date in its language (Babel, CLDR patterns);
- :mod:`.sharebar` makes the share bar's controls (plain links, a QR code as inline SVG);
- :mod:`.head` makes the ``<head>``: canonical, ``hreflang`` alternates, Open Graph, JSON-LD, feeds;
- :mod:`.theme` renders the Jinja2 templates (the site's ``templates/`` first, then the default theme);
- :mod:`.shipped` writes an article page as the shipped templates render it, for a site that keeps them;
- :mod:`.listing` makes the news lists (per language, category and tag, paginated) and the root page;
- :mod:`.sitemap` writes ``sitemap.xml`` and ``robots.txt``;
- :mod:`.assets` finds every local file an article names and where it is published;
- :mod:`.build` joins them: articles in, the bytes of every file out.
"""
