// Progressive enhancement only: every page works without this file.
// The menus are <details> disclosures (they open and close without JavaScript); here they
// also close on Escape (focus back on their button), on a click elsewhere, and one at a time.
"use strict";

(function () {
  const menus = () => document.querySelectorAll("details[data-menu][open]");

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    menus().forEach((menu) => {
      menu.open = false;
      if (menu.contains(document.activeElement)) menu.querySelector("summary").focus();
    });
  });

  document.addEventListener("click", (event) => {
    menus().forEach((menu) => {
      if (!menu.contains(event.target)) menu.open = false;
    });
  });

  document.addEventListener(
    "toggle",
    (event) => {
      const opened = event.target;
      if (!opened.matches || !opened.matches("details[data-menu]") || !opened.open) return;
      menus().forEach((menu) => {
        if (menu !== opened) menu.open = false;
      });
    },
    true
  );
})();
