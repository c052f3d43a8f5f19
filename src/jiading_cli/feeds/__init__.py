"""Feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 files for a site, written atomically and minimally.

The modules, each small and importable on its own:

- :mod:`.sets` chooses the items (published, newest first, limited) and the feed sets (site,
  language, category, tag) with their stable paths;
- :mod:`.items` turns an article into what every format needs (URL, dates, enclosure,
  translations and, only for full-content feeds, HTML through one rendering seam);
- :mod:`.model` holds the records the writers take (:class:`~.model.FeedMeta`, :class:`~.model.Item`);
- :mod:`.xmltext` writes RSS and Atom, as text (feedgen with lxml is its oracle in the tests);
- :mod:`.jsonfeed` writes JSON Feed 1.1;
- :mod:`.write` puts files in place atomically under the output folder's lock, skips unchanged ones,
  removes a killed build's temporary files and keeps a manifest;
- :mod:`.ping` notifies a WebSub hub;
- :mod:`.build` joins them.
"""
