"""A site's catalogs end to end, and its articles as page blocks in a reader's language.

`build_site` runs the steps a site's build needs, in order: extract the UI strings, merge them
into each locale's catalog, fill new entries by machine (fuzzy), translate the articles, bring in
reviewed human translations (TMX), compile MO files, and export i18next JSON for the browser.
Each step is the library function behind a command; nothing here translates on its own.
`read_article` gives the example site an article's blocks with the language each is shown in.
"""

from i18n_pipeline.site.articles import PAGE_KINDS, Article, PageBlock, read_article
from i18n_pipeline.site.build import SiteBuild, build_site

__all__ = [
    "PAGE_KINDS",
    "Article",
    "PageBlock",
    "SiteBuild",
    "build_site",
    "read_article",
]
