// Client-side chrome of the example site. Its strings come from the i18next JSON that
// `i18n-pipeline build-site` exports from the PO catalogs (static/i18n/<lang>/messages.json).
"use strict";

document.addEventListener("DOMContentLoaded", async () => {
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

  await loadCatalog(document.body.dataset.i18n);
  const counter = document.querySelector(".new-comments");
  const input = document.querySelector(".new-comments-count");
  const render = () => {
    const count = Number(input?.value ?? counter.dataset.count);
    // Translators: shown while the reader is on the page; "count" is a number.
    counter.textContent = ngettext("%(count)s new comment", "%(count)s new comments", count);
    counter.dataset.rendered = "true";
  };
  if (counter) {
    render();
    input?.addEventListener("input", render);
  }
});

function showLoading(element) {
  element.textContent = gettext("Loading…");
}

// A tiny i18next-compatible lookup (no library, no CDN) over one flat namespace whose keys are
// the msgids: `key`, `key_context`, and plural keys with the CLDR category that
// Intl.PluralRules gives for the page's language (`key_one`, `key_few`, `key_many`, `key_other`).
const i18n = { lang: document.documentElement.lang || "en", resources: {} };

async function loadCatalog(url) {
  if (!url) return; // the source language needs no catalog
  try {
    const response = await fetch(url);
    if (response.ok) i18n.resources = await response.json();
  } catch (error) {
    console.warn("i18n: cannot load", url, error);
  }
}

function t(key, options = {}) {
  const base = options.context ? `${key}_${options.context}` : key;
  const keys = [];
  if (options.count !== undefined) {
    const category = new Intl.PluralRules(i18n.lang).select(options.count);
    keys.push(`${base}_${category}`, `${base}_other`);
  }
  keys.push(base);
  const found = keys.find((k) => typeof i18n.resources[k] === "string");
  return interpolate(found ? i18n.resources[found] : options.defaultValue ?? key, options);
}

// i18next's {{name}}, and Python's %(name)s in untranslated (source) strings.
function interpolate(text, values) {
  return text.replace(/\{\{\s*(\w+)\s*\}\}|%\((\w+)\)[sd]/g, (match, curly, percent) => {
    const name = curly ?? percent;
    return name in values ? String(values[name]) : match;
  });
}

// gettext-shaped names, so that `i18n-pipeline extract` (Babel's JavaScript keywords) finds
// the strings; each one is an i18next lookup with the source text as the default value.
function gettext(msgid) {
  return t(msgid, { defaultValue: msgid });
}

function pgettext(context, msgid) {
  return t(msgid, { context, defaultValue: msgid });
}

function ngettext(singular, plural, count) {
  const english = new Intl.PluralRules("en").select(count) === "one" ? singular : plural;
  return t(singular, { count, defaultValue: english });
}
