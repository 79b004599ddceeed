// Intresseanmälan for a broker's own site:
//   <script src="https://SERVICE/static/embed.js" data-omraden="OMR-SOD" data-kontor="M12346" async></script>
// (data-forskjutning="80": the height in pixels of a sticky header to keep the form's top below;
// data-objekt="<Vitec's estate id>": the form for that one home for sale instead of the areas)
// or a <div data-intresseanmalan></div> anywhere on the page plus the script.
// It creates the iframe, keeps its height equal to the form's and scrolls to it after a submit.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var origin = new URL(script.src, document.baseURI).origin;

  function list(value) {
    return (value || "").split(/[\s,]+/).filter(Boolean);
  }

  var query = new URLSearchParams();
  list(script.dataset.omraden).forEach(function (id) { query.append("omrade", id); });
  list(script.dataset.bostadstyper).forEach(function (kind) { query.append("bostadstyp", kind); });
  if (script.dataset.kontor) query.append("kontor", script.dataset.kontor);

  var frame = document.createElement("iframe");
  var path = script.dataset.objekt
    ? "/embed/bostad/" + encodeURIComponent(script.dataset.objekt)
    : "/embed";
  frame.src = origin + path + (query.toString() ? "?" + query.toString() : "");
  frame.title = script.dataset.titel || "Intresseanmälan";
  frame.style.display = "block";
  frame.style.width = "100%";
  frame.style.border = "0";
  frame.style.height = (script.dataset.hojd || "900") + "px";

  var container = document.querySelector("[data-intresseanmalan]");
  if (container) {
    container.appendChild(frame);
  } else {
    script.parentNode.insertBefore(frame, script.nextSibling);
  }

  // A sticky header on the host page would cover the top of the form (the error summary, the
  // thanks): keep that many pixels free, from data-forskjutning="80" or else the host's own
  // scroll-padding-top.
  function headerRoom() {
    var given = parseFloat(script.dataset.forskjutning);
    if (given >= 0) return given;
    var padding = getComputedStyle(document.documentElement).scrollPaddingTop || "";
    var pixels = parseFloat(padding);
    if (!(pixels > 0)) return 0;
    return /%$/.test(padding) ? (window.innerHeight * pixels) / 100 : pixels;
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data || {};
    if (data.type === "intresseanmalan:height" && typeof data.height === "number") {
      frame.style.height = Math.max(100, Math.ceil(data.height)) + "px";
    } else if (data.type === "intresseanmalan:top") {
      var top = frame.getBoundingClientRect().top;
      var room = headerRoom();
      if (top < room || top > window.innerHeight) window.scrollBy(0, top - room);
    }
  });
})();
