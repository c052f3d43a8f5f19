"""Facebook Page posts: ``POST /{version}/{page-id}/feed`` on the Graph API, and what its answers mean."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote, urlencode

from jiading_cli.base.printable import quoted
from jiading_cli.config import Config, key
from jiading_cli.model import accounts, kinds
from jiading_cli.share import links, network, replies, versions
from jiading_cli.share.network import Connection, Draft, HttpNetwork, Lookup, Payload, Reach, ReadRequest, TextSpec
from jiading_cli.share.network import unread as unread_posts
from jiading_cli.share.request import Delivery, HttpRequest, Verdict, again, reading
from jiading_cli.share.settings import share
from jiading_cli.share.settings import template as text_template
from jiading_cli.share.versions import Retirement

TOKEN_ENV = "JIADING_FACEBOOK_TOKEN"  # noqa: S105 - the name of the variable, not a secret
SCHEDULE_MIN = dt.timedelta(minutes=10)  # Facebook accepts scheduled_publish_time 10 minutes to 30 days ahead
SCHEDULE_MAX = dt.timedelta(days=30)
RATE_LIMITS = frozenset({4, 17, 32, 613})
TRANSIENT = frozenset({1, 2})
UNKNOWN, UNAVAILABLE = 1, 2  # "an unknown error occurred" (it may have acted); "service temporarily unavailable"
TOKEN_CODES = frozenset({102, 190, 2500})  # 2500: "An active access token must be used": none, or a bad one
PERMISSION_CODES = frozenset({3, 10, *range(200, 300)})
DUPLICATE = 506
LIMIT = 63206  # longest Page post message
POST_ID = re.compile(r"[0-9]{1,40}(?:_[0-9]{1,40})?")  # an id a record may hold (one given to --adopt, too)
MADE_ID = re.compile(r"[0-9]{1,40}_[0-9]{1,40}")  # the id the answer to a post gives: {page-id}_{post-id}, digits


@dataclass(frozen=True, slots=True)
class FacebookSection:
    SECRET_ENV = TOKEN_ENV

    page_id: str | None = key(
        kinds.optional(
            accounts.account_id(
                r"[A-Za-z0-9.]+", "a Page id or user name of letters, digits and '.', such as '1234567890'"
            )
        ),
        "Facebook Page id to post to.",
        None,
    )
    api_base: str = key(kinds.http_url, "Graph API base URL.", "https://graph.facebook.com")
    api_version: str = key(
        accounts.api_version(r"^v[1-9][0-9]*\.(0|[1-9][0-9]*)$", "v25.0"), "Graph API version.", "v25.0"
    )
    template: str = key(text_template(), "Text of the Page post.", "{title}\n\n{summary}\n\n{hashtags}")


def settings(config: Config) -> FacebookSection:
    return config.section("facebook", FacebookSection)


def feed_request(config: Config, message: str, link: str, date: dt.datetime, now: dt.datetime) -> HttpRequest:
    """The Page post; an article dated in Facebook's scheduling window becomes a scheduled post."""
    fb = settings(config)
    form: list[tuple[str, str]] = [("message", message), ("link", link)]
    if scheduled(date, now):
        form += [("published", "false"), ("scheduled_publish_time", str(int(date.timestamp())))]
    url = f"{fb.api_base}/{fb.api_version}/{fb.page_id}/feed"
    return HttpRequest("facebook", "POST", url, TOKEN_ENV, form=tuple(form))


def post_url(remote_id: str) -> str:
    page, _, post = remote_id.partition("_")
    return f"https://www.facebook.com/{page}/posts/{post}" if post else f"https://www.facebook.com/{remote_id}"


def _unsure(status: int) -> bool:
    """A server error that does not say the request was left undone: all but 503 Service Unavailable."""
    return status >= 500 and status != 503


