"""Loopback Facebook and LinkedIn that keep the posts made on them, and list them as the documented APIs do.

Facebook: ``POST /{version}/{page}/feed`` makes a post; ``GET /{version}/{page}/published_posts`` lists them
newest first (``fields``, ``limit``, cursor paging with ``paging.next``), each with ``attachments`` carrying
the link shared (``unshimmed_url``, and ``url`` through Facebook's link shim). LinkedIn: ``POST /rest/posts``
answers 201 with ``x-restli-id``; ``GET /rest/posts?q=author`` lists the organization's posts newest first
(``start``, ``count``; by the last change, or with ``sortBy=CREATED`` by when each was made), each with
``content.article.source``.

Each can be made to misbehave as a server may: ``bom`` starts every JSON answer with a UTF-8 byte-order mark; a
Facebook ``next_after`` names the next page it likes (itself, one before), a LinkedIn with ``heeds_start`` false
lists its first page whatever ``start`` asks for; ``refusing`` answers posts, in turn, with a refusal that makes
nothing (an expired token, a permission, an API version no longer served).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, quote, unquote

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

FEED_PATH = "/v25.0/1234/feed"
LIST_PATH = "/v25.0/1234/published_posts"
POSTS_PATH = "/rest/posts"
EDIT_PATH = re.compile(r"^/v25\.0/1234_\d+$")
SOCIAL_PATH = re.compile(r"^/rest/socialActions/urn(?:%3A|:)li(?:%3A|:)share(?:%3A|:)\d+$")
LINKEDIN_EDIT_PATH = re.compile(r"^/rest/posts/urn(?:%3A|:)li(?:%3A|:)share(?:%3A|:)\d+$")
CREATED = 1_800_000_000  # 2027-01-15, after every test article's date


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(data), status=status, content_type="application/json", headers=headers)


BOM = b"\xef\xbb\xbf"


def _marked(handler: Callable[[Request], Response], fake: Any) -> Callable[[Request], Response]:
    """``handler``, its JSON answers started with a byte-order mark when ``fake.bom`` is set."""

    def answer(request: Request) -> Response:
        response = handler(request)
        if fake.bom and response.mimetype == "application/json":
            response.set_data(BOM + response.get_data())
        return response

    return answer


@dataclass
class FakeFacebook:
    """The Page's posts, newest last; ``read_status`` other than 200 makes every listing fail with it."""

    server: HTTPServer
    posts: list[dict[str, Any]] = field(default_factory=list)
    made: int = 0
    read_status: int = 200
    edits: int = 0
    scraped: list[str] = field(default_factory=list)
    answer_after: float = 0.0  # seconds before answering a post (longer than share.timeout: no answer in time)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # answers to posts, one per post in turn (then 200): a post is made before its answer, whatever the answer says,
    # as a server that fails after it acted answers (a status, and the Graph API error code of its body or None)
    fail_after_making: list[tuple[int, int | None]] = field(default_factory=list)
    bom: bool = False
    # answers to posts, one per post in turn (then as ever), given without making it as a refusal is: a status and
    # the Graph API error code of its body; None: the post is made and answered as ever
    refusing: list[tuple[int, int] | None] = field(default_factory=list)
    next_after: Callable[[int, int], int] | None = None  # (after, limit) -> the next page's after, posts left or not
    page_cap: int | None = None  # posts listed a page at most, whatever ``limit`` asks for
    # a post whose message is a post's it has is refused as the Graph API refuses it, error 506 naming no post, and
    # makes nothing: whose post that is (another article's, one made by hand, the article's own) it never says
    duplicates: bool = False

    def add(self, link: str, created: int = CREATED, message: str = "") -> str:
        number = len(self.posts) + 1
        shim = "https://l.facebook.com/l.php?u=" + quote(link, safe="") + "&h=AT0"
        self.posts.append(
            {
                "id": f"1234_{number}",
                "permalink_url": f"https://www.facebook.com/1234/posts/{number}",
                "created_time": time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(created + number)),
                "attachments": {"data": [{"unshimmed_url": link, "url": shim}]},
                "message": message,
            }
        )
        return f"1234_{number}"

    def post(self, request: Request) -> Response:
        form = parse_qs(request.get_data(as_text=True))
        with self.lock:
            refusal = self.refusing.pop(0) if self.refusing else None
            if refusal is not None:
                error = {"message": "Error validating access token", "type": "OAuthException", "code": refusal[1]}
                return _json({"error": error}, refusal[0])
            if self.duplicates and any(made["message"] == form["message"][0] for made in self.posts):
                error = {"message": "Duplicate status message", "type": "OAuthException", "code": 506}
                return _json({"error": {**error, "error_subcode": 1455006, "fbtrace_id": "A1"}}, 400)
            self.made += 1
            remote = self.add(form["link"][0], message=form["message"][0])
            answer = self.fail_after_making.pop(0) if self.fail_after_making else None
        time.sleep(self.answer_after)
        if answer is not None:
            status, code = answer
            error = {"message": "An unknown error occurred", "code": code} if code is not None else None
            return _json({"error": error} if error else {}, status)
        return _json({"id": remote})

    def listing(self, request: Request) -> Response:
        if self.read_status != 200:
            return _json({"error": {"message": "Service temporarily unavailable", "code": 2}}, self.read_status)
        assert "attachments" in request.args["fields"]
        asked, after = int(request.args.get("limit", "25")), int(request.args.get("after", "0"))
        limit = min(asked, self.page_cap or asked)  # fewer than asked for, as the Graph API may list
        newest = list(reversed(self.posts))
        page: dict[str, Any] = {"data": newest[after : after + limit]}
        if after + limit < len(newest) or self.next_after is not None:
            fields = quote(request.args["fields"], safe="")
            later = after + limit if self.next_after is None else self.next_after(after, limit)
            following = f"?fields={fields}&limit={asked}&after={later}"
            page["paging"] = {"next": self.server.url_for(LIST_PATH) + following}
        return _json(page)

    def edit(self, request: Request) -> Response:
        """``POST /{version}/{post-id}`` with a new ``message``; refused as ``refusing`` says, in turn, as a post is."""
        remote = request.path.rsplit("/", 1)[1]
        refusal = self.refusing.pop(0) if self.refusing else None
        if refusal is not None:
            error = {"message": "Error validating access token", "type": "OAuthException", "code": refusal[1]}
            return _json({"error": error}, refusal[0])
        for post in self.posts:
            if post["id"] == remote:
                post["message"] = parse_qs(request.get_data(as_text=True))["message"][0]
                self.edits += 1
                return _json({"success": True})
        return _json({"error": {"message": "Unsupported post request", "code": 100}}, 400)

    def scrape(self, request: Request) -> Response:
        """``POST /{version}/?id={url}&scrape=true``: Facebook reads the page again."""
        assert request.args["scrape"] == "true"
        self.scraped.append(request.args["id"])
        return _json({"id": request.args["id"], "title": "scraped"})

    def figures(self, request: Request) -> Response:
        """``GET /{version}/{post-id}?fields=reactions.summary(total_count).limit(0),comments…,shares``."""
        assert "reactions.summary(total_count)" in request.args["fields"]
        remote = request.path.rsplit("/", 1)[1]
        refusal = self.refusing.pop(0) if self.refusing else None  # in turn, as a post's
        if refusal is not None:
            error = {"message": "Error validating access token", "type": "OAuthException", "code": refusal[1]}
            return _json({"error": error}, refusal[0])
        post = next((p for p in self.posts if p["id"] == remote), None)
        if post is None:
            message = f"Unsupported get request. Object with ID '{remote}' does not exist"
            return _json({"error": {"message": message, "type": "GraphMethodException", "code": 100}}, 400)
        found: dict[str, Any] = {"id": remote}
        found["reactions"] = {"data": [], "summary": {"total_count": post.get("reactions", 0)}}
        found["comments"] = {"data": [], "summary": {"total_count": post.get("comments", 0), "order": "ranked"}}
        if post.get("shares"):
            found["shares"] = {"count": post["shares"]}
        return _json(found)

    def serve(self) -> FakeFacebook:
        self.server.expect_request(EDIT_PATH, method="GET").respond_with_handler(_marked(self.figures, self))
        self.server.expect_request(FEED_PATH, method="POST").respond_with_handler(_marked(self.post, self))
        self.server.expect_request(EDIT_PATH, method="POST").respond_with_handler(_marked(self.edit, self))
        self.server.expect_request("/v25.0/", method="POST").respond_with_handler(_marked(self.scrape, self))
        self.server.expect_request(LIST_PATH, method="GET").respond_with_handler(_marked(self.listing, self))
        return self


