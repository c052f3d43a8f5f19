"""Feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 files for a site, written atomically and minimally.

The modules, each small and importable on its own:

- :mod:`.plan` chooses the items (published, newest first, limited) and the feed sets (site,
  language, category, tag) with their stable paths;
- :mod:`.items` turns an article into what every format needs (URL, dates, enclosure,
  translations and, only for full-content feeds, HTML through one rendering seam);
- :mod:`.xml` writes RSS and Atom: directly as text (:mod:`.xmltext`), or with feedgen (working
  around its known traps) for a feed the direct writer leaves to it;
- :mod:`.jsonfeed` writes JSON Feed 1.1;
- :mod:`.write` puts files in place atomically, skips unchanged ones and keeps a manifest;
- :mod:`.ping` notifies a WebSub hub;
- :mod:`.build` joins them.
"""