def interpret(status: int, headers: Mapping[str, str], body: bytes) -> Verdict:
    """What the Graph API's answer to a post means (error codes as documented for the Pages API)."""
    from jiading_cli.share.transport import retry_after

    data, why = reading(body)
    if 200 <= status < 300:
        remote = replies.identifier(replies.text(data, "id"), MADE_ID)
        if not remote:
            found = replies.found(data, "id", why)
            said = f'expected {{"id": "{{page}}_{{post}}"}} in digits, found {found}'
            return Verdict("unknown", f"Facebook answered {status} without a post id ({said})")
        return Verdict("ok", remote_id=remote, url=post_url(remote))
    error = replies.mapping(data, "error")
    if error is None:
        if status == 429 or status >= 500:
            wait = retry_after(headers)
            return Verdict("retry", f"Facebook answered {status}", retry_after=wait, perhaps_done=_unsure(status))
        return Verdict("fail", f"Facebook answered {status} without an error message")
    code = replies.count(error, "code")
    text = replies.shown(replies.text(error, "message") or "").strip()
    said = f"({'code ' + str(code) if code is not None else 'no code'}: {text or 'no message'})"
    if code == DUPLICATE:
        return Verdict("duplicate", f"Facebook says the post is already there {said}", said=said)
    if code in RATE_LIMITS or status == 429:
        return Verdict(
            "retry", f"Facebook rate limit reached {said}; run again later", retry_after=retry_after(headers)
        )
    if code in TRANSIENT or status >= 500:
        unsure = code != UNAVAILABLE and (code == UNKNOWN or _unsure(status))
        message = f"Facebook had a temporary error {said}"
        return Verdict("retry", message, retry_after=retry_after(headers), perhaps_done=unsure)
    if code in TOKEN_CODES:
        return Verdict(
            "fail",
            f"Facebook rejected the token {said}; create a new Page access token and set {TOKEN_ENV}",
            standing=True,
        )
    if code in PERMISSION_CODES:
        return Verdict(
            "fail",
            f"Facebook denied permission {said}; the Page token needs pages_manage_posts for this Page",
            standing=True,
        )
    return Verdict("fail", f"Facebook rejected the post {said}")


def read_hint(status: int, data: dict[str, Any] | None) -> str | None:
    """What to do about the Graph API refusing a read (the Page's posts listed, a post's figures, the token
    checked), by its error code, or None."""
    code = replies.count(replies.mapping(data, "error"), "code")
    if code in TOKEN_CODES:
        return f"Facebook rejected the token: create a new Page access token and set {TOKEN_ENV}"
    if code in PERMISSION_CODES:
        return f"the Page token {TOKEN_ENV} lacks a permission this read needs for this Page"
    return None


LIST_FIELDS = "id,permalink_url,created_time,message,attachments{unshimmed_url,url}"
PAGES_MAX = 20  # of 100 posts each, newest first; the listing stops at posts older than Draft.reach_back


def scheduled(date: dt.datetime, now: dt.datetime) -> bool:
    return SCHEDULE_MIN <= date - now <= SCHEDULE_MAX


def _links(post: Mapping[str, Any]) -> list[str]:
    found = []
    for item in replies.objects(replies.mapping(post, "attachments"), "data"):
        found += [link for key in ("unshimmed_url", "url") if (link := replies.text(item, key))]
    return found


