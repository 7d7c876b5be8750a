"""A site's catalogs end to end, and its articles as page blocks in a reader's language.

`build_site` runs the steps a site's build needs, in order: extract the UI strings, merge them
into each locale's catalog, fill new entries by machine (fuzzy), translate the articles, bring in
reviewed human translations (TMX), compile MO files, and export i18next JSON for the browser.
Each step is the library function behind a command; nothing here translates on its own.
`read_article` gives the example site an article's blocks with the language each is shown in.
"""

from i18n_pipeline.site.articles import PAGE_KINDS as PAGE_KINDS
from i18n_pipeline.site.articles import Article as Article
from i18n_pipeline.site.articles import PageBlock as PageBlock
from i18n_pipeline.site.articles import read_article as read_article
from i18n_pipeline.site.build import SiteBuild as SiteBuild
from i18n_pipeline.site.build import build_site as build_site
