// Builds static/vendor (git-ignored) from node_modules: `make install` runs it after `npm ci`,
// and again whenever a template or our base CSS changes (Makefile).
//  - vendor/holdfast.css, the one stylesheet every page links: assets/bootstrap.scss (the
//    Bootstrap parts we use) compiled by Sass, of which PurgeCSS keeps only the selectors a
//    template, our JavaScript or a form library's template (crispy-bootstrap5, allauth) can
//    produce; then our own stylesheets (static/css/: the design system in holdfast.css, and
//    accounts, forum, moderation, data_rights, streak), minified. One file, one request,
//    cached for the whole site, and gzip finds more to share in one file than in seven.
//    A declaration of Bootstrap's that ours repeats for the same selector is left out, and so
//    is a custom property that nothing reads; csso minifies the whole.
//  - vendor/icons.svg: one sprite of the Lucide icons the templates name ({% icon "x" %}),
//    served from our origin (no icon font, no CDN, no emoji).
// No Bootstrap JavaScript is shipped: menus are <details> and our own static/js.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync, readdirSync, statSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";
import { PurgeCSS } from "purgecss";
import { minify } from "csso";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vendor = join(root, "static", "vendor");
mkdirSync(vendor, { recursive: true });

function walk(dir, test, found = []) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return found;
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, test, found);
    else if (test(name)) found.push(path);
  }
  return found;
}

// The templates of the Python packages whose markup reaches our pages.
function sitePackages() {
  const python = join(root, ".venv", "bin", "python");
  try {
    return execFileSync(python, ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
      .toString()
      .trim();
  } catch {
    return null;
  }
}

const html = (name) => name.endsWith(".html");
const content = [
  ...walk(join(root, "templates"), html),
  ...walk(join(root, "static", "js"), (name) => name.endsWith(".js")),
  // Python that writes class names into HTML (form widgets' attrs, template tags).
  ...["accounts", "core", "forum", "moderation", "pagecache", "config"].flatMap((app) =>
    walk(join(root, app), (name) => name.endsWith(".py") && !name.startsWith("test"))
  ),
];
const packages = sitePackages();
// crispy-bootstrap5 renders our form fields ({{ form|crispy }}, |as_crispy_field); its
// layouts we never use (tabs, accordions, modals, floating labels, switches, file inputs)
// are left out, or their CSS would all come back.
const unusedLayouts = /(accordion|tab|modal|floating|switch|field_file|alert|formset|multifield)/;
if (packages) {
  const crispy = join(packages, "crispy_bootstrap5", "templates");
  content.push(...walk(crispy, (name) => html(name) && !unusedLayouts.test(name)));
  content.push(...walk(join(packages, "allauth", "templates"), html));
}

// --- CSS ---------------------------------------------------------------------------------
const compiled = sass.compile(join(root, "assets", "bootstrap.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "color-functions", "if-function"],
});
// Every stylesheet of ours, in one file: one request for the whole site, cached once.
const ours = ["holdfast", "accounts", "forum", "moderation", "data_rights", "streak"].map(
  (name) => sass.compile(join(root, "static", "css", `${name}.css`), { style: "compressed" }).css
);
// Ours goes through PurgeCSS too, untouched (the ignore comments), so that a custom property of
// Bootstrap's that nothing reads, in its CSS or ours, is dropped (variables: true).
const ignored = (css) => `/* purgecss start ignore */${css}/* purgecss end ignore */`;
const [purged] = await new PurgeCSS().purge({
  content,
  css: [{ raw: compiled.css + ignored(ours.join("\n")) }],
  // The one class a template builds from a value: a flash message's level
  // (components/_messages.html). Everything else is written out whole somewhere.
  safelist: { standard: [/^alert-(info|success|warning|danger)$/] },
  // Named in allauth's or crispy's templates but never on our pages; and the text-bg-*
  // badges, whose theme-aware colours holdfast.css sets itself.
  blocklist: [/^btn-(outline-)?(primary|secondary|success|info|warning|danger|light|dark)$/, /^link-/, /^(abbr|address|kbd|samp|sub|sup|iframe|progress|output|optgroup)$/, /^text-bg-/,
    /^(col-form-label|form-check-inline|valid-feedback|valid-tooltip|invalid-tooltip|has-validation|is-valid|was-validated)$/,
    /form-floating/, /form-switch/, /^input-group-text$/, /^alert-heading$/, /nav-tabs/, /nav-underline/, /btn-close/, /btn-check/, /btn-group/, /btn-lg/, /form-range/, /form-control-color/, /form-control-plaintext/],
  variables: true,
  keyframes: false, // Bootstrap's parts here have none; ours are all used
});
// Bootstrap's :root block is dropped: the custom properties its components read are defined
// once, per theme, by our tokens (static/css/holdfast.css), and the button colours there too.
const oursCss = ours.join("\n");
const at = purged.css.indexOf(oursCss);
if (at < 0) throw new Error("PurgeCSS changed our stylesheets: check the ignore comments");
const css = purged.css.slice(0, at).replace(/^\uFEFF?:root(,\[data-bs-theme=light\])?\{[^}]*\}/, "");
if (css === purged.css.slice(0, at)) throw new Error("Bootstrap's :root block was not found: update build-assets.mjs");
// So are the rules that draw checkboxes, radios, the select arrow and the valid/invalid marks
// as SVG images: ours are the browser's own controls in our accent colour (holdfast.css).
// And the fixes for form parts no page has (file pickers, number spinners, colour swatches).
const NEVER_SHOWN = /file-selector-button|::-webkit-(inner-spin|outer-spin|search|color-swatch|file-upload)|::-moz-focus-inner|:-moz-ui-invalid|::-moz-placeholder/;
const topLevelRules = (text) => {
  const found = [];
  let depth = 0;
  let rule = "";
  for (const char of text) {
    rule += char;
    if (char === "{") depth += 1;
    if (char === "}" && --depth === 0) {
      found.push(rule);
      rule = "";
    }
  }
  return found;
};
// A declaration of Bootstrap's that ours makes again for the very same selector never applies
// (ours comes later and wins): .btn's colours, .card's and .table's, are left out.
const declarations = (rule) => rule.slice(rule.indexOf("{") + 1, -1).split(";").filter(Boolean);
const property = (declaration) => declaration.slice(0, declaration.indexOf(":")).trim();
const oursSets = new Map();
for (const rule of topLevelRules(oursCss)) {
  if (rule.startsWith("@")) continue;
  const selector = rule.slice(0, rule.indexOf("{"));
  const set = oursSets.get(selector) ?? new Set();
  for (const declaration of declarations(rule)) {
    if (!declaration.includes("!important")) set.add(property(declaration));
  }
  oursSets.set(selector, set);
}
const withoutOverridden = (rule) => {
  const selector = rule.slice(0, rule.indexOf("{"));
  const set = oursSets.get(selector);
  if (!set) return rule;
  const kept = declarations(rule).filter((d) => d.includes("!important") || !set.has(property(d)));
  return kept.length ? `${selector}{${kept.join(";")}}` : "";
};
// Except the select's own rule: Bootstrap keeps its arrow (a custom property) beside its box
// (block, full width, padding, border, radius). Only the arrow goes; without the box a
// select was the browser's small inline one beside its label.
const SELECT = ".form-select{";
const ARROW = /^(--bs-form-select-bg-img|background-(image|repeat|position|size)|appearance)$/;
const selectBox = (rule) =>
  `${SELECT}${declarations(rule).filter((d) => !ARROW.test(property(d))).join(";")}}`;