def _older(post: Mapping[str, Any], date: dt.datetime) -> bool:
    """True for a post made more than a day before ``date`` (Graph API times: 2026-11-27T04:00:00+0000)."""
    try:
        made = dt.datetime.strptime(replies.text(post, "created_time") or "", "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return False
    return made < date - dt.timedelta(days=1)


def list_url(config: Config, draft_date: dt.datetime, now: dt.datetime) -> str:
    """The Page's published posts (or scheduled ones, for a post that would be scheduled) with their links."""
    fb = settings(config)
    edge = "scheduled_posts" if scheduled(draft_date, now) else "published_posts"
    query = urlencode({"fields": LIST_FIELDS, "limit": "100"}, quote_via=quote)
    return f"{fb.api_base}/{fb.api_version}/{fb.page_id}/{edge}?{query}"


def find(draft: Draft, connection: Connection) -> Lookup:
    """Look through the Page's posts, newest first, for one linking to the article (with or without UTM)."""
    from jiading_cli.share.transport import read

    assert connection.http is not None
    base = settings(draft.config).api_base
    url: str | None = list_url(draft.config, draft.article.date, draft.now)
    read_already, listed, others = network.Pages(), 0, []
    for _ in range(PAGES_MAX):
        if not url:
            break
        if read_already.again(url):  # a next page pointing at itself, or at one before it
            return Lookup("unknown", message=network.looped("Facebook", url, "is the next page of a page it follows"))
        reading = read(connection.http, url, connection.token, {}, "Facebook", read_hint)
        if not reading.ok or reading.data is None:
            return Lookup("unknown", message=reading.message, standing=reading.standing, silent=reading.silent)
        posts = replies.listing("Facebook", reading.status, reading.data, "data", "paging")
        if isinstance(posts, str):  # no listing: never read as a page of no post
            return Lookup("unknown", message=posts)
        listed += len(posts)
        for post in posts:
            if any(links.same_page(link, draft.url) for link in _links(post)):
                remote = replies.identifier(replies.text(post, "id"), POST_ID)
                if remote is None:
                    return Lookup("unknown", message="Facebook listed a post of the article without a post id")
                permalink = replies.follows(replies.text(post, "permalink_url"), post_url(remote))
                return Lookup("found", remote, permalink or post_url(remote))
            if not _older(post, draft.reach_back()):
                others.append(_listed(post))
        following = replies.text(replies.mapping(reading.data, "paging"), "next")
        url = replies.follows(following, base)
        if following and url is None:
            where = "not on the Graph API's site" if "://" in following else f"not a URL ({replies.shown(following)!r})"
            return Lookup("unknown", message=f"Facebook's next page of posts is {where}")
        if posts and all(_older(post, draft.reach_back()) for post in posts):  # one out of order (pinned) is no end
            break
    else:
        if url:  # posts newer than the article go on past what is read: an answer not had
            return Lookup("unknown", message=unread_posts("Facebook", listed, PAGES_MAX))
    return Lookup("absent", listed=tuple(others))


def _listed(post: Mapping[str, Any]) -> network.Listed:
    """A post read back, as :mod:`.readback` places it: its id in the form a record holds, links and message."""
    remote = replies.identifier(replies.text(post, "id"), POST_ID)
    url = replies.follows(replies.text(post, "permalink_url"), post_url(remote)) if remote else None
    made = post_url(remote) if remote else None
    return network.Listed(remote, url or made, tuple(_links(post)), replies.text(post, "message") or "")


REACH_FIELDS = "reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0),shares"


def _summary(data: Mapping[str, Any], edge: str) -> int | None:
    """``{edge: {summary: {total_count: N}}}``."""
    return replies.count(replies.mapping(replies.mapping(data, edge), "summary"), "total_count")


def scrape(draft: Draft, connection: Connection) -> tuple[str, ...]:
    """Ask Facebook to read the article's page again (``POST /{version}/?id={url}&scrape=true``): its link
    preview otherwise stays as first read for up to 30 days. Returns a note when that failed."""
    fb = settings(draft.config)
    link = links.with_utm(draft.url, share(draft.config), "facebook")
    query = urlencode({"id": link, "scrape": "true"}, quote_via=quote)
    request = HttpRequest("facebook", "POST", f"{fb.api_base}/{fb.api_version}/?{query}", TOKEN_ENV)
    assert connection.http is not None
    done = connection.http.send(request, connection.token, interpret_scrape, label="Facebook")
    return () if done.outcome == "posted" else (f"the link preview was not refreshed: {done.message}",)


def interpret_scrape(status: int, headers: Mapping[str, str], body: bytes) -> Verdict:
    if 200 <= status < 300:
        return Verdict("ok")
    verdict = interpret(status, headers, body)  # asking again for a scrape makes nothing twice
    return Verdict("fail", verdict.message) if verdict.kind in ("ok", "duplicate", "unknown") else again(verdict)


class Facebook(HttpNetwork):
    name = "facebook"
    label = "Facebook"
    section = FacebookSection
    text = TextSpec(limit=LIMIT, style="facebook")
    secret_env = TOKEN_ENV
    remote_form = POST_ID
    remote_example = "1234567890_9876543210"
    reads_duplicates = True  # error 506 names no post: the Page's posts say whose it is

    def read_hint(self, status: int, data: dict[str, Any] | None) -> str | None:
        return read_hint(status, data)

    def template(self, config: Config) -> str:
        return settings(config).template

    def missing(self, config: Config) -> str | None:
        return None if settings(config).page_id else "set facebook.page_id in jiading.toml"

    def payload(self, draft: Draft) -> Payload:
        link = links.with_utm(draft.url, share(draft.config), self.name)
        return feed_request(draft.config, draft.text.value, link, draft.article.date, draft.now)

    def interpret(self, status: int, headers: Mapping[str, str], body: bytes) -> Verdict:
        return interpret(status, headers, body)

    def post_url(self, remote_id: str) -> str | None:
        return post_url(remote_id)

    def remote_problem(self, remote_id: str, config: Config | None = None) -> str | None:
        """Beyond the form, with ``config``: a post of the configured Page, ``{page-id}_{post-id}`` without leading
        zeros. Any other id (another Page's post, a bare number) names another object of the Graph API, and a request
        for it would carry the token there; a Page named by its user name is checked by the form alone."""
        problem = super().remote_problem(remote_id, config)
        page_id = settings(config).page_id if problem is None and config is not None else None
        if page_id is None:
            return problem
        page, _, post = remote_id.partition("_")
        ours = page == page_id if page_id.isdigit() else not page.startswith("0")
        if ours and post and not post.startswith("0"):
            return None
        whose = f"{page_id}_" if page_id.isdigit() else "the Page's id, '_'"
        return (
            f"expected a post of the Page facebook.page_id names, {whose} and the post's number (such as "
            f"{page_id if page_id.isdigit() else '1234567890'}_9876543210), got {quoted(remote_id)}"
        )

    def find(self, draft: Draft, connection: Connection) -> Lookup:
        return find(draft, connection)

    def identity(self, config: Config) -> ReadRequest:
        """The Page itself, read with the Page token: ``GET /{version}/{page-id}?fields=id,name``."""
        fb = settings(config)
        return ReadRequest(f"{fb.api_base}/{fb.api_version}/{fb.page_id}?fields=id,name")

    def describe(self, data: Mapping[str, Any]) -> str:
        return replies.account(data, "Page", "Facebook", ("name", "id"))

    def prepare(self, draft: Draft, payload: Payload, connection: Connection) -> Payload:
        """With ``share.reconcile``, Facebook reads the page again first, so the post's preview is the page as
        it is now (a preview read earlier, by a share button, is kept up to 30 days). Best effort: Facebook reads
        a page it has never read when the post is made anyway."""
        if share(draft.config).reconcile:
            scrape(draft, connection)
        return payload

    def edit_request(self, draft: Draft, remote_id: str) -> HttpRequest | None:
        """``POST /{version}/{post-id}`` with the new ``message``."""
        fb = settings(draft.config)
        url = f"{fb.api_base}/{fb.api_version}/{quote(remote_id, safe='')}"
        return HttpRequest(self.name, "POST", url, TOKEN_ENV, form=(("message", draft.text.value),))

    def interpret_edit(self, status: int, headers: Mapping[str, str], body: bytes) -> Verdict:
        """An edit is made when the Graph API answers it as documented, ``{"success": true}``: a 2xx with
        ``"success": false`` left the post as it was, and one with anything else does not say (the edit, sent again by
        the next ``--update``, says the same however often it goes)."""
        if not 200 <= status < 300:
            return super().interpret_edit(status, headers, body)
        data, why = reading(body)
        success = replies.field(data, "success")
        if success is True:
            return Verdict("ok")
        if success is False:
            return Verdict("fail", f'Facebook answered {status} with {{"success": false}}')
        said = f'expected {{"success": true}}, found {replies.found(data, "success", why)}'
        return Verdict("unknown", f"Facebook answered {status} to the edit in another form ({said})")

    def edit(self, draft: Draft, remote_id: str, connection: Connection) -> Delivery | None:
        """The new text, then a new scrape of the link so the preview shows the new title and summary."""
        done = super().edit(draft, remote_id, connection)
        if done is None or done.outcome != "posted":
            return done
        return replace(done, notes=(*done.notes, *scrape(draft, connection)))

    def reach_request(self, config: Config, remote_id: str) -> ReadRequest | None:
        """The post's fields: reactions and comments with their summary counts, and shares."""
        fb = settings(config)
        query = urlencode({"fields": REACH_FIELDS}, quote_via=quote)
        return ReadRequest(f"{fb.api_base}/{fb.api_version}/{quote(remote_id, safe='')}?{query}")

    def reach_counts(self, data: Mapping[str, Any]) -> Reach:
        shares = replies.count(replies.mapping(data, "shares"), "count") if "shares" in data else 0  # never shared
        return Reach(_summary(data, "reactions"), _summary(data, "comments"), shares)

    def retires(self, section: Any) -> Retirement | None:
        assert isinstance(section, FacebookSection)
        date = versions.graph(section.api_version)
        return None if date is None else Retirement("facebook.api_version", section.api_version, date, "Facebook")


NETWORK = Facebook()
