<?xml version="1.0" encoding="UTF-8"?>
<!-- Shows an RSS 2.0 or Atom 1.0 feed as a page when it is opened in a browser; feed readers ignore it. The feed's
     title and description and each item take the direction of their own text (dir="auto"): an Arabic or Hebrew
     item reads right to left, whatever the feed's language. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" exclude-result-prefixes="atom dc">
<xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>
<xsl:template match="/">
<xsl:variable name="title" select="rss/channel/title | atom:feed/atom:title"/>
<xsl:variable name="self" select="rss/channel/atom:link[@rel='self']/@href | atom:feed/atom:link[@rel='self']/@href"/>
<html lang="{rss/channel/language | atom:feed/@xml:lang}">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title><xsl:value-of select="$title"/> (feed)</title>
<style>
body { margin: 0 auto; max-width: 46rem; padding: 1rem; font: 16px/1.6 -apple-system, "Segoe UI", Roboto, Arial, "Noto Sans CJK SC", sans-serif; color: #1d2430; overflow-wrap: break-word; overflow-wrap: anywhere; }
.about { background: #eef4fb; border: 1px solid #b9d3ee; border-radius: 6px; padding: .75rem 1rem; }
.about code { display: block; background: #fff; padding: .4rem; margin-top: .4rem; overflow-wrap: anywhere; }
.item { border-bottom: 1px solid #dfe3ea; padding: .75rem 0; }
.item h2 { font-size: 1.2rem; margin: 0 0 .25rem; }
.date { color: #5b6472; font-size: .9rem; }
</style>
</head>
<body>
<h1 id="feed-title" dir="auto"><xsl:value-of select="$title"/></h1>
<p dir="auto"><xsl:call-template name="shown"><xsl:with-param name="text" select="rss/channel/description"/></xsl:call-template><xsl:value-of select="atom:feed/atom:subtitle"/></p>
<div class="about">
<strong>This is a news feed.</strong> To subscribe, copy its address into a feed reader (Feedly, Inoreader,
NetNewsWire, Thunderbird or any other):
<code id="feed-address" data-href="{$self}"><xsl:value-of select="$self"/></code>
</div>
<script>
  /* A feed may name itself by a relative reference (a preview does): show the address a reader needs. */
  var address = document.getElementById("feed-address");
  address.textContent = new URL(address.dataset.href || location.href, location.href).href;
</script>
<xsl:apply-templates select="rss/channel/item | atom:feed/atom:entry"/>
</body>
</html>
</xsl:template>
<xsl:template match="item">
<article class="item" dir="auto">
<xsl:if test="dc:language"><xsl:attribute name="lang"><xsl:value-of select="dc:language"/></xsl:attribute></xsl:if>
<h2><a href="{link}"><xsl:value-of select="title"/></a></h2>
<p class="date"><xsl:value-of select="pubDate"/></p>
<p><xsl:call-template name="shown"><xsl:with-param name="text" select="description"/></xsl:call-template></p>
</article>
</xsl:template>
<xsl:template match="atom:entry">
<article class="item" dir="auto">
<xsl:if test="@xml:lang"><xsl:attribute name="lang"><xsl:value-of select="@xml:lang"/></xsl:attribute></xsl:if>
<h2><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h2>
<p class="date"><xsl:value-of select="atom:published"/></p>
<p><xsl:value-of select="atom:summary"/></p>
</article>
</xsl:template>
<!-- An RSS description is HTML: a summary's text with its &, < and > escaped, shown here as written (a reader shows
     "a &amp; b" as "a & b"); one holding a tag is the body of an item without a summary, and is not shown, as the
     Atom page shows no summary for it. -->
<xsl:template name="shown">
<xsl:param name="text"/>
<xsl:if test="not(contains($text, '&lt;'))"><xsl:call-template name="unescaped"><xsl:with-param name="html" select="string($text)"/></xsl:call-template></xsl:if>
</xsl:template>
<!-- A long text is cut in two and each half unescaped on its own, so that the nesting of calls grows with the log of
     its length (a browser stops a transform nested 3000 calls and variables deep, past a description of 1500 '&' when
     each took a call) and each character is copied once a level. A cut falls just before an '&' (no '&lt;', '&gt;'
     or '&amp;' holds a second one), or, where none is in the second half, four characters into it, past the end of
     any of the three begun in the first. -->
<xsl:template name="unescaped">
<xsl:param name="html"/>
<xsl:choose>
<xsl:when test="not(contains($html, '&amp;'))"><xsl:value-of select="$html"/></xsl:when>
<xsl:when test="string-length($html) &gt; 16">
<xsl:variable name="half" select="floor(string-length($html) div 2)"/>
<xsl:variable name="after" select="substring($html, $half + 1)"/>
<xsl:variable name="cut" select="$half + 4 + (string-length(substring-before($after, '&amp;')) - 4) * contains($after, '&amp;')"/>
<xsl:call-template name="unescaped"><xsl:with-param name="html" select="substring($html, 1, $cut)"/></xsl:call-template>
<xsl:call-template name="unescaped"><xsl:with-param name="html" select="substring($html, $cut + 1)"/></xsl:call-template>
</xsl:when>
<xsl:otherwise>
<xsl:value-of select="substring-before($html, '&amp;')"/>
<xsl:variable name="rest" select="substring-after($html, '&amp;')"/>
<xsl:variable name="name" select="substring-before($rest, ';')"/>
<xsl:choose>
<xsl:when test="$name = 'lt'">&lt;</xsl:when>
<xsl:when test="$name = 'gt'">&gt;</xsl:when>
<xsl:when test="$name = 'amp'">&amp;</xsl:when>
<xsl:otherwise>&amp;</xsl:otherwise>
</xsl:choose>
<xsl:call-template name="unescaped">
<xsl:with-param name="html" select="substring($rest, 1 + (string-length($name) + 1) * ($name = 'lt' or $name = 'gt' or $name = 'amp'))"/>
</xsl:call-template>
</xsl:otherwise>
</xsl:choose>
</xsl:template>
</xsl:stylesheet>
