"""A token sent is never shown: whatever a server sends back is read with the token taken out.

A server may echo the token it was sent: Facebook's ``Malformed access token EAAG…``, a proxy or a firewall that
shows the request's headers, a redirect whose ``Location`` carries it. Every answer (its body and its headers) is
read through :meth:`Secret.answer` before anything reads it, and every exception's text through
:meth:`Secret.text`, so no message, note, progress line, record or page made of them can hold it, however it is
cut. The token is looked for in every form a server may write it back: as sent, percent-encoded (in a URL or a
form) and escaped as JSON writes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from urllib.parse import quote, quote_plus

from jiading_cli.base.exchange import Answer

HIDDEN = "[redacted]"
SHORTEST = 8  # characters: a shorter value is no token, and taking it out would garble an answer's ids


@dataclass(frozen=True, slots=True)
class Secret:
    """The forms of one token, longest first."""

    forms: tuple[str, ...]

    @classmethod
    def of(cls, token: str) -> Secret:
        if len(token) < SHORTEST:
            return cls(())
        forms = {token, quote(token, safe=""), quote_plus(token, safe=""), json.dumps(token)[1:-1]}
        forms |= {form.lower() for form in forms if "%" in form}  # a percent-encoding in lower-case hex
        return cls(tuple(sorted(forms, key=len, reverse=True)))

    def text(self, text: str) -> str:
        """``text`` with every form of the token taken out."""
        for form in self.forms:
            text = text.replace(form, HIDDEN)
        return text

    def answer(self, answer: Answer) -> Answer:
        """``answer`` with every form of the token taken out of its body and its headers' values."""
        if not self.forms:
            return answer
        body = answer.body
        for form in self.forms:
            body = body.replace(form.encode("utf-8"), HIDDEN.encode("ascii"))
        headers = answer.headers
        if any(self.text(value) != value for value in headers.values()):
            from requests.structures import CaseInsensitiveDict

            headers = CaseInsensitiveDict({key: self.text(value) for key, value in headers.items()})
        reason = self.text(answer.reason)
        return (
            answer
            if (body, headers, reason) == (answer.body, answer.headers, answer.reason)
            else (replace(answer, body=body, headers=headers, reason=reason))
        )
