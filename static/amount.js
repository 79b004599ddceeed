// Progressive enhancement only: says how a price is read while it is typed ("Tolkat som
// 3 500 000 kr"). The server reads it the same way (app/intake/validators.py parse_price) and
// decides; without this file the same words appear when the page is shown again.
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
      if (number >= 1000) return asked + thousands + " kr?" + example;
      return asked + thousands + " kr eller " + written(Math.round(number * 1e6)) +
        " kr?" + example;
    } else amount = number;
    var text = written(Math.round(amount));
    var typed = value.replace(/[\s\u00a0]+/g, " ").trim().toLowerCase();
    var plain = text.replace(/\u00a0/g, " ");
    return typed === plain || typed === plain + " kr" ? "" : "Tolkat som " + text + " kr";
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
