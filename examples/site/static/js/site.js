// Client-side chrome of the example site. gettext, ngettext and interpolate come from a
// JavaScript catalog built from the same PO files (Django's jsi18n shape).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const banner = document.querySelector(".cookie-banner");
  banner?.querySelector(".close")?.addEventListener("click", () => banner.remove());

  const toggle = document.querySelector(".menu-toggle");
  toggle?.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", String(!open));
    toggle.textContent = open ? pgettext("menu", "Open") : gettext("Close");
  });

  for (const button of document.querySelectorAll(".share")) {
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(window.location.href);
      button.textContent = gettext("Link copied");
    });
  }

  const counter = document.querySelector(".new-comments");
  if (counter) {
    const count = Number(counter.dataset.count);
    // Translators: shown while the reader is on the page; "count" is a number.
    const text = ngettext("%(count)s new comment", "%(count)s new comments", count);
    counter.textContent = interpolate(text, { count }, true);
  }
});

function showLoading(element) {
  element.textContent = gettext("Loading…");
}
