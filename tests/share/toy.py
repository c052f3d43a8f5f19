"""A network that exists only in tests: a microblog with a 60-character limit, posted to over HTTP.

It is everything a new network is: one module (this one), its config section, and one registration
(``registry.extended(NETWORK)``; a built-in network is one line in ``registry.BUILT_IN`` instead).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from jiading_cli.config import Config, key
from jiading_cli.model import kinds
from jiading_cli.share import links
from jiading_cli.share.network import Draft, HttpNetwork, Payload, TextSpec
from jiading_cli.share.request import HttpRequest, Verdict, error_json
from jiading_cli.share.settings import share
from jiading_cli.share.settings import template as text_template

TOKEN_ENV = "JIADING_TOY_TOKEN"


@dataclass(frozen=True, slots=True)
class ToySection:
    SECRET_ENV = TOKEN_ENV

    account: str | None = key(kinds.optional(kinds.text), "Account posted as.", None)
    api_base: str = key(kinds.http_url, "API base URL.", "https://toy.example")
    template: str = key(text_template(), "Text of the post.", "{title} {hashtags}")


def settings(config: Config) -> ToySection:
    return config.section("toy", ToySection)


class Toy(HttpNetwork):
    name = "toy"
    label = "Toy"
    section = ToySection
    text = TextSpec(limit=60, style="x")
    secret_env = TOKEN_ENV

    def template(self, config: Config) -> str:
        return settings(config).template

    def missing(self, config: Config) -> str | None:
        return None if settings(config).account else "set toy.account in jiading.toml"

    def payload(self, draft: Draft) -> Payload:
        toy = settings(draft.config)
        link = links.with_utm(draft.url, share(draft.config), self.name)
        body = {"account": toy.account, "status": draft.text.value, "link": link}
        return HttpRequest(self.name, "POST", f"{toy.api_base}/api/statuses", TOKEN_ENV, json=body)

    def interpret(self, status: int, headers: Mapping[str, str], body: bytes) -> Verdict:
        data = error_json(body) or {}
        if status == 200 and data.get("id"):
            remote = str(data["id"])
            return Verdict("ok", remote_id=remote, url=self.post_url(remote))
        if status >= 500:
            return Verdict("retry", f"Toy answered {status}")
        return Verdict("fail", f"Toy refused the post ({status}: {data.get('error', '')})")

    def post_url(self, remote_id: str) -> str | None:
        return f"https://toy.example/@jiading/{remote_id}"


NETWORK = Toy()
