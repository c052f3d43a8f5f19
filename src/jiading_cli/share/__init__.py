"""Sharing articles: share links, Open Graph tags, Facebook, LinkedIn and email payloads, and posting.

Building a payload is pure (``plan``); sending it is the job of ``transport`` and ``smtp``;
``post`` records every delivery in the article's ``syndication`` field so each goes out once.
This package's ``__init__`` stays import-free: the config loads ``settings`` from it.
"""

NETWORKS = ("facebook", "linkedin", "email")
"""Networks `jiading share --post` delivers to, one post per article each."""

DIGEST = "digest"
"""The record name of an email digest (one message listing many articles)."""

OVERRIDES = ("facebook", "linkedin", "email", "x", "weibo")
"""Keys of an article's ``share`` front-matter mapping: literal text replacing the template."""
