"""Sharing articles: share links, Open Graph tags, each network's payload, and posting exactly once.

- ``network``: the ``Network`` protocol; ``registry``: the list of networks (``facebook``,
  ``linkedin``, ``email``), each one module with its config section.
- ``settings``: the ``[share]`` section; ``fill`` and ``text``: each network's text, cut to fit.
- ``payloads``: everything one article would send, built without sending (``Plan``); ``show``: dry runs.
- ``post``: intent, send, record, under ``lock``; ``records``: the ``syndication`` field of an article;
  ``transport`` (HTTP) and ``smtp`` send; ``request``: requests and what answers mean, as data.
- ``checks``: the validation rules about sharing (JD180-JD186), handed to ``validate`` by the application layer.
"""
