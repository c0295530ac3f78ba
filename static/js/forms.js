/* Every form of the desk: a counter under each text box with a length limit (never a `maxlength`,
   which cuts pasted text silently: the server refuses what is too long, in words, and keeps it),
   and, after a refusal, the page scrolled to the first field in error. */
(function () {
  "use strict";
  var script = document.currentScript;
  var words = {
    count: (script && script.dataset.count) || "{n} / {max}",
    over: (script && script.dataset.over) || "{n} / {max}: {over} too many",
  };

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_all, key) { return values[key]; });
  }

  /* Characters as the server counts them (code points: 𠇔 is one, not two). */
  function length(text) {
    var n = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c < 0xd800 || c > 0xdbff) n++;
    }
    return n;
  }

  function counterOf(input) {
    var id = input.id ? input.id + "_count" : "";
    var counter = id ? document.getElementById(id) : null;
    if (!counter) {
      counter = document.createElement("span");
      counter.className = "char-count";
      counter.setAttribute("aria-live", "polite");
      if (id) counter.id = id;
      input.insertAdjacentElement("afterend", counter);
    }
    return counter;
  }

  function update(input) {
    var max = parseInt(input.dataset.maxlength, 10);
    if (!max) return;
    var n = length(input.value.trim());
    var counter = counterOf(input);
    var over = n - max;
    counter.textContent = fill(over > 0 ? words.over : words.count, { n: n, max: max, over: over });
    counter.classList.toggle("over", over > 0);
    // Near the limit or past it, the count shows; otherwise it stays quiet.
    counter.hidden = n < max * 0.8 && !counter.classList.contains("over");
    if (over > 0) input.setAttribute("aria-invalid", "true");
    else if (input.getAttribute("aria-invalid") === "true" && input.dataset.overMarked) input.removeAttribute("aria-invalid");
    input.dataset.overMarked = over > 0 ? "1" : "";
  }

  function updateAll(root) {
    root.querySelectorAll("[data-maxlength]").forEach(update);
  }

  document.addEventListener("input", function (event) {
    if (event.target.dataset && event.target.dataset.maxlength) update(event.target);
  });
  // Rows added from a <template> (registration, instalments) get their counters as they are typed in.
  updateAll(document);

  /* A list whose choices depend on another's (the correction form: the fields of the party chosen):
     <select data-follows="id of the other"> whose options say data-for="a b"; the other's value up to
     its first "-" (applicant-2 → applicant) picks the options shown. The server refuses any other. */
  function follow(select) {
    var leader = document.getElementById(select.dataset.follows);
    if (!leader) return;
    var key = leader.value.split("-")[0];
    var chosen = select.options[select.selectedIndex];
    var firstShown = null;
    Array.prototype.forEach.call(select.options, function (option) {
      var fits = !option.dataset.for || option.dataset.for.split(" ").indexOf(key) >= 0;
      option.hidden = !fits;
      option.disabled = !fits;
      if (fits && !firstShown) firstShown = option;
    });
    if (chosen && chosen.hidden && firstShown) firstShown.selected = true;
  }
  document.querySelectorAll("select[data-follows]").forEach(function (select) {
    follow(select);
    var leader = document.getElementById(select.dataset.follows);
    if (leader) leader.addEventListener("change", function () { follow(select); });
  });

  /* The corrected value (the correction form): beside the plain text box, a control per kind of field,
     data-value-for="party.field …" (applicant.employed_from: a date picker). The control of the party and
     the field chosen is shown and sent, every other hidden and disabled; the label names it. A value
     typed before a refusal (it comes back in the text box) moves into it once, as the page opens. */
  function pickValue(box, restoring) {
    var party = document.getElementById(box.dataset.partyIn);
    var field = document.getElementById(box.dataset.fieldIn);
    if (!party || !field) return;
    var token = party.value.split("-")[0] + "." + field.value;
    var controls = box.querySelectorAll("[name]");
    var plain = controls[0];
    var next = box.querySelector('[data-value-for~="' + token + '"]') || plain;
    var shown = Array.prototype.filter.call(controls, function (c) { return !c.disabled; })[0] || plain;
    if (restoring && next !== plain && plain.value && !next.value) next.value = plain.value;
    controls.forEach(function (control) {
      control.disabled = control !== next;
      control.hidden = control !== next;
      var counter = control.id && document.getElementById(control.id + "_count");
      if (counter && control !== next) counter.hidden = true;
    });
    var label = document.querySelector('label[for="' + shown.id + '"]');
    if (label) label.htmlFor = next.id;
    if (next.dataset.maxlength) update(next);
  }
  document.querySelectorAll(".value-of-field").forEach(function (box) {
    pickValue(box, true);
    [box.dataset.partyIn, box.dataset.fieldIn].forEach(function (id) {
      var select = document.getElementById(id);
      // After the field list has followed the party (the listener added above runs first).
      if (select) select.addEventListener("change", function () { pickValue(box, false); });
    });
  });

  /* After a refusal: the first field in error, in view and focused (a closed <details> opened). */
  var banner = document.getElementById("form-errors");
  if (!banner) return;
  var first = document.querySelector(
    ".field.has-error, form .alert.error:not(#form-errors), .field-error:not(:empty)");
  if (!first) first = banner;
  var details = first.closest("details");
  if (details) details.open = true;
  var box = first.closest(".field") || first;
  var control = box.querySelector(
    "input:not([type=hidden]):not([hidden]), select:not([hidden]), textarea:not([hidden])");
  box.scrollIntoView({ block: "center" });
  if (control) control.focus({ preventScroll: true });
  document.documentElement.dataset.scrolledToError = "1";
})();
