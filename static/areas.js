// Progressive enhancement of the areas (templates/_interest_form.html): a search that filters
// as one types, "Välj alla i <kommun>", and the chosen areas as removable chips (the search and
// the chips come with the page, hidden until this runs). Without this file the grouped
// checkboxes, folded in <details>, work as they are.
(function () {
  "use strict";
  var block = document.querySelector("[data-areas]");
  if (!block || !block.querySelector("details.area-fold")) return;

  // Let typing settle before a screen reader hears the count, so it is not read per key.
  var ANNOUNCE_AFTER_MS = 400;
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  // "alvsjo" finds Älvsjö: compare lower case without diacritics.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function make(tag, attributes, text) {
    var element = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      element.setAttribute(name, attributes[name]);
    });
    if (text) element.textContent = text;
    return element;
  }

  function plural(count, one, many) {
    return count + " " + (count === 1 ? one : many);
  }

  var groups = [];
  var nameCount = {};
  each(block.querySelectorAll("details.area-fold"), function (details) {
    var name = details.querySelector(".area-fold__name").textContent.trim();
    var group = { details: details, name: name, key: fold(name), items: [] };
    group.picked = details.querySelector("[data-picked]");
    each(details.querySelectorAll(".check"), function (check) {
      var box = check.querySelector("input[type=checkbox]");
      var label = check.querySelector("label").textContent.trim();
      nameCount[label] = (nameCount[label] || 0) + 1;
      group.items.push({ check: check, box: box, name: label, key: fold(label), group: group });
    });
    var all = make("button", { type: "button", "class": "area-fold__all" });
    all.addEventListener("click", function () {
      // While a search filters, only the areas it shows: what the button's text says.
      var shown = shownIn(group);
      var every = shown.every(function (item) { return item.box.checked; });
      shown.forEach(function (item) { item.box.checked = !every; });
      refresh();
      if (shown.length < group.items.length) {
        var done = shown.length === 1 ? (every ? "avmarkerat" : "valt") : (every ? "avmarkerade" : "valda");
        announce(plural(shown.length, "område", "områden") + " " + done + " i " + group.name, 0);
      }
    });
    group.all = all;
    details.querySelector("[data-all-slot]").appendChild(all);
    groups.push(group);
  });
  var items = groups.reduce(function (list, group) { return list.concat(group.items); }, []);

  // The chosen areas (chips) and the search, with its count of matches announced politely:
  // written with the page, in place from the first paint, shown now that a script runs.
  var tools = block.querySelector("[data-area-tools]");
  var title = tools.querySelector(".area-chosen__title");
  var chips = tools.querySelector(".chips");
  var input = tools.querySelector("#omradessok");
  var status = tools.querySelector("#omradessok-antal");
  tools.classList.add("is-live");

  function chipLabel(item) {
    return nameCount[item.name] > 1 ? item.name + " (" + item.group.name + ")" : item.name;
  }

  function shownIn(group) {
    return group.items.filter(function (item) { return !item.check.hidden; });
  }

  // "Välj alla i Uppsala", or while a search filters, "Välj de 3 som visas i Uppsala".
  function labelAll(group) {
    var shown = shownIn(group);
    var every = shown.length > 0 && shown.every(function (item) { return item.box.checked; });
    var verb = every ? "Avmarkera " : "Välj ";
    if (shown.length === group.items.length) {
      group.all.textContent = verb + "alla i " + group.name;
    } else if (shown.length === 1) {
      group.all.textContent = verb + "området som visas i " + group.name;
    } else {
      group.all.textContent = verb + "de " + shown.length + " som visas i " + group.name;
    }
  }

  function refresh() {
    groups.forEach(function (group) {
      var picked = group.items.filter(function (item) { return item.box.checked; }).length;
      group.picked.textContent = picked ? ", " + plural(picked, "vald", "valda") : "";
      labelAll(group);
    });
    var ticked = items.filter(function (item) { return item.box.checked; });
    title.textContent = ticked.length
      ? "Valda områden (" + ticked.length + ")"
      : "Inga områden valda ännu";
    chips.textContent = "";
    ticked.forEach(function (item) {
      var chip = make("button", { type: "button", "class": "chip", "data-value": item.box.value });
      chip.appendChild(make("span", { "class": "visually-hidden" }, "Ta bort "));
      chip.appendChild(make("span", { "class": "chip__name" }, chipLabel(item)));
      chip.appendChild(make("span", { "class": "chip__x", "aria-hidden": "true" }, "×"));
      chip.addEventListener("click", function () { remove(item); });
      var entry = make("li");
      entry.appendChild(chip);
      chips.appendChild(entry);
    });
    chips.hidden = ticked.length === 0;
  }

  // Removing a chip leaves focus on the chip that took its place, else the one before it,
  // else the search box: never on the page's start.
  function remove(item) {
    var before = items.filter(function (other) { return other.box.checked; }).indexOf(item);
    item.box.checked = false;
    refresh();
    var left = chips.querySelectorAll(".chip");
    var next = left[Math.min(before, left.length - 1)];
    (next || input).focus();
  }

  var openBefore = null;
  var announceTimer = null;

  function announce(text, after) {
    window.clearTimeout(announceTimer);
    if (!text) {
      status.textContent = "";
      return;
    }
    announceTimer = window.setTimeout(function () { status.textContent = text; },
      after === undefined ? ANNOUNCE_AFTER_MS : after);
  }

  function filter() {
    var query = fold(input.value);
    if (query && !openBefore) {
      openBefore = groups.map(function (group) { return group.details.open; });
    }
    var matches = 0;
    groups.forEach(function (group) {
      var wholeGroup = query && group.key.indexOf(query) !== -1;
      var shown = 0;
      group.items.forEach(function (item) {
        var match = !query || wholeGroup || item.key.indexOf(query) !== -1;
        item.check.hidden = !match;
        if (match) shown += 1;
      });
      group.details.hidden = Boolean(query) && shown === 0;
      labelAll(group);
      if (query && shown) group.details.open = true;
      matches += shown;
    });
    if (!query && openBefore) {
      // Cleared: back to the groups open as they were before the search.
      groups.forEach(function (group, index) { group.details.open = openBefore[index]; });
      openBefore = null;
    }
    if (!query) {
      announce("");
    } else {
      announce(matches ? plural(matches, "område", "områden") + " matchar" : "Inga områden matchar");
    }
  }

  input.addEventListener("input", filter);
  if (input.value) filter(); // typed while this file was on its way
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") event.preventDefault(); // searching is not sending the form
  });
  block.addEventListener("change", function (event) {
    if (event.target.type === "checkbox") refresh();
  });

  // A link in the error summary to an area inside a folded or filtered-out group: open it
  // first (capture phase, before form.js moves focus there).
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".error-summary a");
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    var details = target && target.closest("details.area-fold");
    if (!details) return;
    if (target.closest("[hidden]")) {
      input.value = "";
      filter();
    }
    details.open = true;
  }, true);

  refresh();
  // Back or forward to this page: the browser puts the ticks back after this file has run
  // (Chromium: after `load`), or shows the page from its back-forward cache; `pageshow`
  // comes after either.
  window.addEventListener("pageshow", refresh);
})();
