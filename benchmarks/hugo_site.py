"""The Hugo peer of the benchmark corpus: its config, layouts and front matter, in two themes.

``same`` (the default) renders the pages jiading's default theme renders, as far as Hugo v0.111 allows:
a multilingual site (``en`` and ``zh-cn``, each with its own content folder; an article and its
translation share a ``translationKey``), article pages at ``/{lang}/news/YYYY/MM/slug/`` with the same
head (canonical URL, hreflang alternates and x-default, Open Graph and Twitter tags with the lead image,
JSON-LD ``NewsArticle``, feed autodiscovery, the stylesheet), masthead, breadcrumb, localised date, lead
image, body, category and tags linked, translation links, share bar and footer; each language's news
list at ``/{lang}/`` and each tag's and category's list, 20 teasers to a page; RSS, Atom and JSON Feed
(full content, 20 items) for every list and for the whole site; the root page with each language's
newest five; sitemap.xml, robots.txt and 404 pages.

What Hugo v0.111 cannot do as jiading does, and this theme therefore does differently:

- the WeChat QR code jiading inlines as SVG is left out: Hugo has no QR code function;
- Hugo keeps taxonomies per language, so a tag has a list per language (``/en/tags/finance/`` and
  ``/zh-cn/tags/finance/``) where jiading has one list of both (``/tags/finance/``);
- Hugo numbers list pages from the newest (jiading from the oldest, so that archive pages stay put), and
  writes ``page/1/`` as a redirect to the list's first page;
- Hugo localises ``:date_long`` by the language's key, and ``zh-cn`` is not a locale it knows, so each
  language gives its date layout as a parameter (``2 January 2006``, ``2006年1月2日``: jiading's dates);
- the root page is the template of the redirect Hugo writes at ``/`` for a site with every language in
  its own folder (its ``alias.html``), since Hugo has no page of its own there; its feeds come from a page
  with ``url: /`` that renders only feeds;
- Hugo's multilingual sitemap is an index of one sitemap per language, its alternates without x-default.

``bare`` is the theme the benchmark first compared with: a monolingual site with a bare article template
(title, date, body, tag names) and one list template of 20 titles, without sitemap, robots.txt or 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from corpus import Item

THEMES = ("same", "bare")
NAMES = {"same": "same pages", "bare": "bare templates"}


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def translation_key(a: Item) -> str | None:
    """The key an article and its translation share: the smaller of their two ids."""
    return min(a.id, a.translation) if a.translation else None


def article_path(a: Item, theme: str) -> str:
    """Where the article's Markdown goes, relative to the site: under ``news/`` in the ``same`` theme, whose
    permalinks are the ``news`` section's."""
    if theme == "bare":
        return f"content/{a.folder}/{a.slug}.md"
    return f"content/{a.lang.lower()}/news/{a.date.year}/{a.slug}.md"


def article(a: Item, theme: str) -> str:
    lines = ["---", f"title: {_yaml_text(a.title)}", f"date: {a.date.isoformat()}"]
    if a.updated:
        lines.append(f"lastmod: {a.updated.isoformat()}")
    lines += [
        f"summary: {_yaml_text(a.summary)}",
        f"tags: [{', '.join(a.tags)}]",
        f"categories: [{a.category}]",
        f"slug: {a.slug}",
        f"draft: {'true' if a.draft else 'false'}",
    ]
    if a.image:
        lines.append(f"images: [/images/{a.image}]")
    if theme != "bare":
        lines += [f"id: {a.id}", "author: Invest in Jiading"]
        if a.image:
            lines.append(f"image_alt: {_yaml_text(a.title)}")
        key = translation_key(a)
        if key:
            lines.append(f"translationKey: {key}")
    return "\n".join(lines) + "\n---\n" + a.body


BARE_TOML = """baseURL = "{base}/"
title = "Invest in Jiading"
languageCode = "en"
timeZone = "Asia/Shanghai"
disableKinds = ["sitemap", "robotsTXT", "404"]

[services.rss]
limit = 20

[taxonomies]
tag = "tags"
category = "categories"

[outputs]
home = ["HTML", "RSS"]
section = ["HTML", "RSS"]
taxonomy = ["HTML", "RSS"]
term = ["HTML", "RSS"]

[markup.goldmark.renderer]
unsafe = true
"""

BARE_SINGLE = """<!doctype html><html lang="{{ site.LanguageCode }}"><head><meta charset="utf-8">
<title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1><time>{{ .Date.Format "2006-01-02" }}</time>
{{ .Content }}<ul>{{ range .Params.tags }}<li>{{ . }}</li>{{ end }}</ul></body></html>
"""

BARE_LIST = """<!doctype html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>
<h1>{{ .Title }}</h1>
<ul>{{ range first 20 .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</body></html>
"""

