"""QA on catalogs: checks, progress counts, the review loop and the HTML report."""
