// Quick exit (accounts.discreet.views): the link works without this file; here it leaves with
// location.replace(), so the page the member was on is not in the history to go Back to, and
// pressing Escape three times (within two seconds) does the same from anywhere on the page.
"use strict";

(function () {
  const link = document.querySelector("a[data-quick-exit]");
  if (!link) return;
  const WINDOW_MS = 2000;
  let presses = [];

  const leave = () => {
    document.body.hidden = true; // nothing lingers on screen while the next page loads
    window.location.replace(link.href);
  };

  link.addEventListener("click", (event) => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    leave();
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const now = Date.now();
    presses = presses.filter((time) => now - time < WINDOW_MS);
    presses.push(now);
    if (presses.length >= 3) leave();
  });
})();