# jiading's [pages] per_page and [feeds] limit defaults; the section pages are off: the news list of a
# language is its home page, as jiading's is /{lang}/; the taxonomy pages (a list of all tags) are off: jiading
# has none.
SAME_TOML = """baseURL = "{base}/"
title = "Invest in Jiading"
copyright = "© Invest in Jiading"
timeZone = "Asia/Shanghai"
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = true
paginate = 20
enableRobotsTXT = true
disableHugoGeneratorInject = true
disableKinds = ["taxonomy", "section"]
ignoreErrors = ["error-disable-taxonomy"]

[params]
description = "News about investing in Jiading, a district of Shanghai."
author = "Invest in Jiading"
utm = "utm_medium=social"

[services.rss]
limit = 20

[taxonomies]
tag = "tags"
category = "categories"

[permalinks]
news = "/news/:year/:month/:slug/"

[mediaTypes."application/feed+json"]
suffixes = ["json"]

[mediaTypes."application/atom+xml"]
suffixes = ["xml"]

[outputFormats.RSS]
baseName = "feed"
isPlainText = true

[outputFormats.Atom]
mediaType = "application/atom+xml"
baseName = "atom"
isPlainText = true
rel = "alternate"

[outputFormats.JSONFeed]
mediaType = "application/feed+json"
baseName = "feed"
isPlainText = true
rel = "alternate"

[outputs]
home = ["HTML", "RSS", "Atom", "JSONFeed"]
term = ["HTML", "RSS", "Atom", "JSONFeed"]
page = ["HTML"]

[languages.en]
languageCode = "en"
languageName = "English"
contentDir = "content/en"
weight = 1
[languages.en.params]
dateFormat = "2 January 2006"
locale = "en_US"

[languages.zh-cn]
languageCode = "zh-CN"
languageName = "简体中文"
contentDir = "content/zh-cn"
weight = 2
[languages.zh-cn.params]
dateFormat = "2006年1月2日"
locale = "zh_CN"

[markup.goldmark.renderer]
unsafe = true
[markup.goldmark.parser]
autoHeadingID = false
"""

I18N_EN = """skip = "Skip to content"
home = "Home"
news = "News"
navigation = "Site navigation"
languages = "Languages"
breadcrumb = "Breadcrumb"
published = "Published: "
by = "By"
translations = "Also in: "
read_in = "Read this article in {{ .language }}"
category = "Category: "
tags = "Tags: "
tag_title = "Tag: {{ .name }}"
category_title = "Category: {{ .name }}"
read_more = "Read more"
colon = ": "
pagination = "Pages"
newer_articles = "Newer articles"
older_articles = "Older articles"
no_articles = "No articles yet."
dated = "{{ .heading }} ({{ .newest }} – {{ .oldest }})"
share = "Share"
share_on = "Share on {{ .network }}"
share_by_email = "Share by email"
email = "email"
tel = "tel"
call = "Call {{ .phone }}"
more = "more"
more_ways = "More ways to share"
weibo = "Weibo"
article_link = "Link to this article"
copy_link = "Copy link"
link_copied = "Link copied"
native_share = "Share…"
feeds = "Feeds: "
feed_rss = "RSS feed"
feed_atom = "Atom feed"
feed_json = "JSON feed"
not_found_title = "Page not found"
not_found_text = "The page you asked for does not exist. It may have moved, or the link may be wrong."
"""

I18N_ZH = """skip = "跳到正文"
home = "首页"
news = "新闻"
navigation = "网站导航"
languages = "语言"
breadcrumb = "当前位置"
published = "发布时间："
by = "作者"
translations = "其他语言："
read_in = "阅读本文的{{ .language }}版"
category = "分类："
tags = "标签："
tag_title = "标签：{{ .name }}"
category_title = "分类：{{ .name }}"
read_more = "阅读全文"
colon = "："
pagination = "分页"
newer_articles = "较新的文章"
older_articles = "较早的文章"
no_articles = "暂无文章。"
dated = "{{ .heading }}（{{ .newest }}—{{ .oldest }}）"
share = "分享"
share_on = "分享到{{ .network }}"
share_by_email = "通过电子邮件分享"
email = "邮件"
tel = "电话"
call = "致电 {{ .phone }}"
more = "更多"
more_ways = "更多分享方式"
weibo = "微博"
article_link = "本文链接"
copy_link = "复制链接"
link_copied = "链接已复制"
native_share = "分享…"
feeds = "订阅："
feed_rss = "RSS 订阅"
feed_atom = "Atom 订阅"
feed_json = "JSON 订阅"
not_found_title = "页面不存在"
not_found_text = "您访问的页面不存在，可能已被移动，或链接有误。"
"""

