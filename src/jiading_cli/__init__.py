"""jiading: publish and syndicate a bilingual news section from Markdown files."""

__version__ = "0.1.0"
