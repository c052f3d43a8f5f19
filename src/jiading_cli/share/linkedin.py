"""LinkedIn organization posts: ``POST /rest/posts`` (Posts API), image upload, and what answers mean."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jiading_cli.config import Config, key
from jiading_cli.content.site import relative
from jiading_cli.model import accounts, kinds
from jiading_cli.share import links, network, replies, versions
from jiading_cli.share.network import Connection, Draft, HttpNetwork, Lookup, Payload, Reach, ReadRequest, TextSpec
from jiading_cli.share.network import unread as unread_posts
from jiading_cli.share.request import HttpRequest, ShareError, Verdict, again, error_json
from jiading_cli.share.settings import share
from jiading_cli.share.settings import template as text_template
from jiading_cli.share.text import little_text
from jiading_cli.share.versions import Retirement

TOKEN_ENV = "JIADING_LINKEDIN_TOKEN"  # noqa: S105 - the name of the variable, not a secret
URN = re.compile(r"urn:li:(?:share|ugcPost|activity):[0-9]+")
IMAGE_URN = re.compile(r"urn:li:image:[A-Za-z0-9_-]{1,200}")  # an uploaded image's
PENDING_IMAGE = "urn:li:image:(uploaded when posting)"
LIMIT = 3000  # longest commentary; counted after escaping, so always safe


@dataclass(frozen=True, slots=True)
class LinkedInSection:
    SECRET_ENV = TOKEN_ENV

    organization: str | None = key(
        kinds.optional(accounts.account_id(r"[0-9]+", "an id made of digits such as '2414183'")),
        "LinkedIn organization id (the number in urn:li:organization:…).",
        None,
    )
    api_base: str = key(kinds.http_url, "LinkedIn API base URL.", "https://api.linkedin.com")
    api_version: str = key(
        accounts.api_version(r"^[0-9]{4}(0[1-9]|1[0-2])$", "202610"), "LinkedIn-Version header (YYYYMM).", "202610"
    )
    template: str = key(text_template(), "Commentary of the organization post.", "{title}\n\n{summary}\n\n{hashtags}")


def settings(config: Config) -> LinkedInSection:
    return config.section("linkedin", LinkedInSection)


def _headers(config: Config) -> tuple[tuple[str, str], ...]:
    return (("LinkedIn-Version", settings(config).api_version), ("X-Restli-Protocol-Version", "2.0.0"))


def author(config: Config) -> str:
    return f"urn:li:organization:{settings(config).organization}"


def post_request(
    config: Config,
    commentary: str,
    source: str,
    title: str,
    description: str,
    thumbnail: str | None,
    attachment: str | None = None,
) -> HttpRequest:
    article: dict[str, Any] = {"source": source, "title": title}
    if description:
        article["description"] = description
    if thumbnail:
        article["thumbnail"] = thumbnail
    body: dict[str, Any] = {
        "author": author(config),
        "commentary": commentary,
        "visibility": "PUBLIC",
        "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [], "thirdPartyDistributionChannels": []},
        "content": {"article": article},
        "lifecycleState": "PUBLISHED",
        "isReshareDisabledByAuthor": False,
    }
    url = f"{settings(config).api_base}/rest/posts"
    return HttpRequest("linkedin", "POST", url, TOKEN_ENV, headers=_headers(config), json=body, attachment=attachment)


def upload_request(config: Config) -> HttpRequest:
    """Step one of an image upload: LinkedIn answers with an upload URL and the image URN."""
    url = f"{settings(config).api_base}/rest/images?action=initializeUpload"
    body = {"initializeUploadRequest": {"owner": author(config)}}
    return HttpRequest("linkedin", "POST", url, TOKEN_ENV, headers=_headers(config), json=body)


def post_url(urn: str) -> str:
    return f"https://www.linkedin.com/feed/update/{urn}/"


def _message(data: dict[str, Any] | None) -> str:
    return replies.shown(replies.text(data, "message") or "").strip()


def _is_duplicate(data: dict[str, Any] | None) -> bool:
    """Whether a 422 says the post is already there, as LinkedIn says it: the ``DUPLICATE_POST`` code, or a message
    that says 'duplicate' and names the post's URN ('Content is a duplicate of urn:li:share:…'), read as it came.
    Another 422 whose message says the word ('duplicate hashtag not allowed') is a post refused, never one made."""
    errors = replies.objects(replies.mapping(data, "errorDetails"), "inputErrors")
    if "DUPLICATE_POST" in {replies.text(e, "code") for e in errors}:
        return True
    message = replies.text(data, "message") or ""
    return "duplicate" in message.lower() and replies.named(message, URN) is not None


def interpret(status: int, headers: Mapping[str, str], body: bytes) -> Verdict:
    from jiading_cli.share.transport import retry_after

    data = error_json(body)
    said = f"({status}: {_message(data)})" if _message(data) else f"({status})"
    if 200 <= status < 300:  # a 202 or 204 too: the post may have been made, and is never sent again blind
        given = headers.get("x-restli-id") or headers.get("x-linkedin-id")
        urn = replies.identifier(given, URN)
        if not urn:
            shown = f"found {replies.shown(given)!r}" if given else "found none"
            said = f"x-restli-id: expected urn:li:share:…, {shown}"
            return Verdict("unknown", f"LinkedIn answered {status} without the post's URN ({said})")
        return Verdict("ok", remote_id=urn, url=post_url(urn))
    if status == 422 and _is_duplicate(data):
        found = replies.named(replies.text(data, "message"), URN)  # from the message as sent, whole
        message = f"LinkedIn says the post is already there {said}"
        if not found:
            return Verdict("duplicate", message, said=said)
        return Verdict("duplicate", message, found, post_url(found), said=said)
    if status == 429:
        return Verdict("retry", f"LinkedIn rate limit reached {said}", retry_after=retry_after(headers))
    if status >= 500:  # but 503 Service Unavailable, the server does not say it left the request undone
        unsure = status != 503
        message = f"LinkedIn had a server error {said}"
        return Verdict("retry", message, retry_after=retry_after(headers), perhaps_done=unsure)
    if status == 401:
        return Verdict(
            "fail",
            f"the LinkedIn token has expired or is not valid {said}; create a new one and set {TOKEN_ENV}",
            standing=True,
        )
    if status == 403:
        return Verdict(
            "fail",
            f"LinkedIn denied permission {said}; the token needs w_organization_social and an admin role "
            "on the organization",
            standing=True,
        )
    if status == 426:
        return Verdict(
            "fail", f"LinkedIn does not serve the API version asked for {said} {VERSION_HINT}", standing=True
        )
    return Verdict("fail", f"LinkedIn rejected the post {said}")


VERSION_HINT = (
    "(a month past its year of support, or one not yet released); set linkedin.api_version to a month it serves "
    "(YYYYMM)"
)


def read_hint(status: int, data: dict[str, Any] | None) -> str | None:
    """What to do about LinkedIn refusing a read (the posts listed, a post's figures, the token checked), or None."""
    if status == 401:
        return f"the LinkedIn token has expired or is not valid: create a new one and set {TOKEN_ENV}"
    if status == 403:
        return f"the token {TOKEN_ENV} lacks a permission this read needs, or an admin role on the organization"
    if status == 426:
        return f"LinkedIn does not serve the API version asked for {VERSION_HINT}"
    return None


def interpret_upload(status: int, headers: Mapping[str, str], body: bytes) -> Verdict:
    """The image upload's first step: ``remote_id`` is the image URN, ``url`` where to PUT the bytes (checked
    against the API's site where it is sent, ``_upload``)."""
    if status in (200, 201):
        value = replies.mapping(error_json(body), "value")
        upload, image = replies.text(value, "uploadUrl"), replies.identifier(replies.text(value, "image"), IMAGE_URN)
        if upload and image:
            return Verdict("ok", remote_id=image, url=upload)
        return Verdict("fail", f"LinkedIn answered {status} to the image upload without uploadUrl and image")
    verdict = interpret(status, headers, body)
    if verdict.kind in ("duplicate", "unknown", "ok"):
        return Verdict("fail", f"LinkedIn answered {status} to the image upload")
    return again(verdict)  # an image registered or sent twice is no post made twice


def interpret_put(status: int, headers: Mapping[str, str], body: bytes) -> Verdict:
    if 200 <= status < 300:
        return Verdict("ok")
    return interpret_upload(status, headers, body)


def _upload(request: HttpRequest, connection: Connection, config: Config) -> str:
    """Upload the request's image to LinkedIn; its URN becomes the post's thumbnail."""
    from jiading_cli.base.imagesize import mime_type

    http, token, image = connection.http, connection.token, request.attachment
    assert http is not None and image is not None
    started = http.send(upload_request(config), token, interpret_upload, label="LinkedIn")
    if started.outcome != "posted" or not started.url or not started.remote_id:
        raise ShareError(f"could not upload the image for the thumbnail: {started.message}")
    upload = replies.follows(started.url, settings(config).api_base)  # the URL checked is the URL sent
    if upload is None:
        raise ShareError("could not upload the image for the thumbnail: its upload URL is not on LinkedIn's site")
    data = _image_bytes(image, config)
    put = HttpRequest("linkedin", "PUT", upload, TOKEN_ENV)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": mime_type(image) or "application/octet-stream"}
    done = http.send(put, token, interpret_put, data=data, headers=headers, label="LinkedIn")
    if done.outcome != "posted":
        raise ShareError(f"could not upload the image for the thumbnail: {done.message}")
    return started.remote_id


def _image_bytes(image: str, config: Config) -> bytes:
    """The image's bytes, opened without blocking: one made a FIFO or a device since it was validated is an error
    line, never a read that waits for a writer or never ends."""
    from jiading_cli.base.files import read_regular
    from jiading_cli.content.site import relative

    shown = relative(config, Path(image))
    try:
        data = read_regular(Path(image))
    except OSError as exc:
        raise ShareError(f"cannot read the image {shown}: {exc.strerror or exc}") from None
    if data is None:
        raise ShareError(f"cannot read the image {shown}: it is gone since the articles were validated")
    return data


PAGE_SIZE = 50
PAGES_MAX = 20  # newest first; the listing stops at posts older than Draft.reach_back


def posts_url(config: Config, start: int) -> str:
    """The organization's posts: ``GET /rest/posts?q=author`` (the Posts API's author finder), newest made first
    (``sortBy=CREATED``): the finder's own order is by the last change, where a post made long ago and edited since
    (a correction) comes first, and a lookup that ended at a post older than the article ended there, before
    the pages that list the article's post."""
    asked = {"q": "author", "author": author(config), "count": PAGE_SIZE, "start": start, "sortBy": "CREATED"}
    query = urlencode(asked, quote_via=quote)
    return f"{settings(config).api_base}/rest/posts?{query}"


def _older(post: Mapping[str, Any], draft: Draft) -> bool:
    made = replies.count(post, "createdAt")
    return made is not None and made / 1000 < draft.reach_back().timestamp() - 86400


def _source(post: Mapping[str, Any]) -> str:
    return replies.text(replies.mapping(replies.mapping(post, "content"), "article"), "source") or ""


def _mark(post: Mapping[str, Any]) -> tuple[str | None, int | None, str]:
    """What tells a listed post from another: its URN, when it was made, what it shares."""
    return replies.text(post, "id"), replies.count(post, "createdAt"), _source(post)


def find(draft: Draft, connection: Connection) -> Lookup:
    """Look through the organization's posts, newest first, for one sharing the article (with or without UTM).

    The listing ends only where LinkedIn's posts say it does: a page with no post, or a page of posts all older than
    the article (one older post among newer ones, made long ago and edited since, is no end). ``paging.total``
    reached is no end alone (a finder may give the posts of its page as the total): the page after it is read too,
    and ends the listing when it lists no post, or the posts of a page read already (a ``start`` past the end not
    heeded); one listing posts not read yet goes on. A page with fewer posts than asked for is no end (LinkedIn
    leaves out posts it filters, and may list fewer than asked), and the next page starts after the posts listed, so
    none is skipped. A page listing the very posts of a page read before (a ``start`` not heeded) is a loop, said as
    one.
    """
    from jiading_cli.share.transport import read

    assert connection.http is not None
    headers = dict(_headers(draft.config))
    start, past = 0, False  # past: the posts listed are as many as paging.total said, or more
    read_already, others = network.Pages(), []
    for _ in range(PAGES_MAX):
        url = posts_url(draft.config, start)
        reading = read(connection.http, url, connection.token, headers, "LinkedIn", read_hint)
        if not reading.ok or reading.data is None:
            return Lookup("unknown", message=reading.message, standing=reading.standing, silent=reading.silent)
        posts = replies.listing("LinkedIn", reading.status, reading.data, "elements")
        if isinstance(posts, str):  # no listing: never read as a page of no post
            return Lookup("unknown", message=posts)
        if posts and read_already.again(repr([_mark(post) for post in posts])):  # a start it does not heed
            if past:  # past the total, the first page again: the end, as the total said
                break
            return Lookup("unknown", message=network.looped("LinkedIn", url, "lists the posts of a page read already"))
        for post in posts:
            if _source(post) and links.same_page(_source(post), draft.url):
                urn = replies.identifier(replies.text(post, "id"), URN)
                if urn is None:
                    return Lookup("unknown", message="LinkedIn listed a post of the article without its URN")
                return Lookup("found", urn, post_url(urn))
            if not _older(post, draft):
                urn = replies.identifier(replies.text(post, "id"), URN)
                text = replies.text(post, "commentary") or ""
                others.append(
                    network.Listed(urn, post_url(urn) if urn else None, tuple(filter(None, [_source(post)])), text)
                )
        listed = len(posts)
        total = replies.count(replies.mapping(reading.data, "paging"), "total")
        start += listed
        ended = posts and all(_older(post, draft) for post in posts)  # a post out of order (edited) is no end
        if not listed or ended:
            break
        past = total is not None and start >= total
    else:  # posts newer than the article go on past what is read: an answer not had
        return Lookup("unknown", message=unread_posts("LinkedIn", start, PAGES_MAX))
    return Lookup("absent", listed=tuple(others))


class LinkedIn(HttpNetwork):
    name = "linkedin"
    label = "LinkedIn"
    section = LinkedInSection
    text = TextSpec(
        limit=LIMIT, style="linkedin", measure=lambda t: len(little_text(t)), finish=little_text, override_hashtags=True
    )
    secret_env = TOKEN_ENV
    remote_form = URN
    remote_example = "urn:li:share:7000000000000000000"

    def read_hint(self, status: int, data: dict[str, Any] | None) -> str | None:
        return read_hint(status, data)

    def template(self, config: Config) -> str:
        return settings(config).template

    def missing(self, config: Config) -> str | None:
        return None if settings(config).organization else "set linkedin.organization in jiading.toml"

    def payload(self, draft: Draft) -> Payload:
        from jiading_cli.share import thumbnails  # read only to build a post: not where every command starts

        article, image = draft.article, draft.image
        local = str(image.file) if image and image.file else None
        source = links.with_utm(draft.url, share(draft.config), self.name)
        note = None
        if local and (problem := thumbnails.file_problem(Path(local))) is not None:  # never uploaded to be refused
            note = f"no thumbnail: {relative(draft.config, Path(local))} is {problem}; {thumbnails.TAKEN}"
            local = None  # the post goes without one
        thumbnail = PENDING_IMAGE if local else None
        made = post_request(draft.config, draft.text.value, source, article.title, article.summary, thumbnail, local)
        return replace(made, note=note)

    def prepare(self, draft: Draft, payload: Payload, connection: Connection) -> Payload:
        """The image (a local file) is uploaded before the post, which then names it."""
        assert isinstance(payload, HttpRequest)
        if not payload.attachment:
            return payload
        urn = _upload(payload, connection, draft.config)
        assert payload.json is not None
        body = dict(payload.json)
        body["content"] = {"article": {**body["content"]["article"], "thumbnail": urn}}
        return replace(payload, json=body, attachment=None)

    def interpret(self, status: int, headers: Mapping[str, str], body: bytes) -> Verdict:
        return interpret(status, headers, body)

    def post_url(self, remote_id: str) -> str | None:
        return post_url(remote_id)

    def find(self, draft: Draft, connection: Connection) -> Lookup:
        return find(draft, connection)

    def identity(self, config: Config) -> ReadRequest:
        """The organization: ``GET /rest/organizations/{id}`` with the versioned headers."""
        url = f"{settings(config).api_base}/rest/organizations/{settings(config).organization}"
        return ReadRequest(url, dict(_headers(config)))

    def describe(self, data: Mapping[str, Any]) -> str:
        return replies.account(data, "organization", "LinkedIn", ("localizedName", "id"))

    def edit_request(self, draft: Draft, remote_id: str) -> HttpRequest | None:
        """A partial update of the commentary: ``POST /rest/posts/{urn}``, ``X-RestLi-Method: PARTIAL_UPDATE``."""
        url = f"{settings(draft.config).api_base}/rest/posts/{quote(remote_id, safe='')}"
        headers = (*_headers(draft.config), ("X-RestLi-Method", "PARTIAL_UPDATE"))
        body = {"patch": {"$set": {"commentary": draft.text.value}}}
        return HttpRequest(self.name, "POST", url, TOKEN_ENV, headers=headers, json=body)

    def reach_request(self, config: Config, remote_id: str) -> ReadRequest | None:
        """The post's social actions: ``GET /rest/socialActions/{urn}`` (likes and comments)."""
        url = f"{settings(config).api_base}/rest/socialActions/{quote(remote_id, safe='')}"
        return ReadRequest(url, dict(_headers(config)))

    def reach_counts(self, data: Mapping[str, Any]) -> Reach:
        likes = replies.count(replies.mapping(data, "likesSummary"), "totalLikes")
        comments = replies.count(replies.mapping(data, "commentsSummary"), "aggregatedTotalComments")
        return Reach(likes, comments, None)

    def retires(self, section: Any) -> Retirement | None:
        assert isinstance(section, LinkedInSection)
        date = versions.linkedin(section.api_version)
        return None if date is None else Retirement("linkedin.api_version", section.api_version, date, "LinkedIn")


NETWORK = LinkedIn()