# The page around every HTML page: head, masthead, breadcrumb, main, footer. A page's template defines
# "title" (the <title>), "head" (its own head tags), "crumbs" (the breadcrumb's last items) and "main".
BASEOF = """<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ site.Title }}{{ end }}</title>
{{ block "head" . }}{{ end }}{{ partialCached "feedlinks.html" . site.Language.Lang }}{{ block "cards" . }}{{ end }}
<link rel="stylesheet" href="/assets/jiading.css">
<script src="/assets/jiading.js" defer></script>
</head>
<body>
{{ partialCached "masthead.html" . site.Language.Lang }}{{ block "crumbs" . }}{{ end }}<main id="content" \
class="wrap">
{{ block "main" . }}{{ end }}</main>
{{ partialCached "footer.html" . site.Language.Lang }}</body>
</html>
"""

MASTHEAD = """<a class="skip" href="#content">{{ i18n "skip" }}</a>
<header class="masthead">
<div class="wrap">
<p class="brand"><a href="/">{{ site.Title }}</a></p>
<nav class="sitenav" aria-label="{{ i18n "navigation" }}">
<ul>
<li><a href="/">{{ i18n "home" }}</a></li>
<li><a href="{{ site.Home.RelPermalink }}" aria-current="page">{{ i18n "news" }}</a></li>
</ul>
</nav>
<nav class="languages" aria-label="{{ i18n "languages" }}">
<ul>
{{ range site.Home.AllTranslations }}<li><a href="{{ .RelPermalink }}" lang="{{ .Site.LanguageCode }}" \
hreflang="{{ .Site.LanguageCode }}"{{ if eq .Lang site.Language.Lang }} aria-current="true"{{ end }}>\
{{ .Language.LanguageName }}</a></li>
{{ end }}</ul>
</nav>
</div>
</header>
"""

# The site's feeds, of every language (the root page's).
FEEDLINKS = """<link rel="alternate" type="application/rss+xml" title="{{ site.Title }} ({{ i18n "feed_rss" }})" \
href="/feed.xml">
<link rel="alternate" type="application/atom+xml" title="{{ site.Title }} ({{ i18n "feed_atom" }})" href="/atom.xml">
<link rel="alternate" type="application/feed+json" title="{{ site.Title }} ({{ i18n "feed_json" }})" \
href="/feed.json">
"""

# The feeds of a list: ``page``'s, under the name ``name``.
FEEDS = """{{ $name := printf "%s: %s" site.Title .name }}{{ with .page.OutputFormats.Get "RSS" }}\
<link rel="alternate" type="application/rss+xml" title="{{ $name }} ({{ i18n "feed_rss" }})" href="{{ \
.RelPermalink }}">
{{ end }}{{ with .page.OutputFormats.Get "Atom" }}<link rel="alternate" type="application/atom+xml" \
title="{{ $name }} ({{ i18n "feed_atom" }})" href="{{ .RelPermalink }}">
{{ end }}{{ with .page.OutputFormats.Get "JSONFeed" }}<link rel="alternate" type="application/feed+json" \
title="{{ $name }} ({{ i18n "feed_json" }})" href="{{ .RelPermalink }}">
{{ end }}"""

# The feeds of the page's language (its home page's).
LANGFEEDS = """{{ partial "feeds.html" (dict "page" site.Home "name" site.Language.LanguageName) }}"""

FOOTER = """<footer class="footer">
<div class="wrap">
<p class="copyright">{{ site.Copyright }}</p>
<p class="feeds">{{ i18n "feeds" }}<a href="/feed.xml" type="application/rss+xml">{{ site.Title }} \
({{ i18n "feed_rss" }})</a> · <a href="/atom.xml" type="application/atom+xml">{{ site.Title }} \
({{ i18n "feed_atom" }})</a> · <a href="/feed.json" type="application/feed+json">{{ site.Title }} \
({{ i18n "feed_json" }})</a></p>
</div>
</footer>
"""

