// crosswire web app: small progressive enhancements; every page works without this file.
"use strict";

// Article page: bring the cited passage (#hl) to the middle of the screen and flash it.
function showCitedPassage() {
  const mark = document.getElementById("hl");
  if (!mark) return;
  mark.scrollIntoView({ block: "center" });
  mark.classList.add("flash");
}

// Story page: hovering a citation mark highlights its source in the sources list.
function linkCitationsToSources() {
  const sources = document.getElementById("sources");
  if (!sources) return;
  document.querySelectorAll("a.cite, a.ref").forEach((cite) => {
    const row = document.getElementById("src-" + cite.textContent.replace(/\D/g, ""));
    if (!row) return;
    cite.addEventListener("mouseenter", () => row.classList.add("active"));
    cite.addEventListener("mouseleave", () => row.classList.remove("active"));
  });
}

document.addEventListener("DOMContentLoaded", () => {
  showCitedPassage();
  linkCitationsToSources();
});
