// Driftwood example site: remembers the reader's dark-mode choice.
(function () {
  "use strict";
  var KEY = "driftwood-theme";
  var root = document.documentElement;

  function apply(theme) {
    root.classList.toggle("dark", theme === "dark");
  }

  try {
    apply(localStorage.getItem(KEY));
  } catch (e) {
    // Storage can be blocked (private mode); the light theme is fine.
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".theme-toggle");
    if (!button) return;
    button.addEventListener("click", function () {
      var next = root.classList.contains("dark") ? "light" : "dark";
      apply(next);
      try { localStorage.setItem(KEY, next); } catch (e) { /* ignore */ }
    });
  });
})();