# An article page. The share bar is jiading's but for the WeChat QR code, which Hugo v0.111 cannot draw
# (it has no QR code function): the other controls are plain links, as jiading's are.
SINGLE = """{{ define "title" }}{{ .Title }} | {{ site.Title }}{{ end }}
{{ define "head" }}{{ $url := .Permalink }}{{ $image := "" }}{{ with .Params.images }}{{ $image = index . 0 \
}}{{ end }}\
<meta name="description" content="{{ .Summary }}">
<link rel="canonical" href="{{ $url }}">
{{ if .IsTranslated }}<link rel="alternate" hreflang="{{ site.LanguageCode }}" href="{{ $url }}">
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Site.LanguageCode }}" href="{{ .Permalink }}">
{{ end }}{{ range .AllTranslations }}{{ if eq .Lang "en" }}<link rel="alternate" hreflang="x-default" \
href="{{ .Permalink }}">
{{ end }}{{ end }}{{ end }}{{ end }}
{{ define "cards" }}{{ partialCached "langfeeds.html" . site.Language.Lang }}{{ partial "head-cards.html" . \
}}{{ end }}
{{ define "crumbs" }}<nav class="breadcrumb wrap" aria-label="{{ i18n "breadcrumb" }}">
<ol>
<li><a href="/">{{ i18n "home" }}</a></li>
<li><a href="{{ site.Home.RelPermalink }}">{{ i18n "news" }}</a></li>
<li><span aria-current="page">{{ .Title }}</span></li>
</ol>
</nav>
{{ end }}
{{ define "main" }}<article class="article">
<header>
<h1>{{ .Title }}</h1>
<p class="meta">
<span class="label">{{ i18n "published" }}</span><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">\
{{ .Date.Format site.Params.dateFormat }}</time>
· <span class="label">{{ i18n "by" }}</span> {{ .Params.author }}
</p>
{{ if .IsTranslated }}<p class="translations">{{ i18n "translations" }}{{ range .Translations }}\
<a href="{{ .RelPermalink }}" hreflang="{{ .Site.LanguageCode }}" lang="{{ .Site.LanguageCode }}" rel="alternate" \
aria-label="{{ i18n "read_in" (dict "language" .Language.LanguageName) }}">{{ .Language.LanguageName }}</a>{{ \
end }}</p>
{{ end }}</header>
{{ with .Params.images }}{{ $src := index . 0 }}{{ $size := imageConfig (printf "static%s" $src) }}<figure \
class="lead">
<img src="{{ $src }}" alt="{{ $.Params.image_alt }}" width="{{ $size.Width }}" height="{{ $size.Height }}">
</figure>
{{ end }}<div class="body">
{{ .Content }}
</div>
<footer class="terms">
{{ with .GetTerms "categories" }}<p><span class="label">{{ i18n "category" }}</span>{{ range . }}\
<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</p>
{{ end }}{{ with .GetTerms "tags" }}<p><span class="label">{{ i18n "tags" }}</span>{{ range $n, $t := . }}\
{{ if $n }} {{ end }}<a class="tag" href="{{ $t.RelPermalink }}" rel="tag">{{ $t.Title }}</a>{{ end }}</p>
{{ end }}</footer>
{{ partial "share.html" . }}</article>
{{ end }}
"""

# An article's Open Graph and Twitter tags and its JSON-LD, after the feed links as jiading's are.
HEAD_CARDS = """{{ $url := .Permalink }}{{ $image := "" }}{{ with .Params.images }}\
{{ $image = (index . 0) | absURL }}{{ end }}{{ $published := .Date.Format "2006-01-02T15:04:05-07:00" }}\
<meta property="og:url" content="{{ $url }}">
<meta property="og:type" content="article">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:description" content="{{ .Summary }}">
<meta property="og:site_name" content="{{ site.Title }}">
<meta property="og:locale" content="{{ site.Params.locale }}">
{{ range .Translations }}<meta property="og:locale:alternate" content="{{ .Site.Params.locale }}">
{{ end }}{{ with $image }}{{ $size := imageConfig (printf "static%s" (index $.Params.images 0)) }}\
<meta property="og:image" content="{{ . }}">
<meta property="og:image:type" content="image/png">
<meta property="og:image:width" content="{{ $size.Width }}">
<meta property="og:image:height" content="{{ $size.Height }}">
<meta property="og:image:alt" content="{{ $.Params.image_alt }}">
{{ end }}<meta property="article:published_time" content="{{ $published }}">
<meta property="article:author" content="{{ .Params.author }}">
{{ range .Params.categories }}<meta property="article:section" content="{{ . }}">
{{ end }}{{ range .Params.tags }}<meta property="article:tag" content="{{ . }}">
{{ end }}<meta name="twitter:card" content="{{ if $image }}summary_large_image{{ else }}summary{{ end }}">
<meta name="twitter:title" content="{{ .Title }}">
<meta name="twitter:description" content="{{ .Summary }}">
{{ with $image }}<meta name="twitter:image" content="{{ . }}">
<meta name="twitter:image:alt" content="{{ $.Params.image_alt }}">
{{ end }}{{ $data := dict "@context" "https://schema.org" "@type" "NewsArticle" "headline" .Title \
"description" .Summary "inLanguage" site.LanguageCode "datePublished" $published \
"dateModified" (.Lastmod.Format "2006-01-02T15:04:05-07:00") "mainEntityOfPage" $url "url" $url \
"author" (slice (dict "@type" "Organization" "name" .Params.author)) \
"publisher" (dict "@type" "Organization" "name" site.Title "url" (strings.TrimSuffix "/" site.BaseURL)) }}\
{{ with $image }}{{ $data = merge $data (dict "image" (slice .)) }}{{ end }}\
{{ with .Params.categories }}{{ $data = merge $data (dict "articleSection" (index . 0)) }}{{ end }}\
{{ with .Params.tags }}{{ $data = merge $data (dict "keywords" (delimit . ", ")) }}{{ end }}\
<script type="application/ld+json">
{{ $data | jsonify (dict "indent" "  ") | safeJS }}
</script>
"""