@dataclass
class FakeLinkedIn:
    server: HTTPServer
    posts: list[dict[str, Any]] = field(default_factory=list)
    made: int = 0
    read_status: int = 200
    fail_after_making: list[int] = field(default_factory=list)  # statuses answered, in turn, to posts made all the same
    page_cap: int | None = None  # posts listed a page at most, whatever ``count`` asks for
    edits: int = 0
    bom: bool = False
    heeds_start: bool = True
    refusing: list[int | None] = field(
        default_factory=list
    )  # statuses answered to posts in turn, none made (None: made)

    def add(self, source: str, created: int = CREATED, commentary: str = "") -> str:
        urn = f"urn:li:share:{7000 + len(self.posts)}"
        article = {"source": source, "title": "t"}
        made = (created + len(self.posts)) * 1000
        self.posts.append({"id": urn, "createdAt": made, "content": {"article": article}, "commentary": commentary})
        return urn

    def edit(self, request: Request) -> Response:
        """A partial update: ``POST /rest/posts/{urn}`` with ``X-RestLi-Method: PARTIAL_UPDATE``."""
        assert request.headers["X-RestLi-Method"] == "PARTIAL_UPDATE"
        urn = unquote(request.path.rsplit("/", 1)[1])
        for post in self.posts:
            if post["id"] == urn:
                post["commentary"] = json.loads(request.get_data())["patch"]["$set"]["commentary"]
                post["lastModifiedAt"] = int(time.time() * 1000)
                self.edits += 1
                return Response("", status=204)
        return _json({"message": "Not found", "status": 404}, 404)

    def post(self, request: Request) -> Response:
        refusal = self.refusing.pop(0) if self.refusing else None
        if refusal is not None:
            return _json({"message": "Refused", "status": refusal, "serviceErrorCode": 65600}, refusal)
        self.made += 1
        body = json.loads(request.get_data())
        urn = self.add(body["content"]["article"]["source"], commentary=body["commentary"])
        if self.fail_after_making:
            status = self.fail_after_making.pop(0)
            return _json({"message": "Internal Server Error", "status": status}, status)
        return Response("", status=201, headers={"x-restli-id": urn})

    def listing(self, request: Request) -> Response:
        if self.read_status != 200:
            return _json({"message": "Internal error", "status": self.read_status}, self.read_status)
        assert request.args["q"] == "author" and request.args["author"] == "urn:li:organization:5678"
        assert request.headers["X-Restli-Protocol-Version"] == "2.0.0"
        start, count = int(request.args.get("start", "0")), int(request.args.get("count", "10"))
        start = start if self.heeds_start else 0
        listed = min(count, self.page_cap or count)  # fewer than asked for, as LinkedIn may list
        newest = list(reversed(self.posts))  # by when each was made (sortBy=CREATED), newest first
        if request.args.get("sortBy", "LAST_MODIFIED") == "LAST_MODIFIED":  # the finder's own order: by the last change
            newest.sort(key=lambda post: -post.get("lastModifiedAt", post["createdAt"]))
        return _json({"elements": newest[start : start + listed], "paging": {"start": start, "count": count}})

    def figures(self, request: Request) -> Response:
        """``GET /rest/socialActions/{urn}``: likes and comments summaries."""
        urn = unquote(request.path.rsplit("/", 1)[1])
        post = next(p for p in self.posts if p["id"] == urn)
        likes = {"totalLikes": post.get("likes", 0), "likedByCurrentUser": False}
        comments = {
            "totalFirstLevelComments": post.get("comments", 0),
            "aggregatedTotalComments": post.get("comments", 0),
        }
        return _json({"target": urn, "likesSummary": likes, "commentsSummary": comments})

    def serve(self) -> FakeLinkedIn:
        self.server.expect_request(SOCIAL_PATH, method="GET").respond_with_handler(_marked(self.figures, self))
        self.server.expect_request(POSTS_PATH, method="POST").respond_with_handler(_marked(self.post, self))
        self.server.expect_request(POSTS_PATH, method="GET").respond_with_handler(_marked(self.listing, self))
        self.server.expect_request(LINKEDIN_EDIT_PATH, method="POST").respond_with_handler(_marked(self.edit, self))
        return self
