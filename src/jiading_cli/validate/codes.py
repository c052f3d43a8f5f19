"""Every rule code `jiading validate` reports, with its severity and its summary (each one's explanation, shown by
`jiading rule CODE`, is in :mod:`.explanations`). The sharing rules' checks live in ``share.checks``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from jiading_cli.base.printable import quoted as shown
from jiading_cli.model.errors import Problem, Severity

if TYPE_CHECKING:
    from jiading_cli.model.article import Article


@dataclass(frozen=True, slots=True)
class Explanation:
    """A rule's explanation (:mod:`.explanations`): why it exists, an example of the problem and of its fix."""

    why: str
    problem: str  # an example of what the rule reports (front matter, body or jiading.toml)
    fix: str  # the same example, fixed


RULES: dict[str, tuple[Severity, str]] = {
    "JD001": ("error", "jiading.toml is not valid TOML or not UTF-8"),
    "JD002": ("error", "a config key has a value of the wrong kind"),
    "JD003": ("warning", "unknown config key or table"),
    "JD004": ("error", "a required config key is missing"),
    "JD005": ("error", "a secret (token, password) written in jiading.toml"),
    "JD006": (
        "error",
        "a config string holds a control character, a noncharacter or a bidirectional override or unclosed "
        "embedding no page or feed can carry",
    ),
    "JD007": ("warning", "validate.ignore names a code no rule has, or a rule that is always reported"),
    "JD008": ("warning", "a network's pinned API version is retired within 30 days"),
    "JD009": ("error", "a network's pinned API version is retired"),
    "JD100": (
        "error",
        "the file cannot be read: not a regular file, not UTF-8, or its or a folder's name not UTF-8 or with controls",
    ),
    "JD101": ("error", "front matter is not valid YAML"),
    "JD102": ("error", "no front matter, or front matter that is not a mapping"),
    "JD103": ("error", "a required field (id, title, date) is missing"),
    "JD104": ("error", "a field has a value of the wrong type"),
    "JD105": ("warning", "unknown front-matter field"),
    "JD106": ("error", "a field, or a key inside one, is given twice (including author and authors)"),
    "JD108": (
        "error",
        "past a limit: file, front matter or value too long, values or Markdown nested too deep, "
        "too many tags or languages",
    ),
    "JD109": ("warning", "a comment follows a plain value: the text after ' #' is dropped"),
    "JD110": ("warning", "a date has no UTC offset; the site time zone is assumed"),
    "JD111": ("error", "updated is before date"),
    "JD112": ("info", "the article is scheduled: dated in the future and not a draft"),
    "JD113": ("error", "a local time that never happened (skipped by a daylight-saving change)"),
    "JD114": ("error", "a YAML alias (*name) or merge key (<<) in front matter; write the value out"),
    "JD115": ("warning", "updated is in the future, for an article already published"),
    "JD116": ("warning", "a symbolic link in the articles folder to a folder, to nothing or in a loop: not followed"),
    "JD117": ("warning", "a name in the articles folder a checkout on Windows or macOS cannot hold as it is"),
    "JD118": (
        "error",
        "a folder of the articles folder cannot be read (permission, a path too long): its articles would be left out",
    ),
    "JD119": ("warning", "front matter whose fields are not each at the start of a line: `share` cannot record in it"),
    "JD120": ("error", "id is not a permanent URI (urn:uuid:…, tag:…, https://…)"),
    "JD121": ("error", "two articles share an id (in any case or Unicode form)"),
    "JD122": ("error", "two articles share a public URL"),
    "JD123": ("error", "slug is not lowercase ASCII words joined by '-' (at most 200 characters)"),
    "JD124": ("error", "its URL, or a news list's it is on, is over 2,048 characters"),
    "JD125": ("error", "the page's path is one of the site's own or goes through one (home page, lists, feeds)"),
    "JD126": ("error", "the category gives site.permalink's {category} no folder name (no letter or digit)"),
    "JD130": ("error", "lang or a translation key is not a language tag in the IANA registry"),
    "JD131": ("error", "a translation points to an id no other article has"),
    "JD132": (
        "warning",
        "a translation key not its article's language, the article's own, or given twice; two versions in one language",
    ),
    "JD140": ("error", "a control character or noncharacter pages and feeds cannot carry, in a field or the body"),
    "JD141": ("error", "a line break or '=?' in a field that goes into an email header"),
    "JD142": ("error", "a line break in a field of one line: tags, category, image_alt"),
    "JD143": (
        "error",
        "a bidirectional override, or an embedding or isolate not closed within its field, a line of the body or a "
        "link's text",
    ),
    "JD150": ("warning", "summary is missing"),
    "JD151": ("warning", "summary is shorter or longer than share cards show well"),
    "JD152": ("warning", "an article that is not a draft has no body: its feed items would be empty"),
    "JD153": ("error", "a merge conflict git left in the body (<<<<<<<, =======, >>>>>>> lines)"),
    "JD160": ("error", "image is neither an existing local file nor an absolute https URL"),
    "JD161": ("warning", "image has no image_alt text"),
    "JD162": ("error", "a relative link or image in the body names no file to publish"),
    "JD163": ("error", "a link or image in the body is not a valid URL"),
    "JD164": ("error", "a local file named by an article lies outside the articles folder"),
    "JD165": ("warning", "a link or image to a javascript:, vbscript:, file: or data: URL, whose target is dropped"),
    "JD166": ("error", "a file named as an image is no image the web shows (empty, a Git LFS pointer, HTML, …)"),
    "JD167": ("warning", "an image file's name gives another type than it holds (a PNG image named .jpg)"),
    "JD168": ("error", "a published article links the .md file of a draft or scheduled article, which has no page yet"),
    "JD169": ("error", "a file an article names would be published where the site writes a file of its own"),
    "JD170": ("error", "canonical_url is not an absolute https URL"),
    "JD175": ("warning", "a file of the templates folder no page uses: not a shipped template's name, named by none"),
    "JD176": (
        "error",
        "a template of the templates folder that cannot be read or parsed: every page that takes it fails",
    ),
}