# Each target is the article's URL tagged with utm_medium=social, percent-encoded as jiading's are (Go's
# query escaping writes a space as "+", jiading as "%20").
SHARE = """{{ $url := .Permalink }}{{ $q := replace (urlquery (printf "%s?%s" $url site.Params.utm)) "+" "%20" }}\
{{ $title := replace (urlquery .Title) "+" "%20" }}{{ $tags := slice }}{{ range .Params.tags }}\
{{ $tags = $tags | append (printf "#%s#" .) }}{{ end }}\
{{ $weibo := replace (urlquery (printf "%s %s" .Title (delimit $tags " "))) "+" "%20" }}\
{{ $mail := printf "mailto:?subject=%s&body=%s%s%s" $title (replace (urlquery .Summary) "+" "%20") \
"%0D%0A%0D%0A" $q }}\
<nav class="sharebar" aria-label="{{ i18n "share" }}">
<ul>
<li><a class="share-facebook" href="{{ printf "https://www.facebook.com/sharer/sharer.php?u=%s" $q | safeURL }}" \
aria-label="{{ i18n "share_on" (dict "network" "Facebook") }}" target="_blank" rel="noopener">facebook</a></li>
<li><a class="share-linkedin" href="{{ printf "https://www.linkedin.com/sharing/share-offsite/?url=%s" $q | \
safeURL }}" \
aria-label="{{ i18n "share_on" (dict "network" "LinkedIn") }}" target="_blank" rel="noopener">linkedin</a></li>
<li><a class="share-email" href="{{ $mail | safeURL }}" aria-label="{{ i18n "share_by_email" }}">{{ i18n \
"email" }}</a></li>
{{ with site.Params.phone }}<li><a class="share-tel" href="tel:{{ replace . " " "" }}" \
aria-label="{{ i18n "call" (dict "phone" .) }}">{{ i18n "tel" }}</a></li>
{{ end }}<li class="more">
<details>
<summary aria-label="{{ i18n "more_ways" }}">{{ i18n "more" }}</summary>
<ul class="more-list">
<li><a class="share-x" href="{{ printf "https://x.com/intent/post?text=%s&url=%s" $title $q | safeURL }}" \
aria-label="{{ i18n "share_on" (dict "network" "X") }}" target="_blank" rel="noopener">X</a></li>
<li><a class="share-weibo" href="{{ printf "https://service.weibo.com/share/share.php?url=%s&title=%s" $q \
$weibo | safeURL }}\
{{ with .Params.images }}{{ printf "&pic=%s" (urlquery (index . 0 | absURL)) | safeURL }}{{ end }}" \
aria-label="{{ i18n "share_on" (dict "network" (i18n "weibo")) }}" target="_blank" rel="noopener">{{ i18n \
"weibo" }}</a></li>
<li><a class="share-telegram" href="{{ printf "https://t.me/share/url?url=%s&text=%s" $q $title | safeURL }}" \
aria-label="{{ i18n "share_on" (dict "network" "Telegram") }}" target="_blank" rel="noopener">Telegram</a></li>
<li class="copy">
<label>{{ i18n "article_link" }}<input type="url" readonly value="{{ $url }}"></label>
<button type="button" class="share-copy" data-url="{{ $url }}" data-done="{{ i18n "link_copied" }}" hidden>\
{{ i18n "copy_link" }}</button>
</li>
<li class="native"><button type="button" class="share-native" data-url="{{ $url }}" data-title="{{ .Title }}" hidden>\
{{ i18n "native_share" }}</button></li>
</ul>
</details>
</li>
<li class="share-label" aria-hidden="true">{{ i18n "share" }}</li>
</ul>
</nav>
"""

TEASER = """<li class="teaser" lang="{{ .Site.LanguageCode }}">
{{ with .Params.images }}<a class="thumb" href="{{ $.RelPermalink }}" tabindex="-1" aria-hidden="true">\
<img src="{{ index . 0 }}" alt="" loading="lazy"></a>
{{ end }}<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">\
{{ .Date.Format .Site.Params.dateFormat }}</time></p>
<p>{{ .Summary }}</p>
<p><a class="more-link" href="{{ .RelPermalink }}" aria-label="{{ i18n "read_more" }}{{ i18n "colon" }}{{ .Title }}">\
{{ i18n "read_more" }}</a></p>
</li>
"""

