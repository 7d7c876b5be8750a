"""Read an article (.txt, .md, .html) into blocks with their source lines; render it back.

A ``Document`` is the article's metadata plus its blocks in reading order. Each ``Block`` carries
what a translator needs (``kind``, ``text``, ``line``) and, hidden from comparison and repr, where
it came from in the source, so that ``render_document`` can write a translated copy of the article
in the input's own format, leaving everything that is not a translatable block byte for byte alone
(for .txt and .md) or element for element alone (for .html).

Readers:

* text: blank-line separated, possibly hard-wrapped paragraphs, or scraped pages with one
  paragraph per line. Site chrome (logo, menus, byline, "See also" lists, footer) is recognised by
  the heuristics in ``_classify_text_units``.
* markdown: markdown-it-py tokens; a block's text is its raw inline Markdown taken from the source.
* html: lxml for the page and its source lines; trafilatura decides which elements are the article.
"""

from i18n_pipeline.documents.html import HtmlLimitError as HtmlLimitError
from i18n_pipeline.documents.model import BLOCK_KINDS as BLOCK_KINDS
from i18n_pipeline.documents.model import FORMATS as FORMATS
from i18n_pipeline.documents.model import Block as Block
from i18n_pipeline.documents.model import Document as Document
from i18n_pipeline.documents.reading import MAX_ARTICLE_BYTES as MAX_ARTICLE_BYTES
from i18n_pipeline.documents.reading import decode_article as decode_article
from i18n_pipeline.documents.reading import detect_format as detect_format
from i18n_pipeline.documents.reading import read_document as read_document
from i18n_pipeline.documents.render import document_to_dict as document_to_dict
from i18n_pipeline.documents.render import render_document as render_document