const rules = topLevelRules(css)
  .map((rule) => (rule.startsWith(SELECT) ? selectBox(rule) : rule))
  .filter((rule) => !rule.includes("data:image/svg") && !NEVER_SHOWN.test(rule.split("{")[0]))
  .map((rule) => (rule.startsWith("@") ? rule : withoutOverridden(rule)));
// csso shortens what Sass leaves long (colours, zeros, repeated selectors side by side);
// restructure is off: it would move rules across each other, and order is our cascade.
const bundle = minify([rules.join(""), oursCss].join("\n"), { restructure: false }).css;
writeFileSync(join(vendor, "holdfast.css"), bundle);

// --- Icons -------------------------------------------------------------------------------
const iconDir = join(root, "node_modules", "lucide-static", "icons");
const used = new Set();
const iconTag = /\{%\s*icon\s+["']([a-z0-9-]+)["']/g;
const iconArg = /\bicon=["']([a-z0-9-]+)["']/g;
const iconDefault = /\{%\s*icon\s+[^%]*?default:["']([a-z0-9-]+)["']/g;
for (const file of walk(join(root, "templates"), html)) {
  const text = readFileSync(file, "utf8");
  for (const pattern of [iconTag, iconArg, iconDefault]) {
    for (const match of text.matchAll(pattern)) used.add(match[1]);
  }
}
const symbols = [...used].sort().map((name) => {
  const svg = readFileSync(join(iconDir, `${name}.svg`), "utf8");
  const inner = svg.replace(/^[\s\S]*?<svg[^>]*>/, "").replace(/<\/svg>\s*$/, "").trim();
  return `<symbol id="${name}" viewBox="0 0 24 24">${inner}</symbol>`;
});
writeFileSync(
  join(vendor, "icons.svg"),
  '<svg xmlns="http://www.w3.org/2000/svg">' +
    "<!-- Lucide icons (lucide-static), ISC licence: https://lucide.dev/license -->" +
    symbols.join("") + "</svg>\n"
);
console.log(`static/vendor: holdfast.css ${bundle.length} bytes, icons.svg ${symbols.length} icons`);
