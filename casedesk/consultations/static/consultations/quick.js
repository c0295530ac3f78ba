/* The quick consultation form: Ctrl+Enter (or Cmd+Enter) saves from any field; the event picker
   shows for consultations at an event; name and phone show once the person agrees to leave them.
   Without this script every field is simply shown. */
(function () {
  "use strict";
  var form = document.getElementById("quick-consultation");
  if (!form) return;

  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  });

  var eventField = document.getElementById("event-field");
  function channel() {
    var checked = form.querySelector("input[name=channel]:checked");
    return checked ? checked.value : "";
  }
  function showEvent() {
    if (eventField) eventField.hidden = channel() !== eventField.dataset.showFor;
  }
  form.querySelectorAll("input[name=channel]").forEach(function (input) {
    input.addEventListener("change", showEvent);
  });

  var consent = form.querySelector("input[name=contact_consent]");
  var contact = form.querySelector("[data-needs-consent]");
  function showContact() {
    if (!consent || !contact) return;
    var hasErrors = contact.querySelector(".has-error");
    contact.hidden = !consent.checked && !hasErrors;
  }
  if (consent) consent.addEventListener("change", showContact);

  showEvent();
  showContact();
})();
