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
      // An error that stood instead of a hint (data-instead-of) gives the hint its place back.
      var hint = error.dataset.insteadOf && document.getElementById(error.dataset.insteadOf);
      if (hint) hint.hidden = false;
      if (error.id) gone[error.id] = hint ? hint.id : true;
      error.remove();
    });
    each(document.querySelectorAll("[aria-describedby]"), function (element) {
      var ids = element.getAttribute("aria-describedby").split(/\s+/).map(function (id) {
        return typeof gone[id] === "string" ? gone[id] : id;
      }).filter(function (id) {
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

// Says how a price is read while it is typed ("Tolkat som 3 500 000 kr"). The server reads it
// the same way (app/intake/validators.py parse_price) and decides; without JavaScript the same
// words appear when the page is shown again.
(function () {
  "use strict";
  var MILLIONS = ["milj", "milj.", "miljon", "miljoner", "mkr", "mnkr", "mn", "mille", "m"];
  var THOUSANDS = ["tkr", "tusen", "k"];
  var KRONOR = ["", "kr", "kr.", "kronor", "sek", ":-"];
  var PRICE = /^(\d[\d.,]*?)([a-zåäö.:-]*)$/;
  var GROUPED = /^\d{1,3}([.,])\d{3}(?:\1\d{3})+$/;
  var GROUPED_WITH_DECIMALS = /^\d{1,3}(?:\.\d{3})+,\d+$/;
  var NUMBER = /^\d+(?:[.,]\d+)?$/;

  function readNumber(text) {
    if (GROUPED.test(text)) text = text.split(text.charAt(text.length - 4)).join("");
    else if (GROUPED_WITH_DECIMALS.test(text)) text = text.split(".").join("");
    if (!NUMBER.test(text)) return null;
    return parseFloat(text.replace(",", "."));
  }

  function written(amount) {
    return String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
  }

  // The text shown beside the field, or "" when there is nothing to say yet.
  function reading(value) {
    var compact = value.replace(/[\s\u00a0\u202f]+/g, "").replace("\u2212", "-").toLowerCase();
    var match = PRICE.exec(compact);
    if (!match) return "";
    var unit = match[2];
    var number = readNumber(match[1]);
    if (number === null) return "";
    var amount;
    if (MILLIONS.indexOf(unit) >= 0) amount = number * 1e6;
    else if (THOUSANDS.indexOf(unit) >= 0) amount = number * 1e3;
    else if (KRONOR.indexOf(unit) < 0) return "";
    else if (number > 0 && number < 100) amount = number * 1e6;
    else if (number > 0 && number < 10000) {
      var thousands = written(Math.round(number * 1e3));
      var example = " Skriv hela beloppet, till exempel " + thousands + ".";
      var asked = "Menar " + (document.documentElement.dataset.asked || "du") + " ";
      if (number >= 1000) return asked + thousands + "\u00a0kr?" + example;
      return asked + thousands + "\u00a0kr eller " + written(Math.round(number * 1e6)) +
        "\u00a0kr?" + example;
    } else amount = number;
    var text = written(Math.round(amount));
    var typed = value.replace(/[\s\u00a0]+/g, " ").trim().toLowerCase();
    var plain = text.replace(/\u00a0/g, " ");
    return typed === plain || typed === plain + " kr" ? "" : "Tolkat som " + text + "\u00a0kr";
  }

  function update(input) {
    var output = document.getElementById(input.id + "-reading");
    if (!output) return;
    var text = reading(input.value);
    if (output.textContent !== text) output.textContent = text;
  }

  document.addEventListener("input", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-belopp")) update(event.target);
  });
  // Back or forward to this page: the browser may have put back a price typed after the page
  // was rendered, and the reading beside it must be about the price now in the field. (A
  // price as rendered keeps the server's words: beside an error it says nothing.)
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-belopp]"), function (input) {
      if (input.value !== input.defaultValue) update(input);
    });
  });
})();
