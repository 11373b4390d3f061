/*
 * Dash 4's dropdown names its button after the chosen value only (aria-labelledby), so a
 * screen reader hears "3e kwartaal 2025" without "Kwartaal". For every <label for=…> whose
 * control has an aria-labelledby, put the label's id in front: "Kwartaal, 3e kwartaal 2025".
 */
(function () {
  "use strict";

  function nameControlsAfterTheirLabels() {
    var labels = document.querySelectorAll("label[for][id]");
    for (var i = 0; i < labels.length; i++) {
      var label = labels[i];
      var control = document.getElementById(label.htmlFor);
      if (!control) {
        continue;
      }
      var current = control.getAttribute("aria-labelledby");
      if (current === null) {
        continue;
      }
      var ids = current.split(/\s+/);
      if (ids[0] !== label.id) {
        control.setAttribute(
          "aria-labelledby",
          [label.id].concat(ids.filter(function (id) { return id && id !== label.id; })).join(" ")
        );
      }
    }
  }

  var scheduled = false;
  function schedule() {
    if (scheduled) {
      return;
    }
    scheduled = true;
    window.requestAnimationFrame(function () {
      scheduled = false;
      nameControlsAfterTheirLabels();
    });
  }

  function start() {
    new MutationObserver(schedule).observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["aria-labelledby"],
    });
    schedule();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
