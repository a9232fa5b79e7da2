/* Youth picker: inside [data-youth-picker], a click on a search result [data-youth-pick] fills the hidden
   input[data-youth-picker-input] with the record id, shows its label in [data-youth-picker-label] and clears the
   results. The results come from GET /jeunes/recherche/?q=… (htmx). A "change" event is fired on the hidden input. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var pick = event.target.closest("[data-youth-pick]");
    if (pick) {
      var picker = pick.closest("[data-youth-picker]");
      if (!picker) { return; }
      event.preventDefault();
      var input = picker.querySelector("input[data-youth-picker-input]");
      var label = picker.querySelector("[data-youth-picker-label]");
      var results = picker.querySelector("[data-youth-picker-results]");
      var search = picker.querySelector("[data-youth-picker-search]");
      if (input) {
        input.value = pick.getAttribute("data-youth-pick");
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
      if (label) {
        label.textContent = pick.getAttribute("data-youth-label");
        label.classList.remove("d-none");
      }
      if (results) { results.innerHTML = ""; }
      if (search) { search.value = ""; }
      return;
    }
    var clear = event.target.closest("[data-youth-picker-clear]");
    if (clear) {
      var box = clear.closest("[data-youth-picker]");
      if (!box) { return; }
      event.preventDefault();
      var hidden = box.querySelector("input[data-youth-picker-input]");
      var shown = box.querySelector("[data-youth-picker-label]");
      if (hidden) { hidden.value = ""; hidden.dispatchEvent(new Event("change", { bubbles: true })); }
      if (shown) { shown.textContent = ""; shown.classList.add("d-none"); }
    }
  });
})();
