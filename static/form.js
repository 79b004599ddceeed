// Progressive enhancement only: the form works without this file.
(function () {
  "use strict";
  var embedded = document.body.classList.contains("embed") && window.parent !== window;
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  function focusFirst() {
    var summary = document.getElementById("felsammanfattning");
    var thanks = document.getElementById("tack");
    var target = summary || thanks;
    if (target) target.focus({ preventScroll: embedded });
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
  // Back from the thank-you page the browser may show this very page again from its
  // back-forward cache, guard still set: let the button send again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    Array.prototype.forEach.call(document.forms, function (form) {
      delete form.dataset.sent;
    });
    dropStaleErrors();
  });

  // Back (or forward) to a page of errors, the way the thank-you page tells the buyer to
  // correct: the errors were about answers sent since, and the browser has refilled the fields
  // with the latest ones. Drop them, with everything that points at them; the server checks
  // the answers again when they are sent.
  function dropStaleErrors() {
    var summary = document.getElementById("felsammanfattning");
    if (!summary || !summary.hasAttribute("data-stale-on-return")) return;
    var gone = {};
    summary.remove();
    each(document.querySelectorAll(".field-error"), function (error) {
      if (error.id) gone[error.id] = true;
      error.remove();
    });
    each(document.querySelectorAll("[aria-describedby]"), function (element) {
      var ids = element.getAttribute("aria-describedby").split(/\s+/).filter(function (id) {
        return id && !gone[id];
      });
      if (ids.length) element.setAttribute("aria-describedby", ids.join(" "));
      else element.removeAttribute("aria-describedby");
    });
    each(document.querySelectorAll("[aria-invalid]"), function (element) {
      element.removeAttribute("aria-invalid");
    });
    each(document.querySelectorAll(".field--error"), function (element) {
      element.classList.remove("field--error");
    });
    document.title = document.title.replace(/^Fel: /, "");
  }

  function cameBackOrForward() {
    var entries = window.performance && performance.getEntriesByType
      ? performance.getEntriesByType("navigation")
      : [];
    return entries.length > 0 && entries[0].type === "back_forward";
  }
  if (cameBackOrForward()) dropStaleErrors();

  // Inside an iframe: tell the host page our height, and ask it to scroll to our top after a
  // submit. The messages carry no personal data, so any parent may read them; the host script
  // checks that they come from this origin.
  function tellHost(message) {
    window.parent.postMessage(message, "*");
  }
  function reportHeight() {
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    tellHost({ type: "intresseanmalan:height", height: height });
  }
  if (embedded) {
    if (window.ResizeObserver) {
      new ResizeObserver(reportHeight).observe(document.body);
    }
    window.addEventListener("load", reportHeight);
    reportHeight();
    if (document.body.dataset.scrollHost) tellHost({ type: "intresseanmalan:top" });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusFirst);
  } else {
    focusFirst();
  }
})();
