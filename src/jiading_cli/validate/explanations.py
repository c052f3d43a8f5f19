"""Each rule's explanation, shown by `jiading rule CODE`: why it exists, an example of the problem and of its fix."""

from __future__ import annotations

from jiading_cli.validate.codes import SHARE_EXPLANATIONS, Explanation
from jiading_cli.validate.rawbalance import EXPLANATIONS as RAW_HTML_EXPLANATIONS

E = Explanation
ID = "id: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10"

EXPLANATIONS: dict[str, Explanation] = {
    "JD001": E(
        "jiading.toml must be TOML saved as UTF-8; nothing can run without reading it.",
        '[site]\ntitle = "Invest in Jiading',
        '[site]\ntitle = "Invest in Jiading"',
    ),
    "JD002": E(
        "Each config key has one kind of value (text, number, true/false, list); a wrong kind would be misread.",
        '[site]\nbase_url = "http://news.example.com"',
        '[site]\nbase_url = "https://news.example.com"',
    ),
    "JD003": E(
        "A key jiading does not know is ignored, which usually means a misspelling; the warning names the closest key.",
        '[site]\ntime_zone = "Asia/Shanghai"',
        '[site]\ntimezone = "Asia/Shanghai"',
    ),
    "JD004": E(
        "The site cannot be built without its title and base URL.",
        '[site]\ntitle = "Invest in Jiading"',
        '[site]\ntitle = "Invest in Jiading"\nbase_url = "https://news.example.com"',
    ),
    "JD005": E(
        "jiading.toml is committed and shared; tokens and passwords come from environment variables only.",
        '[facebook]\naccess_token = "EAAB…"',
        '[facebook]\npage_id = "1234567890"\n# export JIADING_FACEBOOK_TOKEN=… in the shell or the CI\'s secrets',
    ),
    "JD006": E(
        "Every string of jiading.toml may end up in a page or a feed: XML 1.0 cannot carry control characters, and "
        "HTML forbids the C1 controls (U+0080 to U+009F) and noncharacters (U+FDD0 to U+FDEF, U+FFFE…), as in an "
        "article (JD140).",
        '[site]\ntitle = "Invest in\\u0007 Jiading"',
        '[site]\ntitle = "Invest in Jiading"',
    ),
    "JD007": E(
        "A code in validate.ignore that no rule has leaves nothing out (often a typo, so the rule meant keeps being "
        "reported); JD164 guards what is published and is never left out.",
        '[validate]\nignore = ["JD510"]',
        '[validate]\nignore = ["JD150"]',
    ),
    "JD008": E(
        "Facebook and LinkedIn retire each API version on a known day; change the pinned one before then.",
        '[linkedin]\napi_version = "202512"   # retired on 2026-12-01',
        '[linkedin]\napi_version = "202610"',
    ),
    "JD009": E(
        "A retired API version answers every post with an error: posting fails until the version is current.",
        '[facebook]\napi_version = "v20.0"   # retired on 2026-09-24',
        '[facebook]\napi_version = "v25.0"',
    ),
    "JD100": E(
        "Articles are UTF-8 text; another encoding or a binary file cannot be read.",
        "a file saved as GBK or UTF-16, or an image renamed to .md",
        "the same text saved as UTF-8 (any editor's 'Save with encoding' does it)",
    ),
    "JD101": E(
        "The front matter is YAML; when it cannot be parsed, no field of the article can be read.",
        "---\ntitle: Jiading: a new park\n---",
        '---\ntitle: "Jiading: a new park"\n---',
    ),
    "JD102": E(
        "An article starts with front matter between two '---' lines holding a mapping of fields.",
        "Jiading opens a new park.\n",
        f"---\n{ID}\ntitle: Jiading opens a new park\ndate: 2026-11-20T09:00:00+08:00\n---\nJiading opens a new park.",
    ),
    "JD103": E(
        "id, title and date are needed for every feed item and share.",
        "---\ntitle: Jiading opens a new park\n---",
        f"---\n{ID}\ntitle: Jiading opens a new park\ndate: 2026-11-20T09:00:00+08:00\n---",
    ),
    "JD104": E(
        "Each field has one type (text, list, date, true/false); another would be misread.",
        "draft: maybe",
        "draft: true",
    ),
    "JD105": E(
        "A field jiading does not know is ignored, which usually means a misspelling; the warning names the closest.",
        "tagz: [finance]",
        "tags: [finance]",
    ),
    "JD106": E(
        "A field given twice (or as both author and authors), or a key given twice inside one (a language of "
        "translations, a network of share), keeps only one value, silently.",
        "author: Newsroom\nauthors: [Li Wei]",
        "authors: [Newsroom, Li Wei]",
    ),
    "JD110": E(
        "A time without a UTC offset is read in site.timezone; writing the offset makes it unambiguous. In the hour "
        "the clocks are put back a time is there twice, and is read as the first.",
        "date: 2026-11-20 09:00",
        "date: 2026-11-20T09:00:00+08:00",
    ),
    "JD111": E("The last edit cannot come before publication.", "updated: 2026-11-19", "updated: 2026-11-21"),
    "JD112": E(
        "A note, not a fault: a published article dated in the future stays out of feeds until its date.",
        "date: 2030-01-01T09:00:00+08:00\ndraft: false",
        "nothing to fix; it appears in the first build after its date",
    ),
    "JD118": E(
        "Every run over the site walks the whole articles folder. A folder it cannot list or enter (its mode, its "
        "owner, a path longer than the system takes), or what a symbolic link in it leads to that cannot be looked "
        "at, would leave its articles out of validate, list, feeds and pages without a word, and a build would "
        "remove their pages. So it is an error every command says, with the system's reason, and the builds then "
        "write nothing; it is always reported.",
        "articles/en/locked/   (chmod 000, or a folder 700 levels deep: a path of 4,200 bytes)",
        "chmod 755 articles/en/locked, or a shallower folder (a path of at most 4,096 bytes)",
    ),
    "JD119": E(
        "`jiading share` records each post in the article's front matter, as lines of its own beside the other "
        "fields, and never rewrites a line the writer wrote. A front matter written as one flow mapping, or with "
        "every field indented, is YAML all the same, but has no such place: each post of the article would fail "
        "on every run, after validate had passed it.",
        "---\n{title: Park opens, date: 2017-07-03T18:00:00+08:00}\n---",
        "---\ntitle: Park opens\ndate: 2017-07-03T18:00:00+08:00\n---",
    ),
    "JD120": E(
        "Feed readers and share records recognise an article by its id; it must be a URI that never changes.",
        "id: 42",
        ID,
    ),
    "JD121": E(
        "Two articles with one id would be one item to every feed reader; copy-pasted front matter does this.",
        f"{ID}   (in two files)",
        "id: urn:uuid:…   (a new one in the copy: jiading new-article makes one)",
    ),
    "JD122": E(
        "Two articles at one public URL would overwrite each other on the site.",
        "slug: open-day   (in two articles of the same year and language)",
        "slug: open-day-2026",
    ),
    "JD123": E(
        "The slug is the article's URL segment: lowercase ASCII words joined by '-', at most 200 characters.",
        "slug: Open Day!",
        "slug: open-day",
    ),
    "JD124": E(
        "Sitemaps take URLs of at most 2,048 characters, and a QR code cannot hold much more: the article's URL "
        "(site.base_url, site.permalink and the slug) must fit, and so must the URLs of the news lists the sitemap "
        "lists for its language, its category and each of its tags, with their older pages (page/123/).",
        "slug: a-slug-of-two-hundred-characters   (under a permalink and base URL of 1,900 more)",
        "slug: open-day",
    ),
    "JD125": E(
        "The site keeps its home page, each language's news list, its tags, categories and feeds at paths of its "
        "own; an article's page there would take that page's place, or be lost, and a page below one of its files "
        "(permalink = '/feed.xml/{slug}/') would need a folder where the file is: the build fails. Names starting "
        "with '.' that hold '.jiading-' are the build's own (its manifests, its temporary files).",
        "slug: en        # with permalink = '/{slug}/': en/ is the English news list",
        "slug: english-news",
    ),
    "JD126": E(
        "With {category} in site.permalink the category names a folder of the article's permanent URL; one with "
        "no letter or digit ('!!!', an emoji) names none, and a stand-in would be a URL the category did not give.",
        "category: '!!!'   # with permalink = '/{lang}/{category}/{slug}/'",
        "category: Events",
    ),
    "JD130": E(
        "Languages are BCP 47 tags in the IANA registry, as feeds and HTML declare them.", "lang: cn", "lang: zh-CN"
    ),
    "JD131": E(
        "A translation names the id of the article in the other language; no article has this one (or it is the "
        "article's own id, pasted from its own front matter).",
        "translations:\n  zh-CN: urn:uuid:00000000-0000-0000-0000-000000000000",
        "translations:\n  zh-CN: urn:uuid:7d4c2f0a-1e2b-4c3d-8e9f-a0b1c2d3e4f5",
    ),
    "JD132": E(
        "The translation named under a language key should be written in that language, and be another than the "
        "article's own: an article's page lists its translations as the versions of it in other languages. A "
        "translation is one both ways (a page lists the articles naming it too), and a page lists one version per "
        "language: two English articles naming one Chinese article leave the second out of its page.",
        "translations:\n  zh-CN: (the id of an article whose lang is en)",
        "translations:\n  en: (that id), or the id of the Chinese article under zh-CN",
    ),
    "JD140": E(
        "Feeds are XML 1.0, which cannot carry most control characters (often pasted from a word processor), and HTML "
        "forbids the C1 controls (U+0080 to U+009F) and noncharacters (U+FDD0 to U+FDEF, U+FFFE, U+10FFFF…).",
        "title: Jiading\\x0b opens a park",
        "title: Jiading opens a park",
    ),
    "JD141": E(
        "The title and authors go into email headers, where a line break (a line feed, a carriage return, U+0085, "
        "U+2028 or U+2029) or '=?' could forge a header.",
        'title: "Open day\\nBcc: everyone@example.com"',
        "title: Open day",
    ),
    "JD142": E(
        "A tag, the category and the image's text alternative are one line each, as pages, feeds and share cards "
        "show them: a line break (pasted, or a YAML block) is carried into every one of them as it is, inside a "
        "<category> or an alt attribute; write a space.",
        'tags: ["integrated\\ncircuits", finance]',
        'tags: ["integrated circuits", finance]',
    ),
    "JD143": E(
        "An override (U+202D, U+202E) shows letters in another order than written, and an embedding or isolate left "
        "open carries on into what a feed, an email or a page shows after the field: a title can be made to read as "
        "something else. Marks (U+200E, U+200F, U+061C) and isolates closed in the field, which Arabic and Hebrew "
        "text needs, pass. The body is held to it line by line, and each link's text and image's text alternative "
        "on its own, since the email's text part writes a link's URL right after its text; the share overrides, each "
        "network's post as written, are held to it as the title is.",
        'title: "Jiading \\u202enepo krap"',
        'title: "Jiading park open"   (or a phrase set apart: "Jiading \\u2067\u0645\u0631\u062d\u0628\u0627\\u2069")',
    ),
    "JD150": E(
        "Feeds and share cards show the summary; without one they show the start of the body.",
        "summary: ''",
        "summary: Jiading opens a park for integrated-circuit start-ups.",
    ),
    "JD151": E(
        "Share cards show 20-300 characters well; shorter looks empty, longer is cut.",
        "summary: New park.",
        "summary: Jiading opens a park for integrated-circuit and new-energy-vehicle start-ups.",
    ),
    "JD160": E(
        "The lead image is a file beside the articles or an https URL; anything else breaks feeds and cards.",
        "image: images/park.jpg   (no such file)",
        "image: images/park.jpg   (the file added), or image: https://news.example.com/park.jpg",
    ),
    "JD161": E(
        "People who cannot see the image, and share cards, need a text alternative.",
        "image: images/park.jpg",
        "image: images/park.jpg\nimage_alt: The new park's main building",
    ),
    "JD162": E(
        "A relative link or image in the body must point to a file that exists, or it is broken on the site; a "
        "folder, a FIFO, a device or a socket is no file to publish, and its link would lead nowhere too.",
        "See the [memorandum](memorandum.pdf).   (no such file)",
        "See the [memorandum](files/memorandum.pdf).",
    ),
    "JD165": E(
        "Pages, feeds and email never carry a javascript:, vbscript:, file: or data: URL (but data:image/png, gif, "
        "jpeg or webp): the link keeps its text and loses its target, an image is shown as its alt text.",
        "See [the plan](javascript:openPlan()) and [the map](file:///C:/maps/jiading.pdf).",
        "See [the plan](https://jiading.gov.cn/plan) and [the map](maps/jiading.pdf).   "
        "(or [markdown] unsafe_html = true in jiading.toml to keep every URL as written)",
    ),
    "JD166": E(
        "Pages, feeds, share cards and email show the file as an image; an empty file, a Git LFS pointer left by a "
        "clone without git lfs pull, an error page saved as .jpg or a file cut short shows nothing.",
        "image: images/park.jpg   (found a Git LFS pointer (run git lfs pull))",
        "image: images/park.jpg   (the picture itself: git lfs pull, or the file saved again)",
    ),
    "JD167": E(
        "Browsers show the image, but feeds, Open Graph tags and email declare the type its name gives.",
        "image: images/park.jpg   (found a PNG image named .jpg)",
        "image: images/park.png",
    ),
    "JD168": E(
        "A link to another article's .md file becomes that article's page, and a draft or a scheduled article has "
        "no page until it is published: the link would lead nowhere in pages, feeds, share posts and email. A "
        "preview (--include-drafts, serve) builds them, and the link is fine there.",
        "See [the opening](open-day.md).   # open-day.md: draft: true, or dated after now",
        "See [the opening](open-day.md).   # once open-day.md is published (or link it then)",
    ),
    "JD169": E(
        "A file an article names is published at its path below the articles folder. Where that path is one the "
        "site writes itself (a feed, the sitemap, the 404 page, a news list and its older pages, assets/, tags/), "
        "a folder of one or below one, the build could write only one of the two.",
        "See [the list](../../feed.xml).   # articles/feed.xml, published where the site's feed is",
        "See [the list](../../lists/feed.xml).   # articles/lists/feed.xml, a path of its own",
    ),
    "JD170": E(
        "A canonical URL tells readers and search engines where the original lives; it must be absolute https.",
        "canonical_url: /2026/open-day",
        "canonical_url: https://news.example.com/2026/open-day",
    ),
    "JD175": E(
        "The theme takes a site's template by the shipped one's name, as it is written (article.html, not "
        "Article.html); any other file of templates/ is used only when a template of the site names it. A misspelt "
        "override would be left out of every page without a word, so each such file is named, with the shipped "
        "name nearest to it. Ignore it in jiading.toml (validate.ignore) when the files are meant to be there.",
        "templates/articel.html",
        "templates/article.html",
    ),
    "JD176": E("A template that does not parse fails the build of every page that takes it.", "{{ x }", "{{ x }}"),
    "JD180": E(
        "The network cuts a longer text; jiading cuts it at a word and adds '…', so say it shorter yourself.",
        "share:\n  x: (a text of 400 characters)",
        "share:\n  x: Jiading opens a park for chip start-ups.",
    ),
    "JD181": E(
        "Overrides are read for facebook, linkedin, email, x and weibo only.",
        "share:\n  twiter: Jiading opens a park.",
        "share:\n  x: Jiading opens a park.",
    ),
    "JD182": E(
        "An empty override would post an empty text; leave it out to use the network's template.",
        "share:\n  linkedin: ''",
        "share:\n  linkedin: Jiading opens a park for chip start-ups.",
    ),
    "JD183": E(
        "syndication records are written by `jiading share --post`; an edited one cannot be read, nor one whose "
        "post id is not in its network's form (it would name another post, or none), nor one of a network jiading "
        "does not post to (a misspelt name keeps nothing from being posted again).",
        "syndication:\n  - facebook",
        "(restore the record from version control; do not edit it by hand)",
    ),
    "JD184": E(
        "A post was sent but its answer never came; it is skipped until you say what happened.",
        "syndication:\n  - {network: facebook, state: intent, …}",
        "jiading share --resolve ARTICLE --network facebook --remote-id ID   (or --not-posted)",
    ),
    "JD185": E(
        "The email subject is built from the title; a line break or '=?' could forge a header.",
        'title: "Open day =?utf-8?q?…"',
        "title: Open day",
    ),
    "JD186": E(
        "LinkedIn takes JPEG, PNG and GIF thumbnails only; its post goes without one.", "image: a.webp", "image: a.jpg"
    ),
    **RAW_HTML_EXPLANATIONS,
    **SHARE_EXPLANATIONS,
    "JD107": E(
        "A suppression that suppresses nothing hides the next real problem of that rule; remove it "
        "(reported with --strict).",
        "jiading: {ignore: [JD150]}\nsummary: Jiading opens a park for chip start-ups.",
        "summary: Jiading opens a park for chip start-ups.",
    ),
    "JD108": E(
        "Every file is read within limits (4 MiB a file, 262,144 characters of front matter, 65,536 a value, "
        "lists and mappings 16 deep, 100 tags, a body's Markdown 100 deep), and a site's articles are in at most "
        "100 languages, so no single file can make a run slow or hang, nor a page that browsers flatten, nor the "
        "pages grow as the square of the languages.",
        "summary: (a pasted document of 100,000 characters)",
        "summary: Jiading opens a park for chip start-ups.",
    ),
    "JD109": E(
        "YAML reads ' #' after a plain value as a comment and drops the rest of the line: hashtags vanish.",
        "title: Big news for the auto industry in #Jiading #Automotive",
        'title: "Big news for the auto industry in #Jiading #Automotive"',
    ),
    "JD113": E(
        "A local time skipped when the clocks went forward never happened; which instant was meant is unknown.",
        "date: 2017-03-12 02:30:00   # in America/New_York",
        "date: 2017-03-12T03:30:00-04:00",
    ),
    "JD114": E(
        "Front matter never needs YAML aliases nor merge keys (<<), and expanding nested ones can take any amount "
        "of memory; a field a merge key brings would be read from another line than its own.",
        "tags: &t [parks, chips]\ncategory: *t",
        "tags: [parks, chips]\ncategory: Parks",
    ),
    "JD115": E(
        "Feeds take an article's last edit as the time they changed: an updated in the future (a mistyped year) "
        "puts every feed, and the item, at that time, and feed readers take the item as newer than any other.",
        "date: 2026-11-20T09:00:00+08:00\nupdated: 2062-11-21T09:00:00+08:00",
        "date: 2026-11-20T09:00:00+08:00\nupdated: 2026-11-21T09:00:00+08:00",
    ),
    "JD116": E(
        "The walk of the articles folder follows a symbolic link to a file, never one to a folder: it may lead "
        "outside the site, or back into the articles folder (a second name for a folder walked already, whose "
        "articles would be there twice). The articles under such a link, or under a link to nothing or a loop of "
        "links, are not part of the site: not validated, listed, built or in any feed. Ignore it in jiading.toml "
        "(validate.ignore) when the link is meant to be there.",
        "articles/more -> /srv/shared-news   (ln -s /srv/shared-news articles/more)",
        "articles/more/open-day.md -> /srv/shared-news/open-day.md   (a folder of its own, each file linked; or "
        "the files moved into articles/)",
    ),
    "JD117": E(
        "The articles live in git, and whoever edits them may work on Windows or macOS. Git for Windows cannot check "
        "out a name Windows keeps for a device (CON, PRN, AUX, NUL, COM1, LPT1, with any extension), one ending in "
        'a dot or a space, or one holding < > : " \\ | ? *; and Windows and macOS take two names that differ only '
        "in case or Unicode form as one, so a checkout there keeps one of the two files. Ignore it in jiading.toml "
        "(validate.ignore) when no one checks the site out on those systems.",
        "articles/en/2026/aux.md   articles/en/2026/Park-Opens.md   articles/en/2026/park-opens.md",
        "articles/en/2026/aux-forum.md   articles/en/2026/park-opens.md   articles/en/2026/park-opens-2.md",
    ),
    "JD152": E(
        "An article headed for the feeds with no text becomes an empty item in every reader.",
        "---\ntitle: Jiading opens a park\n---\n",
        "---\ntitle: Jiading opens a park\n---\nJiading opened a park for chip start-ups on Monday.",
    ),
    "JD153": E(
        "A merge that git could not make alone leaves both sides of the text in the file, between marker lines; "
        "a build would publish them, markers and all. Markers inside a code block are an example, not a conflict.",
        "Jiading opened a park.\n<<<<<<< HEAD\nIt hosts 40 firms.\n=======\nIt hosts 45 firms.\n>>>>>>> main",
        "Jiading opened a park.\nIt hosts 45 firms.",
    ),
    "JD163": E(
        "A link that cannot be read as a URL (a lone '[', a port past 65535, %00 in a path) leads nowhere.",
        "See [the plan](https://[jiading.gov.cn/plan).",
        "See [the plan](https://jiading.gov.cn/plan).",
    ),
    "JD164": E(
        "Only files inside the articles folder are published with the site; a path leading out of it would "
        "publish nothing and reveal the size of a file that is not part of the site. It cannot be ignored or "
        "suppressed.",
        "image: ../../../../etc/hostname",
        "image: ../images/park.jpg   # articles/images/park.jpg",
    ),
}
