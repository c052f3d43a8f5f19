"""LinkedIn organization posts: ``POST /rest/posts`` (Posts API), image upload, and what answers mean."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from jiading_cli.config import Config
from jiading_cli.share.request import HttpRequest, Verdict, error_json

TOKEN_ENV = "JIADING_LINKEDIN_TOKEN"  # noqa: S105 - the name of the variable, not a secret
URN = re.compile(r"urn:li:(?:share|ugcPost|activity):\d+")
PENDING_IMAGE = "urn:li:image:(uploaded when posting)"


def _headers(config: Config) -> tuple[tuple[str, str], ...]:
    return (("LinkedIn-Version", config.linkedin.api_version), ("X-Restli-Protocol-Version", "2.0.0"))


def author(config: Config) -> str:
    return f"urn:li:organization:{config.linkedin.organization}"


def post_request(
    config: Config, commentary: str, source: str, title: str, description: str, thumbnail: str | None
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
    url = f"{config.linkedin.api_base}/rest/posts"
    return HttpRequest("linkedin", "POST", url, TOKEN_ENV, headers=_headers(config), json=body)


def upload_request(config: Config) -> HttpRequest:
    """Step one of an image upload: LinkedIn answers with an upload URL and the image URN."""
    url = f"{config.linkedin.api_base}/rest/images?action=initializeUpload"
    body = {"initializeUploadRequest": {"owner": author(config)}}
    return HttpRequest("linkedin", "POST", url, TOKEN_ENV, headers=_headers(config), json=body)


def post_url(urn: str) -> str:
    return f"https://www.linkedin.com/feed/update/{urn}/"


def _message(data: dict[str, Any] | None) -> str:
    if not data:
        return ""
    return str(data.get("message") or "").strip()


def _is_duplicate(data: dict[str, Any] | None) -> bool:
    if not data:
        return False
    details = data.get("errorDetails")
    errors = details.get("inputErrors", []) if isinstance(details, dict) else []
    codes = {e.get("code") for e in errors if isinstance(e, dict)}
    return "DUPLICATE_POST" in codes or "duplicate" in _message(data).lower()


def interpret(status: int, headers: Mapping[str, str], body: bytes) -> Verdict:
    from jiading_cli.share.transport import retry_after

    data = error_json(body)
    said = f"({status}: {_message(data)})" if _message(data) else f"({status})"
    if status in (200, 201):
        urn = headers.get("x-restli-id") or headers.get("x-linkedin-id") or ""
        if not urn:
            return Verdict("unknown", f"LinkedIn answered {status} without the post's URN (x-restli-id)")
        return Verdict("ok", remote_id=urn, url=post_url(urn))
    if status == 422 and _is_duplicate(data):
        found = URN.search(_message(data))
        message = f"LinkedIn says the post is already there {said}"
        if not found:
            return Verdict("duplicate", message)
        return Verdict("duplicate", message, found.group(), post_url(found.group()))
    if status == 429:
        return Verdict("retry", f"LinkedIn rate limit reached {said}", retry_after=retry_after(headers))
    if status >= 500:
        return Verdict("retry", f"LinkedIn had a server error {said}", retry_after=retry_after(headers))
    if status == 401:
        return Verdict(
            "fail", f"the LinkedIn token has expired or is not valid {said}; create a new one and set {TOKEN_ENV}"
        )
    if status == 403:
        return Verdict(
            "fail",
            f"LinkedIn denied permission {said}; the token needs w_organization_social and an admin role "
            "on the organization",
        )
    if status == 426:
        return Verdict(
            "fail", f"LinkedIn no longer serves this version {said}; set linkedin.api_version to a current YYYYMM"
        )
    return Verdict("fail", f"LinkedIn rejected the post {said}")


def interpret_upload(status: int, headers: Mapping[str, str], body: bytes) -> Verdict:
    """The image upload's first step: ``remote_id`` is the image URN, ``url`` where to PUT the bytes."""
    if status in (200, 201):
        data = error_json(body) or {}
        value = data.get("value")
        if isinstance(value, dict) and value.get("uploadUrl") and value.get("image"):
            return Verdict("ok", remote_id=str(value["image"]), url=str(value["uploadUrl"]))
        return Verdict("fail", f"LinkedIn answered {status} to the image upload without uploadUrl and image")
    verdict = interpret(status, headers, body)
    if verdict.kind in ("duplicate", "unknown", "ok"):
        return Verdict("fail", f"LinkedIn answered {status} to the image upload")
    return verdict


def interpret_put(status: int, headers: Mapping[str, str], body: bytes) -> Verdict:
    if 200 <= status < 300:
        return Verdict("ok")
    return interpret_upload(status, headers, body)