# A news list (a language's home page, a tag's or a category's page), 20 teasers to a page. Its heading and
# paginator are made in the "title" block, the first that the page around it (baseof.html) runs.
LIST = """{{ define "title" }}{{ $pages := .Pages }}{{ $heading := i18n "news" }}{{ if .IsHome }}\
{{ $pages = where site.RegularPages "Section" "news" }}{{ else if eq .Data.Plural "tags" }}\
{{ $heading = i18n "tag_title" (dict "name" .Title) }}{{ else }}{{ $heading = i18n "category_title" (dict \
"name" .Title) }}\
{{ end }}{{ $p := .Paginate $pages }}{{ .Scratch.Set "heading" $heading }}{{ .Scratch.Set "paginator" $p }}\
{{ if and (gt $p.PageNumber 1) $p.Pages }}{{ $format := site.Params.dateFormat }}\
{{ .Scratch.Set "heading" (i18n "dated" (dict "heading" $heading "newest" ((index $p.Pages 0).Date.Format $format) \
"oldest" ((index $p.Pages (sub (len $p.Pages) 1)).Date.Format $format))) }}{{ end }}\
{{ .Scratch.Get "heading" }} | {{ site.Title }}{{ end }}
{{ define "head" }}<meta name="description" content="{{ site.Params.description }}">
<link rel="canonical" href="{{ (.Scratch.Get "paginator").URL | absURL }}">
{{ end }}
{{ define "cards" }}{{ if .IsHome }}{{ partialCached "langfeeds.html" . site.Language.Lang }}{{ else }}\
{{ partial "feeds.html" (dict "page" . "name" .Title) }}{{ end }}{{ end }}
{{ define "crumbs" }}<nav class="breadcrumb wrap" aria-label="{{ i18n "breadcrumb" }}">
<ol>
<li><a href="/">{{ i18n "home" }}</a></li>
{{ if not .IsHome }}<li><a href="{{ site.Home.RelPermalink }}">{{ i18n "news" }}</a></li>
{{ end }}<li><span aria-current="page">{{ if .IsHome }}{{ i18n "news" }}{{ else }}{{ .Scratch.Get "heading" }}\
{{ end }}</span></li>
</ol>
</nav>
{{ end }}
{{ define "main" }}{{ $p := .Scratch.Get "paginator" }}<h1>{{ .Scratch.Get "heading" }}</h1>
{{ with $p.Pages }}<ul class="teasers">
{{ range . }}{{ partial "teaser.html" . }}{{ end }}</ul>
{{ else }}<p>{{ i18n "no_articles" }}</p>
{{ end }}{{ if or $p.HasPrev $p.HasNext }}<nav class="pagination" aria-label="{{ i18n "pagination" }}">
{{ with $p.Prev }}<a href="{{ .URL }}" rel="prev">{{ i18n "newer_articles" }}</a>
{{ end }}{{ with $p.Next }}<a href="{{ .URL }}" rel="next">{{ i18n "older_articles" }}</a>
{{ end }}</nav>
{{ end }}{{ end }}
"""

# The root page: Hugo writes a redirect to the default language's home at "/" for a site with every
# language in its own folder, and no page of its own there; this alias template makes that redirect the
# root page jiading writes (each language's newest five), and leaves any other alias a redirect.
ALIAS = """{{ if .Page }}<!DOCTYPE html><html><head><title>{{ .Permalink }}</title>\
<link rel="canonical" href="{{ .Permalink }}"><meta name="robots" content="noindex"><meta charset="utf-8">\
<meta http-equiv="refresh" content="0; url={{ .Permalink }}"></head></html>{{ else }}{{ partial "root.html" . \
}}{{ end }}
"""

ROOT = """<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ site.Title }}</title>
<meta name="description" content="{{ site.Params.description }}">
<link rel="canonical" href="{{ site.BaseURL }}">
{{ partial "feedlinks.html" . }}<link rel="stylesheet" href="/assets/jiading.css">
<script src="/assets/jiading.js" defer></script>
</head>
<body>
{{ partial "masthead.html" . }}<main id="content" class="wrap">
<h1>{{ site.Title }}</h1>
<p class="lede">{{ site.Params.description }}</p>
{{ range site.Home.AllTranslations }}<section class="section" lang="{{ .Site.LanguageCode }}">
<h2><a href="{{ .RelPermalink }}" hreflang="{{ .Site.LanguageCode }}">{{ .Language.LanguageName }}</a></h2>
<ul class="teasers compact">
{{ $format := .Site.Params.dateFormat }}{{ range first 5 (where .Site.RegularPages "Section" "news") }}\
<li class="teaser"><a href="{{ .RelPermalink }}">{{ .Title }}</a> \
<time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format $format }}</time></li>
{{ end }}</ul>
</section>
{{ end }}</main>
{{ partial "footer.html" . }}</body>
</html>
"""

