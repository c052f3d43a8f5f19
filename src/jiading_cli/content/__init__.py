"""Reading content: front matter, Markdown, slugs, and where articles and their files live."""
