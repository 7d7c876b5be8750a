"""Choosing and trusting models on the site's own text: `evaluate` (machine translations of
reviewed entries scored against the human ones with sacrebleu) and `align` (existing bilingual
articles turned into a translation memory). Uses the engines and reads catalogs, never writes
them."""
