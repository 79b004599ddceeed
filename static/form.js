// Progressive enhancement only: the form works without this file.
(function () {
  "use strict";
  function focusFirst() {
    var summary = document.getElementById("felsammanfattning");
    if (summary) {
      summary.focus();
      return;
    }
    var thanks = document.getElementById("tack");
    if (thanks) thanks.focus();
  }
  // Links in the error summary move focus to the field, not just scroll to it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".error-summary a");
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (target) {
      event.preventDefault();
      target.scrollIntoView({ block: "center" });
      target.focus();
    }
  });
  // Guard against a double click sending the form twice.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.sent === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "1";
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusFirst);
  } else {
    focusFirst();
  }
})();
