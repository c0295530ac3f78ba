/* Instalment rows in the agreement form: add and remove. */
(function () {
  "use strict";
  document.querySelectorAll("[data-instalments]").forEach(function (box) {
    var rows = box.querySelector(".instalment-rows");
    var template = box.querySelector("template");
    box.querySelector(".add-row").addEventListener("click", function () {
      rows.insertAdjacentHTML("beforeend", template.innerHTML);
      rows.lastElementChild.querySelector("input").focus();
    });
    box.addEventListener("click", function (event) {
      if (event.target.classList.contains("remove-row")) event.target.closest(".instalment-row").remove();
    });
  });
})();