# The page that gives the site's own feeds (of every language) their place at /feed.xml, /atom.xml and
# /feed.json: no HTML of its own, in no list.
ROOT_FEEDS = """---
title: Invest in Jiading
url: /
outputs: [RSS, Atom, JSONFeed]
_build:
  list: never
---
"""

NOT_FOUND = """{{ define "title" }}{{ i18n "not_found_title" }} | {{ site.Title }}{{ end }}
{{ define "head" }}<meta name="robots" content="noindex">
{{ end }}
{{ define "main" }}<h1>{{ i18n "not_found_title" }}</h1>
<p>{{ i18n "not_found_text" }}</p>
<ul>
{{ range site.Home.AllTranslations }}<li><a href="{{ .RelPermalink }}" lang="{{ .Site.LanguageCode }}" \
hreflang="{{ .Site.LanguageCode }}">{{ .Language.LanguageName }}</a></li>
{{ end }}</ul>
{{ end }}
"""

ROBOTS = """User-agent: *
Allow: /

Sitemap: {{ site.BaseURL }}sitemap.xml
"""

# The feeds' items: a list's newest 20 (the site's: of every language), full content.
ITEMS = """{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = where site.RegularPages "Section" "news" }}\
{{ else if eq .Kind "page" }}{{ $all := slice }}{{ range site.Home.AllTranslations }}\
{{ $all = $all | append (where .Site.RegularPages "Section" "news") }}{{ end }}\
{{ $pages = sort $all "Date" "desc" }}{{ end }}{{ return first site.Config.Services.RSS.Limit $pages }}"""

# A feed's title: the site's, and the language's or the term's for theirs.
FEED_TITLE = """{{ site.Title }}{{ if .IsHome }} ({{ site.Language.Lang }}){{ else if not .IsPage }} ({{ \
.Title }}){{ end }}"""

RSS = """{{ $items := partial "items.html" . }}{{ $self := (.OutputFormats.Get "RSS").Permalink }}\
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>{{ partial "feedtitle.html" . }}</title>
    <link>{{ if .IsPage }}{{ site.BaseURL }}{{ else }}{{ .Permalink }}{{ end }}</link>
    <description>{{ site.Params.description }}</description>
    <atom:link href="{{ $self }}" rel="self" type="application/rss+xml"/>
    <copyright>{{ site.Copyright }}</copyright>
    <generator>Hugo</generator>
    <language>{{ site.LanguageCode }}</language>
    {{ with $items }}<lastBuildDate>{{ (index . 0).Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" \
}}</lastBuildDate>{{ end }}
    {{ range $items }}<item>
      <title>{{ .Title | htmlEscape }}</title>
      <link>{{ .Permalink }}</link>
      <description>{{ .Summary | htmlEscape }}</description>
      <content:encoded>{{ .Content | htmlEscape }}</content:encoded>
      <pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" }}</pubDate>
      <guid isPermaLink="false">{{ .Params.id }}</guid>
      {{ range .Params.categories }}<category>{{ . | htmlEscape }}</category>{{ end }}
    </item>
    {{ end }}
  </channel>
</rss>
"""

ATOM = """{{ $items := partial "items.html" . }}{{ $self := (.OutputFormats.Get "Atom").Permalink }}\
<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{{ site.LanguageCode }}">
  <id>{{ $self }}</id>
  <title>{{ partial "feedtitle.html" . }}</title>
  {{ with $items }}<updated>{{ (index . 0).Lastmod.Format "2006-01-02T15:04:05-07:00" }}</updated>{{ end }}
  <author><name>{{ site.Params.author }}</name></author>
  <link href="{{ if .IsPage }}{{ site.BaseURL }}{{ else }}{{ .Permalink }}{{ end }}" rel="alternate" \
type="text/html"/>
  <link href="{{ $self }}" rel="self" type="application/atom+xml"/>
  <generator>Hugo</generator>
  <rights>{{ site.Copyright }}</rights>
  <subtitle>{{ site.Params.description }}</subtitle>
  {{ range $items }}<entry>
    <id>{{ .Params.id }}</id>
    <title>{{ .Title | htmlEscape }}</title>
    <updated>{{ .Lastmod.Format "2006-01-02T15:04:05-07:00" }}</updated>
    <published>{{ .Date.Format "2006-01-02T15:04:05-07:00" }}</published>
    <author><name>{{ .Params.author }}</name></author>
    <link href="{{ .Permalink }}" rel="alternate" type="text/html"/>
    <summary>{{ .Summary | htmlEscape }}</summary>
    <content type="html">{{ .Content | htmlEscape }}</content>
    {{ range .Params.tags }}<category term="{{ . }}"/>{{ end }}
  </entry>
  {{ end }}
</feed>
"""

