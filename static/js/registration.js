/* The registration page: rows of applicants and claims, the running total, the court
   fields, checks as one types and the employer look-up. Works without it, only less kindly. */
(function () {
  "use strict";
  var form = document.getElementById("registration");
  if (!form) return;
  var ids = window.casedeskIdentifiers;
  var messages = JSON.parse(document.getElementById("check-messages").textContent);

  /* ---- rows (Django formsets) ---- */
  function renumber(section) {
    var prefix = section.dataset.formset;
    var rows = section.querySelectorAll(".rows > [data-row]");
    var pattern = new RegExp(prefix + "-(\\d+|__prefix__)-", "g");
    rows.forEach(function (row, index) {
      row.querySelectorAll("[name],[id],[for],[aria-describedby]").forEach(function (el) {
        ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value) el.setAttribute(attr, value.replace(pattern, prefix + "-" + index + "-"));
        });
      });
      var number = row.querySelector("[data-row-number]");
      if (number) number.textContent = index + 1;
      var remove = row.querySelector(".remove-row");
      if (remove) remove.hidden = prefix === "applicants" && rows.length === 1;
    });
    form.querySelector("#id_" + prefix + "-TOTAL_FORMS").value = rows.length;
    var count = section.querySelector("[data-row-count]");
    if (count) count.textContent = rows.length;
  }

  document.querySelectorAll("[data-formset]").forEach(function (section) {
    var rows = section.querySelector(".rows");
    var template = section.querySelector("template");
    section.querySelector(".add-row").addEventListener("click", function () {
      rows.insertAdjacentHTML("beforeend", template.innerHTML);
      renumber(section);
      var added = rows.lastElementChild;
      var first = added.querySelector("input, select");
      if (first) first.focus();
      updateTotal();
    });
    section.addEventListener("click", function (event) {
      if (!event.target.classList.contains("remove-row")) return;
      event.target.closest("[data-row]").remove();
      renumber(section);
      updateTotal();
    });
    renumber(section);
  });

  /* ---- running total of the claims, in cents so that no float rounding creeps in ---- */
  function cents(text) {
    var match = /^\s*(\d+)(?:\.(\d{0,2}))?\s*$/.exec(text || "");
    if (!match) return 0;
    return parseInt(match[1], 10) * 100 + parseInt(((match[2] || "") + "00").slice(0, 2), 10);
  }
  function formatYuan(total) {
    var yuan = Math.floor(total / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return "¥" + yuan + "." + ("0" + (total % 100)).slice(-2);
  }
  function updateTotal() {
    var total = 0;
    form.querySelectorAll("[data-claim-amount]").forEach(function (input) { total += cents(input.value); });
    document.getElementById("claims-total").textContent = formatYuan(total);
  }
  form.addEventListener("input", function (event) {
    if (event.target.matches("[data-claim-amount]")) updateTotal();
  });
  updateTotal();

  /* ---- court referral fields only for a court's case, the referring body's for a transferred one ---- */
  var channel = form.querySelector("#id_case-channel");
  var courtChannels = (channel.dataset.courtChannels || "").split(",");
  var courtSection = document.getElementById("court-referral");
  var referralSection = document.getElementById("referral");
  function toggleReferrals() {
    courtSection.hidden = courtChannels.indexOf(channel.value) < 0;
    referralSection.hidden = channel.value !== channel.dataset.referralChannel;
  }
  channel.addEventListener("change", toggleReferrals);
  toggleReferrals();

  /* ---- identifiers checked as they are typed ---- */
  function showCheck(input, key) {
    var box = input.closest(".field");
    var error = document.getElementById(input.id + "_error");
    box.classList.toggle("has-error", !!key);
    box.classList.toggle("valid", !key && !!input.value);
    if (error) error.textContent = key ? messages[key] : "";
    input.setAttribute("aria-invalid", key ? "true" : "false");
  }
  function checkOf(input) {
    var kind = input.dataset.check;
    if (kind === "identity") {
      var type = input.closest("[data-row]").querySelector("select[name$='-id_type']");
      return type && type.value === "resident_id" ? ids.residentIdError : null;
    }
    return kind === "uscc" ? ids.usccError : kind === "phone" ? ids.phoneError : null;
  }
  function runCheck(input, finished) {
    var check = checkOf(input);
    var value = ids.normalize(input.value);
    if (!check || !value) { showCheck(input, null); return; }
    var complete = input.dataset.check === "phone" ? value.length >= 11 : value.length >= 18;
    var key = check(value);
    if (!key || finished || complete) showCheck(input, key);
  }
  form.addEventListener("input", function (event) {
    if (event.target.dataset.check) runCheck(event.target, false);
  });
  form.addEventListener("focusout", function (event) {
    if (event.target.dataset && event.target.dataset.check) runCheck(event.target, true);
  });
  form.addEventListener("change", function (event) {
    if (event.target.name && /-id_type$/.test(event.target.name)) {
      runCheck(event.target.closest("[data-row]").querySelector("[data-check='identity']"), true);
    }
  });

  /* after a refusal, the page starts at the first field the server questioned: forms.js */

  /* ---- employer look-up: reuse the record on file ---- */
  var lookupUrl = form.dataset.lookupUrl;
  var results = form.querySelector(".lookup-results");
  var reuseNote = form.querySelector(".reuse-note");
  var employerFields = ["name", "uscc", "address", "legal_representative", "legal_representative_title",
                        "contact_name", "contact_phone"];
  var timer = null;
  function fill(employer) {
    employerFields.forEach(function (name) {
      var input = form.querySelector("#id_employer-" + name);
      input.value = employer[name] || "";
      if (input.dataset.check) runCheck(input, true);
    });
    results.hidden = true;
    reuseNote.hidden = false;
  }
  function show(found) {
    results.innerHTML = "";
    found.forEach(function (employer) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "lookup-choice";
      var name = document.createElement("strong");
      name.textContent = employer.name;
      var detail = document.createElement("span");
      detail.textContent = [employer.uscc, employer.address].filter(Boolean).join(" · ");
      button.append(name, detail);
      button.addEventListener("click", function () { fill(employer); });
      item.append(button);
      results.append(item);
    });
    results.hidden = found.length === 0;
  }
  function lookUp(text) {
    fetch(lookupUrl + "?q=" + encodeURIComponent(text), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { show(data.results || []); })
      .catch(function () { results.hidden = true; });
  }
  form.querySelectorAll("[data-lookup]").forEach(function (input) {
    input.addEventListener("input", function () {
      reuseNote.hidden = true;
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2) { results.hidden = true; return; }
      timer = setTimeout(function () { lookUp(text); }, 250);
    });
  });
  /* ---- a document typed: what this user may know of it (pre-fill from their own cases) ---- */
  var identityUrl = form.dataset.identityUrl;
  var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var asked = new WeakMap();  // row -> the last "type|number|name" looked up, not to ask twice
  function say(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_m, key) { return values[key] || ""; });
  }
  function identityOf(row) {
    var get = function (suffix) { return row.querySelector("[name$='-" + suffix + "']"); };
    return { row: row, type: get("id_type"), number: get("id_number"), name: get("name"), get: get };
  }
  function prefillRow(who, prefill, notes) {
    var filled = [];
    ["name", "phone", "bank_account", "address", "job", "employment_form"].forEach(function (key) {
      var input = who.get(key);
      if (!input || !prefill[key] || (prefill.masked || []).indexOf(key) >= 0) return;
      if (input.value && input.tagName !== "SELECT") return;  // never overwrite what was typed
      input.value = prefill[key];
      filled.push(key);
    });
    if (filled.length) notes.push(say(messages.identity_prefilled, { case: prefill.case }));
    (prefill.masked || []).forEach(function (key) {
      notes.push(say(messages.identity_masked, { field: messages["label_" + key], value: prefill[key] }));
    });
  }
  function showIdentity(who, answer) {
    var note = who.row.querySelector("[data-identity-note]");
    var notes = [];
    if (answer.prefill && answer.prefill.case) prefillRow(who, answer.prefill, notes);
    if (answer.other_name) {
      notes.push(answer.recorded_name ? say(messages.identity_recorded_name, { name: answer.recorded_name })
                                      : messages.identity_other_name);
    }
    if (answer.staff) notes.push(messages.identity_staff);
    if (answer.detail) notes.push(answer.detail);
    note.textContent = notes.join(" ");
    note.hidden = notes.length === 0;
  }
  function lookUpIdentity(row) {
    var who = identityOf(row);
    var number = ids.normalize(who.number.value);
    if (!number || !who.type || who.type.value === "none") return;
    if (who.type.value === "resident_id" && ids.residentIdError(number)) return;
    var key = [who.type.value, number, who.name.value.trim()].join("|");
    if (asked.get(row) === key) return;
    asked.set(row, key);
    var body = new URLSearchParams({ id_type: who.type.value, id_number: number, name: who.name.value.trim() });
    fetch(identityUrl, { method: "POST", credentials: "same-origin", body: body,
                         headers: { "X-CSRFToken": token } })
      .then(function (response) { return response.json(); })
      .then(function (answer) { showIdentity(who, answer); })
      .catch(function () { /* the registration itself checks again */ });
  }
  form.addEventListener("focusout", function (event) {
    var target = event.target;
    if (!target.name || !/^applicants-\d+-(id_number|name)$/.test(target.name)) return;
    lookUpIdentity(target.closest("[data-row]"));
  });

  document.addEventListener("keydown", function (event) { if (event.key === "Escape") results.hidden = true; });
  document.addEventListener("click", function (event) {
    if (!event.target.closest(".lookup-wrap")) results.hidden = true;
  });
})();
