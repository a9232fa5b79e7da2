// Session log page: show "through whom" only for encounters through the entourage, and reset a row form once
// its row was added (htmx). Event delegation, so that forms swapped in by htmx keep working.
(function () {
  "use strict";

  function syncEntourage(form) {
    var channel = form.querySelector("select[name='channel']");
    var kinds = form.querySelectorAll("[data-entourage-kind]");
    if (!channel || !kinds.length) { return; }
    kinds.forEach(function (kind) { kind.classList.toggle("d-none", channel.value !== "entourage"); });
  }

  function syncAll() {
    document.querySelectorAll(".tally-form").forEach(syncEntourage);
  }

  document.addEventListener("change", function (event) {
    var form = event.target.closest(".tally-form");
    if (form && event.target.name === "channel") { syncEntourage(form); }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form || !form.matches || !form.matches("form[data-reset-on-success]")) { return; }
    var retargeted = event.detail.xhr && event.detail.xhr.getResponseHeader("HX-Retarget");
    if (event.detail.successful && !retargeted) {
      form.reset();
      // each entry carries its own one-time token (a double click sends the same one, and creates one row)
      var next = event.detail.xhr.getResponseHeader("X-Next-Submission-Token");
      form.querySelectorAll("input[data-submission-token]").forEach(function (input) { if (next) { input.value = next; } });
      form.querySelectorAll("input[type='hidden'][data-youth-picker-input]").forEach(function (input) { input.value = ""; });
      form.querySelectorAll("[data-youth-picker-label]").forEach(function (label) {
        label.textContent = "";
        label.classList.add("d-none");
      });
      form.querySelectorAll("[data-youth-picker-results]").forEach(function (results) { results.innerHTML = ""; });
      syncEntourage(form);
      var first = form.querySelector("input[type='number'], input[type='search']");
      if (first) { first.focus(); }
    }
  });

  document.addEventListener("htmx:afterSwap", syncAll);
  document.addEventListener("DOMContentLoaded", syncAll);
})();