JSON_FEED = """{{ $items := slice }}{{ range partial "items.html" . }}{{ $item := dict "id" .Params.id \
"url" .Permalink "title" .Title "content_html" .Content "summary" .Summary \
"date_published" (.Date.Format "2006-01-02T15:04:05-07:00") "date_modified" (.Lastmod.Format \
"2006-01-02T15:04:05-07:00") \
"authors" (slice (dict "name" .Params.author)) "tags" .Params.tags "language" .Site.LanguageCode }}\
{{ with .Params.images }}{{ $item = merge $item (dict "image" (index . 0 | absURL)) }}{{ end }}\
{{ $items = $items | append $item }}{{ end }}\
{{ dict "version" "https://jsonfeed.org/version/1.1" "title" (partial "feedtitle.html" .) \
"home_page_url" (strings.TrimSuffix "/" site.BaseURL) "feed_url" (.OutputFormats.Get "JSONFeed").Permalink \
"description" site.Params.description "language" site.LanguageCode \
"authors" (slice (dict "name" site.Params.author)) "items" $items | jsonify (dict "indent" "  ") }}
"""

# Markdown's images and links as jiading writes them: an image beside the articles at its public address, a
# link to the site's own address as a path.
RENDER_IMAGE = """<img src="{{ replace .Destination "../../images/" "/images/" }}" alt="{{ .Text }}"\
{{ with .Title }} title="{{ . }}"{{ end }} />"""

RENDER_LINK = """<a href="{{ strings.TrimPrefix (strings.TrimSuffix "/" site.BaseURL) .Destination | safeURL }}"\
{{ with .Title }} title="{{ . }}"{{ end }}>{{ .Text | safeHTML }}</a>"""

STYLESHEET = """body{margin:0;font:16px/1.6 system-ui,sans-serif;color:#222}.wrap{max-width:46rem;margin:0 \
auto;padding:0 1rem}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem}.masthead{border-bottom:1px solid #ddd}
.sitenav ul,.languages ul,.breadcrumb ol,.sharebar ul,.teasers{list-style:none;padding:0}
.sitenav li,.languages li,.breadcrumb li,.sharebar li{display:inline-block;margin-right:.75rem}
.teaser{margin:1.5rem 0}.thumb img{float:right;width:96px;height:auto}.meta{color:#666;font-size:.9rem}
.lead img{max-width:100%;height:auto}.footer{border-top:1px solid #ddd;margin-top:3rem;font-size:.9rem}
"""

SCRIPT = """document.querySelectorAll("[data-url]").forEach(function(b){b.hidden=false});
"""


def site_files(theme: str, base_url: str) -> dict[str, str]:
    """The Hugo site's own files of ``theme`` but its articles and images, by their path in the site."""
    if theme == "bare":
        return {
            "hugo.toml": BARE_TOML.replace("{base}", base_url),
            "layouts/_default/single.html": BARE_SINGLE,
            "layouts/_default/list.html": BARE_LIST,
        }
    return {
        "hugo.toml": SAME_TOML.replace("{base}", base_url),
        "i18n/en.toml": I18N_EN,
        "i18n/zh-cn.toml": I18N_ZH,
        "layouts/_default/baseof.html": BASEOF,
        "layouts/_default/single.html": SINGLE,
        "layouts/_default/list.html": LIST,
        "layouts/_default/list.rss.xml": RSS,
        "layouts/_default/list.atom.xml": ATOM,
        "layouts/_default/single.atom.xml": ATOM,
        "layouts/_default/list.jsonfeed.json": JSON_FEED,
        "layouts/_default/single.jsonfeed.json": JSON_FEED,
        "layouts/_default/single.rss.xml": RSS,
        "layouts/404.html": NOT_FOUND,
        "layouts/_default/_markup/render-image.html": RENDER_IMAGE,
        "layouts/_default/_markup/render-link.html": RENDER_LINK,
        "layouts/alias.html": ALIAS,
        "layouts/robots.txt": ROBOTS,
        "layouts/partials/masthead.html": MASTHEAD,
        "layouts/partials/feedlinks.html": FEEDLINKS,
        "layouts/partials/langfeeds.html": LANGFEEDS,
        "layouts/partials/feeds.html": FEEDS,
        "layouts/partials/footer.html": FOOTER,
        "layouts/partials/head-cards.html": HEAD_CARDS,
        "layouts/partials/share.html": SHARE,
        "layouts/partials/teaser.html": TEASER,
        "layouts/partials/root.html": ROOT,
        "layouts/partials/items.html": ITEMS,
        "layouts/partials/feedtitle.html": FEED_TITLE,
        "content/en/root.md": ROOT_FEEDS,
        "static/assets/jiading.css": STYLESHEET,
        "static/assets/jiading.js": SCRIPT,
    }