GUARDS = frozenset({"JD118", "JD164"})
"""Rules that guard what is published: neither ``validate.ignore`` nor a suppression in an article hides them."""
CONFIG_RULES = frozenset(code for code in RULES if code.startswith("JD00"))
"""Rules reported against ``jiading.toml``: no article's suppression reaches them."""
WALK_RULES = frozenset({"JD116", "JD117"})
"""Rules reported against the articles folder's own entries (a link, a name), not an article: no article's
suppression reaches them; ``validate.ignore`` does."""
TEMPLATE_RULES = frozenset({"JD175", "JD176"})
"""Rules reported against a file of the site's templates folder: no article's suppression reaches them;
``validate.ignore`` does."""


def quoted(text: str, limit: int = 80) -> str:
    """``text`` as a message quotes it: in quotes, with its escapes, its first ``limit`` characters and '…'
    (:func:`jiading_cli.base.printable.quoted`)."""
    return shown(text if len(text) <= limit else text[: limit - 1] + "…")


def problem(article: Article, code: str, name: str, message: str, line: int | None = None) -> Problem:
    """A problem with ``article`` under rule ``code``, on the line of field ``name`` unless ``line`` is given."""
    where = line if line is not None else article.line_of(name)
    return Problem(article.path, where, code, RULES[code][0], name, message)


SHARE_RULES: dict[str, tuple[Severity, str]] = {
    "JD180": ("warning", "a share text is longer than the network allows; it will be cut with '…'"),
    "JD181": ("warning", "`share` names a network jiading does not know"),
    "JD182": ("warning", "a `share` override is empty"),
    "JD183": ("error", "a `syndication` record jiading cannot read"),
    "JD184": ("warning", "a post with an unknown outcome waits for `jiading share --resolve`"),
    "JD185": ("error", "the email subject would carry a line break, '=?' or a control character"),
    "JD186": ("warning", "the image is of a kind LinkedIn does not take as a thumbnail (WebP, AVIF, SVG)"),
    "JD187": ("error", "two articles record the same post id for one network"),
}
"""The sharing rules: their checks are ``share.checks.ShareRules``, which the config brings (``Config.rules``), but
for JD187's, a rule across articles (``rules.check_posts``), which reads the records as any article holds them."""

SHARE_EXPLANATIONS = {
    "JD187": Explanation(
        "A post id names one article's post: recorded on a second (a file copied with its records), `share` would "
        "edit the first article's post with the second's text, and the second's own post would never be made; "
        "`share` refuses both until one is fixed, so validate says it first.",
        "syndication:\n  - {network: facebook, state: posted, remote_id: '1234_1'}   (in two articles)",
        "(keep the record in the article whose post it is; remove it from the other, which `share --post` posts)",
    ),
}
"""The explanations of the sharing rules checked here (the others' are in :mod:`.explanations`)."""
